"""No Docker engine runs here, so the container files are checked against the code they call:
the commands must be valid `apcs` invocations, the variables real settings, the paths real files."""

import json
import re
import shlex
from pathlib import Path

import yaml

from apcs_app.cli import build_parser
from apcs_app.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def setting_names() -> set[str]:
    names = set()
    for name, field in Settings.model_fields.items():
        alias = field.validation_alias
        names.add((alias if isinstance(alias, str) else name).upper())
    return names


def test_compose_runs_a_valid_apcs_command_with_real_settings():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    app = compose["services"]["app"]
    command = app["command"]
    assert command[0] == "apcs"
    args = build_parser().parse_args(command[1:])
    assert args.command == "run" and f"{args.port}:{args.port}" in app["ports"]
    assert set(app["environment"]) <= setting_names(), set(app["environment"]) - setting_names()
    assert compose["services"]["db"]["image"].startswith("postgres:16")
    url = app["environment"]["DATABASE_URL"]
    db = compose["services"]["db"]["environment"]
    assert url == f"postgresql://{db['POSTGRES_USER']}:{db['POSTGRES_PASSWORD']}@db:5432/{db['POSTGRES_DB']}"
    assert app["environment"]["REDIS_URL"].startswith("redis://redis:")


def test_dockerfile_copies_real_paths_and_runs_the_same_command():
    text = (ROOT / "Dockerfile").read_text()
    for line in re.findall(r"^COPY (.+)$", text, re.M):
        *sources, _dest = shlex.split(line)
        for src in sources:
            assert (ROOT / src).exists(), f"Dockerfile copies {src}, which does not exist"
    cmd = json.loads(re.search(r"^CMD (.+)$", text, re.M).group(1))
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert cmd == compose["services"]["app"]["command"]
    build_parser().parse_args(cmd[1:])
    assert "./scripts/bootstrap.sh" in text and (ROOT / "scripts" / "bootstrap.sh").exists()
