"""Small builders for registry tests: a district tree, a catalogue, firms and valid elders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from app.idcard import make_id_number
from app.registry.catalogue import ItemInput, create_item
from app.registry.elders import ContactInput, ElderInput, PhoneInput, create_elder
from app.registry.firms import FirmInput, create_firm, uscc_check_char
from db.models import Area, ServiceCategory

# A real, valid resident ID number (Beijing Chaoyang, born 1949-12-31, a woman).
VALID_ID = "11010519491231002X"
LANZHOU_CHENGGUAN = "620102"


@dataclass(frozen=True)
class Areas:
    district: int
    street: int
    zhongshan: int  # community 中山路社区
    jinta: int  # community 金塔巷社区
    other_street: int
    gaolan: int  # community 皋兰路社区, in the other street


def make_areas(session: Session) -> Areas:
    district = Area(level="district", code="620102", name="城关区")
    session.add(district)
    session.flush()
    street = Area(level="street", code="620102001", name="张掖路街道", parent_id=district.id)
    other = Area(level="street", code="620102002", name="酒泉路街道", parent_id=district.id)
    session.add_all([street, other])
    session.flush()
    zhongshan = Area(level="community", code="620102001001", name="中山路社区", parent_id=street.id)
    jinta = Area(level="community", code="620102001002", name="金塔巷社区", parent_id=street.id)
    gaolan = Area(level="community", code="620102002001", name="皋兰路社区", parent_id=other.id)
    session.add_all([zhongshan, jinta, gaolan])
    session.commit()
    return Areas(district.id, street.id, zhongshan.id, jinta.id, other.id, gaolan.id)


def make_category(session: Session, code: str = "LC", name: str = "生活照料") -> int:
    cat = ServiceCategory(code=code, name=name)
    session.add(cat)
    session.commit()
    return cat.id


def make_item(
    session: Session,
    category_id: int,
    code: str,
    name: str,
    *,
    market_price_fen: int = 3000,
    kind: str = "other",
    time_limit_min: int = 120,
    active: bool = True,
) -> int:
    return create_item(
        session,
        ItemInput(
            code=code,
            name=name,
            category_id=category_id,
            unit="次",
            market_price_fen=market_price_fen,
            time_limit_min=time_limit_min,
            kind=kind,
            active=active,
        ),
        actor="test",
    )


def licence(n: int) -> str:
    """A valid unified social credit code, different for each n."""
    first17 = f"9162010{n:010d}"
    return first17 + uscc_check_char(first17)


def firm_input(
    area_ids: set[int],
    item_ids: set[int],
    *,
    name: str = "安康家政服务有限公司",
    n: int = 1,
    start: date = date(2024, 1, 1),
    end: date = date(2026, 12, 31),
    status: str = "active",
) -> FirmInput:
    return FirmInput(
        name=name,
        licence_no=licence(n),
        legal_rep="王建国",
        contact_name="李娟",
        contact_phone="13909310001",
        address="城关区庆阳路100号",
        contract_start=start,
        contract_end=end,
        status=status,
        area_ids=set(area_ids),
        item_ids=set(item_ids),
    )


def make_firm(session: Session, area_ids: set[int], item_ids: set[int], **kw: object) -> int:
    return create_firm(session, firm_input(area_ids, item_ids, **kw), actor="test")  # type: ignore[arg-type]


def id_for(born: date, seq: int = 1, sex: str = "M") -> str:
    return make_id_number(LANZHOU_CHENGGUAN, born, seq, sex)


def elder_input(community_id: int, **overrides: object) -> ElderInput:
    """A valid registration: 张三, born 1945-03-08, a man, with a mobile and a son to call."""
    data = ElderInput(
        name="张三",
        sex="M",
        id_number=id_for(date(1945, 3, 8), 1, "M"),
        birth_date=None,
        community_id=community_id,
        address="城关区中山路12号",
        building="3",
        unit="2",
        floor="4",
        door="401",
        phones=[PhoneInput("mobile", "13800138000")],
        contacts=[ContactInput("张明", "儿子", "13909310002")],
        groups={"living_alone"},
    )
    for key, value in overrides.items():
        if not hasattr(data, key):
            raise AttributeError(key)
        setattr(data, key, value)
    return data


def make_elder(session: Session, community_id: int, **overrides: object) -> int:
    return create_elder(session, elder_input(community_id, **overrides), actor="test")
