"""Administrative areas as the forms pick them: district › street › community."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound
from db.models import Area

PATH_SEPARATOR = " › "


@dataclass(frozen=True)
class AreaRef:
    id: int
    level: str
    code: str
    name: str
    path: str  # "城关区 › 张掖路街道 › 中山路社区"
    parent_id: int | None = None
    depth: int = 0  # 0 for a district


# A centre has a few hundred areas: one query and a walk in memory beats recursive SQL,
# and works the same on SQLite and PostgreSQL.


def list_areas(session: Session) -> list[AreaRef]:
    """Every area in tree order: each parent before its children, siblings by code."""
    rows = session.execute(select(Area.id, Area.parent_id, Area.level, Area.code, Area.name)).all()
    ids = {r.id for r in rows}
    children: dict[int | None, list[tuple[int, str, str, str]]] = defaultdict(list)
    for r in rows:
        # An area whose parent is missing is shown as a root rather than hidden.
        parent = r.parent_id if r.parent_id in ids else None
        children[parent].append((r.id, r.level, r.code, r.name))
    for kids in children.values():
        kids.sort(key=lambda k: (k[2], k[0]))
    out: list[AreaRef] = []

    def walk(parent: int | None, path: str, depth: int) -> None:
        for id_, level, code, name in children.get(parent, []):
            full = f"{path}{PATH_SEPARATOR}{name}" if path else name
            out.append(AreaRef(id_, level, code, name, full, parent, depth))
            walk(id_, full, depth + 1)

    walk(None, "", 0)
    return out


def list_communities(session: Session) -> list[AreaRef]:
    """Communities only (what an elder or a firm's coverage points to), in tree order."""
    return [a for a in list_areas(session) if a.level == "community"]


def area_refs(session: Session, area_ids: set[int]) -> dict[int, AreaRef]:
    """The areas asked for, each with its full path."""
    if not area_ids:
        return {}
    return {a.id: a for a in list_areas(session) if a.id in area_ids}


def area_paths(session: Session, area_ids: set[int]) -> dict[int, str]:
    return {k: a.path for k, a in area_refs(session, area_ids).items()}


def get_area(session: Session, area_id: int) -> AreaRef:
    ref = area_refs(session, {area_id}).get(area_id)
    if ref is None:
        raise NotFound(f"Area #{area_id} does not exist.")
    return ref
