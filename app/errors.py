"""Typed errors that services raise and the console shows to the user.

Every message is English, complete and fit to show as it is; ``FieldError.code`` and
``params`` let the UI translate it instead. Nothing here knows about widgets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


class AnxinError(Exception):
    """Base of every error a service raises on purpose; ``message`` is user-readable."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class FieldError:
    """One problem with one input field.

    ``field`` names the input as the form knows it ("id_number", "phones[1].number",
    "contacts[0].phone"); ``code`` is stable and names the rule; ``params`` holds the
    values a translated message needs (all strings).
    """

    field: str
    code: str
    message: str
    params: dict[str, str] = field(default_factory=dict)


class ValidationError(AnxinError):
    """The input breaks one or more rules; ``errors`` lists all of them, in form order."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors: list[FieldError] = list(errors)
        if not self.errors:
            raise ValueError("ValidationError needs at least one FieldError")
        first = self.errors[0].message
        more = len(self.errors) - 1
        summary = first if not more else f"{first} (and {more} more problem{'s' * (more > 1)})"
        super().__init__(summary)

    def fields(self) -> set[str]:
        return {e.field for e in self.errors}

    def for_field(self, name: str) -> list[FieldError]:
        return [e for e in self.errors if e.field == name]

    def codes(self) -> set[str]:
        return {e.code for e in self.errors}


class NotFound(AnxinError):
    """The record asked for does not exist (any more)."""


class Conflict(AnxinError):
    """Someone else saved the record after this user opened it; reload and edit again."""


class PermissionDenied(AnxinError):
    """The signed-in user's role does not allow this action."""


class UserFacingError(AnxinError):
    """A command-line failure the user can act on (a typo, a missing file, a refused input).

    The ``anxin`` command prints the message without a traceback and exits with status 2.
    """
