"""Errors that every layer raises and every HTTP face renders in its own shape."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FieldError:
    """One failing input field: a dotted path (``properties.url``) and why it failed."""

    path: str
    message: str


@dataclass
class InterlinkError(Exception):
    """Base for errors a client caused or may act on; never carries a secret value."""

    detail: str
    errors: list[FieldError] = field(default_factory=list)
    status: int = 400
    title: str = "Bad Request"
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.detail


class BadRequest(InterlinkError):
    """The request could not be read (malformed JSON, wrong content type)."""

    def __init__(self, detail: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(detail, errors or [], 400, "Bad Request")


class Unauthorized(InterlinkError):
    """No usable credentials were presented."""

    def __init__(self, detail: str = "A valid API key is required") -> None:
        super().__init__(detail, [], 401, "Unauthorized", {"WWW-Authenticate": "ApiKey"})


class Forbidden(InterlinkError):
    """The caller is known but may not do this."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail, [], 403, "Forbidden")


class NotFound(InterlinkError):
    """The record does not exist in the caller's environment (or was deleted)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail, [], 404, "Not Found")


class Conflict(InterlinkError):
    """The request clashes with the current state (duplicate identifier, busy idempotency key)."""

    def __init__(
        self, detail: str, errors: list[FieldError] | None = None, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(detail, errors or [], 409, "Conflict", headers or {})


class Unprocessable(InterlinkError):
    """The request was read but its content breaks a rule; ``errors`` names the fields."""

    def __init__(self, detail: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(detail, errors or [], 422, "Unprocessable Content")


class PayloadTooLarge(InterlinkError):
    """The request body is larger than Interlink accepts."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"The request body is larger than {limit} bytes", [], 413, "Content Too Large")


def invalid(path: str, message: str) -> Unprocessable:
    """Shorthand for a 422 that names one field."""
    return Unprocessable(f"{path}: {message}", [FieldError(path, message)])
