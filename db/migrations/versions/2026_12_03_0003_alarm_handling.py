"""alarm handling: storms, escalations, folded repeats, the claimer's name

Revision ID: 0003_alarm_handling
Revises: 0002_order_board
Create Date: 2026-12-03 12:00:00

- ``alarm_storms``: one queue entry for many devices of a street with the same trouble.
- ``alarm_escalations``: each escalation of an alarm, once per kind (unique).
- ``alarm_repeats``: presses folded into an open alarm, keyed so re-sends count once.
- ``alarms``: ``claimed_by_name`` (the claim race's loser is told who has it, also on a
  console without user rows), ``last_repeat_at``, ``storm_id`` now a foreign key with an
  index, ``outcome`` widened to 30 characters for ``real_emergency_ambulance``.
- ``alarm_actions.actor``: who did it, as the card shows it.

On SQLite the ``alarms`` change rebuilds the table (batch mode); 37,000 alarms of the
big demo centre take well under a second.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_alarm_handling"
down_revision: str | None = "0002_order_board"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "alarm_storms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_code", sa.String(length=4), nullable=False),
        sa.Column("event_name", sa.String(length=60), nullable=False),
        sa.Column("street_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("claimed_by", sa.Integer(), nullable=True),
        sa.Column("claimed_by_name", sa.String(length=40), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=30), nullable=True),
        sa.Column("outcome_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claimed_by"], ["users.id"], name=op.f("fk_alarm_storms_claimed_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["street_id"], ["areas.id"], name=op.f("fk_alarm_storms_street_id_areas")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alarm_storms")),
    )
    op.create_index(op.f("ix_alarm_storms_status"), "alarm_storms", ["status"], unique=False)

    with op.batch_alter_table("alarms", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("claimed_by_name", sa.String(length=40), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("last_repeat_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.alter_column(
            "outcome",
            existing_type=sa.String(length=20),
            type_=sa.String(length=30),
            existing_nullable=True,
        )
        batch_op.create_index(batch_op.f("ix_alarms_storm_id"), ["storm_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_alarms_storm_id_alarm_storms"), "alarm_storms", ["storm_id"], ["id"]
        )

    with op.batch_alter_table("alarm_actions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("actor", sa.String(length=40), server_default="", nullable=False)
        )

    op.create_table(
        "alarm_escalations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alarm_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("waited_s", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alarm_id"],
            ["alarms.id"],
            name=op.f("fk_alarm_escalations_alarm_id_alarms"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alarm_escalations")),
        sa.UniqueConstraint("alarm_id", "kind", name=op.f("uq_alarm_escalations_alarm_id_kind")),
    )
    op.create_table(
        "alarm_repeats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alarm_id", sa.Integer(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=120), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["alarm_id"],
            ["alarms.id"],
            name=op.f("fk_alarm_repeats_alarm_id_alarms"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alarm_repeats")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_alarm_repeats_dedupe_key")),
    )
    op.create_index(op.f("ix_alarm_repeats_alarm_id"), "alarm_repeats", ["alarm_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_alarm_repeats_alarm_id"), table_name="alarm_repeats")
    op.drop_table("alarm_repeats")
    op.drop_table("alarm_escalations")
    with op.batch_alter_table("alarm_actions", schema=None) as batch_op:
        batch_op.drop_column("actor")
    with op.batch_alter_table("alarms", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_alarms_storm_id_alarm_storms"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_alarms_storm_id"))
        batch_op.alter_column(
            "outcome",
            existing_type=sa.String(length=30),
            type_=sa.String(length=20),
            existing_nullable=True,
        )
        batch_op.drop_column("last_repeat_at")
        batch_op.drop_column("claimed_by_name")
    op.drop_index(op.f("ix_alarm_storms_status"), table_name="alarm_storms")
    op.drop_table("alarm_storms")
