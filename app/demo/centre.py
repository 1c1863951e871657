"""The fixed part of the demo centre: areas, the service catalogue with prices, the users."""

from __future__ import annotations

import random
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.low_level import hash_secret
from sqlalchemy import Connection, text

from app.demo import DEMO_USERS
from app.demo.bulk import BulkWriter
from app.demo.common import NameMaker
from app.demo.pricing import SUBSIDY_CATEGORIES, default_prices
from app.demo.reference import CatalogueItem, Community, Reference


@dataclass(frozen=True)
class PlacedCommunity:
    index: int
    area_id: int
    street_index: int
    ref: Community


@dataclass(frozen=True)
class PlacedStreet:
    index: int
    area_id: int
    name: str
    communities: tuple[int, ...]  # indexes into Centre.communities


@dataclass(frozen=True)
class PlacedItem:
    index: int
    item_id: int
    ref: CatalogueItem

    @property
    def kind(self) -> str:
        return self.ref.kind


@dataclass(frozen=True)
class Centre:
    district_name: str
    streets: tuple[PlacedStreet, ...]
    communities: tuple[PlacedCommunity, ...]
    items: tuple[PlacedItem, ...]
    user_ids: dict[str, int]  # role -> id of the demo user of that role


def write_areas_and_catalogue(writer: BulkWriter, ref: Reference, names: NameMaker) -> Centre:
    """Areas and catalogue get ids 1..n in file order: stable across seeds and backends."""
    area_id = 1
    writer.add("areas", (area_id, None, "district", ref.district_code, ref.district_name))
    district_id = area_id
    streets: list[PlacedStreet] = []
    communities: list[PlacedCommunity] = []
    for s_index, street in enumerate(ref.streets):
        area_id += 1
        street_id = area_id
        writer.add("areas", (street_id, district_id, "street", street.code, street.name))
        members: list[int] = []
        for community in street.communities:
            area_id += 1
            writer.add("areas", (area_id, street_id, "community", community.code, community.name))
            members.append(len(communities))
            communities.append(PlacedCommunity(len(communities), area_id, s_index, community))
        streets.append(PlacedStreet(s_index, street_id, street.name, tuple(members)))

    category_ids: dict[str, int] = {}
    for n, (code, name) in enumerate(ref.categories, 1):
        category_ids[code] = n
        writer.add("service_categories", (n, code, name))
    items: list[PlacedItem] = []
    for n, item in enumerate(ref.items, 1):
        writer.add(
            "service_items",
            (
                n,
                item.code,
                category_ids[item.category],
                item.name,
                names.initials(item.name),
                item.unit,
                item.market_price_fen,
                item.time_limit_min,
                item.standard,
                item.kind,
                True,
            ),
        )
        for category, (elder, government) in default_prices(
            item.market_price_fen, item.kind
        ).items():
            writer.add("item_prices", (n, category, elder, government))
        items.append(PlacedItem(len(items), n, item))
    assert tuple(sorted(default_prices(0))) == SUBSIDY_CATEGORIES
    return Centre(ref.district_name, tuple(streets), tuple(communities), tuple(items), {})


def existing_users(conn: Connection) -> dict[str, int]:
    return {u: i for i, u in conn.execute(text("SELECT id, username FROM users"))}


def write_users(
    writer: BulkWriter, rng: random.Random, created_sec: int, existing: dict[str, int]
) -> dict[str, int]:
    """The demo sign-ins; a username that already exists is kept as it is (never overwrite a
    real password). Salts come from ``rng`` so the whole database stays reproducible; the
    passwords are published in DEMO_USERS anyway."""
    next_id = max(existing.values(), default=0) + 1
    ph = PasswordHasher()
    ids: dict[str, int] = {}
    for user in DEMO_USERS:
        salt = rng.randbytes(16)
        if user.username in existing:
            ids[user.role] = existing[user.username]
            continue
        encoded = hash_secret(
            user.password.encode(),
            salt,
            time_cost=ph.time_cost,
            memory_cost=ph.memory_cost,
            parallelism=ph.parallelism,
            hash_len=ph.hash_len,
            type=ph.type,
        ).decode()
        writer.add(
            "users",
            (
                next_id,
                user.username,
                user.display_name,
                user.role,
                encoded,
                0,
                None,
                True,
                writer.encoder.ts(created_sec),
            ),
        )
        ids[user.role] = next_id
        next_id += 1
    return ids
