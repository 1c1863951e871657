"""A small registered centre for UI tests, built through the registry services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from app.registry.elders import ContactInput, PhoneInput, create_elder
from tests.app.factories import (
    Areas,
    elder_input,
    id_for,
    make_areas,
    make_category,
    make_elder,
    make_firm,
    make_item,
)

# Names whose pinyin initials are distinct, so a search for the initials finds one.
NAMED = (
    ("张三", "M", "13800138000"),
    ("李秀英", "F", "13909312001"),
    ("王建国", "M", "13909312002"),
    ("赵桂兰", "F", "13909312003"),
)
FILLER_SURNAMES = "陈刘杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
FILLER_GIVEN = "秀英桂兰玉兰建华志明淑珍凤英德明"


@dataclass(frozen=True)
class Centre:
    areas: Areas
    item_ids: list[int]
    firm_id: int
    elder_ids: dict[str, int]  # the named elders
    filler: int


def populate(session: Session, *, filler: int = 0) -> Centre:
    """Areas, three items, one firm, the named elders and ``filler`` more elders."""
    areas = make_areas(session)
    category = make_category(session)
    items = [
        make_item(session, category, "LC001", "助餐"),
        make_item(session, category, "LC002", "助浴"),
        make_item(session, category, "LC003", "助洁"),
    ]
    firm_id = make_firm(session, {areas.zhongshan, areas.jinta}, set(items[:2]))
    named: dict[str, int] = {}
    for i, (name, sex, phone) in enumerate(NAMED):
        named[name] = make_elder(
            session,
            areas.zhongshan,
            name=name,
            sex=sex,
            id_number=id_for(date(1940 + i, 3, 8), i + 1, sex),
            phones=[PhoneInput("mobile", phone)],
            contacts=[ContactInput("家属", "子女", f"1390931{3000 + i:04d}")],
        )
    for n in range(filler):
        sex = "F" if n % 2 else "M"
        name = (
            FILLER_SURNAMES[n % len(FILLER_SURNAMES)]
            + FILLER_GIVEN[(n // 3) % 8 * 2 : (n // 3) % 8 * 2 + 2]
        )
        data = elder_input(
            areas.jinta if n % 3 else areas.gaolan,
            name=name,
            sex=sex,
            id_number=id_for(date(1930 + n % 25, 1 + n % 12, 1 + n % 28), 10 + n % 90, sex),
            phones=[PhoneInput("mobile", f"1370931{n:04d}")],
            contacts=[],
            groups=set(),
        )
        create_elder(session, data, actor="test")
    return Centre(areas, items, firm_id, named, filler)
