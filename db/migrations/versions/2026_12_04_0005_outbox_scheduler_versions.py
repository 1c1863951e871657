"""change feed outbox, scheduler lease, version columns

Revision ID: 0005_feed
Revises: 0004_followups
Create Date: 2026-12-04 02:30:00

- ``outbox``: every change, written in the transaction that made it; each process's
  change feed reads it by ``seq``. AUTOINCREMENT on SQLite so a pruned number is never
  handed out again.
- ``scheduler_leases``: which process runs the centre's scheduler on SQLite (PostgreSQL
  elects it with an advisory lock instead).
- ``version`` on orders, alarms, firms, service items and settings: a save made from a
  stale copy is refused instead of overwriting another seat's.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_feed"
down_revision: str | None = "0004_followups"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONED = ("work_orders", "alarms", "firms", "service_items", "settings")


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("topic", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("ids", sa.JSON(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_outbox_at"), "outbox", ["at"], unique=False)
    op.create_table(
        "scheduler_leases",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("holder", sa.String(length=120), nullable=False),
        sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_scheduler_leases")),
    )
    for table in VERSIONED:
        # ADD COLUMN with a constant default: no table rebuild on either backend.
        op.add_column(
            table, sa.Column("version", sa.Integer(), nullable=False, server_default="1")
        )


def downgrade() -> None:
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
    op.drop_table("scheduler_leases")
    op.drop_index(op.f("ix_outbox_at"), table_name="outbox")
    op.drop_table("outbox")
