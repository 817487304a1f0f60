"""A local HTTP server speaking Mistral's chat-completions wire format, for the Mistral path.

Turn 1 (no tool result yet): it answers with the tool call it was given. Turn 2: a final
answer that quotes the tool result's id. A request offering no tools is the 'auto' routing
call: it answers with `route`, the agent to pick (default: the one with the tool it was given). With "stream": true it sends SSE chunks, pausing
`delay` seconds between words so a client can see them arrive one by one.
"""

from __future__ import annotations

import asyncio
import json
import time

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route

from apcs_app.agents.registry import agent_for_tool


class FakeMistral:
    def __init__(self, tool: str, args: dict, delay: float = 0.0, route: str | None = None):
        self.tool, self.args, self.delay = tool, args, delay
        owner = agent_for_tool(tool)
        self.route = route or (owner.id if owner else "workflow")
        self.requests: list[dict] = []
        self.headers: list[dict] = []

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/v1/chat/completions", self._complete, methods=["POST"])])

    async def _complete(self, request: Request):
        body = await request.json()
        self.requests.append(body)
        self.headers.append(dict(request.headers))
        message, finish = self.reply(body)
        if body.get("stream"):
            return StreamingResponse(self._chunks(body["model"], message, finish), media_type="text/event-stream")
        return JSONResponse({"id": "cmpl-1", "object": "chat.completion", "created": int(time.time()), "model": body["model"],
                             "choices": [{"index": 0, "message": message, "finish_reason": finish}],
                             "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}})

    def reply(self, body: dict) -> tuple[dict, str]:
        """The assistant message and finish reason for this request (the model's one decision)."""
        last = body["messages"][-1]
        if not body.get("tools"):
            message, finish = {"role": "assistant", "content": self.route}, "stop"
        elif last["role"] == "tool":
            try:
                data = json.loads(last["content"])
            except ValueError:  # not a result: the call failed or the user cancelled it
                message = {"role": "assistant", "content": f"The {self.tool} call did not run: {last['content']}"}
            else:
                record = data.get("item") or data.get("task") or data.get("sprint") or data.get("space") or {}
                message = {"role": "assistant", "content": f"✅ Done: {self.tool} gave #{record.get('id')}. Anything else?"}
            finish = "stop"
        else:
            call = {"id": "call00001", "type": "function",
                    "function": {"name": self.tool, "arguments": json.dumps(self.args)}}
            message, finish = {"role": "assistant", "content": "", "tool_calls": [call]}, "tool_calls"
        return message, finish

    async def _chunks(self, model: str, message: dict, finish: str):
        def chunk(delta: dict, reason: str | None = None) -> str:
            payload = {"id": "cmpl-1", "object": "chat.completion.chunk", "created": int(time.time()), "model": model,
                       "choices": [{"index": 0, "delta": delta, "finish_reason": reason}]}
            if reason:
                payload["usage"] = {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}
            return f"data: {json.dumps(payload)}\n\n"

        if message.get("tool_calls"):
            calls = [dict(c, index=0) for c in message["tool_calls"]]
            yield chunk({"role": "assistant", "content": "", "tool_calls": calls}, finish)
        else:
            for word in message["content"].split(" "):
                yield chunk({"role": "assistant", "content": word + " "})
                await asyncio.sleep(self.delay)
            yield chunk({"content": ""}, finish)
        yield "data: [DONE]\n\n"
