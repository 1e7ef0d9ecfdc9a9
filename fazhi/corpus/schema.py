"""The JSON schema of `fazhi corpus extract FILE --format json` (issue 8, part 5)."""

from __future__ import annotations

from typing import Any

from fazhi.corpus.models import ReportLevel

_INT = {"type": "integer", "minimum": 0}
_STR = {"type": "string"}

SECTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["level", "number", "heading", "start", "statutory_part"],
    "additionalProperties": False,
    "properties": {
        "level": {"type": "integer", "minimum": 1},
        "number": _STR,
        "heading": _STR,
        "start": _INT,
        "statutory_part": {"type": ["integer", "null"], "minimum": 1, "maximum": 5},
    },
}

FACT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": [
        "indicator",
        "value",
        "unit",
        "normalized_value",
        "normalized_unit",
        "approx",
        "target",
        "year",
        "text",
        "start",
        "end",
    ],
    "additionalProperties": False,
    "properties": {
        "indicator": {"type": "string", "minLength": 1},
        "value": {"type": "number"},
        "unit": _STR,
        "normalized_value": {"type": "number"},
        "normalized_unit": _STR,
        "approx": {"type": "boolean"},
        "target": {"type": "boolean"},
        "year": {"type": ["integer", "null"]},
        "text": {"type": "string", "minLength": 1},
        "start": _INT,
        "end": _INT,
    },
}

EXTRACT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["title", "reporter", "region", "level", "year", "published", "sections", "facts"],
    "additionalProperties": False,
    "properties": {
        "title": _STR,
        "reporter": _STR,
        "region": _STR,
        "level": {"enum": [*ReportLevel.values, ""]},
        "year": {"type": ["integer", "null"]},
        "published": {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "source": _STR,
        "department": _STR,
        "sections": {"type": "array", "items": SECTION_SCHEMA},
        "missing_parts": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["part", "name", "mentioned_in_text"],
                "properties": {
                    "part": {"type": "integer", "minimum": 1, "maximum": 5},
                    "name": _STR,
                    "mentioned_in_text": {"type": "boolean"},
                },
            },
        },
        "facts": {"type": "array", "items": FACT_SCHEMA},
    },
}
