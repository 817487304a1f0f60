"""Board requests (Workflow): columns, the board, and tasks (create, move, assign)."""

from __future__ import annotations

import datetime as dt
import re

from apcs_app.agents.offline import language as lang
from apcs_app.agents.offline.names import PLACEHOLDER
from apcs_app.agents.offline.intents.phrases import (
    AFTER_A_NAME,
    A_NEW_ITEM,
    A_NEW_STORY,
    CREATE,
    SHOW,
    ITEM_NOUNS,
    Intent,
    Ref,
    after,
    clean,
    cut,
    drop_noun,
    first_object,
    named,
    split_target,
    stated_name,
)

# "Sprint Backlog should be a new column", "QA as a new column please": the name comes first.
_NAMED_SUBJECT = r"\s*(?:(?:please|pls)\s+)?(?:(?:add|make|create)\s+)?(.+?)\s+(?:should\s+be|as|becomes?|will\s+be)\s+(?:a|an|one)\s+(?:new\s+)?column\b"


# Where a column goes is never part of its name: "named Waiting for Review to our board".
_ON_THE_BOARD = r"\s+(?:to|on|onto|in|into|for)\s+(?:the|our|this|my|your)\s+(?:\w+\s+)?(?:board|kanban)\b"
# "add another column", "one more column": how many, not what it is called.
_NO_NAME = (r"(?:another|one\s+more|(?:an?\s+)?(?:extra|additional|second|new|further)|more|one|some|other|"
            r"(?:to|on|onto|in|for)\s+(?:the|our|this|my)\s+(?:kanban\s+)?board(?:\s+(?:too|as\s+well))?)")  # "add a column to the board"


# "the devs asked for a column for blocked stuff, call it 'Blocked'": a column wished for and named is a new one.
_WANTED_AND_NAMED = (r"\b(?:asked\s+for|ask\s+for|wish\w*\s+for|want\w*|need\w*|could\s+use|love|like)\s+(?:a|an|one)\s+(?:new\s+|extra\s+)?"
                     r"(?:[\w-]+\s+){0,2}?column\b.*\b(?:call|name)\s+it\b")


# "A 'Done Done' column goes at the very end of our board": a column no one has yet, said with
# "a" and where it goes, is a new one.
_PLACED_NEW = re.compile(r"(?:^|[,;:]\s*|\b(?:so|then|and)\s+)(?:a|an)\s+(?:new\s+)?(?!new\b)(['\"“‘][^'\"”’]+['\"”’]|(?:[\w-]+\s+){1,3}?)\s*"
                         r"columns?\s+(?:goes|go|belongs|sits?|comes?|fits?|(?:should|would|could|needs\s+to|has\s+to|must)\s+"
                         r"(?:go|sit|come|be\s+(?:placed|added|put)))\b", re.I)


def read_column(text: str, plain: str, _today: dt.date) -> Intent | None:
    if not re.search(r"\bcolumns?\b", plain):
        return None
    quotes = lang.quoted(text)
    placed_new = _PLACED_NEW.search(text)
    if (re.search(CREATE, plain) and first_object(plain) == "column") or re.search(_WANTED_AND_NAMED, plain) or placed_new \
            or re.match(r"\s*(?:new\s+|another\s+)?column\s*:\s*\S", plain):  # "column: Staging, after Done"
        intent = Intent("create_column")
        name = stated_name(text, r"\s+(?:at|in|as|after|before|between)\b|" + _ON_THE_BOARD)
        if name is None and placed_new:
            name = clean(placed_new.group(1).strip("'\"“”‘’ "))
        if name is None and (colon := re.search(r"\bcolumn\s*:\s*(.+?)(?:,|;|\s+(?:at|after|before|between)\s|$)", text, flags=re.I)):
            name = clean(colon.group(1))  # "new column: Ready for Release, after Done"
        if name is None and (subject := re.match(_NAMED_SUBJECT, text, flags=re.I)):
            name = clean(subject.group(1))  # "Sprint Backlog should be a new column"
        # 'a Ready for Release column': a name said before the noun may hold 'for'
        if name is None and (before := re.search(rf"{CREATE}\s+(?:a\s+|an\s+|the\s+)?(?:new\s+)?(?!(?:a|an|the|new)\s+column\b|column\b)(.+?)\s+column\b", text, flags=re.I)):
            name = clean(before.group(1))
        if name is None:
            called = after(r"\b(?:for)\s+", text)
            if called:
                name = clean(cut(called, r"\s+(?:at|in|as|after|before|to)\b|[,.;!?]"))
        if name is None and (trailing := re.search(r"\bcolumn\s*[:\-]?\s+(?!(?:at|in|as|after|before|between)\b)(.+?)(?:\s+(?:at|in|as|after|before)\b|[,.;!?]|$)", text, flags=re.I)):
            name = clean(trailing.group(1))
        if name and not re.fullmatch(_NO_NAME, name, flags=re.I):
            intent.args["name"] = name
        else:
            intent.missing.append("name")
        position = lang.find_position(lang.without_quotes(text))
        if position is not None:
            intent.args["order"] = position
        return intent
    if re.search(MOVE_VERBS, plain) or (re.search(CREATE, plain) and first_object(plain) == "task"):
        return None  # "move X to the Done column" moves a card; "make a card … in the Done column" makes one
    column = quotes[0] if quotes else None
    if column is None and (match := re.search(r"\b(?:in|of|on|from)\s+(?:the\s+)?(.+?)\s+column\b", text, flags=re.I)):
        column = match.group(1)
    if column is None and (match := re.search(r"\bthe\s+(.+?)\s+column\b", text, flags=re.I)):
        column = match.group(1)
    if column is None and (match := re.match(r"\s*(?!(?:what|which|show|list|how|is|are|any)\b)([^,.?!]+?)\s+column\s+"
                                             r"(?:tasks|cards|items|contents)\s*[?.!]*$", text, flags=re.I)):
        column = match.group(1)  # "To Do column tasks"
    if column is None and (match := re.search(r"\bcolumn\s+(.+?)\s*[?.!]*$", text, flags=re.I)):
        column = match.group(1)
    ref = named("column", column)
    return Intent("get_column_tasks", refs={"column_id": ref}) if ref else Intent("get_kanban_board")


MOVE_VERBS = r"\b(?:move|drag|shift|push|advance|bring(?!\s+up\b)|send|pull(?!\s+up\b)(?=.*\b(?:into|back\s+(?:in|to))\b))\b"


# Who is on which card is what the board shows: "who is working on what", "what's everyone doing".
_WHO_DOES_WHAT = (r"\bwho(?:'s|\s+is|\s+are|'re)\s+(?:working\s+on|doing|on|handling)\s+what\b|"
                  r"\bwhat(?:'s|\s+is|\s+are)\s+(?:everyone|everybody|people|the\s+team|folks)\s+(?:working\s+on|doing|busy\s+with)\b")


def read_board(text: str, plain: str, _today: dt.date) -> Intent | None:
    # "kanban" alone answers "SCRUM or KANBAN?"; asked about, it is the board.
    kanban = re.search(r"\bkanban\b(?!\s+(?:one|workspace|space|project)\b)", plain) and re.search(SHOW + r"|\blook\b", plain)
    makes = re.search(r"\b(?:create|add)\b", plain) or (re.search(CREATE, plain) and first_object(plain) is not None)
    if (re.search(r"\bboard\b", plain) or kanban) and not re.search(r"\b(?:move|assign)\b", plain) and not makes:
        return Intent("get_kanban_board")
    if re.search(_WHO_DOES_WHAT, plain):
        return Intent("get_kanban_board")
    return None


# "show me all the cards", "Bob's tasks", "cards of Support Desk": the cards are what the board
# shows. Read after every other reader, so a column ("tasks in Review"), a status ("which tasks
# are done?") or a change to a card is read as that first.
_CARDS = r"\b(?:tasks|cards)\b|\b(?:all|every|each)\s+(?:of\s+)?(?:the\s+|our\s+|my\s+)?(?:tasks?|cards?)\b"
# A place that is no title: a column ("in To Do", "in the QA lane"), left to the column readers.
_A_STATE = r"\b(?:done|finished|complete[d]?|closed|to\s*do|in\s+progress|doing|blocked|in\s+review)\b"
_IN_A_COLUMN = r"\b(?:in|under|inside)\s+(?:the\s+)?(?!\ue000)\w"


def read_cards(text: str, plain: str, _today: dt.date) -> Intent | None:
    if not re.search(_CARDS, plain) or re.search(_IN_A_COLUMN, plain) or re.search(_A_STATE, plain) or re.search(
            MOVE_VERBS + r"|\b(?:assign|reassign|create|add|make|new)\b", plain):
        return None
    return Intent("get_kanban_board")


# "put a card for it in In Progress", "throw a new task on the board": a card that is not there yet
_NEW_CARD = r"\b(?:put|throw|stick|pop|drop|place)\s+(?:a|an|another|one\s+more|a\s+new|one)\s+(?:\S+\s+){0,5}?(?:task|card)s?\b"


# "add a card for X and put it straight into In Progress": the new card's column, said as a move
_THEN_PUT_IT = re.compile(r"(?:\s*,?\s+and\s+(?:then\s+)?|\s*[.?!;]\s+(?:(?:and|then|please|pls|just|also)\s+)*)"
                          r"(?:put|move|drop|place|stick|send|drag|start)\s+it\s+"
                          r"(?:(?:right|straight|directly)\s+)?(?:in|into|to|onto|on)\s+(?:the\s+)?", re.I)


# "give it a task in To Do named Y": a new card for the story just named
_GIVE_IT_A_CARD = re.compile(r"\W*give\s+(?:it|this|that)\s+(?:a|an|another|one\s+more)\s+(?:new\s+)?(?:task|card)\b", re.I)
# "Create a task named Move backlog to new board for X": the verbs in a new card's name are its name
_CARD_NAMED = rf"{CREATE}\s+(?:a|an|another|one\s+more|a\s+new|new|the)?\s*(?:new\s+)?(?:task|card|sub-?task)\s+(?:called|named|titled)\b"


def read_task(text: str, plain: str, _today: dt.date) -> Intent | None:
    if re.search(_NEW_CARD, plain) or _GIVE_IT_A_CARD.match(plain) \
            or (re.search(CREATE, plain) and first_object(plain) == "task" and (
            _THEN_PUT_IT.search(plain) or re.search(_CARD_NAMED, plain))):
        return _create_task(_THEN_PUT_IT.sub(" in the ", text, count=1))
    if re.search(A_NEW_STORY, plain) or (re.search(A_NEW_ITEM, plain) and first_object(plain) == "item"):
        return None  # "put a story in the backlog for that", "add a story 'X' … put: send …": no card is moved
    if re.search(MOVE_VERBS, plain) or (
            re.search(r"\bput\b", plain) and re.search(r"\b(?:to|into|in|under)\b", plain)):
        return _move_task(text)
    if re.search(r"\b(?:assign|reassign|hand|give)\b", plain) and re.search(r"\bto\b", plain) or re.search(r"\bassign\b", plain):
        return _assign_task(text)
    if re.search(CREATE, plain) and first_object(plain) == "task" or re.search(r"\bbreak\s+.+\s+into\s+tasks?\b", plain):
        return _create_task(text)
    # "what's in To Do?", "quick one before standup: what's still sitting in To Do?"
    asks_in = re.search(r"(?:^|[:;,.!?]\s*)\s*(?:what(?:'s|\s+is|\s+are)?|whats|which|how\s+many|show(?:\s+me)?|list)\s+(?:(?:the\s+)?(?:tasks?|cards?)\s+)?"
                        r"(?:is\s+|are\s+)?(?:still\s+)?(?:sitting\s+|left\s+|waiting\s+|stuck\s+|over\s+)?(?:in|under)\s+(?:the\s+)?(.+?)\s*[?.!]*$",
                        text.replace("’", "'"), flags=re.I)
    if asks_in and not re.search(r"\b(?:backlog|sprint|workspace|space)\b", plain):
        return Intent("get_column_tasks", refs={"column_id": Ref("column", text=clean(asks_in.group(1)))})
    return None


def _task_ref(head: str, verbs: str) -> Ref:
    """The task named before the connector: quoted, by id, by title, or 'it'."""
    head = re.sub(rf"^.*?\b(?:{verbs})\s+", "", head, count=1, flags=re.I)
    head = re.sub(r"(?:\s+(?:right\s+)?(?:back|over|across|along|forward|straight))+\s*$", "", head, flags=re.I)  # "put it back in"
    head = drop_noun(r"task|card", head)
    quotes = lang.quoted(head)
    return Ref("task", text=quotes[0]) if quotes else (named("task", head) or Ref("task", pronoun=True))


def _move_task(text: str) -> Intent:
    intent = Intent("move_task")
    # "in" of the column name "In Progress" is no connector: "move X to the In Progress column".
    head, tail = split_target(text, r"to|into|in(?!\s+progress\b)|under|onto") or (text, "")
    intent.refs["task_id"] = _task_ref(head, "move|drag|shift|push|advance|bring|send|put|pull")
    tail = re.sub(r"(?:\s+(?:too|also|as\s+well|again|now|please|then|instead|for\s+me))+\s*[?.!]*$", "", tail, flags=re.I)
    # "to In Progress, it broke", "to To Do since it's blocked": the place ends where the reason starts
    tail = cut(tail, _REASON)
    column = clean(re.sub(r"\s+column\b.*$", "", drop_noun("column", tail.strip(" ?.!")), flags=re.I))
    if column:
        intent.refs["column_id"] = named("column", column)
    else:
        intent.missing.append("column")
    return intent


_REASON = (r"\s*[,;!?]|\.(?:\s|$)|\s+-+\s+|\s+(?:because|since|cause|cos|as\s+(?:it|we|the|that)|"
           r"so\s+(?:that|we|it|bob|i)|it'?s\s+(?:blocked|broken|done|finished|waiting))\b")


def _assign_task(text: str) -> Intent:
    intent = Intent("assign_task")
    split = split_target(text, "to")
    if split is None:
        intent.missing.append("member")
        intent.refs["task_id"] = _task_ref(text.strip(" ?.!"), r"assign|reassign|hand\s+over|hand|give|pass")
        return intent
    head = re.sub(r"\s+over\s*$", "", split[0], flags=re.I)  # "hand the VAT ticket over to me"
    intent.refs["task_id"] = _task_ref(head, r"assign|reassign|hand\s+over|hand|give|pass")
    # "to bob? i'm swamped", "to me instead of Bob": the person, not the aside or who had it before
    member = clean(cut(split[1], r"[?!,;]|\.(?:\s|$)|\s+(?:instead(?:\s+of)?|rather\s+than|in\s+place\s+of|not|from)\b").strip(" ?.!"))
    if member and re.fullmatch(r"me|myself", member, flags=re.I):
        intent.refs["user_id"] = Ref("member", text="@me")
    elif member:
        intent.refs["user_id"] = Ref("member", text=member)
    else:
        intent.missing.append("member")
    return intent


def _new_card_column(text: str) -> tuple[Ref | None, str]:
    """The column a new card goes in ("… in To Do", "… into the In Progress column", "… to the
    Review column", "… in the column Done"), and the text before it. A place that ends in a
    story's noun ("under the onboarding story") is the story, not a column."""
    for match in re.finditer(r"\s+(in|into|under|on|to)\s+(?:the\s+)?", text, flags=re.I):
        place = re.match(r"(?!(?:the\s+)?(?:backlog|sprint|board)\b)((?:column\s+)?[^'\"“‘]+?)(\s+column)?\s*[.!?]*$",
                         text[match.end():], flags=re.I)
        if place is None or re.search(r"\bfor\s*$", text[: match.start()], flags=re.I):
            continue
        if PLACEHOLDER.fullmatch(place.group(1).strip()):
            continue  # "under Dashboard with sprint health": a title found is a story or card, never a column
        said_column = bool(place.group(2)) or place.group(1).lower().startswith("column ")
        if re.search(rf"\b(?:{ITEM_NOUNS})\s*$", place.group(1), flags=re.I) or (
                match.group(1).lower() in ("to", "on") and not said_column):  # "on the help center" is a title's
            continue
        return Ref("column", text=clean(drop_noun("column", place.group(1)))), text[: match.start()]
    return None, text


_TITLE_SAID = r"\b(?:something\s+like|(?:call|name|title)\s+it|called|named|titled)\s*:?\s*['\"“‘]([^'\"”’]+)['\"”’]"


def _create_task(text: str) -> Intent:
    intent = Intent("create_task")
    quotes = lang.quoted(text)
    blanked = lang.without_quotes(text)
    after_task = re.search(r"\b(?:task|card)s?\b", blanked, flags=re.I)
    tail = text[after_task.end():] if after_task else text
    # "a task for it, 'Calendar month view'": the pointer says whose card it is, the quote its title
    titled = re.match(r"(\s+(?:for|to|under|on)\s+(?:it|this|that)(?:\s+one|\s+story)?\s*[,:—–-]?)?"
                      r"\s*(?:called|named|titled|:)?\s*['\"“‘]([^'\"”’]+)['\"”’]", tail, flags=re.I)
    title = titled.group(2) if titled else None
    pointed = bool(titled and titled.group(1))
    if title is None and (said := re.search(_TITLE_SAID, text, flags=re.I)):
        title = said.group(1)  # "…, something like 'Document CSV export options'", "call it 'X'"
    if title is None and (called := re.search(r"\b(?:called|named|titled|(?:call|name|title)\s+it)\s+(.+?)(?:\s+(?:for|in|on|under)\b|"
                                              r"\s+to\s+(?:it|this|that|them)\b|" + AFTER_A_NAME + "|$)", tail, flags=re.I)):
        title = clean(called.group(1))
    if title is None and (given := re.search(r"\btitle(?:d|\s+is|\s+should\s+be|\s*[:=])?\s*['\"“‘]([^'\"”’]+)['\"”’]", text, flags=re.I)):
        title = given.group(1)  # "…, its title is 'Check search index'"
    if title is None and (colon := re.search(r"^\s*(?:(?:is\s+)?(?:still\s+)?missing\s+)?(?:for|on|under|to|in)\s+[^:'\"“‘]+:\s*"
                                             r"(?:['\"“‘]([^'\"”’]+)['\"”’]|([^'\"“‘].*?))\s*[.!]*$", tail, flags=re.I)):
        # "task for SAML: write metadata parser", "a card missing on the refund ticket: 'Email finance'"
        title = colon.group(1) or clean(colon.group(2))
        text = text[:len(text) - len(tail)] + tail[:colon.start(1 if colon.group(1) else 2)].rstrip(": '\"“‘")
    if title:
        intent.args["title"] = title
    item_quotes = [q for q in quotes if q != title]
    if title is None and (before := re.search(r"['\"“‘]([^'\"”’]+)['\"”’]\s+(?:task|card)s?\b", text, flags=re.I)):
        title = before.group(1)  # "put a 'Unit tests' task on X"
        intent.args["title"] = title
        item_quotes = [q for q in quotes if q != title]
    # "… in To Do named 'Write export query'": the name said is no part of where the card goes
    column_ref, body = _new_card_column(re.sub(r"\s*\b(?:called|named|titled|(?:call|name|title)\s+it)\s*:?\s*['\"“‘][^'\"”’]+['\"”’]", "",
                                               text, flags=re.I) if title else text)
    if _GIVE_IT_A_CARD.match(body) or pointed:
        intent.refs["backlog_item_id"] = Ref("item", pronoun=True)  # "give it a task …": the story just named
        if column_ref is not None:
            intent.refs["column_id"] = column_ref
        return intent
    if column_ref is not None:
        intent.refs["column_id"] = column_ref
    if item_quotes:
        intent.refs["backlog_item_id"] = Ref("item", text=item_quotes[0])
        return intent
    if subject := re.match(r"\s*(?:the\s+|our\s+)?(.+?)\s+(?:story\s+|item\s+|ticket\s+)?(?:really\s+|still\s+)?needs?\s+(?:a|an|another|one\s+more)\s+"
                           r"(?:new\s+|separate\s+|own\s+)?(?:task|card)s?\b", lang.without_quotes(body), flags=re.I):
        # "the onboarding checklist needs a card on the board …": the story is what needs it
        said = re.split(r"\b(?:and|but|so|then)\s+(?:the\s+|our\s+)?|[,;:]\s*", subject.group(1), flags=re.I)[-1]
        if (ref := named("item", said)) is not None and "\x00" not in said:
            intent.refs["backlog_item_id"] = ref
            return intent
    # The thing is named in the sentence that asks for the card: "X needs work. Create a task for it."
    # "… for the charts, so add a task … under X": the story is said after the card's noun when it is there
    connector = r"\b(?:for|of|on|from|to|under)\s+((?:(?![.!?;]\s).)+)$"
    if isinstance(intent.args.get("title"), str) and intent.args["title"] in body:
        body = body.replace(intent.args["title"], "\x00")  # the new card's own words name no story ("Move backlog to new board")
    card_noun = re.search(r"\b(?:task|card)s?\b", lang.without_quotes(body), flags=re.I)
    target = (re.search(connector, lang.without_quotes(body)[card_noun.end():], flags=re.I) if card_noun else None) \
        or re.search(connector, lang.without_quotes(body), flags=re.I)
    fragment = target.group(1) if target else ""
    # "for the ticket X one task, its title is …": the thing ends where the new card is said.
    fragment = cut(fragment, r"\s+(?:(?:one|a|an|new|another)\s+)?(?:task|card)s?\b|\s*[,;]|\s+(?:called|named|titled)\b")
    # "a task to the dashboard story for the chart legend": after the story, what the card is for
    purpose = re.match(rf"(.+?\b(?:{ITEM_NOUNS}))\s+(?:for|about)\s+(.+?)\s*[.!?]*$", fragment, flags=re.I)
    if purpose:
        fragment = purpose.group(1)
        if "title" not in intent.args and (said := clean(drop_noun("the|a|an", purpose.group(2)))):
            intent.args["title"] = said
            intent.guesses.append(f"title '{said}' (what the card is for)")
    fragment = drop_noun(ITEM_NOUNS, fragment)
    fragment = re.sub(rf"\s+(?:{ITEM_NOUNS})\s*[.!?]*$", "", fragment.strip(" \t,;:"), flags=re.I)
    ref = Ref("item", pronoun=True) if re.fullmatch(r"(?:it|this(?:\s+one)?|that(?:\s+one)?)", fragment.strip(" .!?"),
                                                    flags=re.I) else named("item", fragment)
    if ref is not None and "\x00" not in fragment:
        intent.refs["backlog_item_id"] = ref
    else:
        intent.missing.append("item")
    return intent
