"""The site folder is written over in place, not emptied and filled again
(site_builder/output.py), and ends exactly as a build into an empty folder."""

from __future__ import annotations

import filecmp
import os
import shutil
from pathlib import Path

import pytest

from journey_atlas import output
from support import build, front_matter, minimal_atlas, write

TWO_LANGUAGES = {"plugins": [{"journey-atlas": {"languages": ["en", "fr"], "lint": False}}]}


def tree(site: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under `site`, by path."""
    return {str(p.relative_to(site)): (None if p.is_dir() else p.read_bytes())
            for p in sorted(site.rglob("*"))}


def test_take_back_keeps_what_will_be_written_and_removes_the_rest(tmp_path):
    site = tmp_path / "site"
    for name in ("keep.html", "a/keep.html", "a/gone.html", "b/c/gone.txt", "fr/theirs.html"):
        write(site / name, name)
    outside = write(tmp_path / "outside.txt", "not the site's")
    os.symlink(outside, site / "a/link-out")
    aside = output.set_aside(str(site))
    assert aside and not site.exists() and Path(aside).is_dir()
    kept = output.take_back(aside, str(site), {str(site / "keep.html"),
                                               str(site / "a/keep.html")}, frozenset({"fr"}))
    assert sorted(tree(site)) == ["a", "a/keep.html", "fr", "fr/theirs.html", "keep.html"]
    assert outside.read_text() == "not the site's"  # a link is removed, never followed
    assert not Path(aside).exists()
    # One kept file is written again (a write changes its change time), one is not.
    (site / "a/keep.html").write_text("new")
    assert output.sweep(kept) == 1
    assert sorted(tree(site)) == ["a", "a/keep.html", "fr", "fr/theirs.html"]


def test_what_written_over_could_harm_is_made_anew_instead(tmp_path):
    """Found by an attack on the change: a file with a second name (a `cp -al` backup's)
    would see the new text, a read-only one would keep its mode (or fail to open); other
    languages' and search's folders are kept only if they are folders; the site's hidden
    top-level entries (a publishing branch's .git) stay, as MkDocs leaves them."""
    site = tmp_path / "site"
    for name in ("linked.html", "readonly.html", "plain.html", ".git/config", ".nojekyll",
                 "a/.hidden", "fr", "pagefind/x"):
        write(site / name, name)
    os.link(site / "linked.html", tmp_path / "backup.html")
    (site / "readonly.html").chmod(0o444)
    outside = tmp_path / "outside-index"
    write(outside / "offline.json", "{}")
    os.symlink(outside, site / "search")
    wanted = {str(site / name) for name in ("linked.html", "readonly.html", "plain.html")}
    kept = output.take_back(output.set_aside(str(site)), str(site), wanted,
                            frozenset({"fr", "pagefind", "search"}))
    assert sorted(Path(path).name for path in kept.files) == ["plain.html"]
    assert sorted(tree(site)) == [".git", ".git/config", ".nojekyll", "pagefind",
                                  "pagefind/x", "plain.html"]
    assert (tmp_path / "backup.html").read_text() == "linked.html"
    assert (outside / "offline.json").exists()  # a link is removed, its target stays


def test_an_index_folder_with_anything_but_pagefinds_files_is_not_written_over(tmp_path):
    from journey_atlas import search
    index = tmp_path / "pagefind"
    for name in ("pagefind-entry.json", "fragment/en_1.pf_fragment", "index/en_2.pf_index"):
        write(index / name, "x")
    write(index / search.OFFLINE_MANIFEST, "{}")  # written last: the index is whole
    assert search.index_reusable(str(index))
    (index / "fragment/stray").mkdir()
    assert not search.index_reusable(str(index))  # a folder Pagefind did not make
    (index / "fragment/stray").rmdir()
    os.link(index / "index/en_2.pf_index", tmp_path / "elsewhere")
    assert not search.index_reusable(str(index))  # Pagefind writes over its files
    os.unlink(tmp_path / "elsewhere")
    os.symlink(index, tmp_path / "linked")
    assert not search.index_reusable(str(tmp_path / "linked"))


def test_nothing_is_moved_where_there_is_no_folder_of_its_own(tmp_path):
    assert output.set_aside(str(tmp_path / "none")) is None
    real = tmp_path / "real"
    write(real / "index.html", "x")
    os.symlink(real, tmp_path / "linked")
    assert output.set_aside(str(tmp_path / "linked")) is None  # MkDocs empties it as ever
    assert (real / "index.html").exists()


def test_a_folder_a_killed_build_left_aside_is_taken_up_again(tmp_path):
    site = tmp_path / "site"
    write(site / "index.html", "last")
    aside = output.set_aside(str(site))  # ... and the build is killed here
    assert output.set_aside(str(site)) == aside  # the next build finds it
    kept = output.take_back(aside, str(site), {str(site / "index.html")})
    assert (site / "index.html").read_text() == "last" and kept.files
    # With a site folder there as well, the one aside is the stale one.
    write(tmp_path / f"site{output.ASIDE_SUFFIX}/old.html", "older")
    assert output.set_aside(str(site)) is not None
    assert not (Path(str(site) + output.ASIDE_SUFFIX) / "old.html").exists()


def test_a_build_stopped_before_the_folder_came_back_puts_it_back(tmp_path):
    site = tmp_path / "site"
    write(site / "index.html", "last")
    output.put_back(output.set_aside(str(site)), str(site))
    assert (site / "index.html").read_text() == "last"


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """The same changed atlas built into an empty folder and into the folder of a build of
    it before the change, with strays in it."""
    work = tmp_path_factory.mktemp("in-place")
    root = minimal_atlas(work / "content")
    write(root / "journeys/buying/stages/third.md", front_matter({"name": "I pay"}))
    journey = root / "journeys/buying/journey.yml"
    journey.write_text(journey.read_text().replace("- second", "- second\n  - third"))
    in_place = work / "in-place"
    assert build(root, in_place, settings=TWO_LANGUAGES).returncode == 0
    page = in_place / "journeys/buying/stages/first/index.html"
    inode = page.stat().st_ino
    fragments = {(p.stat().st_ino, p.stat().st_ctime_ns)
                 for p in (in_place / "pagefind/fragment").iterdir()}
    write(in_place / "stray.txt", "left by hand")
    write(in_place / "fr/old/index.html", "a French page that is no more")
    shutil.rmtree(in_place / "roles")  # a folder where a file ...
    write(in_place / "roles", "a file where the build puts a folder")
    # The change: a stage goes (its page with it), a role is renamed.
    (root / "journeys/buying/stages/third.md").unlink()
    journey.write_text(journey.read_text().replace("\n  - third", ""))
    write(root / "roles/agent.md", front_matter({"name": "Front desk agent"}))
    assert build(root, in_place, settings=TWO_LANGUAGES).returncode == 0
    empty = work / "empty"
    assert build(root, empty, settings=TWO_LANGUAGES).returncode == 0
    return empty, in_place, page, inode, fragments


def test_a_build_over_the_last_one_ends_as_a_build_into_an_empty_folder(two_builds):
    empty, in_place, _, _, fragments = two_builds
    assert tree(in_place) == tree(empty)  # search index included
    # Pagefind wrote over its last index (the pages that did not change kept their
    # fragments' files), and what the new index does not name went.
    assert fragments & {(p.stat().st_ino, p.stat().st_ctime_ns)
                        for p in (in_place / "pagefind/fragment").iterdir()}
    assert not (in_place / "journeys/buying/stages/third").exists()
    assert not list(in_place.parent.glob(f"*{output.ASIDE_SUFFIX}"))


def test_the_pages_are_written_over_not_made_anew(two_builds):
    _, _, page, inode, _ = two_builds
    assert page.stat().st_ino == inode  # the file is the one the last build made
    assert filecmp.cmp(page, two_builds[0] / page.relative_to(two_builds[1]), shallow=False)


def test_an_index_whose_writing_stopped_half_way_is_not_written_over(tmp_path):
    """Pagefind passes over a file already there by its name: one cut short by a stopped
    write would stay for good. Such an index is thrown away, and the next is whole."""
    root = minimal_atlas(tmp_path / "content")
    site = tmp_path / "site"
    assert build(root, site, lint=False).returncode == 0
    fragment = sorted((site / "pagefind/fragment").iterdir())[0]
    fragment.write_bytes(fragment.read_bytes()[:10])  # newer than the offline manifest
    assert build(root, site, lint=False).returncode == 0
    assert build(root, tmp_path / "empty", lint=False).returncode == 0
    assert tree(site) == tree(tmp_path / "empty")
