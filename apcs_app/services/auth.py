"""Users, passwords, tokens and sign-in throttling."""

from __future__ import annotations

import datetime as dt
import re

import jwt
from pwdlib import PasswordHash
from sqlalchemy import func
from sqlmodel import Session, select

from apcs_app.domain import ConflictError, InvalidError, User, UserRole
from apcs_app.domain.errors import AuthError
from apcs_app.domain.models import utcnow
from apcs_app.services import validate
from apcs_app.settings import get_settings

_hasher = PasswordHash.recommended()
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 8
# After this many failures in a row, each further attempt must wait 2^(n - FREE_FAILURES) s (capped).
FREE_FAILURES = 3
MAX_DELAY_SECONDS = 300


def normalize_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not _EMAIL.match(email) or len(email) > 254:
        raise InvalidError(f"'{email}' is not a valid email address.")
    return email


def create_user(session: Session, name: str, email: str, password: str, role: str = "USER") -> User:
    name = validate.text(name, "Name", max_len=120)
    email = normalize_email(email)
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise InvalidError(f"The password must be at least {MIN_PASSWORD} characters long.")
    role = UserRole.parse(role, "Role").value
    if find_user(session, email) is not None:
        raise ConflictError(f"A user with the email {email} already exists; sign in instead.")
    user = User(name=name, email=email, password_hash=_hasher.hash(password), role=role)
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(func.lower(User.email) == email.strip().lower())).first()


def retry_after_seconds(user: User, now: dt.datetime | None = None) -> int:
    if user.failed_logins < FREE_FAILURES or user.last_failed_login_at is None:
        return 0
    delay = min(2 ** (user.failed_logins - FREE_FAILURES), MAX_DELAY_SECONDS)
    ready = user.last_failed_login_at + dt.timedelta(seconds=delay)
    remaining = (ready - (now or utcnow())).total_seconds()
    return max(0, int(remaining + 0.999))


def sign_in(email: str, password: str) -> User:
    """The user if the password matches. Runs its own transaction, because a failure must be
    recorded (it slows the next attempts) even though the caller gets an error."""
    from apcs_app import db

    with db.transaction() as session:
        user, problem = _check_password(session, email, password)
    if problem:
        raise AuthError(problem)
    return user


def _check_password(session: Session, email: str, password: str) -> tuple[User | None, str | None]:
    user = find_user(session, email or "")
    if user is None:
        _hasher.hash(password or "")  # spend the same time as a real check: no user enumeration
        return None, "Wrong email or password."
    wait = retry_after_seconds(user)
    if wait:
        return None, f"Too many failed sign-ins; try again in {wait} s."
    if not _hasher.verify(password or "", user.password_hash):
        user.failed_logins += 1
        user.last_failed_login_at = utcnow()
        return None, "Wrong email or password."
    user.failed_logins = 0
    user.last_failed_login_at = None
    return user, None


def issue_token(user: User, ttl_minutes: int | None = None) -> str:
    settings = get_settings()
    now = dt.datetime.now(dt.UTC)
    ttl = dt.timedelta(minutes=ttl_minutes if ttl_minutes is not None else settings.token_ttl_minutes)
    payload = {"sub": str(user.id), "iat": now, "exp": now + ttl}
    return jwt.encode(payload, settings.resolved_secret_key(), algorithm="HS256")


def verify_token(session: Session, token: str) -> User:
    try:
        payload = jwt.decode(token or "", get_settings().resolved_secret_key(), algorithms=["HS256"])
    except jwt.ExpiredSignatureError:
        raise AuthError("Your token has expired; sign in again for a new one.") from None
    except jwt.PyJWTError:
        raise AuthError("The token is not valid; sign in again for a new one.") from None
    user = session.get(User, int(payload.get("sub", 0) or 0))
    if user is None:
        raise AuthError("The token's user no longer exists.")
    return user


def set_password(session: Session, user: User, password: str) -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise InvalidError(f"The password must be at least {MIN_PASSWORD} characters long.")
    user.password_hash = _hasher.hash(password)
