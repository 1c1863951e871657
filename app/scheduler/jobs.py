"""The centre's periodic jobs, each a function of (session, now), idempotent."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from app import settings
from app.scheduler.runner import Job

ALARM_TICK_S = 2.0
DEVICE_SWEEP_S = 60.0
FOLLOWUP_SWEEP_S = 300.0
PRUNE_S = 3600.0


def alarm_tick(session: Session, now: datetime) -> None:
    """Storms among alarms stored outside ingest, restores, escalations due."""
    from app import alarms

    alarms.tick(session, now)


def device_sweep(session: Session, now: datetime) -> None:
    """A "device silent" alarm for each device overdue for its periodic test."""
    from app.gateway.supervision import announce_raised, sweep_silent_devices

    ids = sweep_silent_devices(session, now)
    announce_raised(session, ids)


def followup_sweep(session: Session, now: datetime) -> None:
    """The day's callback sample and the check-in calls due by now."""
    from app.followups import daily_sweep

    daily_sweep(session, now)


def prune_feed(session: Session, now: datetime) -> None:
    from app.feed.outbox import prune

    days = int(settings.get(session, "feed.keep_days"))
    prune(session, now, timedelta(days=days))


def centre_jobs() -> list[Job]:
    return [
        Job("alarms.tick", ALARM_TICK_S, alarm_tick),
        Job("devices.sweep", DEVICE_SWEEP_S, device_sweep),
        Job("followups.sweep", FOLLOWUP_SWEEP_S, followup_sweep),
        Job("feed.prune", PRUNE_S, prune_feed),
    ]
