"""Formation: one recommendation for every uncovered entity that employs a member.

* ``standalone`` -- the entity employs 3 or more members (the party's minimum for a
  branch) and founds its own branch;
* ``regional`` -- entities employing 1 or 2 members, grouped within their town (the
  lowest region they are located in): first the entities trading in one market
  together, then the rest of the town in order of industry and id, closing a group
  as soon as it employs 3 or more members;
* ``affiliated`` -- what is left in a town (fewer than 3 members together, or the
  group could have been formed) attaches to an existing organisation of the town,
  else of the nearest region above it: a branch already covering the entity's
  industry first, then the organisation covering fewest entities.

Everything here works on plain rows (dicts from the questions), so the plan is the
same whichever backend answered them, and is sorted by id so it is the same every run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .places import Places

__all__ = ["BRANCH_MINIMUM", "Formations", "propose_formations", "FORMATION_COLUMNS"]

#: Full members a branch needs (party rules), so the size of every proposed branch.
BRANCH_MINIMUM = 3

FORMATION_COLUMNS = ("entity_id", "entity_name", "type", "region_id", "region_name",
                     "county_name", "industry_id", "market_id", "members", "formation",
                     "group", "organisation_id", "organisation_name")


@dataclass
class Formations:
    """The formation rows (one per entity, by entity id) and the branches to found."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    #: New organisations: id, name, level, formation, region_id, entities (ids).
    organisations: list[dict[str, Any]] = field(default_factory=list)


def propose_formations(entities: Sequence[Mapping[str, Any]],
                       organisations: Sequence[Mapping[str, Any]], places: Places,
                       prefix: str) -> Formations:
    """The formation of every entity in ``entities`` (uncovered, employing a member).

    ``organisations`` are every existing organisation (``id``, ``name``, ``level``,
    ``region_id``, ``covered_entities``, ``industries``); new ids start with ``prefix``.

    >>> places = Places([{"id": "T", "level": "town", "parent_id": None}])
    >>> def entities(*members):
    ...     return [{"id": f"E{i}", "region_id": "T", "members": m} for i, m in enumerate(members)]
    >>> branch = [{"id": "O1", "region_id": "T", "level": "branch"}]
    >>> f = propose_formations(entities(3, 1, 1, 1), branch, places, "PLAN-")
    >>> [(r["entity_id"], r["formation"], r["group"]) for r in f.rows]  # doctest: +NORMALIZE_WHITESPACE
    [('E0', 'standalone', None), ('E1', 'regional', 'PLAN-G-T-001'),
     ('E2', 'regional', 'PLAN-G-T-001'), ('E3', 'regional', 'PLAN-G-T-001')]
    >>> [(r["entity_id"], r["formation"], r["organisation_id"])
    ...  for r in propose_formations(entities(1, 1), branch, places, "PLAN-").rows]
    [('E0', 'affiliated', 'O1'), ('E1', 'affiliated', 'O1')]
    """
    out = Formations()
    chosen: dict[str, tuple[str, str | None, str | None, str | None]] = {}
    small: dict[str, list[Mapping[str, Any]]] = {}
    for e in sorted(entities, key=lambda e: e["id"]):
        if e["members"] >= BRANCH_MINIMUM:
            oid = f"{prefix}S-{e['id']}"
            name = f"中共{e.get('name') or e['id']}支部委员会"
            out.organisations.append(_new_org(oid, name, "standalone", e["region_id"], [e["id"]]))
            chosen[e["id"]] = ("standalone", None, oid, name)
        elif e["members"] > 0:
            small.setdefault(e["region_id"], []).append(e)
    leftovers: list[Mapping[str, Any]] = []
    for town in sorted(small):
        groups, left = _group_town(small[town])
        for k, group in enumerate(groups, 1):
            gid = f"{prefix}G-{town}-{k:03d}"
            name = f"中共{places.name.get(town, town)}小个专第{k}联合支部委员会"
            out.organisations.append(_new_org(gid, name, "regional", town,
                                              [e["id"] for e in group]))
            for e in group:
                chosen[e["id"]] = ("regional", gid, gid, name)
        leftovers += left
    for e, org in zip(leftovers, _affiliate(leftovers, organisations, places)):
        chosen[e["id"]] = ("affiliated", None, None if org is None else str(org["id"]),
                           None if org is None else str(org.get("name") or org["id"]))
    for e in sorted(entities, key=lambda e: e["id"]):
        if e["id"] not in chosen:
            continue                      # no member: a work-coverage target, not a formation
        how, group_id, org_id, org_name = chosen[e["id"]]
        out.rows.append({
            "entity_id": e["id"], "entity_name": e.get("name"), "type": e.get("type"),
            "region_id": e["region_id"], "region_name": e.get("region_name"),
            "county_name": e.get("county_name"), "industry_id": e.get("industry_id"),
            "market_id": e.get("market_id"), "members": e["members"],
            "formation": how, "group": group_id, "organisation_id": org_id,
            "organisation_name": org_name})
    return out


def _new_org(oid: str, name: str, formation: str, region: str,
             entities: list[str]) -> dict[str, Any]:
    return {"id": oid, "name": name, "level": "branch", "formation": formation,
            "region_id": region, "entities": entities}


def _members(group: Sequence[Mapping[str, Any]]) -> int:
    return sum(e["members"] for e in group)


def _group_town(entities: list[Mapping[str, Any]]
                ) -> tuple[list[list[Mapping[str, Any]]], list[Mapping[str, Any]]]:
    """One town's small entities as joint groups (3+ members each) and the leftover
    (fewer than 3 members together)."""
    by_market: dict[str, list[Mapping[str, Any]]] = {}
    pool: list[Mapping[str, Any]] = []
    for e in entities:
        # A market's own entity groups with the stalls trading in it.
        market = e.get("market_id") or (e["id"] if e.get("type") == "market" else None)
        if market:
            by_market.setdefault(market, []).append(e)
        else:
            pool.append(e)
    groups: list[list[Mapping[str, Any]]] = []
    for market in sorted(by_market):
        stalls = by_market[market]
        if _members(stalls) >= BRANCH_MINIMUM:
            groups.append(stalls)          # one joint branch for the whole market
        else:
            pool += stalls
    pool.sort(key=lambda e: (e.get("industry_id") or "", e["id"]))
    formed: list[list[Mapping[str, Any]]] = []
    current: list[Mapping[str, Any]] = []
    for e in pool:
        current.append(e)
        if _members(current) >= BRANCH_MINIMUM:
            formed.append(current)
            current = []
    if current and formed:
        formed[-1] += current              # a short tail joins the town's last group
        current = []
    return groups + formed, current


def _affiliate(entities: Sequence[Mapping[str, Any]], organisations: Sequence[Mapping[str, Any]],
               places: Places) -> list[Mapping[str, Any] | None]:
    """The existing organisation each entity attaches to (None: none in its chain)."""
    located: dict[str, list[Mapping[str, Any]]] = {}
    for o in organisations:
        located.setdefault(o["region_id"], []).append(o)
    load = {o["id"]: int(o.get("covered_entities") or 0) for o in organisations}
    out: list[Mapping[str, Any] | None] = []
    for e in entities:
        here = next((located[r] for r in places.chain(e["region_id"]) if r in located), None)
        if here is None:
            out.append(None)
            continue
        industry = e.get("industry_id")

        def rank(o: Mapping[str, Any]) -> tuple[int, int, str]:
            same = o.get("level") == "branch" and industry is not None \
                and industry in (o.get("industries") or ())
            return (0 if same else 1, load[o["id"]], o["id"])

        best = min(here, key=rank)
        load[best["id"]] += 1              # spread the next entities over the others
        out.append(best)
    return out
