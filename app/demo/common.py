"""Small generators shared by the demo modules: weighted picks, names, phones, ID numbers."""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Sequence
from datetime import UTC, date, datetime
from itertools import accumulate
from typing import Generic, TypeVar

from app.demo.reference import Names
from app.idcard import make_id_number
from app.pinyin import initials

DAY = 86_400
HOUR = 3_600
# The reference centre keeps Beijing time; working hours and "the centre's date" use it.
LOCAL_OFFSET = 8 * HOUR
AREA_CODE = "0931"  # Lanzhou
_EPOCH = date(1970, 1, 1)
T = TypeVar("T")


def epoch_seconds(moment: datetime) -> int:
    return int(moment.astimezone(UTC).timestamp())


def local_day_start(d: date) -> int:
    """UTC epoch seconds of local midnight starting ``d``."""
    return (d.toordinal() - _EPOCH.toordinal()) * DAY - LOCAL_OFFSET


def ri(rng: random.Random, lo: int, hi: int) -> int:
    """Like ``rng.randint`` at a fifth of the cost (it matters a million times over)."""
    return lo + int(rng.random() * (hi - lo + 1))


def rr(rng: random.Random, n: int) -> int:
    """Like ``rng.randrange(n)``, fast."""
    return int(rng.random() * n)


def one(rng: random.Random, seq: Sequence[T]) -> T:
    """Like ``rng.choice``, fast."""
    return seq[int(rng.random() * len(seq))]


class Picker(Generic[T]):
    """Weighted choice by bisection over cumulative weights: ~0.3 µs a pick."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        if len(items) != len(weights) or not items:
            raise ValueError("need as many weights as items, and at least one")
        self.items = list(items)
        self.cum = list(accumulate(weights))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random) -> T:
        return self.items[bisect_right(self.cum, rng.random() * self.total)]

    def index(self, rng: random.Random) -> int:
        return bisect_right(self.cum, rng.random() * self.total)


# Mobile prefixes in use by the three carriers (154 was never assigned).
MOBILE_PREFIXES = (
    *(f"13{d}" for d in range(10)),
    *(f"15{d}" for d in "01235789"),
    *(f"18{d}" for d in range(10)),
)


class Phone:
    """One number in the three forms the database and the caller-ID box use."""

    __slots__ = ("callerid", "display", "e164")

    def __init__(self, display: str, e164: str, callerid: str) -> None:
        self.display = display  # as staff write it, = app.phones.display(e164)
        self.e164 = e164  # = app.phones.normalise(display)
        self.callerid = callerid  # as the caller-ID box delivers it (local: no area code)


class PhoneBook:
    """Unique numbers: 11-digit mobiles and Lanzhou landlines 0931 8xxxxxx / 4xxxxxx.

    E.164 is built by hand (+86 and the number without its trunk 0) because calling
    phonenumbers for a million numbers would take minutes; a test checks the hand-made
    form equals ``app.phones.normalise`` on a sample.
    """

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def mobile(self) -> Phone:
        rng = self.rng
        while True:
            digits = f"{one(rng, MOBILE_PREFIXES)}{rr(rng, 10**8):08d}"
            if digits not in self.used:
                self.used.add(digits)
                return Phone(f"{digits[:3]} {digits[3:7]} {digits[7:]}", f"+86{digits}", digits)

    def landline(self, first: str = "8") -> Phone:
        rng = self.rng
        while True:
            local = f"{first}{rr(rng, 10**6):06d}"
            if local not in self.used:
                self.used.add(local)
                return Phone(f"{AREA_CODE} {local[:3]} {local[3:]}", f"+86931{local}", local)


class NameMaker:
    """Chinese names from the reference lists, with pinyin initials computed once per name."""

    def __init__(self, names: Names) -> None:
        self.surnames = Picker(names.surnames, names.surname_weights)
        self.male = names.given_male
        self.female = names.given_female
        self._initials: dict[str, str] = {}

    def surname(self, rng: random.Random) -> str:
        return self.surnames.pick(rng)

    def given(self, rng: random.Random, sex: str) -> str:
        pool = self.male if sex == "M" else self.female
        return one(rng, pool)

    def full(self, rng: random.Random, sex: str, surname: str | None = None) -> str:
        return (surname or self.surname(rng)) + self.given(rng, sex)

    def initials(self, name: str) -> str:
        # pypinyin costs ~50 µs a name; there are only ~40,000 distinct names.
        got = self._initials.get(name)
        if got is None:
            got = self._initials[name] = initials(name)
        return got


class IdNumbers:
    """Valid, unique 18-digit ID numbers registered in the demo district.

    ``make_id_number`` has 100 sequence numbers per birth date and sex; a crowded date
    moves the person's birth date one day earlier, which the caller sees and uses.
    """

    def __init__(self, area_code: str) -> None:
        self.area_code = area_code
        self.next_seq: dict[tuple[int, str], int] = {}

    def make(self, born: date, sex: str) -> tuple[str, date]:
        ordinal = born.toordinal()
        while True:
            key = (ordinal, sex)
            seq = self.next_seq.get(key, 0)
            if seq < 100:
                self.next_seq[key] = seq + 1
                day = date.fromordinal(ordinal)
                return make_id_number(self.area_code, day, seq, sex), day
            ordinal -= 1


def birth_date_for_age(rng: random.Random, age: int, on: date) -> date:
    """A birth date giving exactly ``age`` whole years on ``on``."""

    def years_before(d: date, years: int) -> date:
        try:
            return d.replace(year=d.year - years)
        except ValueError:  # 29 February
            return d.replace(year=d.year - years, day=28)

    latest = years_before(on, age)
    earliest = years_before(on, age + 1).toordinal() + 1
    return date.fromordinal(ri(rng, earliest, latest.toordinal()))


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
