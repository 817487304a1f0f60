"""The agent chat drawer, on every page."""

from __future__ import annotations

import reflex as rx

from apcs_app.ui.components.fields import labeled
from apcs_app.ui.components.safe_markdown import safe_markdown
from apcs_app.ui.state.chat import AGENTS, CHAT_INPUT, ActionArg, ChatMessage, ChatState, PlannedAction, ToolChip

DRAWER_WIDTH = "420px"


def chat_button() -> rx.Component:
    return rx.button(
        rx.icon("sparkles", size=16), rx.text("Assistant", display=["none", "none", "none", "block"]),
        on_click=ChatState.toggle, variant="soft", aria_label="Open the assistant",
        custom_attrs={"data-testid": "chat-toggle"},
    )


def _chip(chip: ToolChip) -> rx.Component:
    return rx.hover_card.root(
        rx.hover_card.trigger(
            rx.badge(
                rx.cond(chip.done, rx.cond(chip.is_error, rx.icon("circle-x", size=12), rx.icon("check", size=12)),
                        rx.spinner(size="1")),
                rx.code(chip.tool, variant="ghost", size="1"),
                rx.text(chip.args, size="1", max_width="220px", overflow="hidden", line_height="18px",
                        white_space="nowrap", text_overflow="ellipsis"),
                color_scheme=rx.cond(chip.is_error, "red", rx.cond(chip.done, "grass", "gray")),
                variant="surface", radius="full", gap="6px", max_width="100%",
                custom_attrs={"data-testid": "tool-chip"},
            ),
        ),
        rx.hover_card.content(
            rx.vstack(
                rx.text(chip.tool, weight="bold", size="2"),
                rx.text(chip.args, size="1", color_scheme="gray"),
                rx.cond(chip.result != "", rx.code(chip.result, size="1", white_space="pre-wrap")),
                spacing="2", max_width="360px",
            ),
        ),
    )


def _arg_field(arg: ActionArg) -> rx.Component:
    """One argument of the action being edited: a pick list when the workspace knows the choices."""
    value = ChatState.edit_values.get(arg.name, arg.value)
    return rx.hstack(
        rx.text(arg.label, size="1", color_scheme="gray", width="88px", flex_shrink="0"),
        rx.box(
            rx.cond(
                arg.choices.length() > 0,
                rx.select.root(
                    rx.select.trigger(width="100%", aria_label=arg.name),
                    rx.select.content(rx.foreach(arg.choices, lambda c: rx.select.item(c.label, value=c.value))),
                    value=value, on_change=lambda v: ChatState.set_edit_value(arg.name, v), size="1",
                ),
                rx.input(value=value, on_change=lambda v: ChatState.set_edit_value(arg.name, v), size="1",
                         width="100%", aria_label=arg.name),
            ),
            flex="1", min_width="0",
        ),
        align="center", width="100%", spacing="2",
    )


def _action(message: ChatMessage, action: PlannedAction) -> rx.Component:
    editing = (ChatState.editing == action.action_id) & (message.decision == "")
    return rx.vstack(
        rx.hstack(
            rx.icon("circle-dot", size=12, color=rx.color("accent", 9), flex_shrink="0"),
            rx.text(action.summary, size="2"),
            rx.spacer(),
            rx.cond((message.decision == "") & ~editing & (action.args.length() > 0),
                    rx.button(rx.icon("pencil", size=12), "Edit", size="1", variant="ghost",
                              on_click=ChatState.start_edit(action.action_id), disabled=ChatState.running)),
            align="center", spacing="2", width="100%",
        ),
        rx.cond(editing, rx.vstack(rx.foreach(action.args, _arg_field), spacing="1", width="100%",
                                   padding_left="20px", box_sizing="border-box",
                                   custom_attrs={"data-testid": "action-edit"})),
        spacing="1", width="100%",
    )


def _planned(message: ChatMessage) -> rx.Component:
    """The writes a paused run waits on, as a card the user confirms, edits or cancels."""
    return rx.card(
        rx.vstack(
            rx.text("Planned changes", size="1", weight="bold", color_scheme="gray"),
            rx.foreach(message.actions, lambda a: _action(message, a)),
            rx.cond(message.error != "", rx.callout(message.error, icon="triangle-alert", color_scheme="red",
                                                   size="1", width="100%", custom_attrs={"data-testid": "card-error"})),
            rx.cond(
                message.decision == "",
                rx.hstack(
                    rx.button(rx.icon("check", size=14), "Confirm", size="1",
                              on_click=ChatState.decide(message.run_id, "confirm"), disabled=ChatState.running),
                    rx.button("Cancel", size="1", variant="soft", color_scheme="gray",
                              on_click=ChatState.decide(message.run_id, "cancel"), disabled=ChatState.running),
                ),
                rx.badge(rx.cond(message.decision == "confirm", "Confirmed", "Cancelled"), variant="soft",
                         color_scheme=rx.cond(message.decision == "confirm", "grass", "gray")),
            ),
            spacing="2", width="100%",
        ),
        size="1", width="92%", min_width="0", custom_attrs={"data-testid": "planned-actions"},
    )


def _undo(message: ChatMessage) -> rx.Component:
    """Under a finished run that changed data: undo it, then say how that went."""
    return rx.cond(
        message.undone == "",
        rx.button(rx.icon("undo-2", size=12), "Undo", size="1", variant="ghost", color_scheme="gray",
                  on_click=ChatState.undo_run(message.request_id), custom_attrs={"data-testid": "undo-run"}),
        rx.text(message.undone, size="1", color_scheme=rx.cond(message.undone == "Undone", "grass", "red"),
                custom_attrs={"data-testid": "undo-outcome"}),
    )


def _message(message: ChatMessage) -> rx.Component:
    mine = message.role == "user"
    return rx.vstack(
        rx.cond(message.tools.length() > 0, rx.flex(rx.foreach(message.tools, _chip), wrap="wrap", gap="6px")),
        rx.cond(
            message.content != "",
            rx.box(
                # pre-line: the agents' answers put one fact a line ("• Story points: 8").
                safe_markdown(message.content,
                              paragraph=lambda text: rx.text(text, size="2", white_space="pre-line")),
                background=rx.cond(mine, rx.color("accent", 4), rx.color("gray", 3)),
                padding="8px 12px", border_radius="12px", max_width="92%",
            ),
            rx.cond(~mine, rx.hstack(rx.spinner(size="1"), rx.text("Thinking…", size="1", color_scheme="gray"))),
        ),
        rx.cond(message.actions.length() > 0, _planned(message)),
        rx.hstack(
            rx.cond(message.agent != "", rx.text(message.agent, size="1", color_scheme="gray")),
            rx.cond(message.changed & (message.request_id != ""), _undo(message)),
            align="center", spacing="3",
        ),
        align=rx.cond(mine, "end", "start"), spacing="1", width="100%",
        custom_attrs={"data-testid": rx.cond(mine, "chat-user", "chat-answer")},
    )


def _empty() -> rx.Component:
    return rx.vstack(
        rx.icon("bot", size=32, color=rx.color("gray", 9)),
        rx.text("Ask an agent to do the work for you.", size="2", color_scheme="gray"),
        rx.text("“Create a user story for login with 5 story points”", size="1", color_scheme="gray"),
        rx.text("“Start the current sprint”", size="1", color_scheme="gray"),
        align="center", padding_y="40px", spacing="2",
    )


def chat_drawer() -> rx.Component:
    # Hidden, not unmounted, when closed: a half-typed message (the input is not bound to the
    # state) is still there when the drawer opens again.
    return rx.vstack(
        rx.hstack(
            rx.icon("sparkles", size=18, color=rx.color("accent", 10)),
            rx.heading("Assistant", size="4", as_="h2"),
            rx.spacer(),
            labeled("Agent", rx.select(
                [label for _, label in AGENTS],
                value=rx.match(ChatState.agent, *[(k, v) for k, v in AGENTS], "Auto"),
                on_change=ChatState.set_agent_label, size="1",
            ), hidden=True),
            # Soft, not ghost: a ghost button's negative margins bring two targets closer than 24 px.
            rx.icon_button(rx.icon("eraser", size=14), on_click=ChatState.clear, variant="soft",
                           color_scheme="gray", aria_label="Clear the conversation"),
            rx.icon_button(rx.icon("x", size=16), on_click=ChatState.toggle, variant="soft",
                           color_scheme="gray", aria_label="Close the assistant"),
            align="center", width="100%", spacing="2",
        ),
        rx.text(
            rx.hstack(rx.switch(checked=ChatState.confirm_on, on_change=ChatState.set_confirm, size="1",
                                custom_attrs={"data-testid": "confirm-setting"}),
                      "Confirm changes before they happen", spacing="2", align="center"),
            as_="label", size="1", color_scheme="gray",
        ),
        rx.el.div(ChatState.announcement, role="status", aria_live="polite", class_name="sr-only",
                  custom_attrs={"data-testid": "chat-announcement"}),
        rx.separator(),
        rx.auto_scroll(
            rx.cond((ChatState.messages.length() > 0) | ChatState.running,
                    rx.vstack(rx.foreach(ChatState.messages, _message),
                              rx.cond(ChatState.running & (ChatState.question.content != ""),
                                      _message(ChatState.question)),
                              rx.cond(ChatState.running, _message(ChatState.reply)),
                              spacing="3", width="100%"),
                    _empty()),
            flex="1", width="100%", padding_right="4px",
        ),
        rx.form(
            rx.hstack(
                labeled("Message to the agents",
                        rx.text_area(id=CHAT_INPUT, placeholder="Ask the agents…", rows="2", width="100%",
                                     resize="none", name="message", enter_key_submit=True,
                                     custom_attrs={"data-testid": "chat-input"}),
                        hidden=True, style={"flex": "1"}),
                rx.icon_button(rx.cond(ChatState.running, rx.spinner(size="2"), rx.icon("send", size=16)),
                               type="submit", disabled=ChatState.running, aria_label="Send"),
                align="end", width="100%",
            ),
            on_submit=ChatState.send, width="100%",
        ),
        position="fixed", top="0", right="0", height="100vh", width=["100vw", DRAWER_WIDTH], z_index="20",
        padding="16px", spacing="3", background=rx.color("gray", 1),
        border_left=f"1px solid {rx.color('gray', 6)}", box_shadow="-8px 0 24px rgba(0,0,0,0.12)",
        display=rx.cond(ChatState.open, "flex", "none"), custom_attrs={"data-testid": "chat-drawer"},
    )
