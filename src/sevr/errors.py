"""One error type for bad user input, so the CLI can turn it into a one-line message and exit 2."""
from __future__ import annotations


class InputError(ValueError):
    """Bad input from a file or an option: says which file and which field to fix."""

    def __init__(self, message: str, *, source: str | None = None, field: str | None = None):
        self.source = source
        self.field = field
        self.detail = message
        where = ": ".join(part for part in (source, field) if part)
        super().__init__(f"{where}: {message}" if where else message)
