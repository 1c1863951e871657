"""follow-ups, complaints, care calls and daily check-ins

Revision ID: 0004_followups
Revises: 0003_alarm_handling
Create Date: 2026-12-03 13:00:00

- ``checkin_calls``: the welfare call queued when an elder who opted in to the daily
  check-in was not heard from by their hour; one per elder per local day (unique).
- ``ix_work_orders_firm_completed``: a new firm's first completed orders, read by the
  daily follow-up sampling without scanning the firm's history.
- ``ix_elders_daily_checkin``: the few elders who opted in, out of 200,000.
- ``ix_complaints_order_id``: an order with a complaint is always called back.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_followups"
down_revision: str | None = "0003_alarm_handling"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "checkin_calls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("elder_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=True),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"], ["calls.id"], name=op.f("fk_checkin_calls_call_id_calls")
        ),
        sa.ForeignKeyConstraint(
            ["elder_id"], ["elders.id"], name=op.f("fk_checkin_calls_elder_id_elders")
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["users.id"], name=op.f("fk_checkin_calls_operator_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin_calls")),
        sa.UniqueConstraint("elder_id", "day", name="uq_checkin_calls_elder_day"),
    )
    op.create_index(op.f("ix_checkin_calls_status"), "checkin_calls", ["status"], unique=False)
    op.create_index("ix_checkin_calls_day_status", "checkin_calls", ["day", "status"], unique=False)
    op.create_index(
        "ix_work_orders_firm_completed", "work_orders", ["firm_id", "completed_at"], unique=False
    )
    op.create_index(op.f("ix_elders_daily_checkin"), "elders", ["daily_checkin"], unique=False)
    op.create_index(op.f("ix_complaints_order_id"), "complaints", ["order_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_complaints_order_id"), table_name="complaints")
    op.drop_index(op.f("ix_elders_daily_checkin"), table_name="elders")
    op.drop_index("ix_work_orders_firm_completed", table_name="work_orders")
    op.drop_index("ix_checkin_calls_day_status", table_name="checkin_calls")
    op.drop_index(op.f("ix_checkin_calls_status"), table_name="checkin_calls")
    op.drop_table("checkin_calls")
