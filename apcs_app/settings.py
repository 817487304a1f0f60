"""Configuration from the environment (or a `.env` file), with safe embedded defaults."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field(default=f"sqlite:///{DATA_DIR / 'apcs.db'}")
    redis_url: str | None = None
    # Without APCS_SECRET_KEY a random key is kept in data/ so tokens survive restarts
    # of one installation but never leak between installations.
    secret_key: str | None = Field(default=None, validation_alias="APCS_SECRET_KEY")
    token_ttl_minutes: int = Field(default=12 * 60, validation_alias="APCS_TOKEN_TTL_MINUTES")
    mistral_api_key: str | None = None
    mistral_model: str = "mistral-large-latest"
    mistral_endpoint: str | None = None
    # Which model the agents think with: "auto" is Mistral when MISTRAL_API_KEY is set, else
    # offline; "openai-compatible" is a server of the team's own (Ollama, vLLM, LM Studio…).
    model_provider: Literal["auto", "offline", "mistral", "openai-compatible"] = Field(
        default="auto", validation_alias="APCS_MODEL_PROVIDER")
    model_base_url: str | None = Field(default=None, validation_alias="APCS_MODEL_BASE_URL")
    model_id: str | None = Field(default=None, validation_alias="APCS_MODEL_ID")
    model_api_key: str | None = Field(default=None, validation_alias="APCS_MODEL_API_KEY")
    model_timeout_seconds: float = Field(default=60, gt=0, le=600, validation_alias="APCS_MODEL_TIMEOUT_SECONDS")
    log_level: str = Field(default="INFO", validation_alias="APCS_LOG_LEVEL")
    # Other origins (scheme://host[:port]) whose pages may call the API with credentials;
    # none by default: the app's own pages are same-origin and need no CORS.
    cors_origins: Annotated[list[str], NoDecode] = Field(default=[], validation_alias="APCS_CORS_ORIGINS")
    # The browser session cookie's Secure flag: None = set it when the request came over https.
    session_cookie_secure: bool | None = Field(default=None, validation_alias="APCS_SESSION_COOKIE_SECURE")

    @model_validator(mode="after")
    def _provider_has_its_settings(self):
        if self.model_provider == "openai-compatible" and not (self.model_base_url and self.model_id):
            raise ValueError("APCS_MODEL_PROVIDER=openai-compatible needs APCS_MODEL_BASE_URL (e.g. "
                             "http://localhost:11434/v1) and APCS_MODEL_ID (e.g. llama3.1:8b)")
        if self.model_provider == "mistral" and not self.mistral_api_key:
            raise ValueError("APCS_MODEL_PROVIDER=mistral needs MISTRAL_API_KEY")
        return self

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _comma_separated(cls, value):
        if isinstance(value, str):
            return [part.strip().rstrip("/") for part in value.split(",") if part.strip()]
        return value

    def resolved_secret_key(self) -> str:
        if self.secret_key:
            return self.secret_key
        key_file = DATA_DIR / ".secret_key"
        if not key_file.exists():
            DATA_DIR.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secrets.token_urlsafe(48))
            key_file.chmod(0o600)
        return key_file.read_text().strip()


@lru_cache
def get_settings() -> Settings:
    return Settings()
