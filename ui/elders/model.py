"""The elder list as a lazily paged table model."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from app.registry.elders import ElderRow, count_elders, elder_rows, search_elders
from ui import labels
from ui.context import UiContext
from ui.widgets.paged_model import Column, PagedTableModel

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def _fetch(session: Session, query: str, limit: int, offset: int) -> list[ElderRow]:
    return search_elders(session, query, limit=limit, offset=offset)


def _count(session: Session, query: str) -> int:
    return count_elders(session, query)


class ElderColumns(QObject):
    """Only here to give the column headers their own translation context."""

    def columns(self) -> list[Column[ElderRow]]:
        sexes = labels.sexes_short()
        categories = labels.subsidy_short()
        categories_long = labels.subsidy_categories()
        care = labels.care_levels()
        groups = labels.special_groups_short()
        groups_long = labels.special_groups()
        statuses = labels.elder_statuses()

        def group_text(row: ElderRow) -> str:
            return "、".join(labels.label(groups, g) for g in row.groups)

        def group_tooltip(row: ElderRow) -> str:
            return "、".join(labels.label(groups_long, g) for g in row.groups)

        return [
            Column("name", self.tr("Name"), lambda r: r.name),
            Column("sex", self.tr("Sex"), lambda r: labels.label(sexes, r.sex)),
            Column("age", self.tr("Age"), lambda r: str(r.age), align_right=True),
            Column("id_number", self.tr("ID number"), lambda r: r.id_number_masked),
            Column("phone", self.tr("Phone"), lambda r: r.phone),
            Column("community", self.tr("Community"), lambda r: r.community),
            Column("address", self.tr("Address"), lambda r: r.address),
            Column(
                "subsidy_category",
                self.tr("Category"),
                lambda r: labels.label(categories, r.subsidy_category),
                tooltip=lambda r: labels.label(categories_long, r.subsidy_category),
            ),
            Column("care_level", self.tr("Care level"), lambda r: labels.label(care, r.care_level)),
            Column("groups", self.tr("Groups"), group_text, tooltip=group_tooltip),
            Column("status", self.tr("Status"), lambda r: labels.label(statuses, r.status)),
        ]


def elder_table_model(ctx: UiContext) -> PagedTableModel[ElderRow]:
    return PagedTableModel(
        ctx, ElderColumns().columns(), _fetch, _count, name="elders", fetch_rows=elder_rows
    )
