"""A small registered centre for gateway tests: elders, a shared landline, devices."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from app.bus import Bus
from app.context import Database
from app.gateway.ingest import Ingestor
from app.gateway.journal import Journal
from app.registry.elders import PhoneInput
from db.models import Device
from tests.app.factories import id_for, make_areas, make_elder
from tests.feed_helpers import Announced

LANDLINE = "8812345"  # local number; the centre's area code 0931 completes it
LANDLINE_E164 = "+869318812345"


@dataclass
class Centre:
    zhang: int  # 张三, mobile 13800138000, device 1234
    li: int  # 李秀英, shares the landline with 王芳
    wang: int
    device_1234: int
    device_5678: int


def make_centre(db: Database) -> Centre:
    with db.sessions() as s:
        areas = make_areas(s)
        zhang = make_elder(s, areas.zhongshan)
        li = make_elder(
            s,
            areas.jinta,
            name="李秀英",
            sex="F",
            id_number=id_for(date(1940, 5, 1), 2, "F"),
            phones=[PhoneInput("landline", LANDLINE)],
            contacts=[],
        )
        wang = make_elder(
            s,
            areas.jinta,
            name="王芳",
            sex="F",
            id_number=id_for(date(1942, 7, 9), 3, "F"),
            phones=[PhoneInput("landline", "0931-8812345")],
            contacts=[],
        )
        d1 = Device(account="1234", elder_id=zhang, kind="pendant")
        d2 = Device(account="5678", elder_id=li, kind="onekey")
        s.add_all([d1, d2])
        s.commit()
        return Centre(zhang, li, wang, d1.id, d2.id)


@pytest.fixture
def centre(db: Database) -> Centre:
    return make_centre(db)


@pytest.fixture
def bus() -> Bus:
    return Bus()


@pytest.fixture
def published(db: Database) -> Announced:
    return Announced(db)


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    j = Journal(tmp_path / "journal.jsonl")
    yield j
    j.close()


@pytest.fixture
def ingestor(db: Database, bus: Bus, journal: Journal) -> Ingestor:
    return Ingestor(db, bus, journal)
