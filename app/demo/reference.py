"""The hand-written reference data in ``resources/demo``: areas, catalogue and name material."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any


@dataclass(frozen=True)
class Community:
    code: str
    name: str
    street_code: str
    roads: tuple[str, ...]


@dataclass(frozen=True)
class Street:
    code: str
    name: str
    communities: tuple[Community, ...]


@dataclass(frozen=True)
class CatalogueItem:
    code: str
    category: str
    name: str
    unit: str
    market_price_fen: int
    time_limit_min: int
    standard: str
    kind: str


@dataclass(frozen=True)
class Names:
    surnames: tuple[str, ...]
    surname_weights: tuple[int, ...]
    given_male: tuple[str, ...]
    given_female: tuple[str, ...]
    relations: tuple[str, ...]
    firm_prefixes: tuple[str, ...]
    firm_suffixes: tuple[str, ...]
    medical_notes: tuple[str, ...]
    allergies: tuple[str, ...]
    staff_roles: tuple[str, ...]
    building_word: str
    unit_word: str
    room_word: str


@dataclass(frozen=True)
class Reference:
    district_code: str
    district_name: str
    streets: tuple[Street, ...]
    categories: tuple[tuple[str, str], ...]
    items: tuple[CatalogueItem, ...]
    names: Names

    @property
    def communities(self) -> tuple[Community, ...]:
        return tuple(c for s in self.streets for c in s.communities)


def _load(name: str) -> Any:
    return json.loads((files("resources.demo") / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def load_reference() -> Reference:
    areas = _load("areas.json")
    catalogue = _load("catalogue.json")
    names = _load("names.json")
    streets = tuple(
        Street(
            code=s["code"],
            name=s["name"],
            communities=tuple(
                Community(c["code"], c["name"], s["code"], tuple(c["roads"]))
                for c in s["communities"]
            ),
        )
        for s in areas["streets"]
    )
    items = tuple(
        CatalogueItem(
            code=i["code"],
            category=i["category"],
            name=i["name"],
            unit=i["unit"],
            market_price_fen=int(i["market_price_fen"]),
            time_limit_min=int(i["time_limit_min"]),
            standard=i["standard"],
            kind=i["kind"],
        )
        for i in catalogue["items"]
    )
    words = names.get("building_words", {})
    return Reference(
        district_code=areas["district"]["code"],
        district_name=areas["district"]["name"],
        streets=streets,
        categories=tuple((c["code"], c["name"]) for c in catalogue["categories"]),
        items=items,
        names=Names(
            surnames=tuple(s for s, _ in names["surnames"]),
            surname_weights=tuple(int(w) for _, w in names["surnames"]),
            given_male=tuple(names["given_male"]),
            given_female=tuple(names["given_female"]),
            relations=tuple(names["relations"]),
            firm_prefixes=tuple(names["firm_name_parts"]["prefixes"]),
            firm_suffixes=tuple(names["firm_name_parts"]["suffixes"]),
            medical_notes=tuple(names["medical_notes"]),
            allergies=tuple(names["allergies"]),
            staff_roles=tuple(names["staff_roles"]),
            building_word=words.get("buildings", "号楼"),
            unit_word=words.get("units", "单元"),
            room_word=words.get("rooms", "室"),
        ),
    )
