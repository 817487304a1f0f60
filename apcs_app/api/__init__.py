"""The HTTP API (FastAPI), mounted on the Reflex backend through `api_transformer`."""

from apcs_app.api.app import create_api, lifespan_tasks  # noqa: F401
