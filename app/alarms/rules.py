"""What happens to an alarm as it is stored: a repeated press folds, a power cut becomes a storm.

Called by the gateway's ingest inside its one short write transaction (a Core
``Connection``), so both rules cost one or two indexed queries per event:

- **folding**: the same device (and zone) sending the same event while its alarm is still
  open, within ``alarms.fold_window_min`` of the last press, adds to the open alarm's
  ``repeat_count`` instead of a new row. The press's stored key goes to
  ``alarm_repeats``, so a receiver re-sending that frame counts once, as for new rows.
- **storms**: a supervision alarm (priority 2, never a personal emergency) joins the open
  storm of its street and event code; without one, when ``alarms.storm_devices``
  devices of the street sent that code within ``alarms.storm_window_min``, the open
  unclaimed ones become a new storm. A member joining a storm someone has claimed is
  claimed by them at once: the power cut is one incident in one operator's hands.

``group_storms`` does the same for alarms stored elsewhere (the silent-device sweep).
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from app import settings
from db.models import Alarm, AlarmRepeat, AlarmStorm, Area, Elder

OPEN = ("raised", "claimed")
SETTINGS_TTL_S = 60.0
STREET_TTL_S = 300.0
# A device pressing every few minutes for hours keeps folding; the index range still
# needs a bound, and half a day of one open alarm is far past any real handling time.
FOLD_HORIZON = timedelta(hours=12)


@dataclass(frozen=True)
class RuleSettings:
    fold_window: timedelta
    storm_devices: int
    storm_window: timedelta


def read_settings(session: Session) -> RuleSettings:
    return RuleSettings(
        fold_window=timedelta(minutes=int(settings.get(session, "alarms.fold_window_min"))),
        storm_devices=max(2, int(settings.get(session, "alarms.storm_devices"))),
        storm_window=timedelta(minutes=int(settings.get(session, "alarms.storm_window_min"))),
    )


@dataclass(frozen=True)
class Folded:
    alarm_id: int
    repeat_count: int
    duplicate: bool  # a re-send of a press already folded: nothing changed


@dataclass(frozen=True)
class StormJoin:
    storm_id: int
    alarm_ids: tuple[int, ...]  # the alarms that now point at the storm
    created: bool
    claimed_by_name: str  # "" while the storm is unclaimed


_OPEN_REPEAT = (
    select(Alarm.id, Alarm.repeat_count)
    .where(
        Alarm.device_id == bindparam("device_id"),
        Alarm.received_at >= bindparam("horizon"),
        Alarm.status.in_(OPEN),
        Alarm.event_code == bindparam("code"),
        Alarm.zone == bindparam("zone"),
        Alarm.partition == bindparam("partition"),
        func.coalesce(Alarm.last_repeat_at, Alarm.received_at) >= bindparam("since"),
    )
    .order_by(Alarm.received_at.desc())
    .limit(1)
)
_SEEN_REPEAT = select(AlarmRepeat.dedupe_key, AlarmRepeat.at, AlarmRepeat.alarm_id).where(
    AlarmRepeat.dedupe_key.in_([bindparam("k1"), bindparam("k2")])
)
_BUMP = (
    update(Alarm)
    .where(Alarm.id == bindparam("alarm_id"))
    .values(
        repeat_count=Alarm.repeat_count + 1,
        last_repeat_at=bindparam("at"),
        version=Alarm.version + 1,
    )
    .returning(Alarm.repeat_count)
)
_OPEN_STORM = (
    select(AlarmStorm.id, AlarmStorm.status, AlarmStorm.claimed_by, AlarmStorm.claimed_by_name)
    .where(
        AlarmStorm.status != "resolved",
        AlarmStorm.event_code == bindparam("code"),
        AlarmStorm.street_id == bindparam("street_id"),
    )
    .order_by(AlarmStorm.id.desc())
    .limit(1)
)


class AlarmRules:
    """One per ingestor: caches its settings and the street of each elder briefly."""

    def __init__(self) -> None:
        self._settings: tuple[float, RuleSettings] | None = None
        self._streets: dict[int, tuple[float, int | None]] = {}

    def settings(self, conn: Connection) -> RuleSettings:
        now = time.monotonic()
        if self._settings is None or now - self._settings[0] > SETTINGS_TTL_S:
            with Session(bind=conn) as session:
                self._settings = (now, read_settings(session))
        return self._settings[1]

    def street_of(self, conn: Connection, elder_id: int) -> int | None:
        now = time.monotonic()
        hit = self._streets.get(elder_id)
        if hit is not None and now - hit[0] < STREET_TTL_S:
            return hit[1]
        street = conn.execute(
            select(Area.parent_id)
            .join(Elder, Elder.community_id == Area.id)
            .where(Elder.id == elder_id)
        ).scalar()
        self._streets[elder_id] = (now, street)
        return street

    def forget(self) -> None:
        """An elder moved or a setting changed: look again next time."""
        self._streets.clear()
        self._settings = None

    # -- folding ---------------------------------------------------------------------
    def fold(
        self,
        conn: Connection,
        *,
        device_id: int,
        event_code: str,
        zone: str,
        partition: str,
        key: str,
        previous_key: str,
        at: datetime,
        dedupe_window: timedelta,
    ) -> Folded | None:
        """Fold this press into the device's open alarm; None when it must be a new row."""
        seen = conn.execute(_SEEN_REPEAT, {"k1": key, "k2": previous_key}).all()
        for k, t, alarm_id in seen:
            if k == key or abs(at - t) <= dedupe_window:
                return Folded(alarm_id, 0, duplicate=True)
        window = self.settings(conn).fold_window
        if window <= timedelta(0):
            return None
        row = conn.execute(
            _OPEN_REPEAT,
            {
                "device_id": device_id,
                "horizon": at - FOLD_HORIZON,
                "code": event_code,
                "zone": zone,
                "partition": partition,
                "since": at - window,
            },
        ).first()
        if row is None:
            return None
        conn.execute(insert(AlarmRepeat), {"alarm_id": row[0], "dedupe_key": key, "at": at})
        count = conn.execute(_BUMP, {"alarm_id": row[0], "at": at}).scalar_one()
        return Folded(row[0], int(count), duplicate=False)

    # -- storms ----------------------------------------------------------------------
    def storm(
        self,
        conn: Connection,
        *,
        alarm_id: int,
        elder_id: int,
        event_code: str,
        event_name: str,
        at: datetime,
    ) -> StormJoin | None:
        """Put a new supervision alarm into its street's storm, forming one if due."""
        street = self.street_of(conn, elder_id)
        if street is None:
            return None
        joined = join_open_storm(conn, [alarm_id], event_code, street, at)
        if joined is not None:
            return joined
        rules = self.settings(conn)
        rows = conn.execute(
            select(Alarm.id, Alarm.device_id, Alarm.status, Alarm.received_at)
            .join(Elder, Elder.id == Alarm.elder_id)
            .join(Area, Area.id == Elder.community_id)
            .where(
                Alarm.status.in_(OPEN),
                Alarm.priority == 2,
                Alarm.received_at >= at - rules.storm_window,
                Alarm.event_code == event_code,
                Alarm.storm_id.is_(None),
                Area.parent_id == street,
            )
        ).all()
        if len({r[1] for r in rows}) < rules.storm_devices:
            return None
        return form_storm(conn, rows, event_code, event_name, street)


def join_open_storm(
    conn: Connection, alarm_ids: list[int], event_code: str, street_id: int, at: datetime
) -> StormJoin | None:
    storm = conn.execute(_OPEN_STORM, {"code": event_code, "street_id": street_id}).first()
    if storm is None:
        return None
    storm_id, status, claimed_by, claimed_by_name = storm
    values: dict[str, Any] = {"storm_id": storm_id}
    if status == "claimed":
        values.update(
            status="claimed", claimed_by=claimed_by, claimed_by_name=claimed_by_name, claimed_at=at
        )
    conn.execute(
        update(Alarm).where(Alarm.id.in_(alarm_ids), Alarm.status == "raised").values(**values)
    )
    return StormJoin(
        storm_id, tuple(alarm_ids), False, claimed_by_name if status == "claimed" else ""
    )


def form_storm(
    conn: Connection, rows: list[Any], event_code: str, event_name: str, street_id: int
) -> StormJoin:
    """A new storm of the unclaimed alarms among ``rows`` (id, device, status, received)."""
    raised = [r for r in rows if r[2] == "raised"]
    storm_id = conn.execute(
        insert(AlarmStorm).returning(AlarmStorm.id),
        {
            "event_code": event_code,
            "event_name": event_name,
            "street_id": street_id,
            "started_at": min(r[3] for r in raised) if raised else min(r[3] for r in rows),
            "status": "raised",
            "claimed_by_name": "",
            "outcome_note": "",
        },
    ).scalar_one()
    ids = [r[0] for r in raised]
    if ids:
        conn.execute(
            update(Alarm)
            .where(Alarm.id.in_(ids), Alarm.status == "raised")
            .values(storm_id=storm_id)
        )
    return StormJoin(storm_id, tuple(ids), True, "")


def group_storms(session: Session, now: datetime) -> list[StormJoin]:
    """Storms among open supervision alarms not stored by ingest (silent devices).

    The caller commits. One query over the open, ungrouped priority-2 alarms of the
    window (ix_alarms_status_priority), grouped here by street and code.
    """
    rules = read_settings(session)
    conn = session.connection()
    rows = conn.execute(
        select(
            Alarm.id,
            Alarm.device_id,
            Alarm.status,
            Alarm.received_at,
            Alarm.event_code,
            Alarm.event_name,
            Area.parent_id,
        )
        .join(Elder, Elder.id == Alarm.elder_id)
        .join(Area, Area.id == Elder.community_id)
        .where(
            Alarm.status.in_(OPEN),
            Alarm.priority == 2,
            Alarm.received_at >= now - rules.storm_window,
            Alarm.storm_id.is_(None),
        )
    ).all()
    groups: dict[tuple[str, int], list[Any]] = defaultdict(list)
    for r in rows:
        if r[6] is not None:
            groups[(r[4], r[6])].append(r)
    out: list[StormJoin] = []
    for (code, street), members in groups.items():
        raised_ids = [m[0] for m in members if m[2] == "raised"]
        if not raised_ids:
            continue
        joined = join_open_storm(conn, raised_ids, code, street, now)
        if joined is not None:
            out.append(joined)
        elif len({m[1] for m in members}) >= rules.storm_devices:
            out.append(form_storm(conn, members, code, members[0][5], street))
    return out
