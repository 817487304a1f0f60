"""One password rule (length and zxcvbn strength) for sign-up, password change and the CLI."""

import pytest

from apcs_app import db, seed
from apcs_app.domain import InvalidError
from apcs_app.services import auth
from tests.conftest import PASSWORD

WEAK = ["        ", "aaaaaaaa", "password1", "12345678", "qwertyuiop"]


@pytest.fixture(autouse=True)
def fresh_throttle():
    auth.reset_throttling()
    yield
    auth.reset_throttling()


@pytest.mark.parametrize("password", WEAK)
def test_weak_passwords_are_refused_on_sign_up(database, password):
    with db.transaction() as s, pytest.raises(InvalidError, match="too easy to guess"):
        auth.create_user(s, "Carol Weak", "carol@example.com", password)


def test_ones_own_email_or_name_is_refused(database):
    with db.transaction() as s:
        with pytest.raises(InvalidError, match="too easy to guess"):
            auth.create_user(s, "Carol Weak", "carol.weakling@example.com", "carol.weakling@example.com")
        with pytest.raises(InvalidError, match="too easy to guess"):
            auth.create_user(s, "Carolina Weakling", "cw@example.com", "carolinaweakling")


def test_length_bounds(database):
    with db.transaction() as s:
        with pytest.raises(InvalidError, match="at least 8"):
            auth.create_user(s, "Carol", "carol@example.com", "Xk#9q!")
        with pytest.raises(InvalidError, match="at most 1024"):
            auth.create_user(s, "Carol", "carol@example.com", "Xk#9q!-" * 200)
        with pytest.raises(InvalidError, match="must be text"):
            auth.create_user(s, "Carol", "carol@example.com", None)
        # Long, strong passwords are fine (only the start is scored, so this stays fast).
        assert auth.create_user(s, "Carol", "carol@example.com", "Xk#9q!-vL2" * 100).email == "carol@example.com"


@pytest.mark.parametrize("password", WEAK + ["alice@example.com"])
def test_weak_passwords_are_refused_on_change(database, password):
    with db.transaction() as s:
        user = auth.find_user(s, "alice@example.com")
        with pytest.raises(InvalidError, match="too easy to guess"):
            auth.change_password(s, user, PASSWORD, password)
        with pytest.raises(InvalidError, match="too easy to guess"):
            auth.set_password(s, user, password)


def test_the_one_check_is_public_and_names_the_problem():
    assert auth.check_password("correct horse battery", user_inputs=["Alice", "alice@example.com"]) is None
    with pytest.raises(InvalidError) as weak:
        auth.check_password("password1")
    assert "too easy to guess" in weak.value.message


def test_the_demo_password_is_accepted_for_demo_users():
    for name, email, _role in seed.DEMO_USERS:
        auth.check_password(seed.DEMO_PASSWORD, user_inputs=[name, email])
