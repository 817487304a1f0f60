"""The words requests are made of, in one place: what people say to be polite, the verbs and
nouns the readers act on, and how statements and questions say the same as commands."""

from __future__ import annotations

# Said around a request, never part of it ("could you please …", "… thanks").
POLITE_LEAD = (
    r"(?:(?:hey|hi|hello|ok(?:ay)?|so|alright|right|um+|uh+)[,!.]?\s+)*"
    r"(?:(?:could|can|would|will)\s+(?:you|u)\s+(?:please\s+|kindly\s+|maybe\s+|just\s+)?(?:mind\s+)?"
    r"|(?:i'?d|i\s+would|we'?d|we\s+would)\s+like\s+(?:you\s+)?to\s+"
    r"|i\s+(?:want|need)\s+you\s+to\s+|please[,\s]\s*|kindly\s+|go\s+ahead\s+and\s+|just\s+"
    r"|(?:is|would)\s+it\s+(?:be\s+)?possible\s+to\s+|is\s+there\s+a\s+way\s+to\s+"
    r"|(?:let'?s|let\s+us)\s+(?!see\b|look\b|check\b|have\b)"
    r"|(?:i|we)\s+(?:need|want|have)\s+to\s+|(?:i|we)\s+(?:should|must|ought\s+to)\s+)+"
)
POLITE_TAIL = r"(?:[,\s]+(?:please|pls|plz|thanks|thank\s+you|thx|for\s+me|if\s+you\s+can|when\s+you\s+can))+\s*[.!?]*\s*$"

# Words the typo fixer may correct to (command words only: a title's words are never "fixed").
COMMAND_WORDS = frozenset("""
move drag shift push advance send assign reassign create add make update change rename estimate
set mark show list display view describe complete finish close start begin launch plan schedule
backlog board column columns sprint sprints task tasks card cards item items story stories
priority points status velocity burndown workspace workspaces space spaces project projects member members
progress done critical medium high low urgent metrics current active next previous
scrum kanban called named titled description product planning commit committed
starting beginning ending until after before between position
today tomorrow yesterday week weeks days month monday tuesday wednesday thursday friday saturday sunday
""".split())

# Short everyday words a request is built of: a slip in one ("teh", "nto", "wat") is fixed too.
SHORT_WORDS = frozenset("the not what this that with from into onto under add put new all who how whats".split())

# Other words people use for the product's things, and shorthand (the product's word on the right).
SYNONYMS = {
    "col": "column", "cols": "columns", "colum": "column", "lane": "column", "lanes": "columns",
    "stage": "column", "stages": "columns", "swimlane": "column",
    "iteration": "sprint", "iterations": "sprints",
    "prio": "priority", "pri": "priority",
    "pts": "points", "pt": "point",
    "wk": "week", "wks": "weeks", "wk's": "weeks", "hrs": "hours",
    "tmrw": "tomorrow", "tmr": "tomorrow", "tomoz": "tomorrow", "tmw": "tomorrow",
    "mk": "make", "ad": "add", "ws": "workspace", "proj": "project", "desc": "description",
    # chat shorthand and the slips every keyboard makes in the small words
    "r": "are", "u": "you", "ur": "your", "pls": "please", "plz": "please", "wat": "what", "wot": "what",
    "wich": "which", "whcih": "which", "waht": "what", "hte": "the", "abt": "about", "w/": "with",
}

# Said of a card or story, they tell its state ("Finished the CSV serializer", "Bob's taking X").
STATE_WORDS = frozenset("""
finished finish completed wrapped shipped resolved fixed closed delivered merged deployed released started
starting begun picked underway working owns own taking take handle handling grab needs
""".split())

# A status or column word that is also a column's name is read as a word, not spotted as a title.
NOT_TITLES = frozenset({"to do", "todo", "in progress", "done", "doing", "review", "blocked", "backlog"})

PRIORITY = r"(?:low|lowest|minor|trivial|medium|normal|moderate|high|major|important|critical|urgent|blocker|highest|top)"
DONE_WORDS = r"(?:done|finished|complete|completed|closed|shipped|resolved|fixed)"
# "Bob should work on X", "Can Bob take X?", "Bob will handle X": X is Bob's.
TAKES = (r"(?:works?\s+on|takes?\s+care\s+of|takes?(?:\s+over)?|handles?|picks?\s+up|owns?|does|do|looks?\s+(?:at|into)|grabs?|tackles?|"
         r"gets?|deals?\s+with|is\s+(?:working\s+on|on|taking(?:\s+over)?|handling|doing)|"
         r"be\s+(?:working\s+on|on|assigned(?:\s+to)?|responsible\s+for|in\s+charge\s+of))")
MODAL = r"(?:should|will|can|could|shall|is\s+going\s+to|'?ll|is\s+to|has\s+to|needs\s+to|must|may)"
