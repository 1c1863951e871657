"""What the change feed carries: one frozen dataclass per topic.

A change row holds ``seq``, ``at``, ``topic``, ``kind``, ``ids`` and the few fields a
listener needs so it does not have to read the table just to decide whether to look.
The data itself always comes from its table: a listener re-reads the rows named by
``ids`` before it shows anything, so a field here is a hint, never the record.

Adding a topic is adding a class: ``TOPICS`` finds it by its ``topic`` name, and a row
whose topic this program does not know (a newer seat wrote it) is delivered as
``UnknownChange`` rather than dropped.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

TOPICS: dict[str, type[Change]] = {}


@dataclass(frozen=True, kw_only=True)
class Change:
    """Base of every topic. ``seq`` and ``at`` are filled in when read back from the feed."""

    topic: ClassVar[str] = ""
    kind: ClassVar[str] = ""

    ids: tuple[int, ...] = ()
    seq: int = 0
    at: datetime | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("topic"):
            TOPICS[cls.topic] = cls

    def data(self) -> dict[str, Any]:
        """The topic's own fields, JSON-ready (what the outbox row's ``data`` holds)."""
        skip = {"ids", "seq", "at"}
        return {
            f.name: _jsonable(getattr(self, f.name))
            for f in dataclasses.fields(self)
            if f.name not in skip
        }

    @classmethod
    def from_data(
        cls, *, ids: list[int] | tuple[int, ...], seq: int, at: datetime | None, data: dict[str, Any]
    ) -> Change:
        names = {f.name for f in dataclasses.fields(cls)} - {"ids", "seq", "at"}
        # Fields a newer program added are ignored; ones it dropped take their default.
        kept = {k: _tupled(v) for k, v in data.items() if k in names}
        return cls(ids=tuple(int(i) for i in ids), seq=seq, at=at, **kept)

    def as_json(self) -> dict[str, Any]:
        """The line ``anxin events`` prints."""
        return {
            "seq": self.seq,
            "at": self.at.isoformat() if self.at else None,
            "topic": self.topic_name,
            "kind": self.kind_name,
            "ids": list(self.ids),
            **self.data(),
        }

    @property
    def topic_name(self) -> str:
        return self.topic

    @property
    def kind_name(self) -> str:
        return self.kind


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _jsonable(v) for k, v in dataclasses.asdict(value).items()}
    return value


def _tupled(value: Any) -> Any:
    # JSON gives lists back; the dataclasses are frozen and hashable, so tuples.
    if isinstance(value, list):
        return tuple(_tupled(v) for v in value)
    if isinstance(value, dict):
        return {k: _tupled(v) for k, v in value.items()}
    return value


@dataclass(frozen=True, kw_only=True)
class UnknownChange(Change):
    """A row of a topic this program does not know (written by a newer version)."""

    raw_topic: str = ""
    raw_kind: str = ""
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def topic_name(self) -> str:
        return self.raw_topic

    @property
    def kind_name(self) -> str:
        return self.raw_kind

    def data(self) -> dict[str, Any]:
        return dict(self.raw)


# -- alarms -----------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class AlarmChange(Change):
    """What every alarm topic carries (``ids``: the alarms concerned, first the main one)."""

    kind: ClassVar[str] = "alarm"

    account: str = ""
    event_code: str = ""
    zone: str = ""
    elder_id: int | None = None
    status: str = ""
    priority: int = 0
    storm_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class AlarmRaised(AlarmChange):
    topic: ClassVar[str] = "alarm.raised"

    elder_name: str | None = None
    place: str = ""  # the elder's community, as the queue shows it
    event_name: str = ""
    qualifier: str = ""
    device_id: int | None = None
    unknown_account: bool = False
    received_at: str = ""
    storm_created: bool = False


@dataclass(frozen=True, kw_only=True)
class AlarmFolded(AlarmChange):
    """Another press of the same device, counted on the open alarm."""

    topic: ClassVar[str] = "alarm.folded"

    repeat_count: int = 1
    elder_name: str | None = None
    received_at: str = ""


@dataclass(frozen=True, kw_only=True)
class AlarmClaimed(AlarmChange):
    topic: ClassVar[str] = "alarm.claimed"

    claimed_by: int | None = None
    claimed_by_name: str = ""


@dataclass(frozen=True, kw_only=True)
class AlarmResolved(AlarmChange):
    topic: ClassVar[str] = "alarm.resolved"

    outcome: str = ""


@dataclass(frozen=True, kw_only=True)
class AlarmEscalated(AlarmChange):
    topic: ClassVar[str] = "alarm.escalated"

    escalation: str = ""
    escalations: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, kw_only=True)
class AlarmUpdated(AlarmChange):
    """An action logged, a note, a storm formed: the card and the row re-read."""

    topic: ClassVar[str] = "alarm.updated"

    action: str = ""


@dataclass(frozen=True, kw_only=True)
class AlarmMuted(Change):
    """A supervisor silenced the alarm sound for the whole centre until the next life alarm."""

    topic: ClassVar[str] = "alarm.muted"
    kind: ClassVar[str] = "alarm"

    by_name: str = ""
    user_id: int | None = None
    # The newest life alarm the mute covers: a newer one sounds again on every seat.
    through_alarm_id: int = 0


# -- calls ------------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class CallRinging(Change):
    """An inbound call from a caller-ID box (``ids``: the call)."""

    topic: ClassVar[str] = "call.ringing"
    kind: ClassVar[str] = "call"

    number: str = ""
    line: str = ""
    elder_ids: tuple[int, ...] = ()
    number_norm: str | None = None
    privacy: str | None = None
    name: str | None = None
    # id, name, age, community, status of each elder registered under the number: the
    # card pops with these before the card's own read returns.
    elders: tuple[dict[str, Any], ...] = ()
    started_at: str = ""


@dataclass(frozen=True, kw_only=True)
class CallChanged(Change):
    """Answered, ended, described, dialled out."""

    topic: ClassVar[str] = "call.changed"
    kind: ClassVar[str] = "call"

    state: str = ""


# -- records ----------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class OrderChanged(Change):
    topic: ClassVar[str] = "order.changed"
    kind: ClassVar[str] = "order"

    status: str = ""
    firm_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class OrderEditing(Change):
    """Someone opened (``editing``) or left an order's detail to change it."""

    topic: ClassVar[str] = "order.editing"
    kind: ClassVar[str] = "order"

    user_name: str = ""
    seat: str = ""
    editing: bool = True


@dataclass(frozen=True, kw_only=True)
class ElderChanged(Change):
    topic: ClassVar[str] = "elder.changed"
    kind: ClassVar[str] = "elder"


@dataclass(frozen=True, kw_only=True)
class DeviceChanged(Change):
    topic: ClassVar[str] = "device.changed"
    kind: ClassVar[str] = "device"


@dataclass(frozen=True, kw_only=True)
class FirmChanged(Change):
    topic: ClassVar[str] = "firm.changed"
    kind: ClassVar[str] = "firm"


@dataclass(frozen=True, kw_only=True)
class CatalogueChanged(Change):
    topic: ClassVar[str] = "catalogue.changed"
    kind: ClassVar[str] = "item"


@dataclass(frozen=True, kw_only=True)
class AreaChanged(Change):
    topic: ClassVar[str] = "area.changed"
    kind: ClassVar[str] = "area"


@dataclass(frozen=True, kw_only=True)
class FollowupChanged(Change):
    """A callback queued, tried or answered (``ids``: follow-ups)."""

    topic: ClassVar[str] = "followup.changed"
    kind: ClassVar[str] = "followup"


@dataclass(frozen=True, kw_only=True)
class ComplaintChanged(Change):
    topic: ClassVar[str] = "complaint.changed"
    kind: ClassVar[str] = "complaint"


@dataclass(frozen=True, kw_only=True)
class CareCallChanged(Change):
    topic: ClassVar[str] = "carecall.changed"
    kind: ClassVar[str] = "carecall"


@dataclass(frozen=True, kw_only=True)
class CheckinChanged(Change):
    topic: ClassVar[str] = "checkin.changed"
    kind: ClassVar[str] = "checkin"


@dataclass(frozen=True, kw_only=True)
class AssessmentChanged(Change):
    topic: ClassVar[str] = "assessment.changed"
    kind: ClassVar[str] = "assessment"

    month: str = ""


@dataclass(frozen=True, kw_only=True)
class UserChanged(Change):
    topic: ClassVar[str] = "user.changed"
    kind: ClassVar[str] = "user"


@dataclass(frozen=True, kw_only=True)
class SettingsChanged(Change):
    """``keys``: the settings saved (their values are read from the table)."""

    topic: ClassVar[str] = "settings.changed"
    kind: ClassVar[str] = "settings"

    keys: tuple[str, ...] = ()


# -- the gateway ------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class GatewayLink(Change):
    """A receiver port's state on the PC that runs the gateway, for every seat's status bar."""

    topic: ClassVar[str] = "gateway.link"
    kind: ClassVar[str] = "gateway"

    host: str = ""
    port: str = ""
    status: str = ""
    reason: str = ""
    silent_s: float | None = None


# The kinds a "record changed" listener can ask about, and the topic of each.
RECORD_TOPICS: dict[str, type[Change]] = {
    cls.kind: cls
    for cls in (
        OrderChanged,
        ElderChanged,
        DeviceChanged,
        FirmChanged,
        CatalogueChanged,
        AreaChanged,
        FollowupChanged,
        ComplaintChanged,
        CareCallChanged,
        CheckinChanged,
        AssessmentChanged,
        UserChanged,
        SettingsChanged,
    )
}


def changed(kind: str, ids: list[int] | tuple[int, ...] | set[int]) -> Change:
    """The plain "these rows of this kind changed" announcement of ``kind``."""
    try:
        cls = RECORD_TOPICS[kind]
    except KeyError:
        raise ValueError(f"no record topic for kind {kind!r}") from None
    return cls(ids=tuple(sorted(int(i) for i in ids)))


def decode(
    seq: int, at: datetime | None, topic: str, kind: str, ids: list[int], data: dict[str, Any]
) -> Change:
    cls = TOPICS.get(topic)
    if cls is None:
        return UnknownChange(
            ids=tuple(int(i) for i in ids),
            seq=seq,
            at=at,
            raw_topic=topic,
            raw_kind=kind,
            raw=dict(data),
        )
    return cls.from_data(ids=ids, seq=seq, at=at, data=data)
