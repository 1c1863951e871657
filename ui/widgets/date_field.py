"""A date typed as text (2024-03-01), so a half-typed or wrong date is never lost.

QDateEdit cannot be empty and silently corrects what it does not like; here the
text stays as typed and a bad one becomes a field error on save.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtWidgets import QLineEdit, QWidget

_DATE = re.compile(r"^\s*(\d{4})[-./年]?(\d{1,2})[-./月]?(\d{1,2})日?\s*$")


class DateFormatError(ValueError):
    pass


def parse_date(text: str) -> date | None:
    """None for empty text; 2024-03-01, 2024.3.1, 20240301 and 2024年3月1日 all work."""
    if not text.strip():
        return None
    m = _DATE.match(text)
    if not m:
        raise DateFormatError(text)
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise DateFormatError(text) from None


class DateField(QLineEdit):
    def __init__(self, parent: QWidget | None = None, *, optional: bool = False) -> None:
        super().__init__(parent)
        self.optional = optional
        self.setPlaceholderText(
            self.tr("YYYY-MM-DD (may be empty)") if optional else self.tr("YYYY-MM-DD")
        )
        self.setMaxLength(12)

    def set_date(self, value: date | None) -> None:
        self.setText(value.isoformat() if value else "")

    def date(self) -> date | None:
        """The date typed, None when empty; raises DateFormatError for anything else."""
        return parse_date(self.text())
