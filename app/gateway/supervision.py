"""Alarms about silence: a device that missed its periodic test, a receiver that went quiet.

Both are stored as ordinary alarm rows (priority 2, supervision) so they reach every seat
through the same list as any other alarm, and both are deduplicated per *episode*: the
key carries the moment the silence began, so a sweep every minute raises one alarm, and a
device that reports and goes silent again raises a new one.

Receiver silence: ``account`` is the port's label (cut to the column's 16 characters),
``event_code`` ``RSL`` (not a Contact ID or SIA code, so it cannot be confused with one
from a device; 4 characters at most fit the column), ``protocol`` the receiver's protocol.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.feed import announce
from app.feed.topics import AlarmRaised
from db.models import Alarm, Device, Elder

log = logging.getLogger("anxin.gateway")

GRACE = timedelta(hours=1)
DEVICE_SILENT_CODE = "102"
DEVICE_SILENT_NAME = "Fail to Report In"
RECEIVER_SILENT_CODE = "RSL"
RECEIVER_SILENT_NAME = "Receiver silent"


def sweep_silent_devices(session: Session, now: datetime, grace: timedelta = GRACE) -> list[int]:
    """Raise one "device silent" alarm per active device overdue for its test; new ids.

    A device that has never reported (``last_test_at`` empty) is left alone: it may not be
    installed yet, and there is no moment its silence began. The caller commits.
    """
    intervals = session.scalars(
        select(Device.test_interval_h).where(Device.status == "active").distinct()
    ).all()
    overdue: list[Any] = []
    # One indexed range query per distinct interval (a centre has a handful) keeps the
    # comparison in SQL without backend-specific interval arithmetic.
    for hours in intervals:
        if not hours or hours <= 0:
            continue
        cutoff = now - timedelta(hours=hours) - grace
        overdue += session.execute(
            select(Device.id, Device.account, Device.elder_id, Device.last_test_at).where(
                Device.status == "active",
                Device.test_interval_h == hours,
                Device.last_test_at.is_not(None),
                Device.last_test_at < cutoff,
            )
        ).all()
    if not overdue:
        return []
    keys = {d[0]: f"silent|{d[1]}|{d[3].isoformat()}" for d in overdue}
    existing = set(
        session.scalars(select(Alarm.dedupe_key).where(Alarm.dedupe_key.in_(keys.values())))
    )
    raised = []
    for device_id, account, elder_id, last_test in overdue:
        if keys[device_id] in existing:
            continue
        alarm = Alarm(
            dedupe_key=keys[device_id],
            protocol="gateway",
            account=account,
            device_id=device_id,
            elder_id=elder_id,
            unknown_account=False,
            qualifier="new",
            event_code=DEVICE_SILENT_CODE,
            event_name=DEVICE_SILENT_NAME,
            raw=f"last test {last_test.isoformat()}",
            received_at=now,
            priority=2,
            status="raised",
        )
        session.add(alarm)
        session.flush()
        raised.append(alarm.id)
        log.warning("device %s silent since %s: alarm %d", account, last_test, alarm.id)
    return raised


def receiver_silent_alarm(
    session: Session,
    port_label: str,
    protocol: str,
    since: datetime,
    silent_s: float,
    now: datetime,
) -> int | None:
    """Store the "receiver silent" alarm of the episode that began at ``since``; its id,
    or None when this episode already has one. The caller commits."""
    key = f"rxsilent|{port_label}|{since.isoformat()}"[:120]
    if session.scalar(select(func.count()).select_from(Alarm).where(Alarm.dedupe_key == key)):
        return None
    alarm = Alarm(
        dedupe_key=key,
        protocol=protocol[:16],
        account=port_label[-16:],
        unknown_account=False,
        qualifier="new",
        event_code=RECEIVER_SILENT_CODE,
        event_name=RECEIVER_SILENT_NAME,
        raw=f"no data from {port_label} for {silent_s:.0f} s",
        received_at=now,
        priority=2,
        status="raised",
    )
    session.add(alarm)
    session.flush()
    log.error("receiver on %s silent for %.0f s: alarm %d", port_label, silent_s, alarm.id)
    return alarm.id


def announce_raised(session: Session, ids: list[int]) -> None:
    """Announce alarms stored here (same fields as the ingestor's), before the commit."""
    if not ids:
        return
    rows = session.execute(
        select(Alarm, Elder.name)
        .outerjoin(Elder, Elder.id == Alarm.elder_id)
        .where(Alarm.id.in_(ids))
    ).all()
    announce(
        session,
        *(
            AlarmRaised(
                ids=(a.id,),
                priority=a.priority,
                status=a.status,
                account=a.account,
                elder_id=a.elder_id,
                elder_name=name,
                device_id=a.device_id,
                unknown_account=a.unknown_account,
                event_code=a.event_code,
                event_name=a.event_name,
                qualifier=a.qualifier,
                zone=a.zone,
                received_at=a.received_at.isoformat(),
            )
            for a, name in rows
        ),
    )
