"""The page's websocket to the app, routed through Playwright: what the app sends it can be
read, and events can be added to it as the page itself would send them."""

from __future__ import annotations

import json
import re
import time


class RoutedSocket:
    """The page's websocket to the app, passed through so frames can be read and added."""

    def __init__(self, context):
        self.received: list[str] = []
        self.template: dict | None = None  # a frame the page sent: its token and router data
        self.server = None
        context.route_web_socket(re.compile(r".*/_event.*"), self._route)

    def _route(self, ws) -> None:
        self.server = ws.connect_to_server()
        ws.on_message(self._from_page)
        self.server.on_message(lambda message: (self.received.append(str(message)), ws.send(message)))

    def _from_page(self, message) -> None:
        if isinstance(message, str) and self.template is None:
            if message.startswith("42/_event,"):
                self.template = json.loads(message.removeprefix("42/_event,"))[1]
            elif message.startswith("40/_event,{"):
                # Reflex sends a freshly loaded page's first event inside its connect packet (a
                # page opened by a full load, e.g. after the sign-in form post, may send no other).
                self.template = json.loads(message.removeprefix("40/_event,")).get("event")
        self.server.send(message)

    def send(self, handler: str, **payload) -> None:
        """An event for `handler` ("module.State.handler"), as the page itself would send it."""
        assert self.template is not None, "the page has sent no event yet"
        event = {**self.template, "name": handler, "payload": payload}
        self.server.send("42/_event," + json.dumps(["event", event]))

    def wait_for(self, page, marker: str, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while not any(marker in frame for frame in self.received):
            assert time.monotonic() < deadline, f"no answer from the app containing {marker!r}"
            page.wait_for_timeout(50)
