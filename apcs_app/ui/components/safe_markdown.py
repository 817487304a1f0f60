"""Markdown for text that came from data or from a model: never markup beyond a safe subset.

react-markdown builds React elements from the markdown tree, so text stays text as long as
no raw-HTML plugin runs (Reflex's `rx.markdown` adds rehype-raw by default: not here) and
only the elements below may appear (`allowedElements`; others are unwrapped to their text).
Links are shown as their own address, only for http(s) (react-markdown's URL filter already
empties javascript:, data: and the like); images are dropped, never fetched, so a quoted
title cannot make a reader's browser call another server.
"""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var
from reflex.vars.sequence import LiteralArrayVar
from reflex_components_markdown.markdown import Markdown, markdown

ALLOWED = ["p", "br", "strong", "em", "del", "code", "pre", "ul", "ol", "li", "blockquote", "a",
           "table", "thead", "tbody", "tr", "th", "td", "hr", "h1", "h2", "h3", "h4", "h5", "h6"]

_HREF = Var(_js_expr="(props.href ?? '')", _var_type=str)
_SAFE_HREF = Var(_js_expr="(/^https?:\\/\\//i.test(props.href ?? '') ? props.href : '')", _var_type=str)


class AllowListMarkdown(Markdown):
    """react-markdown with its own allow-list props, which Reflex's wrapper does not pass on."""

    allowed_elements: rx.Var[list[str]]
    unwrap_disallowed: rx.Var[bool]
    skip_html: rx.Var[bool]


def _link(children) -> rx.Component:
    # The address itself is the text: a quoted "[Sign in again](https://…)" cannot hide where it goes.
    return rx.cond(
        _SAFE_HREF != "",
        rx.el.a(_SAFE_HREF, href=_SAFE_HREF, rel="noopener noreferrer nofollow", target="_blank",
                style={"overflowWrap": "anywhere"}),
        rx.el.span(children),
    )


def safe_markdown(content, paragraph=None) -> rx.Component:
    component_map = {"a": _link}
    if paragraph is not None:
        component_map["p"] = paragraph
    return AllowListMarkdown.create(
        content, component_map=component_map,
        remark_plugins=LiteralArrayVar.create([markdown.plugin.gfm]).to(list),
        rehype_plugins=LiteralArrayVar.create([]).to(list),
        allowed_elements=ALLOWED, unwrap_disallowed=True, skip_html=True,
    )
