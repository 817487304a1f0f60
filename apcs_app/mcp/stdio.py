"""One MCP server over stdio, for outside clients (Claude Desktop, Cursor, ...).

    APCS_TOKEN=... [APCS_SPACE=name-or-id] [DATABASE_URL=...] python -m apcs_app.mcp.stdio workflow

The token (from `apcs token EMAIL`) is checked once, before serving: a missing or bad one
ends the process with a message on stderr and a non-zero exit status.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import NoReturn

import anyio
from sqlalchemy.exc import SQLAlchemyError

from apcs_app.domain import DomainError
from apcs_app.mcp import SERVER_NAMES, build_server
from apcs_app.mcp.identity import Identity, acting_as, authenticate


def _fail(message: str) -> NoReturn:
    print(f"apcs mcp: {message}", file=sys.stderr)
    raise SystemExit(2)


def _sign_in() -> Identity:
    try:
        return authenticate(os.environ.get("APCS_TOKEN"), os.environ.get("APCS_SPACE"), fresh_request_ids=True)
    except DomainError as exc:
        _fail(f"{exc.message} (APCS_TOKEN={'set' if os.environ.get('APCS_TOKEN') else 'unset'}, "
              f"APCS_SPACE={os.environ.get('APCS_SPACE') or 'unset'})")
    except SQLAlchemyError as exc:
        _fail(f"cannot read the database ({type(exc).__name__}); check DATABASE_URL and run `apcs db upgrade`.")


def run_stdio(server_name: str) -> None:
    """Serve `server_name` on stdin/stdout as the user of APCS_TOKEN, in APCS_SPACE."""
    if server_name not in SERVER_NAMES:
        _fail(f"unknown server '{server_name}'; choose one of {', '.join(SERVER_NAMES)}.")
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)  # stdout carries the protocol only
    identity = _sign_in()
    server = build_server(server_name)

    async def main() -> None:
        with acting_as(identity):
            await server.run_stdio_async()

    anyio.run(main)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        _fail(f"usage: python -m apcs_app.mcp.stdio {{{'|'.join(SERVER_NAMES)}}}")
    run_stdio(sys.argv[1])
