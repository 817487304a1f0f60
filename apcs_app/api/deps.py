"""Who is calling the HTTP API: the user behind the bearer token."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from apcs_app import db
from apcs_app.domain import Via
from apcs_app.domain.errors import AuthError
from apcs_app.services import auth
from apcs_app.services.access import Actor

_bearer = HTTPBearer(auto_error=False, description="A token from POST /api/auth/token (or `apcs token EMAIL`).")


def _verify(token: str) -> Actor:
    with db.transaction() as session:
        return Actor(auth.verify_token(session, token).id, Via.API)


async def current_actor(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> Actor:
    if credentials is None or not credentials.credentials:
        raise AuthError("Sign in first: send 'Authorization: Bearer <token>' (get one from POST /api/auth/token).")
    return await run_in_threadpool(_verify, credentials.credentials)


CurrentActor = Annotated[Actor, Depends(current_actor)]
