"""Turning the names a user typed into ids, from read-tool results and the conversation.

Ids come only from what a tool returned (or the run context's member list); when a name
matches nothing or several things, the model asks instead of picking. An id the user typed is
used only when the read tool shows it in this workspace; "Card 001" is looked up as a title
first and as card #1 only when no title matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from apcs_app.agents.offline import language as lang
from apcs_app.agents.offline.conversation import Conversation
from apcs_app.agents.offline.intents import Intent, Ref
from apcs_app.agents.offline.intents.phrases import BY_METHOD, LAST_COMPLETED
from apcs_app.agents.offline.names import Catalog, loose_names
from apcs_app.agents.offline.normalize import normalize, slips
from apcs_app.agents.offline.sprint_checks import Blocked, already_planned, lifecycle_check
from apcs_app.agents.offline.vocabulary import COMMAND_WORDS
from apcs_app.agents.offline.intents.board_admin import BOARD_WRITES, changes

# The read tools that list each kind, in order of preference: the Scrum Master's own server
# lists the items open for planning, the Workflow's the whole backlog.
READ_FOR = {"item": ("get_backlog", "get_product_backlog"), "task": ("get_kanban_board",),
            "column": ("get_kanban_board",), "space": ("get_user_spaces",), "sprint": ("list_sprints",)}
# Kinds a name is first looked up by the search tool (it scales with the workspace, a list does not).
SEARCHED = {"item", "task", "column", "sprint"}
SEARCH_LIMIT = 10
# A sprint or a new story belongs to the open workspace: an item of another one is never theirs.
_OWN_SPACE_ONLY = {"add_to_sprint_backlog", "remove_from_sprint_backlog", "create_backlog_item"}
# A "name" that runs over a sentence end is a misread fragment, not a title to look for elsewhere.
_SENTENCE_BREAK = re.compile(r"[.!?;]\s")
NOUN = {"item": "backlog item", "task": "task", "column": "column", "member": "member", "space": "workspace",
        "sprint": "sprint"}
WHERE = {"item": "in this workspace's backlog", "task": "on this workspace's board", "column": "on this workspace's board",
         "space": "among your workspaces", "sprint": "in this workspace"}


@dataclass
class Need:
    """Call this read tool first (with these arguments)."""

    tool: str
    args: dict = field(default_factory=dict)


@dataclass
class Unclear:
    """Ask the user: `slot` names the question, `detail` says what was found."""

    slot: str
    detail: str


@dataclass
class Declined:
    """Not done, and why: nothing to ask (the user acts elsewhere first)."""

    text: str


def resolve(intent: Intent, convo: Conversation, available: set[str]) -> dict | Need | Unclear | Declined:
    """The tool's arguments, or what to read or ask first.

    Never silently wrong: a write whose arguments rest on a guess (a name that only nearly
    matched, a relative date) shows the user how it read them and waits for a yes — unless the
    run shows a confirmation card for this tool anyway (context "confirm_before")."""
    args = dict(intent.args)
    guesses = list(intent.guesses)
    there = _named_elsewhere(intent, convo)
    if there is not None and not _by_id_alone(intent):
        return _declined_there(there, convo)
    for name, ref in intent.refs.items():
        if there is not None and ref.kind in ("item", "task"):
            found = _in_other_workspace(ref, convo, available, guesses, only=there)
            found = Unclear(ref.kind, f"I found no one {NOUN[ref.kind]} matching '{ref.text}' in "
                                      f"{_space_name(there, convo)}.") if found is None else found
        else:
            found = _ref(ref, convo, available, guesses, elsewhere_ok=intent.tool not in _OWN_SPACE_ONLY)
        if not isinstance(found, int):
            return found
        args[name] = found
    request = intent.said or convo.current.user
    if intent.tool == "create_column" and "order" not in args and re.search(lang.PLACE_WORDS, normalize(request), re.I):
        placed = _column_place(request, convo, available, guesses)
        if not isinstance(placed, int):
            return placed
        args["order"] = placed
    if isinstance(args.get("order"), int) and args["order"] < 1:
        return Unclear("order", f"Column positions start at 1 (the leftmost column), so {args['order']} is no position.")
    if (taken := _name_taken(intent.tool, args, convo, available)) is not None:
        return taken
    blocked = lifecycle_check(intent.tool, args, convo, available) or already_planned(intent.tool, args, convo)
    if blocked is not None:
        return Declined(blocked) if isinstance(blocked, Blocked) else Need(blocked)
    if intent.confirmed or intent.tool in convo.context.get("confirm_before", ()):
        return args
    if intent.tool == "create_backlog_item" and "search" in available and isinstance(args.get("title"), str) \
            and args["title"] not in lang.quoted(request) and not intent.twin_ok:
        twin = _same_title(args["title"], convo)
        if isinstance(twin, Need):
            return twin
        if twin:  # asked, not shown for a yes: a second story of one title is rarely what is meant
            return Unclear("duplicate", twin)
    if (said := _name_with_a_place(intent.tool, args, request)) is not None:
        guesses.append(f"the name '{said}'")
    if changes(intent.tool) and (slipped := slips(lang.without_quotes(request))):
        # a command word read through a slip of the keys: what would be done, and the words so read
        guesses.append(_described(intent, args) + " (" + ", ".join(f"'{typed}' read as '{read}'" for typed, read in slipped[:3]) + ")")
    if intent.tool in BOARD_WRITES and not guesses:
        # Renames, removals and archiving read from free text take away or rewrite what the team
        # sees: the offline model always shows what it understood first, guess or not.
        guesses = [_described(intent, args)]
    if guesses and changes(intent.tool):
        return Unclear("confirm", "I read this as: " + "; ".join(guesses) + ".")
    return args


def _name_taken(tool: str, args: dict, convo: Conversation, available: set[str]) -> Unclear | Need | None:
    """A new workspace or column named like one the user already has is asked about: the user
    may mean the one there is, and the service would refuse a second of that name anyway."""
    name = args.get("name")
    if not isinstance(name, str) or tool not in ("create_space", "create_column"):
        return None
    if tool == "create_space":
        have, what = [s.get("name", "") for s in convo.context.get("spaces") or []], "a workspace"
    else:
        board = latest(convo, "get_kanban_board")
        if board is None and "get_kanban_board" in available:
            return Need("get_kanban_board")
        have, what = [c["name"] for c in (board or {}).get("columns", [])], "a column"
    same = next((other for other in have if other.casefold() == name.strip().casefold()), None)
    if same is None:
        return None
    where = "You already have" if tool == "create_space" else "This board already has"
    return Unclear("name", f"{where} {what} named '{same}'; a second one needs another name.")


# Words that say where, when or how a thing is made more often than what it is called: a new
# name read from free text that holds one is shown for a yes ("Invoice export for the next sprint").
_PLACE_OR_TIME = (r"\b(?:sprint|backlog|board|column|today|tomorrow|tonight|now|asap|monday|tuesday|wednesday|thursday|"
                  r"friday|saturday|sunday|week|weeks|position|please|pls|too|also|there|here|between|after|before)\b|\d{4}-\d{2}-\d{2}")


def _name_with_a_place(tool: str, args: dict, said: str) -> str | None:
    """The new name of a create call, when it was not quoted and holds a word of place or time."""
    name = args.get("title") if tool in ("create_backlog_item", "create_task") else args.get("name")
    if not tool.startswith("create_") or not isinstance(name, str) or not name or name in lang.quoted(said):
        return None
    if tool == "create_sprint" and re.fullmatch(r"(?:sprint|iteration)\s+\d+", name, re.I):
        return None
    return name if re.search(_PLACE_OR_TIME, name, re.I) else None


def _column_place(request: str, convo: Conversation, available: set[str], guesses: list[str]) -> int | Need | Unclear:
    """"after Done", "at the far right", "right after To Do": a place said against the board's
    columns; a place word the board cannot place is shown for a yes, never left out silently."""
    data = latest(convo, "get_kanban_board")
    if data is None:
        return Need("get_kanban_board") if "get_kanban_board" in available else Unclear(
            "order", "I can't read the board here, so I can't tell where the column should go.")
    names = [c["name"] for c in data.get("columns", [])]
    placed = lang.column_place(normalize(request), names)
    if placed is None:
        placed = len(names)  # the tool's own default: just before the last column
        guesses.append(f"position {placed} (just before {names[-1]})" if names else "position 1")
    return placed


def _named_elsewhere(intent: Intent, convo: Conversation) -> int | None:
    """The other workspace a write's message names ("In Support Desk, give X 2 points"), if any."""
    if intent.elsewhere is None:
        return None
    found = _workspace(intent.elsewhere, convo.context.get("spaces") or [], [])
    return found if isinstance(found, int) and found != convo.context.get("space_id") else None


# Writes that act on one existing story or card by its id, wherever it is: naming its workspace
# says where to find it. Every other write acts in the open workspace (a new story, a column, a
# sprint), and a move needs a column of the card's own board.
_BY_ID = ("update_backlog_item", "assign_task", "create_task")


def _by_id_alone(intent: Intent) -> bool:
    return intent.tool in _BY_ID and "column_id" not in intent.refs


def _declined_there(found: int, convo: Conversation) -> Declined:
    """A write the message puts in another workspace than the open one: its tool acts in the
    open workspace only, so it is not done there by mistake."""
    current, there = _space_name(convo.context.get("space_id"), convo), _space_name(found, convo)
    return Declined(f"I can only do that in the workspace you have open ({current}), and you "
                    f"named {there}. Switch to {there} (the workspace menu), then ask me again.")


def _space_name(space: int | None, convo: Conversation) -> str:
    return next((s["name"] for s in convo.context.get("spaces") or [] if s["id"] == space), "none")


def _described(intent: Intent, args: dict) -> str:
    parts = [_shown(ref, args[name]) for name, ref in intent.refs.items() if name in args]
    parts += [f"{name.replace('_', ' ')} {value!r}" for name, value in intent.args.items()]
    return f"{intent.tool.replace('_', ' ')}: " + ", ".join(parts)


def _shown(ref: Ref, found: int) -> str:
    return f"{NOUN[ref.kind]} #{found}" + (f" '{ref.text}'" if ref.text else "")


def searchable(intent: Intent | None, available: set[str]) -> bool:
    """A request read whole whose every name the search tool can look up: no need to read the
    workspace's lists first (on a large board they would not hold the name anyway)."""
    if intent is None or intent.tool not in available or "search" not in available:
        return False
    if any(slot in ("item", "task", "title") for slot in intent.missing):
        return False  # a thing missing, or a new one with no name (another sentence may name the one meant)
    return all(ref is None or ref.pronoun or ref.kind == "member" or (ref.kind in SEARCHED and ref.text)
               for ref in intent.refs.values())


def latest(convo: Conversation, tool: str) -> Any:
    """The newest successful result of `tool` in this turn, about the open workspace (reads are
    not reused across turns; another workspace's titles are looked up in _in_other_workspace)."""
    current = convo.context.get("space_id")
    for call in reversed(convo.current.calls):
        if call.tool == tool and not call.is_error and call.args.get("space_id") in (None, current):
            return call.data
    return None


def _ref(ref: Ref, convo: Conversation, available: set[str], guesses: list[str],
         elsewhere_ok: bool = False) -> int | Need | Unclear:
    if ref.kind == "member":
        return _member(ref, convo.context)
    if ref.kind == "space" and ref.text and convo.context.get("spaces") and not ref.pronoun:
        found = _workspace(ref, convo.context["spaces"], guesses)
        if found is not None:
            return found
    if ref.pronoun:
        return _recent(ref.kind, convo, available)
    by_place = ref.kind == "sprint" and ref.text is not None and lang.ordinal_place(ref.text) is not None
    if ref.text and ref.id is None and ref.kind in SEARCHED and "search" in available and not by_place:
        found = _searched(ref, convo, available)
        if found is not None:
            return found
    tool = next((t for t in READ_FOR[ref.kind] if t in available), None)
    if tool is None:
        return Unclear(ref.kind, f"I can't look {NOUN[ref.kind]}s up here, so I can't tell which one you mean.")
    data = latest(convo, tool)
    if data is None:
        return Need(tool)
    choices = _choices(ref.kind, data)
    if ref.kind == "sprint" and ref.text == LAST_COMPLETED:
        return _last_completed(data, guesses)
    place = lang.ordinal_place(ref.text) if ref.kind in ("column", "sprint") and ref.text else None
    if place is not None and -len(choices) <= place < len(choices):
        # "the first column", "the first one" of the sprints: the board and the sprint list are in order
        if ref.kind == "sprint":
            guesses.append(f"sprint #{list(choices)[place]} '{list(choices.values())[place]}' for '{ref.text}'")
        return list(choices)[place]
    # "task 12" is card #12 unless a card is really titled so: "Review 12 comments" is no match.
    ids, exact = lang.best_match(ref.text, choices, loose=ref.id is None) if ref.text else ([], False)
    if ref.kind == "task" and ref.text and not exact and not ref.guess:
        # A card named exactly by its story ("Dashboard with sprint health" for its one card
        # "Build: Dashboard with sprint health") is named, not guessed.
        by_story = _tasks_by_item_title(ref.text, data, exact_only=True)
        if len(by_story) == 1:
            ids, exact = by_story, True
    if ids and not exact and elsewhere_ok and ref.text and ref.id is None and ref.kind in ("item", "task"):
        # "Customer cannot reset password" is near "Password reset flow" here, and exactly a
        # Support Desk ticket: the exact name wins, shown with its workspace.
        found = _in_other_workspace(ref, convo, available, guesses, exact_only=True)
        if found is not None:
            return found
    if not ids and ref.text and ref.id is None and ref.kind == "task":
        ids, exact = _tasks_by_item_title(ref.text, data), False
    if not ids and ref.text and ref.id is None and ref.kind in ("item", "task"):
        ids, exact = _loosely(ref.kind, ref.text, choices), False
    if not ids and ref.id is not None:
        if ref.id in choices:
            return ref.id
        titled = f" and none titled '{ref.text}'" if ref.text else ""
        return Unclear(ref.kind, f"There is no {NOUN[ref.kind]} #{ref.id} {WHERE[ref.kind]}{titled}.")
    if elsewhere_ok and not ids and ref.text and ref.id is None and ref.kind in ("item", "task") \
            and not _SENTENCE_BREAK.search(ref.text):
        found = _in_other_workspace(ref, convo, available, guesses)
        if found is not None:
            return found
    if len(ids) == 1 and (ref.guess or not exact) and elsewhere_ok and ref.kind in ("item", "task"):
        there = _loosely_elsewhere(ref, convo, available)
        if isinstance(there, Need):
            return there
        if there:
            here = choices.get(ids[0]) or _card_titles(data).get(ids[0], "")
            typed = (ref.typed or ref.text).casefold()
            near = [t for t in there if fuzz.ratio(typed, t[1].casefold()) >= _NEAR_EXACT]
            if len(near) == 1 and fuzz.ratio(typed, here.casefold()) < _NEAR_EXACT - 15:
                # "Customer cannot reset pasword": a slip of one letter from a ticket there, far from any title here
                guesses.append(f"{NOUN[ref.kind]} #{near[0][0]} '{near[0][1]}' of the {near[0][2]} workspace "
                               f"for '{ref.typed or ref.text}'")
                return near[0][0]
            return Unclear(ref.kind, f"'{ref.typed or ref.text}' may be #{ids[0]} '{here}' here or "
                                     + " or ".join(f"#{i} '{t}' in {w}" for i, t, w in there[:3]) + ".")
    if len(ids) == 1:
        if ref.guess or not exact:
            title = choices.get(ids[0]) or _card_titles(data).get(ids[0], "")
            guesses.append(f"{NOUN[ref.kind]} #{ids[0]} '{title}' for '{ref.typed or ref.text}'")
        return ids[0]
    return _unclear(ref, ids, choices)


_NEAR_EXACT = 90  # 0–100: a typed name this close to a title is that title with a slip of the keys


def _searched_already(convo: Conversation, args: dict):
    """This turn's search call with exactly these arguments, or None before it ran."""
    return next((c for c in reversed(convo.current.calls) if c.tool == "search" and c.args == args), None)


def _same_title(title: str, convo: Conversation) -> str | Need | None:
    """A new story titled, in unquoted words, just like one the workspace has ("add a story called
    Dark mode") may be that story misread, or a duplicate nobody wants: what there is, for a
    question. A quoted title is the user's own choice of name and is made as said."""
    args = {"query": title, "kinds": ["item"], "limit": SEARCH_LIMIT}
    call = _searched_already(convo, args)
    if call is None:
        return Need("search", args)
    hits = call.data.get("results", []) if not call.is_error and isinstance(call.data, dict) else []
    twins = [h for h in hits if h.get("kind") == "item" and str(h.get("title", "")).casefold() == title.strip().casefold()]
    if not twins:
        return None
    return f"Story #{twins[0]['id']} is already called '{twins[0].get('title', title)}'."


def _loosely(kind: str, typed: str, choices: dict[int, str]) -> list[int]:
    """'the CSV serializer over' for 'Write CSV serializer': the one run of the typed words that
    are all words of some titles names those (one is a guess, confirmed first; several, a question)."""
    catalog = Catalog({kind: choices})
    found = loose_names(typed, catalog, COMMAND_WORDS)
    return sorted(set(found[0][1].get(kind, []))) if len(found) == 1 else []


def _searched(ref: Ref, convo: Conversation, available: set[str]) -> int | Need | None:
    """The one thing named exactly so, found by the search tool without reading a whole list;
    None when the search cannot tell (no exact name, several, a guess): the lists decide then."""
    args = {"query": ref.text, "kinds": [ref.kind], "limit": SEARCH_LIMIT}
    call = _searched_already(convo, args)
    if call is None:
        return Need("search", args)
    data = call.data
    if call.is_error or not isinstance(data, dict) or ref.guess:
        return None
    # Without the whole backlog (the Scrum Master's server), an item is one open for planning.
    planning = ref.kind == "item" and "get_backlog" not in available
    hits = {h["id"]: h["title"] for h in data.get("results", [])
            if h.get("kind") == ref.kind and not (planning and h.get("status") == "DONE")}
    ids, exact = lang.best_match(ref.text, hits, loose=False)
    if planning and not ids:
        # A story named exactly but finished: the tool says why it cannot be planned, not "found no story".
        done = {h["id"]: h["title"] for h in data.get("results", []) if h.get("kind") == "item"}
        ids, exact = lang.best_match(ref.text, done, loose=False)
    return ids[0] if exact and len(ids) == 1 else None


def _found_elsewhere(query: str, kind: str, convo: Conversation, only: int | None = None) -> list[tuple[dict, dict]] | Need:
    """(workspace, id → title) the search tool finds for `query` in each other workspace of the
    user's (or the `only` one), one search each; Need the next search not run yet."""
    current = convo.context.get("space_id")
    found = []
    for space in convo.context.get("spaces") or []:
        if space["id"] == current or only not in (None, space["id"]):
            continue
        args = {"query": query, "kinds": [kind], "limit": SEARCH_LIMIT, "space_id": space["id"]}
        call = _searched_already(convo, args)
        if call is None:
            return Need("search", args)
        if not call.is_error and isinstance(call.data, dict):
            found.append((space, {h["id"]: h["title"] for h in call.data.get("results", []) if h.get("kind") == kind}))
    return found


def _in_other_workspace(ref: Ref, convo: Conversation, available: set[str], guesses: list[str],
                        only: int | None = None, exact_only: bool = False) -> int | Need | None:
    """A story or card of another of the user's workspaces (or of the `only` one the message
    names), named by its title ("give the Slow search card to Alice" said in Project Phoenix): ids
    are the same in every workspace, so the write can touch it; which one and where it is, is
    always shown for a yes first."""
    if "search" not in available:
        return None
    searched = _found_elsewhere(ref.text, ref.kind, convo, only)
    if isinstance(searched, Need):
        return searched
    found = []
    for space, hits in searched:
        ids, exact = lang.best_match(ref.text, hits, loose=not exact_only)
        if len(ids) == 1 and (exact or not exact_only):
            found.append((ids[0], hits[ids[0]], space["name"]))
    if len(found) != 1:
        return None
    ident, title, where = found[0]
    guesses.append(f"{NOUN[ref.kind]} #{ident} '{title}' of the {where} workspace")
    return ident


def _loosely_elsewhere(ref: Ref, convo: Conversation, available: set[str]) -> list[tuple[int, str, str]] | Need:
    """What a loose name fits in the user's other workspaces, by the search tool ("the password
    task": Password reset flow here, Customer cannot reset password in Support Desk)."""
    if "search" not in available:
        return []
    typed = ref.typed or ref.text
    searched = _found_elsewhere(typed, ref.kind, convo)
    if isinstance(searched, Need):
        return searched
    found: dict[int, tuple[str, str]] = {}
    for space, choices in searched:
        for ident in lang.best_match(typed, choices, loose=True)[0] or _loosely(ref.kind, typed, choices):
            found[ident] = (choices[ident], space["name"])
    return [(ident, title, where) for ident, (title, where) in found.items()]


def _unclear(ref: Ref, ids: list[int], choices: dict[int, str]) -> Unclear:
    noun = NOUN[ref.kind]
    if ids:
        options = ", ".join(f"#{i} '{choices[i]}'" for i in ids[:6])
        return Unclear(ref.kind, f"'{ref.text}' matches several: {options}.")
    near = lang.best_match(ref.text, choices, cutoff=50)[0][:3]
    hint = (" Closest: " + ", ".join(f"'{choices[i]}'" for i in near) + ".") if near else (
        " There are none yet." if not choices else "")
    return Unclear(ref.kind, f"I found no {noun} matching '{ref.text}'.{hint}")


def _last_completed(data: dict, guesses: list[str]) -> int | Unclear:
    """"the previous sprint", "the sprint we closed two weeks ago": the one completed last."""
    done = [s for s in data.get("sprints", []) if s.get("status") == "COMPLETED"]
    if not done:
        return Unclear("sprint", "No sprint here has been completed yet.")
    last = max(done, key=lambda s: (str(s.get("end_date") or ""), s["id"]))
    guesses.append(f"sprint #{last['id']} '{last['name']}' (the last one completed)")
    return last["id"]


def _choices(kind: str, data: dict) -> dict[int, str]:
    if kind == "item":
        return {i["id"]: i["title"] for i in data.get("items", [])}
    if kind == "column":
        return {c["id"]: c["name"] for c in data.get("columns", [])}
    if kind == "task":
        return {t["id"]: t["title"] for c in data.get("columns", []) for t in c.get("tasks", [])}
    if kind == "space":
        return {s["id"]: s["name"] for s in data.get("spaces", [])}
    return {s["id"]: s["name"] for s in data.get("sprints", [])}


def _card_titles(data: dict) -> dict[int, str]:
    return {t["id"]: t["title"] for c in data.get("columns", []) for t in c.get("tasks", [])}


def _tasks_by_item_title(text: str, board: dict, exact_only: bool = False) -> list[int]:
    """Users often name a card by its story ('move the CSV export story to Done')."""
    cards = [t for c in board.get("columns", []) for t in c.get("tasks", [])]
    items = {t["backlog_item"]["id"]: t["backlog_item"]["title"] for t in cards}
    ids, exact = lang.best_match(text, items)
    if exact_only and not exact:
        return []
    return [t["id"] for t in cards if ids and t["backlog_item"]["id"] in ids]


def _workspace(ref: Ref, workspaces: list[dict], guesses: list[str]) -> int | Unclear | None:
    """One of the user's workspaces by name, from the run's context (no read tool needed);
    None leaves it to the read tool."""
    if ref.text.startswith(BY_METHOD):  # "the Kanban one": the one workspace of that method, else asked
        method = ref.text[len(BY_METHOD):]
        ids = [s["id"] for s in workspaces if s.get("methodology") == method]
        if len(ids) == 1:
            return ids[0]
        return Unclear("space", f"You have {len(ids) or 'no'} {method.title()} workspaces"
                       + (": " + ", ".join(s["name"] for s in workspaces if s["id"] in ids) if ids else "") + ".")
    ids, exact = lang.best_match(ref.text, {s["id"]: s["name"] for s in workspaces})
    if len(ids) == 1:
        if not exact or ref.guess:
            guesses.append(f"workspace #{ids[0]} for '{ref.typed or ref.text}'")
        return ids[0]
    return None


def _member(ref: Ref, context: dict) -> int | Unclear:
    people = context.get("members") or []
    if ref.text == "@me" or (ref.text or "").strip().casefold() in ("me", "myself", "i"):
        return context["user_id"]
    text = ref.text.strip()
    if "@" in text:
        found = [m["user_id"] for m in people if m["email"].lower() == text.lower()]
    else:
        key = text.casefold()
        found = [m["user_id"] for m in people if m["name"].casefold() == key] or [
            m["user_id"] for m in people if m["name"].casefold().split()[0] == key]
        if not found:
            found, _ = lang.best_match(text, {m["user_id"]: m["name"] for m in people}, cutoff=85)
    if len(found) == 1:
        return found[0]
    names = {m["user_id"]: f"{m['name']} <{m['email']}>" for m in people}
    if found:
        return Unclear("member", f"'{text}' matches several members: " + ", ".join(names[i] for i in found) + ".")
    return Unclear("member", f"No member of this workspace matches '{text}'. Members: " + ", ".join(names.values()) + ".")


# Where each tool's result names the item or task it touched.
_ITEM_PATHS = {"create_backlog_item": ("item",), "update_backlog_item": ("item",), "add_to_sprint_backlog": ("item",),
               "create_task": ("backlog_item",), "move_task": ("backlog_item",)}
_TASK_PATHS = {"create_task": ("task",), "move_task": ("task",), "assign_task": ("task",)}


def _recent(kind: str, convo: Conversation, available: set[str]) -> int | Need | Unclear:
    """What 'it' means: the newest item or task the conversation touched."""
    paths = _ITEM_PATHS if kind == "item" else _TASK_PATHS
    item_id = None
    for turn in reversed(convo.turns):
        for call in reversed(turn.calls):
            data = call.data
            if call.is_error or not isinstance(data, dict):
                continue
            if call.tool in paths:
                return data[paths[call.tool][0]]["id"]
            if kind == "task" and item_id is None and call.tool in _ITEM_PATHS:
                item_id = data[_ITEM_PATHS[call.tool][0]]["id"]
    if kind == "task" and item_id is not None and "get_kanban_board" in available:
        board = latest(convo, "get_kanban_board")
        if board is None:
            return Need("get_kanban_board")
        cards = [t["id"] for c in board.get("columns", []) for t in c.get("tasks", []) if t["backlog_item"]["id"] == item_id]
        if len(cards) == 1:
            return cards[0]
        detail = f"Backlog item #{item_id} has {len(cards)} tasks" if cards else f"Backlog item #{item_id} has no task yet"
        return Unclear("task", detail + "; name the task you mean.")
    return Unclear(kind, f"I'm not sure which {NOUN[kind]} 'it' refers to; please name it.")
