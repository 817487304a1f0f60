"""What a follow-up look is about when it does not say: "show me the Support Desk board" then
"and its backlog?" is Support Desk's backlog; "what did Sprint 1 hold?" then "how about its
velocity" is Sprint 1's. Only looks carry the topic over: a write acts where the user is unless
it says otherwise, and a message that names its own workspace or sprint is about that one."""

from __future__ import annotations

import copy
import re

from apcs_app.agents.offline import language as lang
from apcs_app.agents.offline.intents import Intent
from apcs_app.agents.offline.normalize import sizes_as_points

# A look at the same place or sprint, said as a continuation of the last one.
_CONTINUES = re.compile(
    r"^\s*(?:and|also|now|then|ok(?:ay)?|so|what\s+about|how\s+about|same\s+for)\b|"
    r"\b(?:its|their|that\s+(?:one|team|workspace|space|project|sprint)|the\s+same\s+(?:one|workspace|sprint))\b",
    re.I)
_TOPICS = {
    "space_id": ("get_backlog", "get_kanban_board", "get_space_info", "get_column_tasks"),
    "sprint_id": ("get_sprint_metrics", "get_sprint_backlog"),
}


def carry_topic(intent: Intent | None, said: str, previous: Intent | None) -> None:
    """Gives `intent` the workspace or sprint `previous` was about, when `said` continues it."""
    if intent is None or previous is None or intent.elsewhere is not None or not _CONTINUES.search(said):
        return
    for slot, looks in _TOPICS.items():
        topic = previous.refs.get(slot)
        if intent.tool in looks and previous.tool in looks and topic is not None and intent.refs.get(slot) is None:
            intent.refs[slot] = copy.deepcopy(topic)


# "how about Sprint 1?", "same for Support Desk", "and for Support Desk?": the last look again,
# at the thing now named.
_ONLY_ANOTHER = re.compile(r"^\s*(?:(?:and\s+)?(?:how|what)\s+about|(?:and\s+)?(?:(?:do\s+)?the\s+)?same\s+(?:for|with|in)|and\s+(?:for|in|of)?|now\s+(?:for|do))\s+"
                           r"(?:the\s+)?[^,;.]{1,60}?\s*[?.!]*\s*$", re.I)
# Words that say which look is wanted: then the message is that look ("and what about its board").
_A_LOOK = (r"\b(?:board|backlog|columns?|cards?|tasks?|stor(?:y|ies)|items?|members?|people|team|velocity|burndown|"
           r"metrics|progress|points|status|details|info)\b")
_OURS = re.compile(r"^\W*(?:and\s+|ok(?:ay)?\W+)?(?:now\s+|then\s+)?(?:(?:what|how)\s+about\s+|same\s+for\s+|show\s+me\s+)?"
                   r"(?:ours|our\s+own|mine|my\s+own|this\s+one|the\s+current\s+one|(?:the\s+)?one\s+i'?m\s+in|here)"
                   r"(?:\s+(?:too|then|now|please))?\s*[?.!]*$", re.I)
# "no, I mean everything, done ones too": the open work was asked for, the whole backlog is meant.
_ALL_OF_IT = re.compile(r"\b(?:everything|all\s+of\s+it|all\s+(?:the\s+)?(?:items|stories|tickets)|entire|whole|full|"
                        r"including\s+(?:the\s+)?(?:done|finished|closed|completed)|(?:done|finished|closed|completed)\s+(?:ones|items|stories)\s+too)\b",
                        re.I)


def only_another_place(said: str) -> bool:
    """"and the same for Support Desk": the last look again, somewhere else; no look of its own."""
    return _ONLY_ANOTHER.match(said) is not None and not re.search(_A_LOOK, said, re.I)


def carry_look(intent: Intent | None, said: str, previous: Intent | None) -> Intent | None:
    """The look `previous` made, now at what `said` names ('how about Sprint 1?' after the
    burndown is Sprint 1's burndown), or the whole backlog when the open part was not enough."""
    if previous is None:
        return intent
    if previous.tool == "get_product_backlog" and re.search(r"^\s*(?:no|nope|and|also|actually|i\s+mean)\b", said, re.I) \
            and _ALL_OF_IT.search(said) and (intent is None or intent.tool in ("get_product_backlog", "get_backlog")):
        widened = Intent("get_backlog")
        if intent is not None and intent.refs.get("space_id") is not None:
            widened.refs["space_id"] = intent.refs["space_id"]
        return widened
    if previous.refs.get("space_id") is not None and previous.tool in _TOPICS["space_id"] and _OURS.match(said):
        home = copy.deepcopy(previous)  # "and now ours": the same look, at the workspace the user is in
        del home.refs["space_id"]
        return home
    if intent is None or not only_another_place(said):
        return intent
    for slot, looks in _TOPICS.items():
        named = intent.refs.get(slot)
        if intent.tool in looks and previous.tool in looks and intent.tool != previous.tool and named is not None \
                and named != previous.refs.get(slot):
            again = copy.deepcopy(previous)
            again.refs = {slot: intent.refs[slot]}
            return again
    return intent


# "what columns do we have?" then "add one called Staging": "one" is one of what was just asked about.
_ONE = re.compile(r"\b(add|create|make|need|want|plan|set\s+up)\s+(another\s+one|one\s+more|a\s+new\s+one|the\s+next\s+one|one)\b", re.I)
_KINDS_SAID = re.compile(r"\b(columns?|sprints?|stor(?:y|ies)|backlog\s+items?|tasks?|cards?|workspaces?|backlog|board)\b", re.I)
# What a place holds: "what's on the backlog?" then "add one more" is one more story.
_HELD = {"backlog": "story", "board": "card"}


def one_of_the_kind(said: str, before: str | None) -> str:
    """`said` with "one" spelt out as the kind of thing the user's last message was about."""
    kinds = _KINDS_SAID.findall(before or "")
    match = _ONE.search(said)
    if not kinds or match is None or _KINDS_SAID.search(said[match.end():match.end() + 30]):
        return said
    named = [k.lower() for k in kinds if k.lower() not in _HELD]  # "which columns are on the board?": columns
    kind = re.sub(r"ies$", "y", named[-1] if named else _HELD[kinds[-1].lower()])
    kind = kind[:-1] if kind.endswith("s") else kind
    said_one = match.group(2).lower()
    article = "another" if "another" in said_one or "more" in said_one else "the next" if "next" in said_one else "a new"
    rest = re.sub(r"^\s+(?:then|too|also|as\s+well)\b", "", said[match.end(2):], flags=re.I)  # "one more then: X"
    return said[:match.start(2)] + f"{article} {kind}" + rest


# "Add a column called Code Review" then "move X into it", "what's in it now?"; "create Sprint 3 …"
# then "add Onboarding checklist to it": 'it' after a place word is the column or sprint just made.
_INTO_IT = re.compile(r"\b(to|into|in|onto|for)\s+(?:it|that\s+one|this\s+one|the\s+new\s+one)\b(?!\s*(?:'s|is)\b)", re.I)
_THERE = re.compile(r"\b(?:(?:over|in|into|to)\s+)?there(?=\s*(?:[,.!?]|$|\s+(?:too|please|now|then|as\s+well|for\s+me|right\s+away)\b))", re.I)
_MADE_PLACES = ("create_column", "create_sprint")


def it_the_new_place(said: str, previous: Intent | None) -> str:
    """`said` with its 'it' after a place word spelt out as the column or sprint the last request made."""
    name = previous.args.get("name") if previous is not None and previous.tool in _MADE_PLACES else None
    into, there = len(_INTO_IT.findall(said)), len(_THERE.findall(said))
    if not isinstance(name, str) or not name or (into, there) not in ((1, 0), (1, 1), (0, 1)):
        return said
    if previous.tool == "create_sprint" and not re.search(r"\b(?:sprint|iteration)\b", name, re.I):
        name = f"sprint {name}"  # "into sprint Hardening": a sprint by a name of its own is said so
    if not into:  # "move Write CSV serializer there": there is the new place
        return _THERE.sub(f"to {name}", said, count=1)
    return _INTO_IT.sub(lambda m: f"{m.group(1)} {name}", said)


# "what's in the current sprint?" then "OK, complete it"; "plan Sprint 3 …" then "start it":
# 'it' after a sprint's verb is the sprint the last request was about.
_SPRINT_IT = re.compile(
    r"^(\W*(?:(?:ok(?:ay)?|alright|all\s+right|right|fine|great|good|cool|perfect|then|so|yes|yep|and|meh|well|hmm+|"
    r"good\s+enough|fair\s+enough|looks\s+good)\b[\s,.!]*)*"
    r"(?:(?:let'?s|please|pls|go\s+ahead\s+and|now|then|just)\s+)*"
    r"(?:complete|close(?:\s+out)?|finish|end|wrap(?:\s+up)?|start|begin|kick(?:\s+off)?|launch))\s+"
    r"(it|that(?:\s+one)?|this(?:\s+one)?)\b(?!\s+(?:to|into|in|on|for)\b)", re.I)
_SPRINT_TOPICS = ("get_sprint_backlog", "get_sprint_metrics", "create_sprint", "start_sprint", "add_to_sprint_backlog")


def it_the_sprint(said: str, previous: Intent | None) -> str:
    """`said` with its 'it' spelt out as the sprint the last request was about."""
    if previous is None or previous.tool not in _SPRINT_TOPICS or not (match := _SPRINT_IT.match(said)):
        return said
    ref = previous.refs.get("sprint_id")
    name = previous.args.get("name") if previous.tool == "create_sprint" else (ref.text if ref is not None else None)
    if previous.tool == "create_sprint" and not name:
        return said  # an unnamed new sprint: 'it' is asked about
    if isinstance(name, str) and name and not (ref is not None and ref.pronoun):
        spelt = name if re.search(r"\b(?:sprint|iteration)\b", name, re.I) else f"sprint {name}"
    else:
        spelt = "the sprint"
    return said[:match.start(2)] + spelt + said[match.end(2):]


# "Add a story 'Accessibility audit'" then "same again for 'Security audit', but with 8 points";
# "Put a Review column on the board" then "same again but called Security Check": the last new
# thing again, under the new name, with the values said now over the ones it had.
_SAME_AGAIN = re.compile(r"^\W*(?:(?:and|ok(?:ay)?|now|then|also|great|cool)\W+)*(?:same\s+again|same\s+thing(?:\s+again)?|"
                         r"(?:do\s+)?(?:that|it)\s+again|another\s+(?:one\s+)?(?:just\s+)?like\s+(?:it|that|this)|"
                         r"one\s+more\s+(?:just\s+)?like\s+(?:it|that|this))\b", re.I)
_NEW_NAME = {"create_backlog_item": "title", "create_task": "title", "create_column": "name", "create_space": "name"}


# "and another one, Profile picture cropping, same points": the name between commas, the rest kept
_ANOTHER_NAMED = re.compile(r"^\W*(?:(?:and|also|plus|ok(?:ay)?|now|then)\W+)*(?:another(?:\s+one)?|one\s+more)\s*[,:–-]\s*"
                            r"(?!(?:called|named|titled)\b)([^,;]+?)\s*[,;]\s*(?=(?:with\s+)?(?:the\s+)?same\s+(?:points|estimate|size|priority|values|again)\b)",
                            re.I)


def same_again(intent: Intent | None, said: str, previous: Intent | None) -> Intent | None:
    if previous is None or previous.tool not in _NEW_NAME or previous.missing:
        return intent
    if (named_first := _ANOTHER_NAMED.match(said)) is not None:
        match, rest, name = named_first, said[named_first.end():], named_first.group(1).strip(" '\"“”‘’")
    elif (match := _SAME_AGAIN.match(said)) is not None:
        rest = said[match.end():]
        name = _name_said(rest)
    else:
        return intent
    if not name:
        return intent
    again = copy.deepcopy(previous)
    again.args[_NEW_NAME[previous.tool]] = name
    again.guesses, again.confirmed, again.said = [], False, said
    values = rest.replace(name, " ")
    if previous.tool == "create_backlog_item":
        if (points := lang.find_points(values)) is not None:
            again.args["story_points"] = points
        if len(priorities := lang.find_priorities(values)) == 1:
            again.args["priority"] = priorities.pop()
    return again


def _name_said(rest: str) -> str | None:
    quotes = lang.quoted(rest)
    if quotes:
        return quotes[0]
    called = re.search(r"\b(?:called|named|titled|for)\s+(.+?)(?:\s*,|\s+(?:but|with|and|worth|at)\b|\s*[.!?]*$)", rest, re.I)
    return called.group(1).strip() if called else None


# "Add a story 'X' with 5 points" then "sorry, make that 8": the number alone is the points again.
# "hmm, on second thought that one's 8 points" (normalize has made "more like an 8" its points).
_VALUE_ALONE = re.compile(r"^\W*(?:(?:sorry|oops|actually|no|wait|hmm+|ah|on\s+second\s+thoughts?|thinking\s+about\s+it|"
                          r"come\s+to\s+think\s+of\s+it)\W+)*"
                          r"(?:(?:make|change)\s+(?:that|it)(?:\s+to)?|(?:that(?:\s+one)?|it|this(?:\s+one)?)(?:'s|\s+is|\s+should\s+be|"
                          r"\s+feels\s+like|\s+looks\s+like|\s+seems\s+like))\s+"
                          rf"(?:an?\s+)?({lang.NUMBER})(?:\s*(?:story\s+)?(?:points?|pts?))?(?:\s+(?:really|then|actually))?\s*[.!]*$", re.I)


def value_alone(said: str, previous: Intent | None) -> str:
    if previous is None or previous.tool != "create_backlog_item" or not (match := _VALUE_ALONE.match(sizes_as_points(said))) \
            or match.group(1).lower() in ("a", "an"):
        return said
    return f"make it {match.group(1)} points"


# "list sprints" then "what was in the first one?": 'one' is one of the sprints just listed.
_ONE_OF_THEM = re.compile(r"\b(the\s+(?:first|second|third|fourth))\s+one\b", re.I)


def one_of_the_sprints(said: str, previous: Intent | None) -> str:
    if previous is None or previous.tool != "list_sprints":
        return said
    return _ONE_OF_THEM.sub(lambda m: f"{m.group(1)} sprint", said)


def spelt_out(said: str, previous: Intent | None) -> str:
    """`said` with the pronouns and 'one's that stand for what the last request made or listed spelt
    out: the one reading the model and the router both start from."""
    return one_of_the_sprints(it_the_sprint(it_the_new_place(said, previous), previous), previous)


def it_the_thing_looked_at(intent: Intent | None, previous: Intent | None) -> None:
    """"Who's working on X?" then "switch it over to me": 'it' is the one thing the last look
    was about."""
    if intent is None or previous is None or not previous.about:
        return
    for slot, ref in intent.refs.items():
        if ref is not None and ref.pronoun and ref.kind in previous.about:
            intent.refs[slot] = copy.deepcopy(previous.about[ref.kind])
