"""`apcs`: run the app, manage the database, seed demo data, users and tokens, MCP and chat."""

from __future__ import annotations

import argparse
import getpass
import os
import shutil
import signal
import subprocess
import sys
import time

from apcs_app.domain import DomainError
from apcs_app.settings import PROJECT_ROOT, get_settings


def _cmd_db(args: argparse.Namespace) -> int:
    from apcs_app import migrate

    if args.action == "upgrade":
        migrate.upgrade(args.revision or "head")
    elif args.action == "downgrade":
        migrate.downgrade(args.revision or "base")
    print(f"database at revision {migrate.current_revision() or 'base (empty)'}")
    return 0


def _task_count(value: str) -> int:
    from apcs_app.services.bulk import MAX_CARDS

    try:
        count = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if not 1 <= count <= MAX_CARDS:
        raise argparse.ArgumentTypeError(f"give between 1 and {MAX_CARDS:,} tasks")
    return count


def _cmd_seed(args: argparse.Namespace) -> int:
    from apcs_app import migrate, seed

    migrate.upgrade()
    if args.tasks is not None:
        started = time.perf_counter()
        space_id = seed.seed_large(args.tasks)
        print(f"large demo workspace {space_id} loaded: {args.tasks:,} tasks with their history in "
              f"{time.perf_counter() - started:.1f}s (sign in as alice@example.com, password '{seed.DEMO_PASSWORD}')")
        return 0
    if seed.seed_demo():
        print("demo data loaded: sign in as alice@example.com / bob@example.com / admin@example.com, "
              f"password '{seed.DEMO_PASSWORD}'")
    else:
        print("demo data already present; nothing changed")
    return 0


def _cmd_user_create(args: argparse.Namespace) -> int:
    from apcs_app import db, migrate
    from apcs_app.services import auth

    migrate.upgrade()
    password = args.password or os.environ.get("APCS_PASSWORD") or getpass.getpass("Password: ")
    with db.transaction() as s:
        user = auth.create_user(s, args.name, args.email, password, args.role)
    print(f"created user #{user.id} {user.name} <{user.email}> ({user.role})")
    return 0


def _read_new_password() -> str:
    """The new password: from standard input when it is not a terminal (one line), else asked twice."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("New password: ")
    if getpass.getpass("Again: ") != password:
        raise DomainError("The two passwords differ; nothing changed.")
    return password


def _cmd_user_password(args: argparse.Namespace) -> int:
    from apcs_app import db, migrate
    from apcs_app.services import auth

    migrate.upgrade()
    with db.transaction() as s:
        known = auth.find_user(s, args.email) is not None
    if not known:
        raise DomainError(f"No user has the email {args.email}; create one with `apcs user create`.")
    password = _read_new_password()  # outside the transaction: no lock is held while someone types
    with db.transaction() as s:
        user = auth.find_user(s, args.email)
        if user is None:
            raise DomainError(f"No user has the email {args.email}; nothing changed.")
        auth.set_password(s, user, password)
    print(f"password changed for {user.name} <{user.email}>; tokens and sessions from before no longer work")
    return 0


def _cmd_token(args: argparse.Namespace) -> int:
    from apcs_app import db
    from apcs_app.services import auth

    with db.transaction() as s:
        user = auth.find_user(s, args.email)
        if user is None:
            raise DomainError(f"No user has the email {args.email}; create one with `apcs user create`.")
        print(auth.issue_token(user, args.ttl_minutes))
    return 0


def _cli_actor(session, email: str | None):
    from apcs_app.domain import Via
    from apcs_app.services import auth
    from apcs_app.services.access import Actor

    email = email or os.environ.get("APCS_USER")
    if not email:
        raise DomainError("Say who is acting: --user EMAIL (or set APCS_USER).")
    user = auth.find_user(session, email)
    if user is None:
        raise DomainError(f"No user has the email {email}; create one with `apcs user create`.")
    return Actor(user.id, Via.CLI)


def _cmd_export(args: argparse.Namespace) -> int:
    import json

    from apcs_app import db
    from apcs_app.services import exchange, spaces

    with db.transaction() as s:
        actor = _cli_actor(s, args.user)
        space = spaces.resolve_space(s, actor, args.space)
        if args.csv:
            text = exchange.export_backlog_csv(s, actor, space.id)
        else:
            text = json.dumps(exchange.export_space(s, actor, space.id), indent=2, ensure_ascii=False) + "\n"
    if args.output and args.output != "-":
        with open(args.output, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        print(f"exported '{space.name}' to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from apcs_app import db
    from apcs_app.services import exchange

    try:
        with open(args.file, "rb") as fh:
            raw = fh.read(exchange.MAX_IMPORT_BYTES + 1)  # one byte over is enough for the refusal
    except OSError as exc:
        raise DomainError(f"Cannot read {args.file}: {exc.strerror}.") from None
    with db.transaction() as s:
        result = exchange.import_space(s, _cli_actor(s, args.user), raw, args.name)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"imported workspace #{result.space.id} '{result.space.name}'")
    if result.invite:
        print("members of the exported workspace were not added; invite them (apcs invites nobody for you):")
        for person in result.invite:
            print(f"  invite: {person['name']} <{person['email']}>")
    return 0


def _cmd_mcp(args: argparse.Namespace) -> int:
    from apcs_app.mcp.stdio import run_stdio

    run_stdio(args.server)
    return 0


def _cmd_chat(args: argparse.Namespace) -> int:
    from apcs_app.agents.chat_cli import run

    return run(args.message, agent=args.agent, space=args.space, user=args.user, as_json=args.json,
               confirm=args.confirm, yes=args.yes, undo=args.undo)


def _cmd_eval(args: argparse.Namespace) -> int:
    import json

    from apcs_app import logs
    from apcs_app.agents.evaluation import evaluate, load_cases

    logs.configure(os.environ.get("APCS_LOG_LEVEL", "ERROR"))
    report = evaluate(load_cases(args.file), corpus=args.file)
    print(json.dumps(report.summary(), indent=2) if args.json else report.text(failures=args.failures))
    below = args.floor is not None and report.accuracy < args.floor
    return 1 if below or (args.strict and report.silently_wrong) else 0


def reflex_env() -> dict[str, str]:
    """The environment every Reflex command needs here (offline-safe, project-local bun)."""
    env = dict(os.environ)
    bun_bin = PROJECT_ROOT / ".tools" / "bun" / "bin"
    if bun_bin.is_dir():
        env["PATH"] = f"{bun_bin}{os.pathsep}{env.get('PATH', '')}"
        env.setdefault("REFLEX_USE_SYSTEM_BUN", "1")
    registry = env.get("NPM_CONFIG_REGISTRY")
    if not registry and shutil.which("npm"):
        registry = subprocess.run(["npm", "config", "get", "registry"], capture_output=True, text=True).stdout.strip()
    if registry:
        env["NPM_CONFIG_REGISTRY"] = registry
    env.setdefault("REFLEX_TELEMETRY_ENABLED", "false")
    env.setdefault("REFLEX_CHECK_LATEST_VERSION", "false")
    env.setdefault("REFLEX_DIR", str(PROJECT_ROOT / ".reflex"))
    return env


def _cmd_run(args: argparse.Namespace) -> int:
    from apcs_app import db, migrate, seed

    migrate.upgrade()
    with db.transaction() as s:
        first_start = not seed.has_users(s)
    if first_start and not args.no_seed:
        seed.seed_demo()
        print(f"first start: demo data loaded (alice@example.com / '{seed.DEMO_PASSWORD}')")
    cmd = [sys.executable, "-m", "reflex", "run", "--env", "dev" if args.dev else "prod"]
    if args.port:
        cmd += ["--frontend-port", str(args.port)]
        if not args.dev:
            cmd += ["--backend-port", str(args.port)]
    if args.backend_port and args.dev:
        cmd += ["--backend-port", str(args.backend_port)]
    env = reflex_env()
    env["DATABASE_URL"] = get_settings().database_url
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.send_signal(signal.SIGINT)
        return proc.wait()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="apcs", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="start the web app (migrates, and loads demo data on first start)")
    run.add_argument("--port", type=int, help="port to serve on (prod: one port for everything; default 3000)")
    run.add_argument("--backend-port", type=int, help="backend port in --dev mode (default 8000)")
    run.add_argument("--dev", action="store_true", help="development mode with hot reload")
    run.add_argument("--no-seed", action="store_true", help="do not load demo data on first start")
    run.set_defaults(func=_cmd_run)

    dbp = sub.add_parser("db", help="database schema (Alembic)")
    dbp.add_argument("action", choices=["upgrade", "downgrade", "current"])
    dbp.add_argument("revision", nargs="?")
    dbp.set_defaults(func=_cmd_db)

    seed_p = sub.add_parser("seed", help="load the demo data (once), or a large demo workspace with --tasks N")
    seed_p.add_argument("--tasks", type=_task_count, help="also make a workspace with N tasks (1 to 100,000)")
    seed_p.set_defaults(func=_cmd_seed)

    user = sub.add_parser("user", help="manage users").add_subparsers(dest="user_command", required=True)
    create = user.add_parser("create", help="create a user")
    create.add_argument("--name", required=True)
    create.add_argument("--email", required=True)
    create.add_argument("--password", help="default: $APCS_PASSWORD, else asked for")
    create.add_argument("--role", default="USER", choices=["USER", "ADMIN", "SUPERADMIN"])
    create.set_defaults(func=_cmd_user_create)
    password = user.add_parser("password", help="set a user's password (read from standard input, else asked for); "
                                                "signs the user out everywhere")
    password.add_argument("email")
    password.set_defaults(func=_cmd_user_password)

    token = sub.add_parser("token", help="print a bearer token for a user (for MCP clients and the HTTP API)")
    token.add_argument("email")
    token.add_argument("--ttl-minutes", type=int, default=None)
    token.set_defaults(func=_cmd_token)

    mcp = sub.add_parser("mcp", help="serve one MCP server over stdio (APCS_TOKEN, APCS_SPACE)")
    mcp.add_argument("server", choices=["administration", "workflow", "scrum_master"])
    mcp.set_defaults(func=_cmd_mcp)

    export = sub.add_parser("export", help="export a workspace to JSON (or its backlog to CSV)")
    export.add_argument("space", help="workspace name or id")
    export.add_argument("--user", help="acting user's email (default: $APCS_USER)")
    export.add_argument("--csv", action="store_true", help="the backlog as CSV instead of the whole workspace")
    export.add_argument("-o", "--output", help="file to write (default: standard output)")
    export.set_defaults(func=_cmd_export)

    imp = sub.add_parser("import", help="create a new workspace from a JSON export")
    imp.add_argument("file")
    imp.add_argument("--user", help="acting user's email, the new workspace's owner (default: $APCS_USER)")
    imp.add_argument("--name", help="name of the new workspace (default: the exported name)")
    imp.set_defaults(func=_cmd_import)

    chat = sub.add_parser("chat", help="send one message to the agents")
    chat.add_argument("message", nargs="?", help="what the agent should do (not needed with --undo)")
    chat.add_argument("--agent", default="auto", choices=["auto", "administration", "workflow", "scrum_master"])
    chat.add_argument("--space", help="workspace name or id (default: the user's default workspace)")
    chat.add_argument("--user", help="email of the acting user (default: the demo user)")
    chat.add_argument("--json", action="store_true", help="one JSON event per line")
    chat.add_argument("--confirm", default="destructive", choices=["never", "destructive", "always"],
                      help="which planned writes ask first (default: destructive = changes to existing things)")
    chat.add_argument("--yes", action="store_true", help="confirm planned writes without asking")
    chat.add_argument("--undo", metavar="REQUEST_ID", help="undo every change of an earlier run instead")
    chat.set_defaults(func=_cmd_chat)

    evaluation = sub.add_parser("eval", help="score the offline assistant on a corpus of commands "
                                             "(bench/agent_corpus/README.md), each on a fresh copy of the demo data")
    evaluation.add_argument("file", help="a .jsonl corpus")
    evaluation.add_argument("--json", action="store_true", help="the summary as JSON")
    evaluation.add_argument("--failures", action="store_true", help="list every case it got wrong "
                                                                    "(never for a frozen test part)")
    evaluation.add_argument("--floor", type=float, help="exit 1 when accuracy is below this (0–1)")
    evaluation.add_argument("--strict", action="store_true", help="exit 1 on any silently wrong write")
    evaluation.set_defaults(func=_cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args) or 0
    except DomainError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
