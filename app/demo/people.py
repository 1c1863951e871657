"""Registered elders with their phones, special groups, emergency contacts and devices."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from app.demo.bulk import BulkWriter
from app.demo.centre import Centre
from app.demo.common import (
    DAY,
    HOUR,
    IdNumbers,
    NameMaker,
    Phone,
    PhoneBook,
    Picker,
    age_on,
    birth_date_for_age,
    local_day_start,
    one,
    ri,
    rr,
)
from app.demo.firms import FirmPool
from app.demo.reference import Names

# Special groups as bits, so the history can test membership without sets per elder.
LIVING_ALONE = 1
EMPTY_NEST = 2
LOW_INCOME = 4
ADVANCED_AGE = 8
LOST_ONLY_CHILD = 16
FAMILY_PLANNING = 32
CENTENARIAN = 64
GROUP_BITS = (
    (LIVING_ALONE, "living_alone"),
    (EMPTY_NEST, "empty_nest"),
    (LOW_INCOME, "low_income"),
    (ADVANCED_AGE, "advanced_age"),
    (LOST_ONLY_CHILD, "lost_only_child"),
    (FAMILY_PLANNING, "family_planning"),
    (CENTENARIAN, "centenarian"),
)

CATEGORY_SHARES = (("A", 3), ("B", 7), ("C", 85), ("D", 5))
CARE_LEVELS = ("independent", "semi_dependent", "dependent")
COUPLE_SHARE = 0.065  # of households: two elders at one address, one landline
DEVICE_KINDS = {
    "onekey_phone": "安心宝 AX-100 一键通话机",
    "sos_pendant": "安心宝 AX-P2 紧急呼叫挂件",
    "smoke_detector": "安心宝 AX-S1 独立式烟感",
}
_ACCOUNT_DIGITS = "0123456789BCDEF"  # Contact ID account digits: A means 0 on the wire
_CHILD_RELATIONS = {"儿子", "女儿", "儿媳", "女婿", "孙子", "孙女", "外孙", "外孙女"}
_MALE_RELATIONS = {"儿子", "女婿", "孙子", "外孙", "侄子", "外甥", "兄弟"}
_FEMALE_RELATIONS = {"女儿", "儿媳", "孙女", "外孙女", "侄女", "外甥女", "姐妹", "保姆"}
_SAME_SURNAME = {"儿子", "女儿", "孙子", "孙女", "侄子", "侄女"}
_RELATION_WEIGHTS = {
    "儿子": 25,
    "女儿": 25,
    "儿媳": 6,
    "女婿": 5,
    "孙子": 5,
    "孙女": 5,
    "邻居": 5,
    "社区网格员": 5,
    "楼长": 3,
    "配偶": 0,  # the spouse is an elder too, usually next to the phone already
}


@dataclass
class ElderPool:
    """What the history needs to know about each elder, by index (elder id = index + 1)."""

    n: int = 0
    area_id: list[int] = field(default_factory=list)
    community: list[int] = field(default_factory=list)
    category: list[str] = field(default_factory=list)
    age: list[int] = field(default_factory=list)
    care: list[int] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)
    active: list[bool] = field(default_factory=list)
    preferred_firm: list[int] = field(default_factory=list)  # firm index or -1
    enrolled_sec: list[int] = field(default_factory=list)
    name: list[str] = field(default_factory=list)
    phones: list[tuple[Phone, ...]] = field(default_factory=list)
    contact: list[tuple[str, Phone]] = field(default_factory=list)
    # (device id, kind, account) of the elder's active devices.
    devices: list[tuple[tuple[int, str, str], ...]] = field(default_factory=list)
    device_count: int = 0
    phone_count: int = 0
    contact_count: int = 0


def _age_picker() -> Picker[int]:
    # Most members are 65-80; numbers fall off with age, and steeply past 95.
    ages = list(range(65, 101))
    weights = [math.exp(-(a - 65) / 9) * (0.3 if a >= 95 else 1.0) for a in ages]
    return Picker(ages, weights)


def write_elders(
    writer: BulkWriter,
    rng: random.Random,
    centre: Centre,
    firms: FirmPool,
    names: Names,
    people: NameMaker,
    phones: PhoneBook,
    ids: IdNumbers,
    *,
    count: int,
    anchor_day: date,
    window_start_day: date,
    anchor_sec: int,
    progress: Callable[[str], None],
) -> ElderPool:
    enc = writer.encoder
    pool = ElderPool()
    ages = _age_picker()
    categories = Picker([c for c, _ in CATEGORY_SHARES], [w for _, w in CATEGORY_SHARES])
    community_weights = [rng.uniform(0.6, 1.4) for _ in centre.communities]
    communities = Picker(list(range(len(centre.communities))), community_weights)
    relations = Picker(
        list(names.relations), [_RELATION_WEIGHTS.get(r, 2) for r in names.relations]
    )
    no_child_relations = Picker(
        [r for r in names.relations if r not in _CHILD_RELATIONS],
        [_RELATION_WEIGHTS.get(r, 2) for r in names.relations if r not in _CHILD_RELATIONS],
    )
    healthy = names.medical_notes[-1] if names.medical_notes else ""
    notes_pool = [n for n in names.medical_notes if n != healthy]
    preferred_candidates: list[list[int]] = []
    maintainers: list[list[int]] = []
    device_items = [i.index for i in centre.items if i.kind == "device_maintenance"]
    active_firms = firms.active_now()
    for community in centre.communities:
        covering = [f for f in active_firms if community.street_index in f.streets]
        preferred_candidates.append(
            [f.index for f in covering if f.profile in ("general", "housekeeping", "nursing")]
        )
        fixers = [f.index for f in covering if any(i in f.items for i in device_items)]
        maintainers.append(fixers or [f.index for f in covering])
    account_len = 4 if count * 0.85 <= 20_000 else 6
    used_accounts: set[str] = set()

    def new_account() -> str:
        while True:
            v = rr(rng, 15**account_len)
            digits = []
            for _ in range(account_len):
                v, r = divmod(v, 15)
                digits.append(_ACCOUNT_DIGITS[r])
            account = "".join(digits)
            if account not in used_accounts:
                used_accounts.add(account)
                return account

    seven_years_ago = anchor_day.toordinal() - 7 * 365
    window_first = window_start_day.toordinal()
    last_day = anchor_day.toordinal() - 1
    phone_id = contact_id = device_id = 0
    elder_id = 0
    report_every = max(10_000, count // 10)

    while elder_id < count:
        couple = count - elder_id >= 2 and rng.random() < COUPLE_SHARE
        community = communities.pick(rng)
        road = one(rng, centre.communities[community].ref.roads)
        high_rise = rng.random() < 0.3
        building = ri(rng, 1, 30)
        unit = ri(rng, 1, 6)
        floor = ri(rng, 1, 18 if high_rise else 7)
        door = f"{floor}{ri(rng, 1, 4):02d}"
        address = (
            f"{road}{ri(rng, 1, 399)}号 {building}{names.building_word} "
            f"{unit}{names.unit_word} {door}{names.room_word}"
        )
        landline = phones.landline("8") if rng.random() < 0.7 else None
        if couple:
            husband_age = ages.pick(rng)
            wife_age = min(100, max(65, husband_age - ri(rng, -2, 5)))
            members = [("M", husband_age), ("F", wife_age)]
        else:
            members = [("M" if rng.random() < 0.42 else "F", ages.pick(rng))]

        for sex, age in members:
            elder_id += 1
            born = birth_date_for_age(rng, age, anchor_day)
            id_number, born = ids.make(born, sex)
            age = age_on(born, anchor_day)
            surname = people.surname(rng)
            name = surname + people.given(rng, sex)
            category = categories.pick(rng)
            if category == "D":
                care = 2 if rng.random() < 0.6 else 1
            else:
                r = rng.random()
                care = (
                    2
                    if r < 0.03 + 0.005 * (age - 65)
                    else (1 if r < 0.15 + 0.015 * (age - 65) else 0)
                )
            groups = 0
            if not couple and rng.random() < 0.23:
                groups |= LIVING_ALONE
            if rng.random() < (0.55 if couple else 0.32):
                groups |= EMPTY_NEST
            if category == "A" or rng.random() < 0.052:
                groups |= LOW_INCOME
            if age >= 80:
                groups |= ADVANCED_AGE
            if age >= 100:
                groups |= CENTENARIAN
            if rng.random() < 0.01:
                groups |= LOST_ONLY_CHILD
            if rng.random() < 0.02:
                groups |= FAMILY_PLANNING
            r = rng.random()
            status = (
                "active"
                if r < 0.975
                else "deceased"
                if r < 0.985
                else "moved"
                if r < 0.99
                else "suspended"
            )
            active = status == "active"

            earliest = max(seven_years_ago, born.toordinal() + 65 * 365 + 17)
            if rng.random() < 0.95 and earliest < window_first:
                enrolled = ri(rng, earliest, window_first - 1)
            else:
                enrolled = ri(rng, min(max(earliest, window_first), last_day), last_day)
            enrolled_day = date.fromordinal(enrolled)
            created = local_day_start(enrolled_day) + ri(rng, 9 * HOUR, 17 * HOUR)
            # Half the records were edited since enrolment.
            edited = rng.random() < 0.5
            updated = created + (ri(rng, 0, max(0, anchor_sec - created)) if edited else 0)

            medical = ""
            if notes_pool and rng.random() < 0.75:
                medical = "；".join(rng.sample(notes_pool, 1 if rng.random() < 0.7 else 2))
            elif healthy and rng.random() < 0.5:
                medical = healthy
            allergies = one(rng, names.allergies) if rng.random() < 0.25 else ""
            preferred = -1
            candidates = preferred_candidates[community]
            if candidates and rng.random() < 0.3:
                preferred = one(rng, candidates)
            checkin = bool(groups & LIVING_ALONE) and rng.random() < 0.35
            writer.add(
                "elders",
                (
                    elder_id,
                    name,
                    people.initials(name),
                    sex,
                    enc.day(born),
                    id_number,
                    centre.communities[community].area_id,
                    address,
                    str(building),
                    str(unit),
                    str(floor),
                    door,
                    category,
                    CARE_LEVELS[care],
                    status,
                    medical,
                    allergies,
                    "",
                    firms.firms[preferred].firm_id if preferred >= 0 else None,
                    checkin,
                    one(rng, (8, 9, 10)) if checkin else None,
                    enc.day(enrolled_day),
                    enc.ts(created),
                    enc.ts(updated),
                    1,
                ),
            )
            for bit, group in GROUP_BITS:
                if groups & bit:
                    writer.add("elder_groups", (elder_id, group))

            # Devices first: a one-key phone brings its own line.
            devices: list[tuple[int, str, str]] = []
            kinds: list[str] = []
            if rng.random() < 0.6:
                kinds.append("onekey_phone")
                r = rng.random()
                if r < 0.25:
                    kinds.append("sos_pendant")
                elif r < 0.33:
                    kinds.append("smoke_detector")
            installed_from = max(enrolled, window_first - 3 * 365)
            for kind in kinds:
                device_id += 1
                account = new_account()
                installed = date.fromordinal(ri(rng, installed_from, max(installed_from, last_day)))
                if active:
                    silent = rng.random() < 0.004
                    last_test = anchor_sec - (
                        ri(rng, 26 * HOUR, 7 * DAY) if silent else ri(rng, 60, 24 * HOUR)
                    )
                    devices.append((device_id, kind, account))
                else:
                    last_test = local_day_start(installed) + 12 * HOUR
                maintainer = one(rng, maintainers[community])
                writer.add(
                    "devices",
                    (
                        device_id,
                        account,
                        elder_id,
                        kind,
                        DEVICE_KINDS[kind],
                        f"AX{installed.year % 100:02d}{device_id:07d}",
                        firms.firms[maintainer].firm_id,
                        24,
                        enc.day(installed),
                        enc.ts(last_test),
                        enc.ts(last_test),
                        False,
                        False,
                        "active" if active else "removed",
                    ),
                )

            own: list[tuple[str, Phone]] = []
            if landline is not None:
                own.append(("landline", landline))
            mobile_p = 0.7 if age < 75 else 0.5 if age < 85 else 0.3
            if rng.random() < mobile_p or (landline is None and not kinds):
                own.append(("mobile", phones.mobile()))
            onekey_phone: Phone | None = None
            if kinds:
                onekey_phone = phones.landline("4")
                own.append(("onekey", onekey_phone))
            for kind, phone in own:
                phone_id += 1
                writer.add("elder_phones", (phone_id, elder_id, kind, phone.display, phone.e164))

            picker = no_child_relations if groups & LOST_ONLY_CHILD else relations
            first_contact: tuple[str, Phone] | None = None
            for position in range(1, rng.choices((1, 2, 3), weights=(30, 45, 25))[0] + 1):
                relation = picker.pick(rng)
                c_sex = (
                    "M"
                    if relation in _MALE_RELATIONS
                    else "F"
                    if relation in _FEMALE_RELATIONS
                    else ("M" if rng.random() < 0.5 else "F")
                )
                family = surname if relation in _SAME_SURNAME and sex == "M" else None
                c_name = people.full(rng, c_sex, family)
                c_phone = phones.mobile() if rng.random() < 0.95 else phones.landline("8")
                contact_id += 1
                writer.add(
                    "emergency_contacts",
                    (
                        contact_id,
                        elder_id,
                        position,
                        c_name,
                        relation,
                        c_phone.display,
                        c_phone.e164,
                    ),
                )
                if first_contact is None:
                    first_contact = (c_name, c_phone)

            pool.area_id.append(centre.communities[community].area_id)
            pool.community.append(community)
            pool.category.append(category)
            pool.age.append(age)
            pool.care.append(care)
            pool.groups.append(groups)
            pool.active.append(active)
            pool.preferred_firm.append(preferred)
            pool.enrolled_sec.append(created)
            pool.name.append(name)
            pool.phones.append(tuple(p for _, p in own))
            assert first_contact is not None
            pool.contact.append(first_contact)
            pool.devices.append(tuple(devices))
            if elder_id % report_every == 0:
                progress(f"elders {elder_id}/{count}")
            writer.maybe_flush()
    pool.n = elder_id
    pool.device_count = device_id
    pool.phone_count = phone_id
    pool.contact_count = contact_id
    if count % report_every:
        progress(f"elders {count}/{count}")
    return pool
