"""Which language model the agents think with: Mistral when a key is set, else the offline one."""

from __future__ import annotations

from agno.models.base import Model

from apcs_app.agents.offline import OfflineModel
from apcs_app.settings import Settings, get_settings


def choose_model(settings: Settings | None = None) -> Model:
    settings = settings or get_settings()
    if settings.mistral_api_key:
        from agno.models.mistral import MistralChat

        return MistralChat(id=settings.mistral_model, api_key=settings.mistral_api_key,
                           endpoint=settings.mistral_endpoint)
    return OfflineModel()
