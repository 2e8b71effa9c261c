"""Journey lint: warnings about a valid atlas that is not yet a good journey map.

Each rule can be switched off, and tuned, under the plugin's `lint:` option in mkdocs.yml:

    plugins:
      - journey-atlas:
          lint:
            jargon_words: [lead, MQL, pipeline]   # replaces the default list
            stage_count: false                     # switch a rule off
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields

from .discussion import question_key
from .freshness import freshness, today
from .loader import LoadResult, load_atlas
from .model import Atlas
from .problems import Problem, ProblemList
from .schema import nearest

DEFAULT_JARGON = ("lead", "MQL", "SQL", "pipeline", "upsell", "cross-sell", "ticket", "churn",
                  "onboarding call", "funnel", "prospect", "SLA", "KPI")


@dataclass
class LintConfig:
    jargon: bool = True  # stage names in internal jargon instead of the customer's words
    jargon_words: tuple[str, ...] = DEFAULT_JARGON
    stage_count: bool = True  # fewer than min_stages or more than max_stages stages
    min_stages: int = 5
    max_stages: int = 12
    accountable: bool = True  # a stage without exactly one Accountable role
    moment_owner: bool = True  # a pivotal moment no role owns
    unused_role: bool = True  # a role no stage or moment uses
    unused_team: bool = True  # a team file that no role belongs to
    journey_persona: bool = True  # a journey made for no persona
    review_due: bool = True  # content past its review period
    gap_evidence: bool = True  # a gap of impact 4 or 5 that cites no research insight
    repeated_question: bool = True  # a question a journey already asks (the cards ask it once)
    untranslated: bool = False  # texts a language's translation does not give yet (opt in)

    @classmethod
    def from_options(cls, options: dict | None) -> "LintConfig":
        """Read the `lint:` option; raises ValueError naming every wrong key or value."""
        if options is False:  # `lint: false` switches every rule off
            return cls(**{name: False for name in RULES})
        options = options or {}
        if not isinstance(options, dict):
            raise ValueError("lint: expected a mapping of rule names to true or false")
        known = {f.name: f for f in fields(cls)}
        errors, values = [], {}
        for key, value in options.items():
            if key not in known:
                near = nearest(str(key), known)
                errors.append(f"lint: unknown option '{key}'" + (
                    f"; did you mean '{near[0]}'?" if near else
                    f"; options are: {', '.join(known)}"))
            elif key == "jargon_words":
                if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
                    errors.append("lint: jargon_words: expected a list of words")
                else:
                    values[key] = tuple(value)
            elif key in ("min_stages", "max_stages"):
                if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                    errors.append(f"lint: {key}: expected a whole number of at least 1")
                else:
                    values[key] = value
            elif not isinstance(value, bool):
                errors.append(f"lint: {key}: expected true or false")
            else:
                values[key] = value
        if errors:
            raise ValueError("\n".join(errors))
        return cls(**values)


# The rules are the config's on/off switches.
RULES = tuple(f.name for f in fields(LintConfig) if f.type == "bool")


def lint(atlas: Atlas, config: LintConfig, on: dt.date | None = None) -> list[Problem]:
    found = ProblemList()
    on = on or today()
    used_roles: set[str] = set()
    if config.review_due:
        _review(found, atlas, atlas, None, on)
        for entity in [*atlas.roles.values(), *atlas.personas.values()]:
            _review(found, atlas, entity, None, on)
    for journey in atlas.journeys:
        if config.journey_persona and not journey.personas:
            found.warning(journey.file, journey.lines.get("title", 1),
                          f"journey '{journey.id}' names no persona: add 'personas:' so readers "
                          "know whose journey this is [journey_persona]")
        count = len(journey.stages)
        if config.stage_count and not config.min_stages <= count <= config.max_stages:
            found.warning(journey.file, journey.lines.get("stages", 1),
                          f"journey '{journey.id}' has {count} stage{'s' * (count != 1)}; a "
                          f"journey map reads best with {config.min_stages} to "
                          f"{config.max_stages} [stage_count]")
        if config.review_due:
            _review(found, atlas, journey, journey, on)
        asked: dict[str, str] = {}  # what a question asks -> the stage that asks it first
        for stage in journey.stages:
            if config.repeated_question:
                for question in stage.questions:
                    key = question_key(question)
                    if key not in asked:
                        asked[key] = stage.id
                        continue
                    where = ("this stage" if asked[key] == stage.id
                             else f"stage '{asked[key]}'")
                    found.warning(stage.file, stage.lines.get("questions", 1),
                                  f"the question '{question}' is already asked at {where} of "
                                  "this journey; the cards ask it once [repeated_question]")
            used_roles.update(stage.roles)
            used_roles.update(t.owner for t in stage.touchpoints if t.owner)
            used_roles.update(g.owner for g in stage.gaps if g.owner)
            if config.jargon:
                words = _jargon_in(stage.name, config.jargon_words)
                if words:
                    found.warning(stage.file, stage.lines.get("name", 1),
                                  f"stage name '{stage.name}' uses internal jargon "
                                  f"({', '.join(words)}); name the stage in the customer's "
                                  "words and keep ours in 'internal_name' [jargon]")
            if config.accountable:
                accountable = stage.accountable
                if len(accountable) != 1:
                    what = ("no role is Accountable" if not accountable else
                            f"{len(accountable)} roles are Accountable "
                            f"({', '.join(accountable)})")
                    found.warning(stage.file, stage.lines.get("roles", stage.lines.get("name", 1)),
                                  f"in stage '{stage.id}' {what}; exactly one role should be "
                                  "[accountable]")
            if config.review_due:
                _review(found, atlas, stage, journey, on)
            if config.gap_evidence:
                for gap in stage.gaps:
                    if (gap.impact or 0) >= 4 and not gap.insights:
                        found.warning(stage.file, stage.lines.get("gaps", 1),
                                      f"gap '{gap.title}' has impact {gap.impact} but cites no "
                                      "research: add 'insights:' with the ids of the insights "
                                      "it rests on (insights/<id>.md) [gap_evidence]")
        for moment in journey.moments:
            used_roles.update(moment.roles)
            if config.review_due:
                _review(found, atlas, moment, journey, on)
            if config.moment_owner and not moment.roles:
                found.warning(moment.file, moment.lines.get("title", 1),
                              f"moment '{moment.id}' has no owning role: add 'roles:' so staff "
                              "know whose moment it is [moment_owner]")
    if config.unused_role:
        for role in atlas.roles.values():
            if role.id not in used_roles:
                found.warning(role.file, role.lines.get("name", 1),
                              f"role '{role.id}' is not part of any stage, touchpoint, gap or "
                              "moment [unused_role]")
    if config.unused_team:
        _unused_teams(found, atlas)
    return found.sorted()


def _unused_teams(found: ProblemList, atlas: Atlas) -> None:
    """A team file no role belongs to. A warning, not an error: a team may be written
    before its roles are, or outlive them, and its page still tells its manager and
    decisions; but most often a role misspells the team (that role is named)."""
    undescribed = {team.name: team for team in atlas.teams.values() if not team.file}
    for team in atlas.teams.values():
        if not team.file or team.roles:
            continue
        near = nearest(team.name, undescribed, n=1)
        if near:
            role = atlas.roles[undescribed[near[0]].roles[0]]
            hint = (f"role '{role.id}' has 'team: {role.team}': did you mean "
                    f"'team: {team.name}' there?")
        else:
            hint = f"add 'team: {team.name}' to the roles in it (roles/<role-id>.md)"
        found.warning(team.file, team.lines.get("name", 1),
                      f"no role belongs to team '{team.id}' ({team.name}); {hint} "
                      "[unused_team]")


def _jargon_in(name: str, words: tuple[str, ...]) -> list[str]:
    return [w for w in words
            if re.search(rf"(?<![\w-]){re.escape(w)}(?:s|es)?(?![\w-])", name, re.IGNORECASE)]


def _review(found: ProblemList, atlas: Atlas, entity, journey, on: dt.date) -> None:
    """Warn when this file's own `reviewed:` date is older than its review period, which it
    may inherit from its journey or the atlas."""
    if entity.reviewed is None:
        return
    state = freshness(atlas, entity, journey, on)
    if state.overdue:
        found.warning(entity.file if entity is not atlas else "atlas.yml",
                      entity.lines.get("reviewed", 1),
                      f"last reviewed {entity.reviewed.isoformat()}; a review was due by "
                      f"{state.due.isoformat()} (every {state.every} months) [review_due]")


def check(content_dir: str, lint_options: dict | None = None,
          on: dt.date | None = None, languages: list[str] | tuple = (),
          language: str | None = None) -> LoadResult:
    """Everything the build and `journey-atlas validate` check: errors, then lint warnings
    (of the atlas in `language`, one of `languages`; see load_atlas)."""
    config = LintConfig.from_options(lint_options)  # a wrong option is told even if content fails
    result = load_atlas(content_dir, languages, language)
    if result.ok and result.atlas is not None:
        result.problems = result.problems + lint(result.atlas, config, on)
        if config.untranslated:
            result.problems = sorted(result.problems + _untranslated(result.untranslated))
    return result


def _untranslated(gaps: list[tuple[str, str, list[str]]]) -> list[Problem]:
    """One warning for each original that a language leaves (partly) untranslated."""
    found = ProblemList()
    for lang, original, missing in gaps:
        if missing == ["the whole file"]:
            found.warning(original, 1, f"not yet translated into '{lang}' (no translation "
                                       "file beside it) [untranslated]")
            continue
        shown = ", ".join(missing[:6]) + (f" and {len(missing) - 6} more" if len(missing) > 6
                                          else "")
        found.warning(original, 1, f"the '{lang}' translation does not translate {shown} "
                                   "yet [untranslated]")
    return found.sorted()
