"""Users, passwords, tokens and sign-in throttling.

Sign-in throttling counts failed sign-ins per client (its IP address) and per account+client,
in a maintained rate limiter (`limits`, moving windows) kept in memory, or in Redis when
settings.redis_url is set so that every worker shares the counts. There is no per-account
lockout: an attacker's failures never keep the owner out from another client. A sign-in that is
not throttled spends one password hash — right, wrong or unknown email — and a throttled one
spends none, for known and unknown emails alike, so neither the message nor the time tells
whether an email has an account. Password hashing is bounded (a few at a time per process, and
half of those for one client): over the bound a sign-in is refused at once (429) rather than
queued, so a flood of sign-ins cannot starve the signed-in requests, nor other clients' sign-ins.

Tokens carry the user's `token_version` ("ver"); signing out everywhere and changing the
password bump it, which revokes every token issued before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import logging
import math
import os
import re
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable

import idna
import jwt
from confusable_homoglyphs import categories, confusables
from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from pwdlib import PasswordHash
from sqlmodel import Session, select
from zxcvbn import zxcvbn

from apcs_app.domain import ConflictError, ForbiddenError, InvalidError, User, UserRole
from apcs_app.domain.errors import AuthError, TooManyRequestsError
from apcs_app.services import validate
from apcs_app.settings import get_settings

log = logging.getLogger("apcs.auth")

_hasher = PasswordHash.recommended()
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# ---------------------------------------------------------------- passwords

MIN_PASSWORD = 8
MAX_PASSWORD = 1024
# zxcvbn score (0-4) a password needs: 3 = "safely unguessable" (about 10^10 guesses).
MIN_STRENGTH = 3
_ZXCVBN_CHARS = 72  # zxcvbn refuses longer input (and slows down on it): the start is scored
_zxcvbn_lock = threading.Lock()  # zxcvbn keeps the user inputs in a module-level dict


def check_password(password: object, user_inputs: Iterable[str] = ()) -> None:
    """The one password rule (sign-up, password change, CLI): 8 to 1024 characters and not
    easy to guess (zxcvbn; the user's own name and email count as easy). Raises InvalidError."""
    if not isinstance(password, str):
        raise InvalidError("The password must be text.")
    if len(password) < MIN_PASSWORD:
        raise InvalidError(f"The password must be at least {MIN_PASSWORD} characters long.")
    if len(password) > MAX_PASSWORD:
        raise InvalidError(f"The password can be at most {MAX_PASSWORD} characters long.")
    inputs = [str(x) for x in user_inputs if x]
    for text in list(inputs):  # the parts of a name and of an email count too
        inputs += re.split(r"[\s@.+_-]+", text)
    with _zxcvbn_lock:
        result = zxcvbn(password[:_ZXCVBN_CHARS], user_inputs=[x for x in inputs if x])
    if result["score"] < MIN_STRENGTH:
        feedback = result.get("feedback") or {}
        hint = " ".join(x for x in [feedback.get("warning") or ""] + list(feedback.get("suggestions") or []) if x)
        raise InvalidError("This password is too easy to guess; use a longer phrase of unrelated words."
                           + (f" ({hint})" if hint else ""))


def _store_password(session: Session, user: User, password: str) -> None:
    check_password(password, [user.name, user.email])
    with _hashing(f"user:{user.id}"):
        user.password_hash = _hasher.hash(password)
    revoke_tokens(session, user)


def set_password(session: Session, user: User, password: str) -> None:
    """Set a new password without the current one (an operator's `apcs user password`);
    every token issued before stops working."""
    _store_password(session, user, password)


def change_password(session: Session, user: User, current_password: str, new_password: str) -> str:
    """The user changes their own password: the current one must match, the new one must pass
    check_password. Every earlier token is revoked; returns a fresh token for this session."""
    key = _throttle_key("password", str(user.id))
    limiter = _throttle()
    _raise_if_throttled(limiter, [(limit, key) for limit in ACCOUNT_CLIENT_LIMITS],
                        "Too many wrong current passwords; try again in {wait} s.")
    with _hashing(f"user:{user.id}"):
        right = _hasher.verify(current_password or "", user.password_hash)
    if not right:
        limiter.hit_all([(limit, key) for limit in ACCOUNT_CLIENT_LIMITS])
        raise ForbiddenError("The current password is not right; type the password you signed in with.")
    if new_password == current_password:
        raise InvalidError("The new password is the same as the current one; choose another.")
    _store_password(session, user, new_password)
    session.flush()
    return issue_token(user)


# ---------------------------------------------------------------- emails and names


def _canonical_email(email: str) -> str:
    """Strip, NFKC, casefold; the domain in its IDNA (ASCII) form when it has one."""
    email = unicodedata.normalize("NFKC", (email or "").strip()).casefold()
    local, at, domain = email.rpartition("@")
    if at and domain:
        try:
            domain = idna.encode(domain, uts46=True).decode("ascii")
        except (idna.IDNAError, UnicodeError, ValueError):
            pass
        email = f"{local}@{domain}"
    return email


# Scripts that are written together in one word (UTS #39 "highly restrictive" profile):
# Japanese, Chinese and Korean mix Han with their own scripts, and Latin. Any other mix in one
# word — Latin with Cyrillic or Greek above all — is how look-alikes such as "аlice" are made.
_NEUTRAL = {"COMMON", "INHERITED"}
_WRITTEN_TOGETHER = ({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}, {"LATIN", "HAN", "BOPOMOFO"}, {"LATIN", "HAN", "HANGUL"})


def _mixed_script(text: str) -> bool:
    """True when one word mixes scripts that are not written together."""
    if not text or not confusables.is_mixed_script(text):
        return False
    scripts = {categories.alias(ch) for ch in text} - _NEUTRAL
    return len(scripts) > 1 and not any(scripts <= allowed for allowed in _WRITTEN_TOGETHER)


def normalize_email(email: str) -> str:
    """The one form an email is stored and looked up in; refuses malformed and look-alike
    (mixed-script) addresses."""
    if not isinstance(email, str):
        raise InvalidError("The email address must be text.")
    raw = unicodedata.normalize("NFKC", email.strip()).casefold()
    shown = raw[:60]
    if not _EMAIL.match(raw) or len(raw) > 254:
        raise InvalidError(f"'{shown}' is not a valid email address.")
    local, _, domain = raw.rpartition("@")
    if _mixed_script(local) or any(_mixed_script(label) for label in domain.split(".")):
        raise InvalidError(f"'{shown}' mixes letters of different scripts (such as Latin and Cyrillic) that look "
                           "alike; type the address in one script.")
    try:
        idna.encode(domain, uts46=True)
    except (idna.IDNAError, UnicodeError, ValueError):
        raise InvalidError(f"'{shown}' is not a valid email address: the domain is not a valid name.") from None
    email = _canonical_email(raw)
    if len(email) > 254:
        raise InvalidError(f"'{shown}' is not a valid email address.")
    return email


def normalize_name(name: str) -> str:
    name = validate.text(name, "Name", max_len=120)
    if any(_mixed_script(word) for word in name.split()):
        raise InvalidError("The name mixes letters of different scripts in one word (such as Latin and Cyrillic) "
                           "that look alike; type each word in one script.")
    return name


def create_user(session: Session, name: str, email: str, password: str, role: str = "USER",
                client: str = "") -> User:
    """A new user; the password must pass check_password (the demo data's "apcs-demo" does).
    `client` is the address of a sign-up, which holds at most its share of the hashing slots."""
    name = normalize_name(name)
    email = normalize_email(email)
    check_password(password, [name, email])
    role = UserRole.parse(role, "Role")
    if find_user(session, email) is not None:
        raise ConflictError(f"A user with the email {email} already exists; sign in instead.")
    with _hashing(_client_key(client) if client else ""):
        password_hash = _hasher.hash(password)
    user = User(name=name, email=email, password_hash=password_hash, role=role)
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, email: str) -> User | None:
    if not isinstance(email, str) or not email.strip():
        return None
    return session.exec(select(User).where(User.email == _canonical_email(email))).first()


# ---------------------------------------------------------------- throttling

# Failed sign-ins allowed for one email from one client, and from one client over all emails.
ACCOUNT_CLIENT_LIMITS: list[RateLimitItem] = [parse("5/minute"), parse("30/hour")]
CLIENT_LIMITS: list[RateLimitItem] = [parse("20/minute"), parse("200/hour")]
_THROTTLED = "Too many failed sign-ins from here; try again in {wait} s."
_BUSY = "Too many sign-ins at once; try again in a moment."

# Password hashes computed at once in this process (argon2 already uses several threads), and
# at once for one client: a flood from one address cannot take every slot from everyone else.
HASH_SLOTS = max(2, min(8, os.cpu_count() or 2))
HASH_SLOTS_PER_CLIENT = max(1, HASH_SLOTS // 2)
_slots_lock = threading.Lock()
_slots_held: Counter[str] = Counter()


class _hashing:
    """Hold one hashing slot, or refuse at once (429) when all are taken, or when `client`
    (an address, or "user:<id>") already holds its share."""

    def __init__(self, client: str = ""):
        self._client = client

    def __enter__(self):
        with _slots_lock:
            if _slots_held.total() >= HASH_SLOTS or (
                    self._client and _slots_held[self._client] >= HASH_SLOTS_PER_CLIENT):
                raise TooManyRequestsError(_BUSY, retry_after=1)
            _slots_held[self._client] += 1

    def __exit__(self, *_exc):
        with _slots_lock:
            _slots_held[self._client] -= 1
            if not _slots_held[self._client]:
                del _slots_held[self._client]


class _Throttle:
    """The limiter on the configured storage. If a shared store (Redis) fails, the counts fall
    back to this process's memory (logged) rather than failing every sign-in."""

    def __init__(self, url: str):
        self.url = url
        options = {"key_prefix": "apcs-throttle"} if url.startswith(("redis", "rediss")) else {}
        self.storage = storage_from_string(url, **options)
        self.limiter = MovingWindowRateLimiter(self.storage)
        self._fallback: MovingWindowRateLimiter | None = None

    def _run(self, work):
        try:
            return work(self.limiter)
        except Exception:  # noqa: BLE001 - a broken shared store must not stop sign-ins
            if self.url == "memory://":
                raise
            log.warning("sign-in throttle store %s failed; counting in this process", self.url.split("@")[-1],
                        exc_info=True)
            if self._fallback is None:
                self._fallback = MovingWindowRateLimiter(storage_from_string("memory://"))
            return work(self._fallback)

    def wait(self, checks: list[tuple[RateLimitItem, str]]) -> int:
        """Seconds until every check has room again (0: none is exhausted)."""
        def work(limiter: MovingWindowRateLimiter) -> int:
            wait = 0.0
            for limit, key in checks:
                if not limiter.test(limit, key):
                    wait = max(wait, limiter.get_window_stats(limit, key).reset_time - time.time(), 1)
            return math.ceil(wait)
        return self._run(work)

    def hit_all(self, checks: list[tuple[RateLimitItem, str]]) -> None:
        self._run(lambda limiter: [limiter.hit(limit, key) for limit, key in checks])

    def clear(self, checks: list[tuple[RateLimitItem, str]]) -> None:
        self._run(lambda limiter: [limiter.clear(limit, key) for limit, key in checks])


_throttle_lock = threading.Lock()
_throttle_current: _Throttle | None = None


def _throttle() -> _Throttle:
    """The limiter for the configured storage (Redis when settings.redis_url is set)."""
    global _throttle_current
    url = get_settings().redis_url or "memory://"
    with _throttle_lock:
        if _throttle_current is None or _throttle_current.url != url:
            _throttle_current = _Throttle(url)
        return _throttle_current


def reset_throttling() -> None:
    """Forget every count (tests; an operator after an incident)."""
    _throttle().storage.reset()


def _throttle_key(*parts: str) -> str:
    # Emails and addresses are hashed: the shared store holds no personal data in clear.
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def _raise_if_throttled(limiter: _Throttle, checks: list[tuple[RateLimitItem, str]], message: str) -> None:
    wait = limiter.wait(checks)
    if wait:
        raise TooManyRequestsError(message.format(wait=wait), retry_after=wait)


def _client_key(client: str) -> str:
    """An IPv6 client counts by its /64 (one host usually holds a whole /64 to rotate through)."""
    try:
        address = ipaddress.ip_address((client or "").strip())
    except ValueError:
        return (client or "unknown").strip()[:100] or "unknown"
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


_dummy_hash: str | None = None


def _dummy() -> str:
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash("no user has this password")
    return _dummy_hash


# ---------------------------------------------------------------- sign-in


def sign_in(email: str, password: str, client: str) -> User:
    """The user if the password matches. `client` is the caller's address (request.client.host).

    Failures are counted per client and per account+client; when either is exhausted the answer
    is 429 (TooManyRequestsError, with retry_after) whatever the password — for a known and an
    unknown email alike, after the same password hash. When this process is already hashing
    its bound of passwords, the answer is 429 at once."""
    from apcs_app import db

    email = email if isinstance(email, str) else ""
    password = password if isinstance(password, str) else ""
    canonical = _canonical_email(email)
    client = _client_key(client)
    per_client = [(limit, _throttle_key("client", client)) for limit in CLIENT_LIMITS]
    per_account = [(limit, _throttle_key("account", canonical, client)) for limit in ACCOUNT_CLIENT_LIMITS]
    limiter = _throttle()
    # Throttled: refused before any lookup or hash, known and unknown emails alike, so a
    # throttled client costs nothing and holds no hashing slot.
    if wait := limiter.wait(per_client + per_account):
        raise TooManyRequestsError(_THROTTLED.format(wait=wait), retry_after=wait)
    with _hashing(client):
        with db.transaction() as session:
            user = find_user(session, canonical)
        right = _hasher.verify(password[:MAX_PASSWORD], user.password_hash if user is not None else _dummy())
    if user is None or not right:
        limiter.hit_all(per_client + per_account)
        raise AuthError("Wrong email or password.")
    limiter.clear(per_account)
    return user


# ---------------------------------------------------------------- tokens

_MAX_ID = 2**31 - 1


MAX_TOKEN_MINUTES = 365 * 24 * 60  # an operator's long-lived token (`apcs token --ttl-minutes`)


def issue_token(user: User, ttl_minutes: int | None = None, *, issued_at: dt.datetime | None = None) -> str:
    """A bearer token for `user`: APCS_TOKEN_TTL_MINUTES long, or `ttl_minutes` (1 minute to a
    year), from now or from `issued_at` (a token issued in the past may have expired already)."""
    settings = get_settings()
    if ttl_minutes is not None and not 1 <= ttl_minutes <= MAX_TOKEN_MINUTES:
        raise InvalidError(f"A token lasts between 1 and {MAX_TOKEN_MINUTES} minutes (a year); got {ttl_minutes}.")
    now = issued_at or dt.datetime.now(dt.UTC)
    ttl = dt.timedelta(minutes=ttl_minutes if ttl_minutes is not None else settings.token_ttl_minutes)
    payload = {"sub": str(user.id), "ver": int(user.token_version or 0), "iat": now, "exp": now + ttl}
    return jwt.encode(payload, settings.resolved_secret_key(), algorithm="HS256")


def verify_token(session: Session, token: str) -> User:
    invalid = AuthError("The token is not valid; sign in again for a new one.")
    try:
        payload = jwt.decode(token or "", get_settings().resolved_secret_key(), algorithms=["HS256"],
                             options={"require": ["sub", "exp"]})
    except jwt.ExpiredSignatureError:
        raise AuthError("Your token has expired; sign in again for a new one.") from None
    except jwt.PyJWTError:
        raise invalid from None
    sub, version = payload.get("sub"), payload.get("ver", 0)  # tokens from before "ver" count as version 0
    if not isinstance(sub, str) or not re.fullmatch(r"[1-9][0-9]{0,9}", sub) or int(sub) > _MAX_ID:
        raise invalid
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise invalid
    user = session.get(User, int(sub))
    if user is None:
        raise AuthError("The token's user no longer exists.")
    if version != (user.token_version or 0):
        raise AuthError("This token was revoked (signed out, or the password changed); sign in again.")
    return user


def revoke_tokens(session: Session, user: User) -> None:
    """Every token issued to `user` before now stops working (sign-out, password change)."""
    user.token_version = (user.token_version or 0) + 1
    session.add(user)
    session.flush()
