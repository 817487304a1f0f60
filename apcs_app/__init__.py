"""APCS: AI-assisted agile project management."""
