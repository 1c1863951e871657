"""The firm list as a lazily paged table model."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from app.errors import NotFound
from app.registry.firms import FirmRow, count_firms, get_firm, search_firms
from ui import labels
from ui.context import UiContext
from ui.widgets.paged_model import Column, PagedTableModel

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def _fetch(session: Session, query: str, limit: int, offset: int) -> list[FirmRow]:
    return search_firms(session, query, limit=limit, offset=offset)


def _count(session: Session, query: str) -> int:
    return count_firms(session, query)


def firm_row(session: Session, firm_id: int, licence_no: str) -> FirmRow | None:
    """One list row, found through the licence number (unique) the list search matches.

    The registry has ``elder_rows(ids)`` for elders but no such call for firms yet.
    """
    rows = search_firms(session, licence_no, limit=50)
    return next((r for r in rows if r.id == firm_id), None)


def firm_rows(session: Session, firm_ids: list[int]) -> list[FirmRow]:
    """List rows of the firms named, for the feed's refresh. A few queries a firm: a
    centre has about a hundred, changed a few times a day."""
    rows: list[FirmRow] = []
    for firm_id in firm_ids:
        try:
            licence_no = get_firm(session, firm_id).licence_no
        except NotFound:
            continue
        row = firm_row(session, firm_id, licence_no)
        if row is not None:
            rows.append(row)
    return rows


class FirmColumns(QObject):
    """Only here to give the column headers their own translation context."""

    def columns(self) -> list[Column[FirmRow]]:
        statuses = labels.firm_statuses()
        return [
            Column("name", self.tr("Firm"), lambda r: r.name),
            Column("licence_no", self.tr("Licence number"), lambda r: r.licence_no),
            Column("contact", self.tr("Contact"), lambda r: f"{r.contact_name}  {r.contact_phone}"),
            Column("status", self.tr("Status"), lambda r: labels.label(statuses, r.status)),
            Column(
                "contract",
                self.tr("Contract"),
                lambda r: f"{r.contract_start:%Y-%m-%d} – {r.contract_end:%Y-%m-%d}",
            ),
            Column(
                "community_count",
                self.tr("Communities"),
                lambda r: str(r.community_count),
                align_right=True,
            ),
            Column("item_count", self.tr("Items"), lambda r: str(r.item_count), align_right=True),
            Column(
                "staff_count",
                self.tr("Staff"),
                lambda r: str(r.staff_count),
                align_right=True,
            ),
        ]


def firm_table_model(ctx: UiContext) -> PagedTableModel[FirmRow]:
    return PagedTableModel(
        ctx, FirmColumns().columns(), _fetch, _count, name="firms", fetch_rows=firm_rows
    )
