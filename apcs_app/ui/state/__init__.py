"""Reflex states: one class per concern. Pages and components import from the modules."""
