"""Which language model the agents think with (APCS_MODEL_PROVIDER): Mistral, a server of the
team's own that speaks the OpenAI chat-completions format, or the offline model — which is also
what "auto" picks when no Mistral key is set."""

from __future__ import annotations

from agno.models.base import Model

from apcs_app.agents.offline import OfflineModel
from apcs_app.settings import Settings, get_settings


def choose_model(settings: Settings | None = None) -> Model:
    settings = settings or get_settings()
    provider = settings.model_provider
    if provider == "auto":
        provider = "mistral" if settings.mistral_api_key else "offline"
    if provider == "mistral":
        from agno.models.mistral import MistralChat

        return MistralChat(id=settings.mistral_model, api_key=settings.mistral_api_key,
                           endpoint=settings.mistral_endpoint)
    if provider == "openai-compatible":
        from agno.models.openai.like import OpenAILike

        # Local servers (Ollama, LM Studio) take any key; the client needs one to be set.
        return OpenAILike(id=settings.model_id, base_url=settings.model_base_url,
                          api_key=settings.model_api_key or "not-needed", timeout=settings.model_timeout_seconds,
                          max_retries=0)
    return OfflineModel()
