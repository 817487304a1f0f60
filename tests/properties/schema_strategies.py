"""Hypothesis strategies from JSON schemas: mostly well-typed values near real ids, mixed
with wrong types, empty and oversized strings, negative and huge numbers."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

NOISE = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**63), max_value=2**63), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40), st.text(min_size=250, max_size=400), st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
IDS = st.one_of(st.integers(min_value=1, max_value=40), st.integers(min_value=-3, max_value=0),
                st.integers(min_value=10**6, max_value=2**40))


def for_schema(schema: dict[str, Any], defs: dict[str, Any] | None = None, name: str = "") -> st.SearchStrategy:
    defs = defs if defs is not None else schema.get("$defs", {})
    if "$ref" in schema:
        return for_schema(defs[schema["$ref"].rsplit("/", 1)[-1]], defs, name)
    if "enum" in schema:
        return st.one_of(st.sampled_from(schema["enum"]), st.sampled_from([s.lower() for s in schema["enum"]
                                                                            if isinstance(s, str)] or [None]), NOISE)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return st.one_of(*(for_schema(s, defs, name) for s in schema[key]))
    kind = schema.get("type")
    if kind == "integer":
        good = IDS if name.endswith("id") else st.integers(min_value=-5, max_value=30)
        return st.one_of(good, good, NOISE)
    if kind == "number":
        return st.one_of(st.floats(allow_nan=False, allow_infinity=False), NOISE)
    if kind == "string":
        dates = st.dates().map(lambda d: d.isoformat())
        text = st.text(max_size=60)
        return st.one_of(dates if "date" in name else text, text, st.just(""), st.just("   "), NOISE)
    if kind == "boolean":
        return st.one_of(st.booleans(), NOISE)
    if kind == "array":
        return st.one_of(st.lists(for_schema(schema.get("items", {}), defs), max_size=3), NOISE)
    if kind == "object" or "properties" in schema:
        return object_args(schema, defs)
    return NOISE


def object_args(schema: dict[str, Any], defs: dict[str, Any] | None = None) -> st.SearchStrategy[dict]:
    """Required keys always (mostly well-formed), optional keys sometimes, an unknown key rarely."""
    defs = defs if defs is not None else schema.get("$defs", {})
    props = schema.get("properties", {})
    required = set(schema.get("required", []))
    fields = {k: for_schema(v, defs, k) for k, v in props.items()}
    return st.fixed_dictionaries(
        {k: fields[k] for k in props if k in required},
        optional={**{k: fields[k] for k in props if k not in required}, "unexpected": NOISE},
    )
