"""Backlog requests (Workflow): create, list and update backlog items."""

from __future__ import annotations

import datetime as dt
import re

from apcs_app.agents.offline import language as lang
from apcs_app.agents.offline.names import PLACEHOLDER
from apcs_app.agents.offline.intents.phrases import (
    A_NEW_ITEM,
    A_NEW_STORY,
    CREATE,
    NAMING,
    ITEM_NOUNS,
    OBJECT_NOUNS,
    SHOW,
    Intent,
    after,
    check_points,
    clean,
    cut,
    drop_noun,
    first_object,
    named,
    split_target,
    stated_name,
)


# "with", "at" and "of" end a title only before a value ("of 5 points", "at high priority"):
# "Email digest of overdue tasks" and "Sign in with Google" are titles.
_VALUE_AHEAD = (rf"(?=\s+(?:a\s+|an\s+|the\s+)?(?:{lang.NUMBER}\s*(?:story\s+)?(?:points?|pts|sp)\b|\d|"
                r"(?:low|medium|normal|high|critical|urgent)\b|priority|description|details|estimate|acceptance|points?\b))")
_ATTRIBUTE_STOP = (
    rf"\s*,|\s+(?:with|at|of){_VALUE_AHEAD}|\s+(?:worth|estimated|estimate|sized|priority|and\s+(?:it'?s?|give|set|make))\b|"
    r"\s+(?:low|medium|normal|high|critical|urgent)\s+priority\b|\s+\(|\s*[.;!?]+\s*$|[.;!?]+\s+|\s+-\s+|\s*[—–]\s*"
)


# After a naming word, a story's title runs up to its points or priority ("called Proof of
# concept for admins worth 5 points").
_STATED_TITLE_END = (r"\s+(?:with|worth|estimated|estimate|sized|priority)\b|"
                     r"\s+(?:low|medium|normal|high|critical|urgent)\s+priority\b|\s+\d+\s*(?:story\s+)?(?:points?|pts)\b")
_WHERE_ITEMS_GO = r"(?:(?:to|on|in|into|onto)\s+)?(?:the\s+|our\s+|my\s+)?(?:product\s+|sprint\s+)?(?:backlog|board|sprint)"


# "story: Session timeout warning, 2pts, critical": a kind, a title and its values as a list,
# the way a ticket is written down; a label before other words may be a request about that story.
_SPEC_VALUE = (r"(?:\d+\s*(?:story\s+)?(?:points?|pts|sp)|(?:low|medium|high|critical)(?:\s+(?:priority|prio))?|"
               r"(?:priority|prio)\s+\w+)")
_LABELLED_SPEC = re.compile(rf"\s*(?:backlog\s+item|item|story|bug|ticket)\s*:\s*[^,;?]+[,;]\s*{_SPEC_VALUE}"
                            rf"(?:(?:\s*[,;]\s*|\s+(?:and\s+)?){_SPEC_VALUE})*\s*[.!]?\s*$", re.I)


# "story 'Avatar upload' 2pts low": a kind, a quoted title and its values, no verb.
_QUOTED_SPEC = re.compile(r"\s*(?:new\s+)?(?:backlog\s+item|item|story|bug|ticket)\s*[:,-]?\s*['\"“‘][^'\"”’]+['\"”’]"
                          r"(?:[\s,;]+(?:\d+\s*(?:story\s+)?(?:points?|pts|sp)|(?:low|medium|high|critical)(?:\s+(?:priority|prio))?|"
                          r"priority\s+\w+))+\s*[.!]?\s*$", re.I)


# "Log a bug as a backlog item: 'X'. Make it critical": a new story said with its label first;
# the verbs of change after it give its values.
_NEW_LABELLED = (rf"{CREATE}\s+(?:a|an)\s+(?:new\s+)?(?:[\w-]+\s+)?(?:story|item|bug|ticket|feature)\b"
                 r"(?:\s+as\s+(?:a|an)\s+(?:new\s+)?(?:backlog\s+item|story|item))?\s*:")


def read_item(text: str, plain: str, _today: dt.date) -> Intent | None:
    if re.search(r"\bbacklog\b|\b(?:every|all(?:\s+the)?|each)\s+(?:tickets|items|stories|backlog\s+items|ticket|item|story)\b", plain) \
            and re.search(SHOW, plain) and not re.search(CREATE, plain) \
            and not re.search(r"\b(?:set|change|update|mark|rename)\b", plain):
        return Intent("get_backlog")
    to_backlog = re.search(r"^\s*(?:add|put|stick|throw|pop|drop|track|log|record|capture|file|keep)\s+(.+?)\s+(?:to|in|into|on|onto)\s+(?:the\s+|our\s+|my\s+)?"
                           r"(?:product\s+)?backlog\b", text, flags=re.I) or (
        re.search(r"\b(?:add|put|stick|throw|pop|get|drop)\s+(?:that|this|it)\s+(?:on|onto|in|into|to)\s+(?:the\s+|our\s+)?backlog\b",
                  plain) and re.search(NAMING + r"|\bas\s+['\"“‘]", text, flags=re.I))
    if (re.search(r"\b(?:set|change|update|mark|make|rename|re-?estimate|estimate|bump|raise|lower|prioriti[sz]e|flag|close|reopen|edit)\b", plain)
            or re.search(r"\bgive\b.*\b(?:points?|pts|priority|description)\b", plain)) \
            and not (re.search(r"\b(?:create|add|new)\b", plain) and first_object(plain) == "item") \
            and not re.search(A_NEW_STORY, plain) and not re.search(_NEW_LABELLED, plain) and not to_backlog \
            and not re.search(A_NEW_ITEM, plain):
        intent = _update_item(text, plain)
        if intent is not None:
            return intent
    creating = re.search(CREATE, plain) and (first_object(plain) == "item" or (
        first_object(plain) is None and lang.quoted(text) and re.search(r"\b(?:points?|pts|priority|worth)\b", plain)))
    if creating or to_backlog or re.match(r"\s*(?:new|todo|to-do)\s*(?:item|story|bug|ticket)?\s*:", text, flags=re.I) \
            or _LABELLED_SPEC.match(text) or _QUOTED_SPEC.match(text):
        return _create_item(text, to_backlog.group(1) if to_backlog and not creating else None)
    return None


def _create_item(text: str, title_hint: str | None) -> Intent:
    intent = Intent("create_backlog_item")
    title = stated_name(text, _STATED_TITLE_END)
    if title is None and title_hint:
        title = clean(title_hint)
    elif title is None:
        # "another bug report from the pilot customers. … Could you log that as a story?": the
        # noun of the request is the one after its verb, not one in the talk before it
        verb = re.search(CREATE, text, flags=re.I)
        nouns = re.compile(rf"(?:{OBJECT_NOUNS[-1][1]})(?!\s*(?:points?|pts)\b)", re.I)  # "story points" is a unit
        noun = nouns.search(text, verb.start() if verb else 0) or nouns.search(text)
        tail = text[noun.end():] if noun else text
        tail = re.sub(r"^\s*(?:(?:in|up|going|written|logged|added|created|opened)\s+(?=for\b|about\b))?(?::|-|—|–|called|named|titled|for|to|about|that|which)\s*", "", tail, flags=re.I)
        title = clean(cut(tail, _ATTRIBUTE_STOP))
        if title and re.fullmatch(_WHERE_ITEMS_GO, title, flags=re.I):
            title = None  # "add a 5-point story to the backlog": where it goes, not what it is called
    if title and re.match(r"(?:but|and|so|because|though|although|if|when|i|i'm|we|we're|you)\b", title, flags=re.I):
        title = None  # "add a story but I don't know what to call it yet": a clause, no title
    attributes = text.replace(title or "\x01", " ") if title else text
    if (title and re.fullmatch(_POINTS_BACK, title, flags=re.I)) or (not title and (re.search(
            rf"\b(?:story|item|ticket|bug|feature)\s+(?:for|about|on|covering)\s+{_POINTS_BACK}\s*(?:[,.;!?]|$)", text, flags=re.I)
            or re.search(r"\b(?:add|put|stick|log|file|capture|get|throw|pop)\s+(?:that|this|it)\b", text, flags=re.I))):
        # "Customers keep asking to bulk-import users. Add a story for that?": 'that' is no title;
        # what the sentence before asks for may be, shown first
        title, why = _asked_for_before(text), "what you said is wanted"
        if not title:
            title, why = _reported_before(text), "what you reported just before"
        if title:
            intent.guesses.append(f"the title '{title[0].upper() + title[1:]}' ({why})")
    if title:
        intent.args["title"] = title[0].upper() + title[1:]
    else:
        intent.missing.append("title")
    described = lang.quoted_after(r"description|described|details|acceptance\s+criteria", text) or after(
        r"\b(?:description|details|acceptance\s+criteria)\s*(?::|is|=|(?:should\s+)?(?:put|say|says|read|reads|be)\s*:)\s*", attributes)
    if described and (values_next := re.search(r"(?<=\.)\s+(?=[^.]*\b(?:points?|pts|priority|low|medium|high|critical)\b)", described)):
        described = described[: values_next.start()]  # "…: email people before it's due. 3 points I think"
    if described:
        intent.args["description"] = described.strip(" .\"'")
        attributes = attributes.replace(described, " ")
    points = lang.find_points(attributes)
    if points is not None:
        intent.args["story_points"] = points
    priorities = lang.find_priorities(attributes)
    if len(priorities) > 1:
        intent.missing.append("priority")
        intent.note = "you named more than one priority"
    elif priorities:
        intent.args["priority"] = priorities.pop()
    check_points(intent, points)
    return intent


# Words that point back at what was said, never a story's title.
_POINTS_BACK = r"(?:that|this|it|them|those|these|this\s+one|that\s+one|one|something|that\s+idea|this\s+idea|that\s+request|this\s+request)"
# What people are said to want: "customers keep asking to bulk-import users from a spreadsheet, …"
_WANTED = re.compile(r"\b(?:asking|asked|ask|want|wants|wanted|need|needs|needed|would\s+like|requested|requesting|request|"
                     r"begging|begged)\s+(?:us\s+|me\s+|you\s+)?(?:for\s+|to\s+)?(?:be\s+able\s+to\s+)?(?:a\s+way\s+to\s+)?"
                     r"([^,.;!?]{6,80}?)\s*(?=[,.;!?]|\s+(?:and|but|so)\s+(?:it|this|that|we|they)\b|$)", re.I)


def title_from_what_is_wanted(intent: Intent, text: str) -> None:
    """A new story with no name, asked for after sentences that say what is wanted ("We need a
    way to merge contacts. Add that to the backlog."): that is its title, shown first."""
    if intent.tool != "create_backlog_item" or "title" not in intent.missing or not (title := _asked_for_before(text)):
        return
    intent.args["title"] = title[0].upper() + title[1:]
    intent.missing.remove("title")
    intent.guesses.append(f"the title '{intent.args['title']}' (what you said is wanted)")


def _asked_for_before(text: str) -> str | None:
    """What an earlier sentence says someone wants, when the request itself points back at it."""
    noun = re.search(r"\b(?:story|item|ticket|bug|feature|backlog)\b", text, flags=re.I)
    before = re.sub(r"[^.!?]*$", "", text[: noun.start()]) if noun else ""
    found = [m.group(1).strip() for m in _WANTED.finditer(before)]
    return found[-1] if found else None


def _reported_before(text: str) -> str | None:
    """"The date picker is broken in Safari. Could you log that as a story?": what the sentence
    just before reports is what 'that' is."""
    pointer = re.search(r"\b(?:add|put|stick|log|file|capture|get|throw|pop|track|record|write)\s+(?:that|this|it)\b", text, flags=re.I)
    sentences = re.findall(r"[^.!?]+[.!?]", text[: pointer.start()]) if pointer else []
    if not sentences:
        return None
    said = re.sub(r"^\s*(?:(?:so|ok(?:ay)?|right|well|ugh|also|and|but|basically|honestly|anyway)\b[,\s]*)+", "",
                  sentences[-1].strip(" .!?"), flags=re.I)
    words = said.split()
    # A statement of a few words is a report; a question, a greeting or a whole story is not.
    if sentences[-1].rstrip().endswith("?") or not 3 <= len(words) <= 14 or re.match(
            r"(?:i|we|you|can|could|would|will|please|thanks|hi|hey|hello|morning)\b", said, flags=re.I):
        return None
    return said


# Where the story stands beside the word: "the description of X", "X's description", "X story description".
_DESCRIPTION_OF = re.compile(r"^(?:the\s+)?description\s+(?:of|for|on)\s+|(?:'s|’s)?\s+(?:story\s+|item\s+)?description\s*:?$", re.I)


def _description_split(text: str) -> tuple[str, str] | None:
    """A new description is free text ("to: shown to new users"): it starts at the first "to",
    "as" or colon after the word description; the story's own name stands masked by then."""
    plain = lang.without_quotes(text)
    word = re.search(r"\bdescription\b", plain, flags=re.I)
    start = re.compile(r"\s+(?:to|as)\s*:?\s+|\s*:\s+").search(plain, word.end()) if word else None
    return (text[: start.start()], text[start.end():]) if start else split_target(text, "to|as")


# The thing an update names between its verb and the value, when no "to" parts them.
_VERB_THEN_THING = (r"\b(?:set|change|update|make|mark|bump|raise|lower|give|flag|estimate|re-?estimate|size)\s+(.+?)\s+"
                    rf"(?:as\s+|at\s+)?(?:an?\s+)?(?:{lang.NUMBER}\b|low\b|medium\b|high\b|critical\b|urgent\b|top\b|"
                    r"done\b|finished\b|complete\b|in\s+progress\b|to\s*-?do\b|(?:story\s+)?points?\b|priority\b)")


def _update_item(text: str, plain: str) -> Intent | None:
    intent = Intent("update_backlog_item")
    quotes = lang.quoted(text)
    updates: dict = {}
    item_text: str | None = quotes[0] if quotes else None
    if re.search(r"\brename\b", plain) or re.search(r"\btitle\b", plain):
        split = split_target(text, "to|as")
        if split:
            new = lang.quoted(split[1])
            updates["title"] = new[0] if new else clean(split[1])
            head_quotes = lang.quoted(split[0])
            item_text = head_quotes[0] if head_quotes else clean(re.sub(
                r"^.*?\b(?:rename|change|set|update)\s+(?:the\s+)?(?:title\s+of\s+)?(?:the\s+)?(?:backlog\s+item|item|story)?\s*", "",
                split[0], count=1, flags=re.I))
    elif re.search(r"\bdescription\b", plain):
        split = _description_split(text)
        if split:
            new = lang.quoted(split[1])
            updates["description"] = new[0] if new else split[1].strip(" .:")
            head_quotes = lang.quoted(split[0])
            # The quote said after "to" is the new text, not the story: the story is in the head.
            item_text = head_quotes[0] if head_quotes else clean(_DESCRIPTION_OF.sub("", re.sub(
                r"^.*?\b(?:set|change|update|edit|make|give)\s+", "", split[0], count=1, flags=re.I)))
    else:
        value_part = text
        if not quotes:
            split = split_target(text, "to|as|at")
            if split:
                item_text = split[0]
                value_part = split[1]
            elif (status_tail := re.search(r"\s+(?:" + "|".join(map(re.escape, lang.STATUS_WORDS)) + r")\s*[.!]*$", text, flags=re.I)):
                item_text, value_part = text[: status_tail.start()], status_tail.group(0)
        else:
            value_part = lang.without_quotes(text).split("\x00")[-1]
        if re.search(r"\b(?:points?|estimate|estimated|re-?estimate|size|sp)\b", plain):
            number = lang.find_points(value_part) or lang.to_number(re.sub(r"[^\w\s-]", "", value_part).strip().split(" ")[0] or "x")
            if number is None:
                found = [n for n in re.findall(rf"\b{lang.NUMBER}\b", value_part.lower()) if n not in ("a", "an")]
                number = lang.to_number(found[-1]) if found else None
            if number is not None and lang.undecided_points(re.sub(PLACEHOLDER, " ", text)):
                intent.missing.append("story_points")
                intent.note = "you named more than one estimate"
            elif number is None:
                intent.missing.append("story_points")
            else:
                updates["story_points"] = number
                check_points(intent, number)
        if re.search(r"\bpriority\b|\bprioriti[sz]e\b|\b(?:bump|raise|lower)\b", plain) or (
                re.search(r"\b(?:make|flag|mark|give)\b", plain) and lang.find_priority(value_part)):
            named_priorities = lang.find_priorities(value_part) or lang.find_priorities(plain)
            priority = named_priorities.pop() if len(named_priorities) == 1 else None
            if priority:
                updates["priority"] = priority
            elif re.search(r"\bpriority\b", plain):
                intent.missing.append("priority")
        if re.search(r"\b(?:mark|status|set|move|close|reopen|flag)\b", plain) and "story_points" not in updates and "priority" not in updates:
            status = lang.find_status(value_part)
            if status is None and re.search(r"\bclose\b", plain):
                status = "DONE"
            if status is None and re.search(r"\breopen\b", plain):
                status = "TODO"
            if status:
                updates["status"] = status
            elif re.search(r"\b(?:mark|status)\b", plain):
                intent.missing.append("status")
    if not updates and not intent.missing:
        return None
    if item_text is None and not quotes and (said := re.search(_VERB_THEN_THING, text, flags=re.I)):
        item_text = said.group(1)  # "make it 5 points", "flag that one critical": the thing before its value
    if item_text is None and set(updates) == {"status"} and re.search(r"\b(?:close|reopen)\b", plain):
        item_text = text  # "close the X card": the thing is what follows the verb
    if item_text is not None:
        # "reopen the audit log task and put it back in To Do": the second clause says the same of it
        item_text = cut(item_text, _SAME_AGAIN)
    if item_text is not None and not quotes:
        item_text = re.sub(
            r"^.*?\b(?:set|change|update|mark|make|rename|re-?estimate|estimate|bump|raise|lower|prioriti[sz]e|flag|close|reopen|edit)\s+",
            "", item_text, count=1, flags=re.I)
        item_text = re.sub(r"^(?:the\s+)?(?:story\s+points?|points?|priority|status|estimate|size)\s+(?:of|for|on)\s+", "", item_text.strip(), flags=re.I)
        item_text = drop_noun(ITEM_NOUNS, item_text)
        item_text = re.sub(r"\s+(?:'s\s+)?(?:story\s+points?|points?|priority|status|estimate)$", "", item_text.strip(), flags=re.I)
    if item_text and re.fullmatch(r"(?:the\s+|this\s+|our\s+)?(?:current\s+|active\s+)?(?:sprint|iteration)(?:\s+(?:\d+|\ue000\d+\ue001))?",
                                  item_text.strip(), flags=re.I):
        return None  # "mark the sprint as done" is about the sprint, not an item
    ref = named("item", item_text) if item_text else None
    if ref is None:
        intent.missing.append("item")
    else:
        intent.refs["item_id"] = ref
    intent.args["updates"] = updates
    return intent


_SAME_AGAIN = (r"\s+(?:and\s+(?:then\s+)?|by\s+)(?:put|puts|putting|move|moving|send|sending|drag|dragging|push|pushing|"
               r"set|setting|mark|marking|make|making|bring|bringing)\s+(?:it|that|this|them)\b")
