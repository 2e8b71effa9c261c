"""Translated content: translations beside their originals, text only (issue 19)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from journey_atlas.drawings import mirrored
from journey_atlas.lint import check
from journey_atlas.loader import load_atlas
from journey_atlas.schema import KINDS
from journey_atlas.translations import Translated, Untranslated, mark_untranslated
from support import CLI, SAMPLE, front_matter, minimal_atlas, write

LANGUAGES = ["en", "fr"]


def _atlas(tmp_path: Path) -> Path:
    root = minimal_atlas(tmp_path / "content")
    write(root / "journeys/buying/stages/first.md", front_matter(
        {"name": "I look around", "thinking": "Where do I start?", "roles": {"agent": "A"},
         "pain_points": ["Too many choices", "No prices"],
         "gaps": [{"title": "No guide", "impact": 3}, {"title": "No prices", "impact": 2}]},
        "What we know.\n"))
    return root


def _errors(result) -> list[str]:
    return [f"{p.path}:{p.line}:{p.col}: {p.message}" for p in result.errors]


def test_a_translation_gives_the_words_and_the_original_the_structure(tmp_path):
    root = _atlas(tmp_path)
    write(root / "journeys/buying/stages/first.fr.md", front_matter(
        {"name": "Je regarde", "pain_points": ["Trop de choix", "Pas de prix"],
         "gaps": [{"title": "Pas de guide"}, None]}, "Ce que nous savons.\n"))
    result = load_atlas(root, LANGUAGES, "fr")
    assert result.ok, _errors(result)
    stage = result.atlas.journeys[0].stages[0]
    assert stage.name == "Je regarde" and isinstance(stage.name, Translated)
    assert stage.roles == {"agent": "A"} and stage.gaps[0].impact == 3
    assert stage.pain_points == ["Trop de choix", "Pas de prix"]
    assert stage.body == "Ce que nous savons.\n"
    # What it leaves out shows as the original writes it, marked with the original's language.
    assert isinstance(stage.thinking, Untranslated) and stage.thinking.lang == "en"
    assert stage.thinking == "Where do I start?"
    assert stage.gaps[1].title == "No prices" and isinstance(stage.gaps[1].title, Untranslated)
    # The first language's atlas is the originals, untouched.
    english = load_atlas(root, LANGUAGES).atlas.journeys[0].stages[0]
    assert type(english.name) is str and english.name == "I look around"


def test_a_translation_that_sets_structure_is_told_every_problem_at_once(tmp_path):
    root = _atlas(tmp_path)
    write(root / "journeys/buying/stages/first.fr.md",
          "---\nname: Je regarde\nroles:\n  agent: R\nemotion: 2\nthinkin: Par où ?\n---\n")
    result = load_atlas(root, LANGUAGES, "fr")
    errors = _errors(result)
    where = "journeys/buying/stages/first.fr.md"
    assert f"{where}:3:1: 'roles' is not text: it comes from the original, " \
           "journeys/buying/stages/first.md; a translation of a stage gives only name," \
           in errors[0]
    assert errors[1].startswith(f"{where}:5:1: 'emotion' is not text")
    assert errors[2] == f"{where}:6:1: unknown key 'thinkin' in stage; did you mean 'thinking'?"
    assert len(errors) == 3
    # The same in the first language's build: every build checks every translation.
    assert _errors(load_atlas(root, LANGUAGES)) == errors


def test_a_translation_must_name_an_original_and_a_language_of_the_atlas(tmp_path):
    root = _atlas(tmp_path)
    write(root / "journeys/buying/stages/frist.fr.md", front_matter({"name": "Je regarde"}))
    write(root / "roles/agent.de.md", front_matter({"name": "Berater"}))
    write(root / "roles/agent.en.md", front_matter({"name": "Agent"}))
    write(root / "journeys/buying/journey.fr.yml", "title: Acheter\nstages: [second, first]\n")
    write(root / "atlas.fr.yml", "name: Petite Co\nlifecycle:\n  - id: nowhere\n    name: Nulle part\n")
    errors = _errors(load_atlas(root, LANGUAGES, "fr"))
    assert ("journeys/buying/stages/frist.fr.md:1:1: a translation of the stage 'frist', but "
            "there is no journeys/buying/stages/frist.md to translate; did you mean 'first'?"
            ) in errors
    assert any(e.startswith("roles/agent.de.md:1:1: 'de' is not one of the atlas' languages "
                            "(en, fr)") for e in errors)
    assert any(e.startswith("roles/agent.en.md:1:1: 'en' is the atlas' own language")
               for e in errors)
    assert any(e.startswith("journeys/buying/journey.fr.yml:2:1: 'stages' is not text")
               for e in errors)
    # atlas.yml has no lifecycle: the translation's is for a key the original does not have
    assert len(errors) == 4


def test_items_with_ids_are_matched_by_id_and_others_in_order(tmp_path):
    root = _atlas(tmp_path)
    write(root / "atlas.yml", "name: Tiny Co\nlifecycle:\n  - id: i-look\n    name: I look\n"
                              "  - id: i-buy\n    name: I buy\n")
    write(root / "atlas.fr.yml", "lifecycle:\n  - id: i-buy\n    name: J'achète\n"
                                 "  - id: i-lok\n    name: Je regarde\n")
    write(root / "journeys/buying/stages/first.fr.md", front_matter(
        {"pain_points": ["Trop de choix"]}))
    result = load_atlas(root, LANGUAGES, "fr")
    assert _errors(result) == ["atlas.fr.yml:4:5: lifecycle #2: 'id: i-lok' names no "
                               "lifecycle phase of the original; did you mean 'i-look'?"]
    warnings = [p for p in result.problems if p.level == "warning"]
    assert [(w.path, w.line) for w in warnings] == [("journeys/buying/stages/first.fr.md", 2)]
    assert "1 item here, 2 in the original" in warnings[0].message


def test_coverage_counts_every_text_and_page(tmp_path):
    root = _atlas(tmp_path)
    write(root / "about.md", "# About\n")
    write(root / "about.fr.md", "# À propos\n")
    write(root / "journeys/buying/stages/first.fr.md", front_matter({"name": "Je regarde"}))
    coverage = load_atlas(root, LANGUAGES).coverage["fr"]
    # name, thinking, 2 pain points, 2 gap titles, body; plus atlas name, journey title,
    # second stage name, moment title, role and persona names; plus about.md.
    assert (coverage.given, coverage.total) == (2, 14)
    assert "atlas.yml" in coverage.files_missing and "about.md" not in coverage.files_missing


def test_validate_reports_each_languages_coverage(tmp_path):
    root = _atlas(tmp_path)
    write(root / "journeys/buying/stages/first.fr.md", front_matter({"name": "Je regarde"}))
    write(tmp_path / "mkdocs.yml", "site_name: T\ndocs_dir: content\ntheme:\n  name: "
                                   "journey-atlas\nplugins:\n  - journey-atlas:\n      "
                                   "languages: [en, fr]\n")
    done = subprocess.run(CLI + ["validate"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Translated into fr: 1 of 13 texts (7 %); 6 files with no translation: atlas.yml," \
           in done.stderr


def test_an_atlas_in_one_language_keeps_its_translations_for_later(tmp_path):
    root = _atlas(tmp_path)
    write(root / "journeys/buying/stages/first.fr.md", "---\nroles: {agent: R}\n---\n")
    assert load_atlas(root).problems == []
    write(root / "roles/agent.x.md", front_matter({"name": "Agent"}))
    assert _errors(load_atlas(root)) == [
        "roles/agent.x.md:1:1: the file name 'agent.x.md' is neither an original "
        "(role-id.md) nor a translation (role-id.<language>.md, e.g. 'role-id.fr.md')"]


def test_the_untranslated_rule_is_opt_in(tmp_path):
    root = _atlas(tmp_path)
    write(root / "journeys/buying/stages/first.fr.md", front_matter({"name": "Je regarde"}))
    assert not [p for p in check(str(root), {}, languages=LANGUAGES).problems
                if "[untranslated]" in p.message]
    found = [f"{p.path}: {p.message}" for p in check(
        str(root), {"untranslated": True}, languages=LANGUAGES).problems
        if "[untranslated]" in p.message]
    assert ("journeys/buying/stages/first.md: the 'fr' translation does not translate "
            "thinking, pain_points, gaps, the text after the front matter yet "
            "[untranslated]") in found
    assert "roles/agent.md: not yet translated into 'fr' (no translation file beside it) " \
           "[untranslated]" in found


def test_the_schema_says_which_fields_are_text():
    texts = {kind: [k for k, f in record.fields.items() if f.translatable]
             for kind, record in KINDS.items()}
    assert "roles" not in texts["stage"] and "emotion" not in texts["stage"]
    assert "stage" not in texts["moment"] and "team" not in texts["role"]
    assert "stages" not in texts["journey"] and "name" in texts["stage"]


def test_marks_go_where_an_element_may_and_nowhere_else():
    value = Untranslated("Fish & chips", "en")
    page = (f'<title>{value.__html__()}</title><p title="{value.__html__()}">'
            f'{value.__html__()}</p><svg><text>{value.__html__()}</text></svg>'
            f'<select><option>{value.__html__()}</option></select>')
    marked, count = mark_untranslated(page, "Pas encore traduit")
    assert count == 1
    assert marked == ('<title>Fish &amp; chips</title><p title="Fish &amp; chips">'
                      '<span class="untranslated" lang="en" title="Pas encore traduit">'
                      'Fish &amp; chips</span></p><svg><text>Fish &amp; chips</text></svg>'
                      '<select><option>Fish &amp; chips</option></select>')
    hostile = Untranslated('"><script>alert(1)</script>', "en")
    assert "<script>" not in mark_untranslated(f"<p>{hostile.__html__()}</p>", "x")[0]


def test_a_mirrored_drawing_turns_its_texts_back():
    svg = ('<svg class="journey-map" viewBox="0 0 100 50"><defs></defs><rect x="10"/>'
           '<text class="a" x="10" y="5">Hi<tspan x="10" dy="3">there</tspan></text></svg>')
    assert mirrored(svg, 100) == (
        '<svg class="journey-map mirrored" viewBox="0 0 100 50"><defs></defs>'
        '<g transform="matrix(-1 0 0 1 100 0)"><rect x="10"/><text transform="scale(-1 1)" '
        'class="a" x="-10" y="5">Hi<tspan x="-10" dy="3">there</tspan></text></g></svg>')


# --- the sample, published in English and French ----------------------------------------

STAGE = "journeys/getting-help/stages/back-to-work/index.html"


def _text(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def test_the_sample_is_translated_into_french(bilingual_site):
    french = _text(bilingual_site / "fr", STAGE)
    assert "<h1>Remettre mes équipes au travail</h1>" in french
    assert 'class="untranslated"' not in french and "\ue000" not in french
    english = _text(bilingual_site, STAGE)
    assert "<h1>Getting my crews back to work</h1>" in english
    assert "untranslated" not in english
    # A translation is no page of its own.
    assert not list(bilingual_site.rglob("*.fr/index.html"))
    about = _text(bilingual_site / "fr", "about/index.html")
    assert "untranslated" not in about and '<html lang="fr"' in about


def test_a_partly_translated_page_shows_the_rest_as_first_written(bilingual_site):
    page = _text(bilingual_site / "fr", PARTLY_TRANSLATED)
    assert ("Certaines parties de cette page ne sont pas encore traduites : elles s’affichent "
            "en anglais") in page
    marks = re.findall(r'<span class="untranslated" lang="en" title="Pas encore traduit">'
                       r'([^<]*)</span>', page)
    assert PARTLY_UNTRANSLATED in marks
    assert not re.search(r'="[^"]*class=\\?"untranslated', page)  # never inside an attribute


def test_a_team_only_roles_name_shows_its_name_as_written_and_marked(bilingual_site):
    page = _text(bilingual_site / "fr", "teams/sales/index.html")
    assert '<h1><span class="untranslated" lang="en" title="Pas encore traduit">Sales</span>' \
           in page
    assert "<title>Sales ·" in page  # no mark where no element may go


PARTLY_TRANSLATED = "personas/operations-director/index.html"
PARTLY_UNTRANSLATED = "Stop losing contracts over missed or late jobs"


def test_the_sample_translation_is_complete_but_for_its_one_partial_page():
    result = load_atlas(SAMPLE, LANGUAGES)
    assert result.ok, _errors(result)
    assert not [p for p in result.problems if p.level == "warning"]
    missing = [(lang, path, parts) for lang, path, parts in result.untranslated]
    assert [path for _, path, _ in missing] == ["personas/operations-director.md"]


@pytest.mark.parametrize("kind", ["stage", "moment", "role", "persona"])
def test_every_text_field_of_the_sample_has_a_translation(kind):
    """Guards the sample: a field added to the schema or the sample gets its French."""
    result = load_atlas(SAMPLE, LANGUAGES, "fr")
    atlas = result.atlas
    entities = {"stage": [s for j in atlas.journeys for s in j.stages],
                "moment": [m for j in atlas.journeys for m in j.moments],
                "role": list(atlas.roles.values()),
                "persona": list(atlas.personas.values())}[kind]
    for entity in entities:
        if entity.file == "personas/operations-director.md":
            continue
        for key, f in KINDS[kind].fields.items():
            value = getattr(entity, key)
            if f.translatable and isinstance(value, str) and value:
                assert not isinstance(value, Untranslated), (entity.file, key)


def test_a_release_in_another_language_compares_with_that_language_of_the_last(tmp_path):
    from journey_atlas.release import ReleaseContext
    write(tmp_path / "1.0/atlas.json", "{}")
    release = ReleaseContext("1.1", "1.1", "1.0", str(tmp_path / "1.0/atlas.json"))
    # The last release had no French site: its first language's model (same structure).
    assert release.in_language("fr").previous_export == str(tmp_path / "1.0/atlas.json")
    write(tmp_path / "1.0/fr/atlas.json", "{}")
    assert release.in_language("fr").previous_export == str(tmp_path / "1.0/fr/atlas.json")


def test_structure_deep_in_a_list_is_told_even_when_the_list_has_fallen_behind(tmp_path):
    root = _atlas(tmp_path)
    write(root / "journeys/buying/moments/hello.md", front_matter(
        {"title": "Hello", "stage": "first", "roles": ["agent"], "scenarios": [
            {"situation": "A", "choices": [{"answer": "x", "right": True}, {"answer": "y"}]}]}))
    write(root / "journeys/buying/moments/hello.fr.md",
          "---\nscenarios:\n  - situation: Une\n    choices:\n      - answer: X\n"
          "        right: false\n      - answer: Y\n  - situation: de trop\n---\n")
    result = load_atlas(root, LANGUAGES, "fr")
    assert _errors(result) == [
        "journeys/buying/moments/hello.fr.md:6:9: scenarios #1 › choices #1: 'right' is not "
        "text: it comes from the original, journeys/buying/moments/hello.md; a translation of "
        "a choice gives only answer, why"]
    moment = result.atlas.journeys[0].moments[0]
    assert moment.scenarios[0].situation == "A"  # two here, one there: the original's words
    assert moment.scenarios[0].choices[0].right is True
