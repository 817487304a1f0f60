"""Another worker: one runner call in a fresh process against DATABASE_URL, its events as JSON lines.

    python -m tests.agents.worker run USER_ID CONVERSATION_ID CONFIRM MESSAGE
    python -m tests.agents.worker resume USER_ID RUN_ID DECISION
"""

from __future__ import annotations

import asyncio
import json
import sys

from apcs_app.agents.runner import resume_run, stream_run
from apcs_app.domain import Via
from apcs_app.services.access import Actor


async def main(kind: str, user_id: str, *rest: str) -> None:
    actor = Actor(int(user_id), Via.UI)
    if kind == "run":
        conversation, confirm, message = rest
        events = stream_run(actor, message, conversation_id=conversation, confirm=confirm)
    else:
        run_id, decision = rest
        events = resume_run(actor, run_id, decision)
    async for ev in events:
        print(json.dumps(ev), flush=True)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:]))
