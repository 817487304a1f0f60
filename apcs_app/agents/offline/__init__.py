"""The embedded default model: deterministic, offline, and honest about what it understood."""

from apcs_app.agents.offline.model import OfflineModel

__all__ = ["OfflineModel"]
