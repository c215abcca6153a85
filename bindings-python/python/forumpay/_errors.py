"""Every exception of the package, declared in this one place. The native module builds them
through ``_from_core`` (one class per stable error code of the core; branch on the class or on
``.code``, never on the message)."""

from __future__ import annotations

import builtins
from typing import Dict, Optional, Type

__all__ = [
    "AuthenticationError",
    "DecodeError",
    "ForumPayError",
    "InvalidRequestError",
    "InvalidStateError",
    "NetworkError",
    "NotFoundError",
    "OutcomeUnknownError",
    "RateLimitError",
    "SandboxError",
    "ServerError",
    "TimeoutError",
    "ValidationError",
    "WebhookError",
]


class ForumPayError(Exception):
    """An error of the SDK. ``code`` is stable across versions and languages; the other
    attributes say what is known of the HTTP exchange (``None`` when nothing was sent)."""

    code: str = "error"
    """The stable code (``unauthorized``, ``not_found``, ...)."""

    def __init__(
        self,
        message: str,
        *,
        code: Optional[str] = None,
        http_status: Optional[int] = None,
        err: Optional[str] = None,
        err_code: Optional[str] = None,
        cf_ray: Optional[str] = None,
        attempts: int = 0,
        field: Optional[str] = None,
        action: Optional[str] = None,
        retry_after: Optional[float] = None,
    ) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message
        """The message for people (may change; do not match on it)."""
        self.http_status = http_status
        """The HTTP status of the answer, when one arrived."""
        self.err = err
        """The API's ``err`` message."""
        self.err_code = err_code
        """The API's ``err_code`` (e.g. ``payerKYCNeeded``)."""
        self.cf_ray = cf_ray
        """The ``Cf-Ray`` id of the answer: the request id the provider's support asks for."""
        self.attempts = attempts
        """How many attempts were made (0 when refused before sending)."""
        self.field = field
        """The argument a validation error is about."""
        self.action = action
        """The API action (``CheckPayment``, ...) the error belongs to."""
        self.retry_after = retry_after
        """Seconds the server asked to wait (``Retry-After``)."""

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, http_status={self.http_status!r}, message={self.message!r})"


class AuthenticationError(ForumPayError):
    """401 or 403: a missing or wrong api key, or an account without API access."""

    code = "unauthorized"


class InvalidRequestError(ForumPayError):
    """400 (or another 4xx), or an ``err`` body: the API refused the request."""

    code = "invalid_request"


class NotFoundError(ForumPayError):
    """404: an unknown payment or endpoint."""

    code = "not_found"


class RateLimitError(ForumPayError):
    """429: too many requests."""

    code = "rate_limited"


class ServerError(ForumPayError):
    """5xx: the API failed."""

    code = "server"


class TimeoutError(ForumPayError, builtins.TimeoutError):  # noqa: A001 (as asyncio.TimeoutError)
    """No answer in time (a request, or a watch's deadline). Also a builtin ``TimeoutError``."""

    code = "timeout"


class NetworkError(ForumPayError):
    """The connection could not be made or broke."""

    code = "network"


class DecodeError(ForumPayError):
    """The answer could not be read (not JSON, or not the expected shape)."""

    code = "decode"


class ValidationError(ForumPayError, ValueError):
    """Refused before sending: an argument is not valid (``field`` names it). A float amount is
    refused this way. Also a ``ValueError``."""

    code = "validation"


class InvalidStateError(ForumPayError):
    """The payment's state does not allow the action."""

    code = "invalid_state"


class WebhookError(ForumPayError):
    """A webhook notification that cannot be read or trusted."""

    code = "webhook"


class OutcomeUnknownError(ForumPayError):
    """A write whose result could not be learned, even by asking the API afterwards."""

    code = "outcome_unknown"


class SandboxError(Exception):
    """The sandbox emulator refused a control action (``code``: ``not_found``,
    ``invalid_state``, ``invalid_argument`` or ``io``)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code
        """The emulator's stable code."""


BY_CODE: Dict[str, Type[ForumPayError]] = {
    cls.code: cls
    for cls in (
        AuthenticationError,
        InvalidRequestError,
        NotFoundError,
        RateLimitError,
        ServerError,
        TimeoutError,
        NetworkError,
        DecodeError,
        ValidationError,
        InvalidStateError,
        WebhookError,
        OutcomeUnknownError,
    )
}
"""The exception class of each code."""


def _from_core(message: str, *, code: str, **details: object) -> ForumPayError:
    """Called by the native module: the exception for a core error (an unknown code, from a
    newer core, still gives a ``ForumPayError`` with that code)."""
    cls = BY_CODE.get(code, ForumPayError)
    return cls(message, code=code, **details)  # type: ignore[arg-type]
