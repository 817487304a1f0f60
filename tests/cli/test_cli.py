"""The `apcs` command as a user runs it: a real subprocess against a real database file."""

import os
import subprocess
import sys

import pytest

from apcs_app import db, migrate
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
