"""The words requests are made of, in one place: what people say to be polite, the verbs and
nouns the readers act on, and how statements and questions say the same as commands."""

from __future__ import annotations

# Said around a request, never part of it ("could you please …", "… thanks").
POLITE_LEAD = (
    r"(?:(?:hey|hi|hello|ok(?:ay)?|so|alright|right|um+|uh+)[,!.]?\s+)*"
    r"(?:(?:could|can|would|will)\s+(?:you|u)\s+(?:please\s+|kindly\s+|maybe\s+|just\s+)?(?:mind\s+)?"
    r"|(?:i'?d|i\s+would|we'?d|we\s+would)\s+like\s+(?:you\s+)?to\s+"
    r"|i\s+(?:want|need)\s+you\s+to\s+|please\s+|kindly\s+|go\s+ahead\s+and\s+|just\s+"
    r"|(?:let'?s|let\s+us)\s+(?!see\b|look\b|check\b|have\b)"
    r"|(?:i|we)\s+(?:need|want|have)\s+to\s+|(?:i|we)\s+(?:should|must)\s+)+"
)
POLITE_TAIL = r"(?:[,\s]+(?:please|pls|plz|thanks|thank\s+you|thx|for\s+me|if\s+you\s+can|when\s+you\s+can))+\s*[.!?]*\s*$"

# Words the typo fixer may correct to (command words only: a title's words are never "fixed").
COMMAND_WORDS = frozenset("""
move drag shift push advance send assign reassign create add make update change rename estimate
set mark show list display view describe complete finish close start begin launch plan schedule
backlog board column columns sprint sprints task tasks card cards item items story stories
priority points status velocity burndown workspace workspaces space spaces project projects member members
progress done critical medium high low urgent metrics current active next previous
scrum kanban called named titled description position
show sprint backlog
""".split())

# Shorthand people type for a command word.
SHORTHAND = {"ad": "add", "ws": "workspace", "pos": "position", "col": "column", "cols": "columns", "pts": "points",
             "pls": "please", "asap": "urgent", "sprnt": "sprint", "tsk": "task", "mv": "move", "info": "describe",
             "u": "you", "ur": "your", "wip": "in progress"}

# A status or column word that is also a column's name is read as a word, not spotted as a title.
NOT_TITLES = frozenset({"to do", "todo", "in progress", "done", "doing", "review", "blocked", "backlog"})

PRIORITY = r"(?:low|lowest|minor|trivial|medium|normal|moderate|high|major|important|critical|urgent|blocker|highest|top)"
DONE_WORDS = r"(?:done|finished|complete|completed|closed|shipped|resolved|fixed)"
# "Bob should work on X", "Can Bob take X?", "Bob will handle X": X is Bob's.
TAKES = (r"(?:works?\s+on|working\s+on|takes?(?:\s+over)?|taking(?:\s+over)?|handles?|handling|picks?\s+up|picking\s+up|owns?|"
         r"do(?:es)?|looks?\s+(?:at|into)|grabs?|tackles?|gets?|deals?\s+with|"
         r"be\s+(?:working\s+on|on|assigned(?:\s+to)?|responsible\s+for|in\s+charge\s+of)|is\s+(?:on|responsible\s+for|in\s+charge\s+of))")
MODAL = r"(?:should|will|can|could|shall|is\s+going\s+to|'?ll|is\s+to|has\s+to|needs\s+to|must|may)"

# "Can we get a 'Review' column?", "Is it possible to add …", "We need a story for …": asking for a
# new thing is making it.
WISH = (r"^(?:is\s+it\s+possible\s+to\s+(?:add|create|get|have|make)\s+|(?:can|could|may)\s+(?:we|i)\s+(?:get|have|add|create)\s+"
        r"|(?:we|i)\s+(?:need|want|would\s+like|'d\s+like)\s+(?=(?:a|an|another|one\s+more)\s)|(?:we|i)\s+should\s+(?:add|create)\s+)")
# When it happens is not what happens: "Bob owns X from now on", "I'll take X today".
TIME_TAIL = r"\s+(?:from\s+now\s+on|starting\s+now|right\s+now|for\s+now|now|today|this\s+week|going\s+forward)\s*([.!?]*)$"

# The words a request is built from besides names and values: a write whose message holds any
# other word was read without that word, so it is shown for a yes first (never silently wrong).
GRAMMAR = frozenset("""
a an the this that these those my our your his her their its it to of in on at for with and or by from into onto
is are was were be been being am do does did done has have had will would can could should shall may might must
i me we us you he him she they them one ones all any some new another more else also just now then so too
please pls plz thanks thank thx kindly hey hi hello ok okay alright right um uh yes sure go ahead let let's lets
want need like wanna gonna going get got give put make made take set add create open log file write record register
plan schedule start begin kick off launch complete finish close end wrap up move drag shift push advance send bring
assign reassign hand over pass mark change update rename estimate bump raise lower prioritise prioritize flag reopen
edit re-estimate called named titled title name description described details as worth estimated sized size
point points pts sp story stories item items task tasks card cards ticket tickets bug bugs feature issue backlog
board column columns sprint sprints workspace workspaces space spaces project projects team member members
priority status position place slot order index number no first second third fourth fifth last next after before
low lowest minor trivial medium normal moderate high major important critical urgent blocker highest top asap
todo progress doing wip finished completed closed shipped resolved fixed started
today tomorrow tonight week weeks day days month months long lasting lasts run runs running until till through
monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun
january february march april june july august september october november december
jan feb mar apr may jun jul aug sep sept oct nov dec
scrum kanban methodology here there work working on own owns handle handles pick picks take takes
should be needs needed goes go belongs belong user out current active upcoming following
starting starts started beginning begins ending ends finishing finishes kicking opening closing
creating adding moving assigning setting changing updating marking putting taking making
""".split())
