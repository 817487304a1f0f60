import datetime as dt

import pytest

from apcs_app import db
from apcs_app.domain import ConflictError, InvalidError, User
from apcs_app.domain.errors import AuthError
from apcs_app.services import auth
from tests.conftest import PASSWORD


def test_passwords_are_hashed_and_checked(database):
    with db.transaction() as s:
        user = auth.create_user(s, "Carol", "Carol@Example.com", "s3cret-enough")
        assert user.email == "carol@example.com"
        assert "s3cret" not in user.password_hash and user.password_hash.startswith("$argon2")
    assert auth.sign_in("CAROL@example.com", "s3cret-enough").id == user.id


def test_user_creation_rules(database):
    with db.transaction() as s:
        with pytest.raises(ConflictError, match="already exists"):
            auth.create_user(s, "Again", "alice@example.com", "whatever-long")
        with pytest.raises(InvalidError, match="at least 8"):
            auth.create_user(s, "Short", "short@example.com", "1234567")
        with pytest.raises(InvalidError, match="not a valid email"):
            auth.create_user(s, "NoMail", "not-an-email", "whatever-long")


def test_wrong_password_and_unknown_user_get_the_same_answer(database):
    with pytest.raises(AuthError) as wrong:
        auth.sign_in("alice@example.com", "nope")
    with pytest.raises(AuthError) as unknown:
        auth.sign_in("ghost@example.com", "nope")
    assert wrong.value.message == unknown.value.message == "Wrong email or password."


def test_repeated_failures_slow_down_sign_in(database):
    for _ in range(auth.FREE_FAILURES):
        with pytest.raises(AuthError, match="Wrong email"):
            auth.sign_in("alice@example.com", "bad guess")
    with pytest.raises(AuthError, match=r"try again in 1 s"):
        auth.sign_in("alice@example.com", PASSWORD)  # even the right password waits
    with db.transaction() as s:  # once the delay has passed, the right password works and resets
        user = auth.find_user(s, "alice@example.com")
        assert user.failed_logins == auth.FREE_FAILURES
        user.last_failed_login_at -= dt.timedelta(seconds=2)
    with pytest.raises(AuthError, match="Wrong email"):
        auth.sign_in("alice@example.com", "bad guess")
    with pytest.raises(AuthError, match=r"try again in 2 s"):  # the delay doubles
        auth.sign_in("alice@example.com", PASSWORD)
    with db.transaction() as s:
        auth.find_user(s, "alice@example.com").last_failed_login_at -= dt.timedelta(seconds=2)
    assert auth.sign_in("alice@example.com", PASSWORD).failed_logins == 0


def test_tokens_identify_the_user_and_expire(database):
    with db.transaction() as s:
        user = auth.find_user(s, "bob@example.com")
        token = auth.issue_token(user)
        assert auth.verify_token(s, token).id == user.id
        expired = auth.issue_token(user, ttl_minutes=-1)
        with pytest.raises(AuthError, match="expired"):
            auth.verify_token(s, expired)
        with pytest.raises(AuthError, match="not valid"):
            auth.verify_token(s, token[:-3] + "abc")
        with pytest.raises(AuthError, match="not valid"):
            auth.verify_token(s, "")
        assert isinstance(s.get(User, user.id), User)
