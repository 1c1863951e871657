"""Small helpers to build the read-only detail panes as HTML (escaped, consistent)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from html import escape


def esc(value: object) -> str:
    return escape("" if value is None else str(value))


def fields_table(rows: Iterable[tuple[str, str]]) -> str:
    """Label/value pairs; values are already escaped HTML, empty ones shown as a dash."""
    body = "".join(
        f"<tr><td class='label'>{esc(label)}</td><td>{value or '—'}</td></tr>"
        for label, value in rows
    )
    return f"<table class='fields' cellspacing='0' cellpadding='3'>{body}</table>"


def section(title: str, content: str) -> str:
    return f"<h3>{esc(title)}</h3>{content}"


def columns(*parts: str, widths: tuple[int, ...] | None = None) -> str:
    """Side-by-side blocks; ``widths`` in percent, equal by default."""
    widths = widths or tuple(100 // len(parts) for _ in parts)
    cells = "".join(
        f"<td class='col' width='{w}%'>{p}</td>" for p, w in zip(parts, widths, strict=True)
    )
    return f"<table width='100%' cellspacing='0' cellpadding='6'><tr>{cells}</tr></table>"


def bullet_list(items: Iterable[str]) -> str:
    items = list(items)
    if not items:
        return ""
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def fmt_date(value: date | None) -> str:
    return value.isoformat() if value else ""


def fmt_datetime(value: datetime | None) -> str:
    """Stored in UTC, shown in the PC's local time (the centre's time zone)."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone()
    return value.strftime("%Y-%m-%d %H:%M")


STYLE = """
<style>
h2 { margin: 0 0 4px 0; }
h3 { margin: 10px 0 4px 0; color: #1a3d6d; }
td.col { vertical-align: top; }
table.fields td { vertical-align: top; }
td.label { color: #555555; padding-right: 10px; white-space: nowrap; }
.nowrap { white-space: nowrap; }
.badge { color: white; background: #546e7a; }
.warn { color: #c62828; font-weight: bold; }
.muted { color: #666666; }
ul { margin: 0; }
</style>
"""
