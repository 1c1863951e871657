"""order board and routing indexes

Revision ID: 0002_order_board
Revises: 0001
Create Date: 2026-12-03 11:40:00

Measured on 2,000,000 orders (SQLite): the open load of two firms took 100-150 ms
through ix_work_orders_firm_created (every order of the firm read to check its
status); the board sorted by deadline took 1.8 s (a sort of the whole table); a
firm's dispatched orders 90 ms. With these: see app/orders/board.py and the report.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002_order_board"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain CREATE INDEX (no batch): SQLite can add an index without copying the table,
    # which matters on a centre with millions of orders.
    op.create_index(
        "ix_work_orders_firm_status", "work_orders", ["firm_id", "status", "created_at"]
    )
    op.create_index(
        "ix_work_orders_route",
        "work_orders",
        ["community_id", "item_id", "firm_id", "dispatched_at"],
    )
    op.create_index("ix_work_orders_due", "work_orders", ["due_at"])
    # A database analysed before (the demo seeder does) would otherwise hold statistics
    # for the old indexes only, and the planner would take the new ones for selective.
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        analysed = bind.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"
        ).first()
        if analysed:
            bind.exec_driver_sql("PRAGMA analysis_limit=1000")
            bind.exec_driver_sql("ANALYZE work_orders")
            bind.exec_driver_sql("PRAGMA analysis_limit=0")
    else:
        bind.exec_driver_sql("ANALYZE work_orders")


def downgrade() -> None:
    op.drop_index("ix_work_orders_due", table_name="work_orders")
    op.drop_index("ix_work_orders_route", table_name="work_orders")
    op.drop_index("ix_work_orders_firm_status", table_name="work_orders")
