"""The firm list as a lazily paged table model."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from app.registry.firms import FirmRow, count_firms, search_firms
from ui import labels
from ui.context import UiContext
from ui.widgets.paged_model import Column, PagedTableModel

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def _fetch(session: Session, query: str, limit: int, offset: int) -> list[FirmRow]:
    return search_firms(session, query, limit=limit, offset=offset)


def _count(session: Session, query: str) -> int:
    return count_firms(session, query)


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
    return PagedTableModel(ctx, FirmColumns().columns(), _fetch, _count, name="firms")
