"""Validate the assistant corpus and split it into dev.jsonl and test.jsonl.

    python bench/agent_corpus/split.py ALL.jsonl   # validate, split, write dev/test/test.sha256, print counts
    python bench/agent_corpus/split.py --check     # re-split dev+test, compare, check test.sha256
    python bench/agent_corpus/split.py --validate FILE  # only validate FILE (a new dev part)

The split is deterministic: cases are grouped by expected tool (null is a group of its own),
each group is ordered by sha256(SEED + case id), and the first half (rounded down) goes to dev,
the rest to test. Nothing random, nothing embedded: the same cases always give the same split.
--check only recomputes the split and the hash; it never prints test cases.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "apcs-agent-corpus-v1"

TOOL_ARGS = {
    "create_space": {"name", "methodology", "description"},
    "get_user_spaces": set(),
    "get_space_info": {"space_id"},
    "create_backlog_item": {"title", "description", "story_points", "priority"},
    "get_backlog": {"space_id"},
    "update_backlog_item": {"item_id", "updates"},
    "create_task": {"backlog_item_id", "column_id", "title"},
    "move_task": {"task_id", "column_id"},
    "assign_task": {"task_id", "user_id"},
    "create_column": {"name", "order"},
    "get_kanban_board": {"space_id"},
    "get_column_tasks": {"column_id"},
    "create_sprint": {"name", "start_date", "end_date"},
    "start_sprint": {"sprint_id"},
    "complete_sprint": {"sprint_id"},
    "add_to_sprint_backlog": {"backlog_item_id", "sprint_id"},
    "get_sprint_backlog": {"sprint_id"},
    "get_product_backlog": set(),
    "list_sprints": set(),
    "get_sprint_metrics": {"sprint_id"},
}
REQUIRED = {
    "create_space": {"name", "methodology"}, "create_backlog_item": {"title"},
    "update_backlog_item": {"item_id", "updates"}, "create_task": {"backlog_item_id"},
    "move_task": {"task_id", "column_id"}, "assign_task": {"task_id", "user_id"},
    "create_column": {"name"}, "get_column_tasks": {"column_id"},
    "create_sprint": {"start_date", "end_date"}, "add_to_sprint_backlog": {"backlog_item_id"},
}
REF_KEY = {"item_id": "item", "backlog_item_id": "item", "task_id": "task", "column_id": "column",
           "user_id": "member", "space_id": "space", "sprint_id": "sprint"}
STYLES = {"imperative", "question", "statement", "polite", "terse", "typos", "domain-name", "two-sentences",
          "follow-up", "numbers-in-words", "relative-dates", "support-desk", "conversational"}
FIBONACCI = {1, 2, 3, 5, 8, 13, 21}
PRIORITIES = {"LOW", "MEDIUM", "HIGH", "CRITICAL"}
STATUSES = {"TODO", "IN_PROGRESS", "DONE"}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
# Quoted in a bug report and tested elsewhere: never part of this corpus.
RESERVED = {
    "Which tasks are in Done?", "What does our kanban look like right now?",
    "Single sign-on (SAML) is now high priority", "Bob should work on Write CSV serializer",
    "put 'Onboarding checklist' in the sprint", "Can Bob take the CSV serializer task?",
    "Move Dashboard with sprint health to In Progress",
    "Could you add a story for exporting invoices as PDF? Give it 5 points.", "Put dark mode in the sprint",
    "Create a sprint that starts in 3 days and ends on Dec 20",
}


def demo_state() -> dict:
    """What seed.py builds, as names: items, tasks (column, assignee), sprints, columns, spaces.

    Titles and users are read from seed.py's constants; the placement of tasks mirrors its code."""
    tree = ast.parse((HERE.parents[1] / "apcs_app" / "seed.py").read_text(encoding="utf-8"))
    consts = {node.targets[0].id: ast.literal_eval(node.value) for node in tree.body
              if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
              and node.targets[0].id in ("DEMO_USERS", "SCRUM_ITEMS", "KANBAN_ITEMS")}
    DEMO_USERS, SCRUM_ITEMS, KANBAN_ITEMS = consts["DEMO_USERS"], consts["SCRUM_ITEMS"], consts["KANBAN_ITEMS"]
    scrum = [t for t, _, _ in SCRUM_ITEMS]
    kanban = [t for t, _, _ in KANBAN_ITEMS]
    alice, bob = DEMO_USERS[0][1], DEMO_USERS[1][1]
    tasks = {scrum[0]: ("Done", None), scrum[1]: ("Done", None)}
    for i in (2, 3, 4, 5, 6):
        tasks[f"Build: {scrum[i]}"] = ("In Progress", bob) if i == 2 else ("To Do", None) if i == 3 else ("Done", None)
    tasks["Write CSV serializer"] = ("To Do", alice)
    for i, t in enumerate(kanban):
        tasks[t] = ("In Progress", bob) if i in (0, 1) else ("Done", None) if i == 2 else ("To Do", None)
    done_items = {scrum[0], scrum[1], scrum[4], scrum[5], scrum[6], kanban[2]}
    return {
        "item": set(scrum) | set(kanban), "task": set(tasks), "tasks": tasks,
        "column": {"To Do", "In Progress", "Done"}, "member": {alice, bob},
        "space": {"Project Phoenix", "Support Desk"}, "sprint": {"Sprint 1", "Sprint 2"},
        "in_active_sprint": {scrum[i] for i in (2, 3, 4, 5, 6)}, "done_items": done_items,
    }


def check_date(value) -> bool:
    if isinstance(value, str):
        return re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None
    if isinstance(value, dict) and len(value) == 1:
        (k, v), = value.items()
        return ((k == "offset_days" and isinstance(v, int)) or (k == "next_weekday" and v in WEEKDAYS)
                or (k == "month_day" and isinstance(v, str) and re.fullmatch(r"\d{2}-\d{2}", v) is not None))
    return False


def validate(cases: list[dict]) -> list[str]:
    state, errors, seen = demo_state(), [], set()
    reserved = {s.lower() for s in RESERVED}
    for n, case in enumerate(cases, 1):
        where = f"line {n} ({case.get('id')})"
        def err(msg: str) -> None:
            errors.append(f"{where}: {msg}")
        if not re.fullmatch(r"[c-z]\d{4}", str(case.get("id"))) or case["id"] in seen:
            err("id missing, malformed or repeated")
        seen.add(case.get("id"))
        if case.get("style") not in STYLES:
            err(f"unknown style {case.get('style')!r}")
        turns = case.get("turns", [])
        texts = turns + [case.get("message", "")]
        if not case.get("message") or not all(isinstance(t, str) and t for t in texts):
            err("empty message or turn")
        if any(t.strip().lower() in reserved for t in texts):
            err("uses a reserved sentence")
        earlier = " ".join(turns).lower()
        tool = case.get("tool")
        if tool is None:
            if not case.get("asks") or "args" in case:
                err("a null tool needs 'asks' and no 'args'")
            continue
        if tool not in TOOL_ARGS:
            err(f"unknown tool {tool!r}")
            continue
        args = case.get("args")
        if not isinstance(args, dict) or not set(args) <= TOOL_ARGS[tool] or not REQUIRED.get(tool, set()) <= set(args):
            err(f"bad argument names {sorted(args or {})}")
            continue
        for key, kind in REF_KEY.items():
            if key not in args:
                continue
            ref = args[key]
            if not isinstance(ref, dict) or list(ref) != [kind]:
                err(f"{key} must be {{{kind!r}: name}}")
                continue
            name = ref[kind]
            if name not in state[kind] and name.lower() not in earlier:
                err(f"{kind} {name!r} is neither demo data nor made by an earlier turn")
            if (kind, name) in {("space", "Project Phoenix"), ("sprint", "Sprint 2")}:
                err(f"{name!r} is the current workspace / active sprint: leave it out")
        for key in ("start_date", "end_date"):
            if key in args and not check_date(args[key]):
                err(f"bad date spec {args[key]!r}")
        made = {"create_space": ("name", "space"), "create_backlog_item": ("title", "item"),
                "create_task": ("title", "task"), "create_column": ("name", "column"),
                "create_sprint": ("name", "sprint")}.get(tool)
        if made and isinstance(args.get(made[0]), str) and args[made[0]] in state[made[1]]:
            err(f"{args[made[0]]!r} already exists")
        if args.get("methodology") not in (None, "SCRUM", "KANBAN"):
            err("bad methodology")
        updates = args.get("updates", {})
        if tool == "update_backlog_item" and (not updates or not set(updates) <= {"title", "description", "story_points", "priority", "status"}):
            err("bad updates")
        points = updates.get("story_points", args.get("story_points"))
        if points is not None and points not in FIBONACCI:
            err("points off the Fibonacci scale")
        if updates.get("priority", args.get("priority")) not in PRIORITIES | {None}:
            err("bad priority")
        if updates.get("status") not in STATUSES | {None}:
            err("bad status")
        if "order" in args and not (isinstance(args["order"], int) and 1 <= args["order"] <= 4):
            err("order must be 1..4 on a 3-column board")
        task_name = args.get("task_id", {}).get("task")
        if task_name in state["tasks"]:
            column, assignee = state["tasks"][task_name]
            if tool == "move_task" and args["column_id"].get("column") == column:
                err("task is already in that column")
            if tool == "assign_task" and args["user_id"].get("member") == assignee:
                err("task is already assigned to that member")
        if tool == "add_to_sprint_backlog":
            name = args["backlog_item_id"].get("item")
            if name in state["done_items"] or name in state["in_active_sprint"]:
                err("item is done or already in the active sprint")
    return errors


def split(cases: list[dict]) -> tuple[list[dict], list[dict]]:
    groups: dict[str | None, list[dict]] = {}
    for case in cases:
        groups.setdefault(case["tool"], []).append(case)
    dev, test = [], []
    for group in groups.values():
        group = sorted(group, key=lambda c: hashlib.sha256(f"{SEED}:{c['id']}".encode()).hexdigest())
        half = len(group) // 2
        dev += group[:half]
        test += group[half:]
    return sorted(dev, key=lambda c: c["id"]), sorted(test, key=lambda c: c["id"])


def dump(cases: list[dict]) -> str:
    return "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases)


def counts(dev: list[dict], test: list[dict]) -> str:
    lines = []
    for field in ("tool", "style"):
        d, t = Counter(str(c[field]) for c in dev), Counter(str(c[field]) for c in test)
        lines += [f"| {field} | dev | test | all |", "|---|---:|---:|---:|"]
        for key in sorted(set(d) | set(t), key=lambda k: (-(d[k] + t[k]), k)):
            shown = "null (asks)" if key == "None" else key
            lines.append(f"| {shown} | {d[key]} | {t[key]} | {d[key] + t[key]} |")
        lines.append(f"| **total** | {len(dev)} | {len(test)} | {len(dev) + len(test)} |")
        lines.append("")
    return "\n".join(lines)


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str]) -> int:
    if argv[1:] == ["--check"]:
        dev_text, test_text = (HERE / "dev.jsonl").read_text(encoding="utf-8"), (HERE / "test.jsonl").read_text(encoding="utf-8")
        digest = hashlib.sha256(test_text.encode()).hexdigest()
        recorded = (HERE / "test.sha256").read_text().split()[0]
        cases = sorted(load(HERE / "dev.jsonl") + load(HERE / "test.jsonl"), key=lambda c: c["id"])
        dev, test = split(cases)
        ok = digest == recorded and dump(dev) == dev_text and dump(test) == test_text and not validate(cases)
        print("test.jsonl hash and split: OK" if ok else "test.jsonl changed or the split does not reproduce")
        return 0 if ok else 1
    if len(argv) == 3 and argv[1] == "--validate":
        errors = validate(load(Path(argv[2])))
        print("\n".join(errors) or f"{argv[2]}: every case is valid")
        return 1 if errors else 0
    if len(argv) != 2:
        print(__doc__)
        return 2
    cases = load(Path(argv[1]))
    errors = validate(cases)
    if errors:
        print("\n".join(errors))
        return 1
    dev, test = split(cases)
    (HERE / "dev.jsonl").write_text(dump(dev), encoding="utf-8")
    (HERE / "test.jsonl").write_text(dump(test), encoding="utf-8")
    digest = hashlib.sha256(dump(test).encode()).hexdigest()
    (HERE / "test.sha256").write_text(f"{digest}  test.jsonl\n")
    print(counts(dev, test))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
