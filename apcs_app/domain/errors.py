"""The one error hierarchy. Messages say what was wrong and how to fix it."""

from __future__ import annotations


class DomainError(Exception):
    code = "error"
    http_status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFoundError(DomainError):
    code = "not_found"
    http_status = 404


class ForbiddenError(DomainError):
    code = "forbidden"
    http_status = 403


class InvalidError(DomainError):
    code = "invalid"
    http_status = 422


class ConflictError(DomainError):
    code = "conflict"
    http_status = 409


class AuthError(DomainError):
    code = "unauthorized"
    http_status = 401


class TooManyRequestsError(DomainError):
    """Too many attempts (or too many at once); `retry_after` is the wait in seconds, when known."""

    code = "too_many_requests"
    http_status = 429

    def __init__(self, message: str, retry_after: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after
