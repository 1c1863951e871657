"""About thirty contracted firms: coverage, the items they offer, contracts and staff."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from app.demo.bulk import BulkWriter
from app.demo.centre import Centre
from app.demo.common import HOUR, IdNumbers, NameMaker, PhoneBook, local_day_start
from app.demo.reference import Names

# What each kind of firm delivers, and how much of that it takes on.
PROFILE_KINDS: dict[str, tuple[tuple[str, ...], float]] = {
    "general": (("housekeeping", "companionship", "meal", "nursing", "other", "urgent"), 0.55),
    "housekeeping": (("housekeeping", "urgent", "other"), 0.7),
    "nursing": (("nursing", "companionship", "urgent"), 0.7),
    "meal": (("meal",), 0.9),
    "social": (("companionship", "other"), 0.8),
    "device": (("device_maintenance", "urgent"), 0.6),
}
# Share of firms of each profile; "general" first, they are the coverage backbone.
PROFILE_MIX = (
    ("general", 10),
    ("housekeeping", 6),
    ("nursing", 5),
    ("meal", 3),
    ("social", 3),
    ("device", 3),
)
PROFILE_ROLES = {
    "general": ("护理员", "家政员", "助餐员", "社工", "保洁员", "理发师", "助浴员"),
    "housekeeping": ("家政员", "保洁员", "维修工"),
    "nursing": ("护士", "康复师", "护理员", "医生"),
    "meal": ("助餐员", "送餐员"),
    "social": ("社工", "心理咨询师"),
    "device": ("维修工",),
}
CERTIFICATES = {
    "护理员": "养老护理员（四级）",
    "护士": "护士执业证书",
    "医生": "医师执业证书",
    "康复师": "康复治疗师（初级）",
    "心理咨询师": "心理咨询师（三级）",
    "社工": "社会工作者（初级）",
    "家政员": "家政服务员（五级）",
    "维修工": "低压电工作业证",
    "理发师": "美发师（五级）",
    "助浴员": "养老护理员（五级）",
}
# GB 32100-2015 unified social credit code: this alphabet (no I, O, S, V, Z), MOD 31 check.
_LICENCE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_LICENCE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
BACKBONE = 12  # firms 0..11 are active and cover every street twice over


def uscc_check_char(first17: str) -> str:
    """Check character of a unified social credit code, so the registry accepts the licence."""
    total = sum(_LICENCE_CHARS.index(c) * w for c, w in zip(first17, _LICENCE_WEIGHTS, strict=True))
    return _LICENCE_CHARS[(31 - total % 31) % 31]


def _profile_of(suffix: str) -> str:
    if any(w in suffix for w in ("家政", "物业", "维修")):
        return "housekeeping"
    if any(w in suffix for w in ("健康", "护理", "康复", "医疗")):
        return "nursing"
    if "餐饮" in suffix:
        return "meal"
    if "社会工作" in suffix:
        return "social"
    if "电子" in suffix:
        return "device"
    return "general"


@dataclass
class FirmInfo:
    index: int
    firm_id: int
    name: str
    profile: str
    status: str
    active_from: int  # epoch seconds: contract start
    active_until: int | None  # epoch seconds the firm stopped taking orders
    quality: float  # 0..1: drives lateness, rejections, callback results
    streets: set[int] = field(default_factory=set)
    items: set[int] = field(default_factory=set)
    staff: list[tuple[int, str]] = field(default_factory=list)

    def takes_orders_at(self, sec: int) -> bool:
        return self.active_from <= sec and (self.active_until is None or sec < self.active_until)


@dataclass
class FirmPool:
    firms: list[FirmInfo]
    # (community index, item index) -> firms covering the community and offering the item.
    eligible: dict[tuple[int, int], tuple[int, ...]]
    staff_count: int

    def active_now(self) -> list[FirmInfo]:
        return [f for f in self.firms if f.status == "active"]


def write_firms(
    writer: BulkWriter,
    rng: random.Random,
    centre: Centre,
    names: Names,
    people: NameMaker,
    phones: PhoneBook,
    ids: IdNumbers,
    *,
    count: int,
    anchor_day: date,
    window_start_day: date,
) -> FirmPool:
    enc = writer.encoder
    n_streets = len(centre.streets)
    by_profile: dict[str, list[str]] = {}
    for suffix in names.firm_suffixes:
        by_profile.setdefault(_profile_of(suffix), []).append(suffix)
    weights = [w for _, w in PROFILE_MIX]
    profiles: list[str] = []
    for name, w in PROFILE_MIX:
        profiles += [name] * max(1, round(count * w / sum(weights)))
    profiles = [p for p in profiles if p in by_profile or p == "general"][:count]
    while len(profiles) < count:
        profiles.append("general")
    backbone = min(BACKBONE, count)

    # The last firms of the list get the unhappy endings: one exited, one or two suspended.
    statuses = ["active"] * count
    if count > backbone:
        statuses[count - 1] = "exited"
    for k in range(2, 2 + (2 if count >= 25 else 1)):
        if count - k >= backbone:
            statuses[count - k] = "suspended"
    window_days = (anchor_day - window_start_day).days

    used_names: set[str] = set()
    used_licences: set[str] = set()
    firms: list[FirmInfo] = []
    for i in range(count):
        profile = profiles[i]
        suffixes = by_profile.get(profile) or by_profile.get("general") or ["养老服务有限公司"]
        while True:
            prefix = names.firm_prefixes[rng.randrange(len(names.firm_prefixes))]
            name = ("兰州" if rng.random() < 0.6 else "") + prefix + rng.choice(suffixes)
            if name not in used_names:
                used_names.add(name)
                break
        while True:
            first17 = "91620102MA" + "".join(rng.choice(_LICENCE_CHARS) for _ in range(7))
            licence = first17 + uscc_check_char(first17)
            if licence not in used_licences:
                used_licences.add(licence)
                break
        # Every contract began before the history does, so the whole window can route to it.
        start = window_start_day - timedelta(days=rng.randint(30, 1800))
        end = start + timedelta(days=3 * 365)
        while end < anchor_day + timedelta(days=30):
            end += timedelta(days=3 * 365)  # renewed
        status = statuses[i]
        changed: date | None = None
        notes = ""
        active_until: int | None = None
        quality = rng.uniform(0.85, 1.0) if i < backbone else rng.uniform(0.72, 0.98)
        if status == "suspended":
            changed = anchor_day - timedelta(days=rng.randint(3, max(4, min(40, window_days // 3))))
            notes = "连续两个月考核不合格，暂停派单，限期整改"
            quality = rng.uniform(0.5, 0.62)
        elif status == "exited":
            changed = window_start_day + timedelta(days=max(1, window_days * 3 // 5))
            end = changed
            notes = "合同期内多次考核不合格并存在虚假服务记录，已清退，不得再次加盟"
            quality = 0.45
        if changed is not None:
            active_until = local_day_start(changed)
        created = local_day_start(start) + 10 * HOUR
        info = FirmInfo(i, i + 1, name, profile, status, created, active_until, quality)
        # Coverage: the backbone covers streets round-robin, so each street has two of them.
        if i < backbone:
            info.streets.add(i % n_streets)
        extra = rng.choices((0, 1, 2), weights=(5, 3, 2))[0] if i < backbone else None
        if extra is None:
            wanted = rng.choices((1, 2, 3), weights=(4, 4, 2))[0]
            info.streets.update(rng.sample(range(n_streets), wanted))
        else:
            info.streets.update(rng.sample(range(n_streets), extra))
        kinds, share = PROFILE_KINDS[profile]
        for item in centre.items:
            if item.kind in kinds and rng.random() < share:
                info.items.add(item.index)
        contact = phones.mobile()
        street = centre.streets[min(info.streets)]
        community = centre.communities[street.communities[0]].ref
        address = f"{centre.district_name}{rng.choice(community.roads)}{rng.randint(1, 300)}号"
        writer.add(
            "firms",
            (
                info.firm_id,
                name,
                people.initials(name),
                licence,
                people.full(rng, "M" if rng.random() < 0.6 else "F"),
                people.full(rng, "F" if rng.random() < 0.6 else "M"),
                contact.display,
                contact.e164,
                address,
                enc.day(start),
                enc.day(end),
                status,
                enc.day(changed),
                notes,
                enc.ts(created),
            ),
        )
        firms.append(info)

    _fill_gaps(rng, centre, firms)
    staff_id = 0
    for info in firms:
        for street in sorted(info.streets):
            for c in centre.streets[street].communities:
                writer.add("firm_areas", (info.firm_id, centre.communities[c].area_id))
        for item in sorted(info.items):
            writer.add("firm_items", (info.firm_id, centre.items[item].item_id))
        roles = [r for r in PROFILE_ROLES[info.profile] if r in names.staff_roles] or list(
            names.staff_roles
        )
        n_staff = min(40, 8 + len(info.streets) * rng.randint(2, 10))
        for _ in range(n_staff):
            staff_id += 1
            role = rng.choice(roles)
            sex = (
                ("M" if rng.random() < 0.9 else "F")
                if role == "维修工"
                else ("F" if rng.random() < 0.75 else "M")
            )
            person = people.full(rng, sex)
            born = anchor_day - timedelta(days=rng.randint(24 * 365, 58 * 365))
            id_number, _ = ids.make(born, sex)
            phone = phones.mobile()
            certificate = CERTIFICATES.get(role, "")
            until = anchor_day + timedelta(days=rng.randint(-60, 1500)) if certificate else None
            writer.add(
                "staff",
                (
                    staff_id,
                    info.firm_id,
                    person,
                    sex,
                    phone.display,
                    phone.e164,
                    id_number,
                    role,
                    certificate,
                    enc.day(until),
                    rng.random() < 0.93,
                ),
            )
            info.staff.append((staff_id, person))

    eligible: dict[tuple[int, int], tuple[int, ...]] = {}
    for community in centre.communities:
        for item in centre.items:
            eligible[(community.index, item.index)] = tuple(
                f.index
                for f in firms
                if community.street_index in f.streets and item.index in f.items
            )
    return FirmPool(firms, eligible, staff_id)


def _fill_gaps(rng: random.Random, centre: Centre, firms: list[FirmInfo]) -> None:
    """Every item must be orderable in every street from a firm that is active today:
    a gap goes to an active firm covering the street, of a fitting profile if there is one."""
    for street in range(len(centre.streets)):
        covering = [f for f in firms if f.status == "active" and street in f.streets]
        for item in centre.items:
            if any(item.index in f.items for f in covering):
                continue
            fitting = [f for f in covering if item.kind in PROFILE_KINDS[f.profile][0]]
            rng.choice(fitting or covering).items.add(item.index)
