"""Teams: the roles that name the same team, and the team files that describe them.

A role's `team` is text, as it always was ("Support"). It belongs to the team file
`teams/<team-id>.md` whose `name` it is (capitals and spacing aside), or whose id it is
or reads as (`team: support`, or "Customer Success" for `customer-success.md`); any other
team text makes a team of its own, named as the role writes it, whose id is the slug of
that name. Two files that one text could lead to are an error (`clashes`), so every text
leads to at most one file.

The same rules read an earlier release's export (compare.py), which may come from before
team files existed, so they work on plain ids and names as well as on the model.
"""

from __future__ import annotations

import hashlib

from . import schema


def team_key(text: str) -> str:
    """What two team names are compared by: 'Customer  success' is 'Customer Success'."""
    return " ".join(text.split()).casefold()


def team_id(name: str) -> str:
    """The id of a team that no file describes: the slug of its name ('Customer Success'
    -> 'customer-success'), or, for a name with no letters a URL keeps ('客服'), one made
    from it, so two such teams stay apart."""
    digest = hashlib.sha1(team_key(name).encode("utf-8")).hexdigest()[:8]
    return schema.slug(name, fallback=f"team-{digest}")


def find(text: str, described: dict[str, str]) -> str | None:
    """The id of the team file (`described`: id -> name) that a role's team text names:
    by its id, by its name, or by the id its name reads as; None when no file does."""
    text = text.strip()
    if text in described:
        return text
    key = team_key(text)
    by_name = next((tid for tid, name in described.items() if team_key(name) == key), None)
    if by_name is not None:
        return by_name
    made = team_id(text)
    return made if made in described else None


def assign(role_teams: dict[str, str | None], described: dict[str, str]
           ) -> tuple[dict[str, str], dict[str, str]]:
    """Which team each role belongs to: (role id -> team id for every role with a team,
    team id -> name for the teams that no file describes). Such a team is named as the
    first role (by id) that names it writes it."""
    members: dict[str, str] = {}
    named: dict[str, str] = {}
    for role_id in sorted(role_teams):
        text = role_teams[role_id]
        if not text or not text.strip():
            continue
        found = find(text, described)
        if found is None:
            found = team_id(text)
            named.setdefault(found, text.strip())
        members[role_id] = found
    return members, named


def clashes(described: dict[str, str]) -> list[tuple[str, str]]:
    """(team id, message) for each team file that a role's team text could not tell from
    another: two files with the same name, or a name that reads as another file's id."""
    found = []
    first_with: dict[str, str] = {}
    for tid in sorted(described):
        name = described[tid]
        other = first_with.setdefault(team_key(name), tid)
        if other != tid:
            found.append((tid, f"the team name '{name}' is also the name of teams/{other}.md; "
                               "give each team file a name of its own (a role's 'team' must "
                               "lead to one team)"))
            continue
        reads_as = team_id(name)
        if reads_as != tid and reads_as in described:
            found.append((tid, f"the team name '{name}' reads as the id of teams/{reads_as}.md"
                               f" ('{described[reads_as]}'), so a role with 'team: {name}' "
                               "would belong to both; rename one of the two"))
    return found


def teams_of_roles(roles: dict[str, dict]) -> dict[str, dict]:
    """The teams of an export made before team files existed (its roles as exported),
    as an export of today writes them, for "What changed"."""
    members, named = assign({rid: role.get("team") for rid, role in roles.items()}, {})
    teams = {tid: {"id": tid, "name": name, "manager": None, "decisions": [], "extra": None,
                   "body": "", "roles": []} for tid, name in named.items()}
    for role_id, tid in members.items():
        teams[tid]["roles"].append(role_id)
    return teams
