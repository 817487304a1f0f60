"""Configuration from the environment (or a `.env` file), with safe embedded defaults."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

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
    log_level: str = Field(default="INFO", validation_alias="APCS_LOG_LEVEL")

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
