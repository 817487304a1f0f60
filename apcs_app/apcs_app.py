"""The Reflex entry: the pages, the HTTP API and MCP endpoints on the same backend."""

import reflex as rx

from apcs_app.api.app import create_api, lifespan_tasks
# Importing a page module registers its pages.
from apcs_app.ui.pages import backlog, board, login, sprints, workspaces  # noqa: F401

app = rx.App(api_transformer=create_api())
for task in lifespan_tasks():
    app.register_lifespan_task(task)
