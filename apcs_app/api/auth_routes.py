"""POST /api/auth/token: email and password in, bearer token out."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from apcs_app.services import auth
from apcs_app.settings import get_settings

router = APIRouter(prefix="/api/auth", tags=["auth"])


class Credentials(BaseModel):
    email: str = Field(min_length=3, max_length=254, examples=["alice@example.com"])
    password: str = Field(min_length=1, max_length=1024)


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds until the token expires.")
    user_id: int
    name: str
    email: str


@router.post("/token", response_model=Token, responses={401: {"description": "Wrong email or password"}})
async def issue_token(body: Credentials) -> Token:
    """Sign in; send the token back as `Authorization: Bearer <token>` on the other endpoints."""
    user = await run_in_threadpool(auth.sign_in, body.email, body.password)
    return Token(access_token=auth.issue_token(user), expires_in=get_settings().token_ttl_minutes * 60,
                 user_id=user.id, name=user.name, email=user.email)
