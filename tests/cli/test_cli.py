"""The `apcs` command as a user runs it: a real subprocess against a real database file."""

import os
import subprocess
import sys

import pytest

from apcs_app import db, migrate
from apcs_app.domain import DomainError
from apcs_app.services import auth, spaces
from apcs_app.services.access import Actor


def apcs(*args, url, env=None, check=True):
    proc = subprocess.run(
        [sys.executable, "-m", "apcs_app.cli", *args], capture_output=True, text=True, timeout=120,
        env={**os.environ, "DATABASE_URL": url, **(env or {})},
    )
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_db_upgrade_seed_twice_and_token(url):
    assert f"revision {migrate.head_revision()}" in apcs("db", "upgrade", url=url).stdout
    assert "demo data loaded" in apcs("seed", url=url).stdout
    assert "already present" in apcs("seed", url=url).stdout
    token = apcs("token", "alice@example.com", url=url).stdout.strip()
    db.configure(url)
    with db.transaction() as s:
        user = auth.verify_token(s, token)
        names = sorted(x.space.name for x in spaces.list_user_spaces(s, Actor(user.id)))
    assert (user.email, names) == ("alice@example.com", ["Project Phoenix", "Support Desk"])


def test_user_create_and_clear_errors_without_traces(url):
    apcs("db", "upgrade", url=url)
    out = apcs("user", "create", "--name", "Carol", "--email", "carol@example.com", url=url,
               env={"APCS_PASSWORD": "long enough secret"}).stdout
    assert "created user" in out and "carol@example.com" in out
    again = apcs("user", "create", "--name", "Carol", "--email", "carol@example.com", url=url,
                 env={"APCS_PASSWORD": "long enough secret"}, check=False)
    assert again.returncode == 2 and "already exists" in again.stderr and "Traceback" not in again.stderr
    missing = apcs("token", "nobody@example.com", url=url, check=False)
    assert missing.returncode == 2 and "No user has the email" in missing.stderr


@pytest.mark.parametrize("weak", ["        ", "aaaaaaaa", "password1", "dave@example.com"])
def test_user_create_refuses_weak_passwords(url, weak):
    apcs("db", "upgrade", url=url)
    refused = apcs("user", "create", "--name", "Dave", "--email", "dave@example.com", url=url,
                   env={"APCS_PASSWORD": weak}, check=False)
    assert refused.returncode == 2 and "too easy to guess" in refused.stderr and "Traceback" not in refused.stderr


def apcs_stdin(*args, url, stdin: str):
    return subprocess.run([sys.executable, "-m", "apcs_app.cli", *args], input=stdin, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "DATABASE_URL": url})


def test_user_password_sets_a_new_password_and_revokes_tokens(url):
    apcs("seed", url=url)
    old_token = apcs("token", "alice@example.com", url=url).stdout.strip()
    weak = apcs_stdin("user", "password", "alice@example.com", url=url, stdin="aaaaaaaa\n")
    assert weak.returncode == 2 and "too easy to guess" in weak.stderr and "Traceback" not in weak.stderr
    unknown = apcs_stdin("user", "password", "nobody@example.com", url=url, stdin="a brand new passphrase\n")
    assert unknown.returncode == 2 and "No user has the email" in unknown.stderr
    done = apcs_stdin("user", "password", "ALICE@example.com", url=url, stdin="a brand new passphrase\n")
    assert done.returncode == 0, done.stderr
    assert "password changed" in done.stdout and "a brand new passphrase" not in done.stdout
    db.configure(url)
    auth.reset_throttling()
    with db.transaction() as s, pytest.raises(DomainError):
        auth.verify_token(s, old_token)
    assert auth.sign_in("alice@example.com", "a brand new passphrase", "127.0.0.1").email == "alice@example.com"
    with pytest.raises(DomainError, match="Wrong email"):
        auth.sign_in("alice@example.com", "apcs-demo", "127.0.0.1")


def test_downgrade_to_base_and_back(url):
    apcs("db", "upgrade", url=url)
    assert "base (empty)" in apcs("db", "downgrade", "base", url=url).stdout
    assert f"revision {migrate.head_revision()}" in apcs("db", "upgrade", url=url).stdout


def test_export_then_import_through_the_cli(url, tmp_path):
    apcs("seed", url=url)
    out = tmp_path / "phoenix.json"
    apcs("export", "Project Phoenix", "--user", "alice@example.com", "-o", str(out), url=url)
    assert '"format": "apcs-workspace"' in out.read_text()
    done = apcs("import", str(out), "--user", "bob@example.com", "--name", "Phoenix (Bob)", url=url)
    assert "imported workspace" in done.stdout and "Phoenix (Bob)" in done.stdout
    csv_text = apcs("export", "Phoenix (Bob)", "--csv", url=url, env={"APCS_USER": "bob@example.com"}).stdout
    assert csv_text.splitlines()[0].startswith("id,rank,title") and len(csv_text.splitlines()) == 11
    bad = tmp_path / "bad.json"
    bad.write_text("{broken")
    refused = apcs("import", str(bad), "--user", "bob@example.com", url=url, check=False)
    assert refused.returncode == 2 and "not valid JSON" in refused.stderr and "Traceback" not in refused.stderr
    foreign = apcs("export", "Project Phoenix", "--user", "admin@example.com", url=url, check=False)
    assert foreign.returncode == 2 and "no workspace named" in foreign.stderr


def test_an_oversized_import_file_is_refused_clearly(url, tmp_path):
    apcs("seed", url=url)
    huge = tmp_path / "huge.json"
    with huge.open("wb") as fh:  # a sparse 64 MB file
        fh.truncate(64 * 1024 * 1024)
    refused = apcs("import", str(huge), "--user", "bob@example.com", url=url, check=False)
    assert refused.returncode == 2 and "too large" in refused.stderr and "Traceback" not in refused.stderr


@pytest.mark.parametrize("ttl", ["0", "-5", "99999999999999", "525601"])
def test_a_token_lifetime_outside_one_minute_to_one_year_is_refused(url, ttl):
    apcs("db", "upgrade", url=url)
    apcs("seed", url=url)
    refused = apcs("token", "alice@example.com", "--ttl-minutes", ttl, url=url, check=False)
    assert refused.returncode == 2 and "between 1 and 525600 minutes" in refused.stderr
    assert "Traceback" not in refused.stderr and not refused.stdout.strip()


def test_seed_tasks_makes_a_large_demo_workspace(url):
    out = apcs("seed", "--tasks", "300", url=url).stdout
    assert "300 tasks" in out
    db.configure(url)
    from apcs_app.services import board

    with db.transaction() as s:
        alice = Actor(auth.find_user(s, "alice@example.com").id)
        large = [x.space for x in spaces.list_user_spaces(s, alice) if "300" in x.space.name]
        assert len(large) == 1
        assert sum(c.count for c in board.get_board(s, alice, large[0].id, per_column=10)) == 300
    bad = apcs("seed", "--tasks", "-5", url=url, check=False)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
