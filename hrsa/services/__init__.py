"""Business rules as plain typed functions: they take a session and plain values, never a request.

Services only flush(); the caller (a view or a CLI command) commits once, so each request is one
transaction and a failure leaves the previous state intact.
"""


class ServiceError(Exception):
    """A rule was broken; the message is written for the person using the service."""


class NotFound(ServiceError):
    """The object does not exist or the user may not see it (the two look the same: 404)."""


class Conflict(ServiceError):
    """Someone else saved first; the caller should show the newer values."""
