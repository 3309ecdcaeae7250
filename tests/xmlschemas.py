"""Validation of written GPX and KML against the vendored XSDs (tests/data/schemas, see its README)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parent / "data" / "schemas"
FILES = {"gpx": "gpx.xsd", "kml": "ogckml22.xsd"}


@lru_cache(maxsize=None)
def schema(kind: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / FILES[kind])))


def errors(kind: str, text: str) -> list[str]:
    """The schema's complaints about *text* (empty when it validates)."""
    s = schema(kind)
    ok = s.validate(etree.fromstring(text.encode("utf-8")))
    return [] if ok else [str(e) for e in s.error_log]


def assert_valid(kind: str, text: str) -> None:
    problems = errors(kind, text)
    assert not problems, "\n".join(problems[:5])
