"""What a service raises when a rule says no, the same for the pages and the command line.

The web side turns these into the GOV.UK page or the form's error (hrsa.web.errors); the CLI prints
the message as one sentence.
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


class BadInput(ServiceError):
    """Form values no honest form could send (unknown code, impossible RAG): the view gives 400."""


class Unavailable(ServiceError):
    """The service cannot do this now but will soon (too busy): the view gives 503."""
