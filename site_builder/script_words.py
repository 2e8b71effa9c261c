"""The words the browser shows from script: the theme's assets/atlas.js (search, "This is
me", the tour, practice questions, releases...) and its offline worker (sw.js).

They are declared here in English, as the interface's other word lists, and the plugin
writes them for each build, in its language, as a small script of the site (`FILE`) that
the page shell loads before atlas.js (a file of the site: its Content-Security-Policy runs
no inline script). A word with values names them `%(name)s`, filled in the browser; a count
is `%(num)s`, written with the page language's digits and in the plural form its rules
choose: each of the language's CLDR plural categories gets its translation here, as
"key:one", "key:other"..., and the browser picks one with `Intl.PluralRules`."""

from __future__ import annotations

import json

from .i18n import N_, Nn_

FILE = "assets/words.js"  # in the site folder; main.html loads it, sw.js imports it
GLOBAL = "atlasWords"  # the script sets `self.atlasWords` (window in a page, the worker's own)

SCRIPT_WORDS = {
    # Translators: shown on a page opened from the browser's offline copy, when the network
    # did not answer.
    "offline_note": N_("The network did not answer: this is the copy kept in this browser. "
                       "It may be out of date."),
    # Translators: as the message before; %(date)s is when the copy was kept (3 December 2026).
    "offline_note_date": N_("The network did not answer: this is the copy kept in this "
                            "browser on %(date)s. It may be out of date."),
    # Translators: as the message before; %(release)s is the atlas' release number (1.2).
    "offline_note_release": N_("The network did not answer: this is the copy kept in this "
                               "browser, from release %(release)s. It may be out of date."),
    # Translators: as the message before; %(date)s is when the copy was kept, %(release)s
    # the atlas' release number.
    "offline_note_date_release": N_("The network did not answer: this is the copy kept in "
                                    "this browser on %(date)s, from release %(release)s. It "
                                    "may be out of date."),
    "search_offline": N_("Search needs the network: it is not in this browser's offline copy "
                         "yet."),
    # Translators: the search box found no page; %(query)s is what the reader typed.
    "search_nothing": N_("Nothing found for “%(query)s”."),
    # Translators: what a search result is when its page is none of the atlas' own kinds
    # (the same word the search results show for such a page).
    "result_page": N_("Page"),
    # Translators: what a search result for a journey says it is: must be the same word the
    # search results show for a journey.
    "result_journey": N_("Journey"),
    # Translators: a practice question, answered right; %(why)s explains the answer.
    "quiz_right": N_("Right. %(why)s"),
    # Translators: a practice question, answered wrong; %(why)s explains why.
    "quiz_wrong": N_("Not quite. %(why)s"),
    # Translators: the research insights' filters match nothing.
    "insights_none": N_("No insight matches both: choose another source or journey."),
    # Translators: a banner on an older release; %(release)s is its number (1.2).
    "release_older": N_("You are reading release %(release)s."),
    # Translators: a link after the message before; %(release)s is the latest release's name.
    "release_latest": N_("See this page in the latest release, %(release)s"),
    # Translators: a button that closes the notice of changes since the last release.
    "release_dismiss": N_("Dismiss"),
    # Translators: %(done)s of %(total)s stops of a learning path, ticked done by the reader.
    "path_progress_short": N_("%(done)s of %(total)s done"),
    # Translators: a link to the reader's own learning path, on home.
    "your_path": N_("Your learning path"),
    # Translators: the home page's title over the moments of the reader's role.
    "your_moments_as": N_("Your moments as %(role)s"),
    "your_moments_none": N_("No moment names this role yet: your role page shows where you fit "
                            "in."),
    "your_moments_elsewhere": N_("Your moments are on your role page."),
    # Translators: a button on a role's page: the reader says this role is theirs.
    "this_is_me": N_("This is me"),
    # Translators: the same button, pressed (the role is remembered).
    "this_is_me_chosen": N_("This is me ✓"),
    "this_is_me_note": N_("Remembered in this browser: home shows your moments first. Press "
                          "again to forget."),
    # Translators: the home page's tour button, once the reader finished the tour.
    "tour_done": N_("Tour done ✓ Take it again"),
    "tour_continue": N_("Continue the tour (step %(step)s of %(total)s)"),
    # Translators: present mode, read out by screen readers as it moves; %(stage)s is the
    # stage's name.
    "present_stage": N_("Stage %(position)s of %(count)s: %(stage)s"),
    # The offline worker's page for an address this browser never kept (sw.js).
    # Translators: the title of the page shown offline for a page the browser did not keep.
    "not_kept_title": N_("Not in the offline copy"),
    # Translators: a link to the atlas' home page.
    "not_kept_home": N_("Home"),
    "not_kept_heading": N_("This page is not in the offline copy"),
    "not_kept_text": N_("The network does not answer, and this browser has not kept this page "
                        "of the atlas. Pages you have opened before, and your role's moments "
                        "and stages, are kept."),
    "not_kept_back": N_("Home, with your moments"),
}

# Counts: %(num)s is the number.
SCRIPT_COUNTS = {
    # Translators: read out by screen readers after a search.
    "search_results": Nn_("%(num)s result", "%(num)s results"),
    # Translators: the gaps the filters of the gaps page let through.
    "gaps_shown": Nn_("%(num)s gap shown", "%(num)s gaps shown"),
    # Translators: the research insights the filters let through.
    "insights_shown": Nn_("%(num)s insight shown", "%(num)s insights shown"),
    # Translators: a learning path's progress, counted by its total of stops (%(num)s);
    # %(done)s are ticked done. (English says "stops" for a total of one too.)
    "path_progress": Nn_("%(done)s of %(num)s stops done", "%(done)s of %(num)s stops done"),
    # Translators: as the message before, in a link to the reader's own learning path.
    "your_path_progress": Nn_("Your learning path: %(done)s of %(num)s stops done",
                              "Your learning path: %(done)s of %(num)s stops done"),
    # Translators: a notice on a newer release; %(release)s is the previous release's number.
    "news_changes": Nn_("Since %(release)s: %(num)s change", "Since %(release)s: %(num)s changes"),
    # Translators: as the message before, counting the changes for the reader's role.
    "news_changes_for_role": Nn_("Since %(release)s: %(num)s change for %(role)s",
                                 "Since %(release)s: %(num)s changes for %(role)s"),
}

# Counts to find each plural category of a language by (counts are whole numbers).
_SAMPLES = list(range(0, 1001)) + [10 ** 4, 10 ** 5, 10 ** 6, 10 ** 7]


def translated(ui) -> dict:
    """Every word in the interface's language, as text: a count once for each of the
    language's plural categories ("search_results:one", "search_results:other")."""
    words = ui.words(SCRIPT_WORDS)
    rule = ui.format_locale.plural_form
    samples: dict[str, int] = {}
    for n in _SAMPLES:
        samples.setdefault(rule(n), n)
    samples.setdefault("other", 5)  # (only fractions are "other" in some languages: Polish)
    for key, (singular, plural) in SCRIPT_COUNTS.items():
        # The catalogue's own plural forms, one for each category a count can fall in.
        for category, n in samples.items():
            words[f"{key}:{category}"] = ui.translations.ngettext(singular, plural, n)
    return words


def script(ui) -> str:
    """The script of the site that holds them (deterministic: a build's output is)."""
    text = json.dumps(translated(ui), sort_keys=True, ensure_ascii=False, indent=None,
                      separators=(",", ":"))
    # (`self.atlasLanguage`: the language of the page the worker draws, as <html lang>.)
    return (f"self.atlasLanguage = {json.dumps(ui.language)};\n"
            f"self.{GLOBAL} = " + text.replace("<", "\\u003c") + ";\n")
