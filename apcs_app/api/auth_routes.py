"""Bearer tokens for API and MCP clients: sign in (POST /api/auth/token), sign out everywhere
(POST /api/auth/logout), change the password (POST /api/auth/password)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from apcs_app import db
from apcs_app.api.deps import CurrentActor
from apcs_app.domain import User
from apcs_app.domain.errors import AuthError
from apcs_app.services import auth
from apcs_app.settings import get_settings

router = APIRouter(prefix="/api/auth", tags=["auth"])


class Credentials(BaseModel):
    email: str = Field(min_length=3, max_length=254, examples=["alice@example.com"])
    password: str = Field(min_length=1, max_length=auth.MAX_PASSWORD)


class PasswordChange(BaseModel):
    current_password: str = Field(min_length=1, max_length=auth.MAX_PASSWORD)
    new_password: str = Field(min_length=1, max_length=auth.MAX_PASSWORD,
                              description=f"At least {auth.MIN_PASSWORD} characters, and not easy to guess.")


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds until the token expires.")
    user_id: int
    name: str
    email: str


def _token(user: User, token: str) -> Token:
    return Token(access_token=token, expires_in=get_settings().token_ttl_minutes * 60,
                 user_id=user.id, name=user.name, email=user.email)


_TOO_MANY = {429: {"description": "Too many failed sign-ins from this client (or too many at once); "
                                  "see the Retry-After header"}}


@router.post("/token", response_model=Token,
             responses={401: {"description": "Wrong email or password"}, **_TOO_MANY})
async def issue_token(body: Credentials, request: Request):
    """Sign in; send the token back as `Authorization: Bearer <token>` on the other endpoints."""
    client = request.client.host if request.client else ""
    # A TooManyRequestsError becomes 429 with Retry-After in the app's DomainError handler.
    user = await run_in_threadpool(auth.sign_in, body.email, body.password, client)
    return _token(user, auth.issue_token(user))


@router.post("/logout", status_code=204, responses={401: {"description": "No valid token"}})
async def logout(actor: CurrentActor) -> Response:
    """Revoke every token of the caller issued so far (this one included): sign out everywhere."""

    def revoke() -> None:
        with db.transaction() as session:
            auth.revoke_tokens(session, _user(session, actor.user_id))

    await run_in_threadpool(revoke)
    return Response(status_code=204)


@router.post("/password", response_model=Token,
             responses={401: {"description": "No valid token"}, 403: {"description": "Wrong current password"},
                        422: {"description": "The new password is too short or too easy to guess"}, **_TOO_MANY})
async def change_password(body: PasswordChange, actor: CurrentActor):
    """Change the caller's password. Every earlier token stops working; the answer holds a new one."""

    def change() -> tuple[User, str]:
        with db.transaction() as session:
            user = _user(session, actor.user_id)
            return user, auth.change_password(session, user, body.current_password, body.new_password)

    user, token = await run_in_threadpool(change)
    return _token(user, token)


def _user(session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise AuthError("The token's user no longer exists.")
    return user
