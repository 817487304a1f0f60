"""The Reflex entry: the pages, the HTTP API and MCP endpoints on the same backend."""

import reflex as rx

from apcs_app.api.app import create_api, lifespan_tasks
from apcs_app.api.event_socket_guard import EventSocketGuard
from apcs_app.api.security_headers import SecurityHeaders
from apcs_app.api.upload_guard import UploadGuard
# Importing a page module lists its pages (ui/routes.py); they are added below, once.
from apcs_app.ui import routes
from apcs_app.ui.pages import account, backlog, board, login, metrics, sprints, workspaces  # noqa: F401

# The API is mounted first; the middlewares then wrap everything, pages and event socket included.
app = rx.App(api_transformer=[create_api(), EventSocketGuard, UploadGuard, SecurityHeaders],
             stylesheets=["/a11y.css"])
routes.add_pages(app)
for task in lifespan_tasks():
    app.register_lifespan_task(task)
