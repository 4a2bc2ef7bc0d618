"""Business rules as plain typed functions: they take a session and plain values, never a request.

Services only flush(); the caller (a view or a CLI command) commits once, so each request is one
transaction and a failure leaves the previous state intact.
"""


class ServiceError(Exception):
    """A rule was broken; the message is written for the person using the service.

    `field` names the form field the message belongs to (like "urn"), so a view can show it
    beside that field without reading the message; None when it concerns the whole form.
    """

    def __init__(self, message: str = "", *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(ServiceError):
    """The object does not exist or the user may not see it (the two look the same: 404)."""


class Conflict(ServiceError):
    """Someone else saved first; the caller should show the newer values."""
