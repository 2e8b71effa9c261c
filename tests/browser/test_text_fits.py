"""Text that fits: on every page, at phone and desk widths, no short word is split across
lines and the page never scrolls sideways (wide drawings scroll inside their own box)."""

from __future__ import annotations

import pytest

from support import build, fonts_always, front_matter, write

pytestmark = pytest.mark.browser

WIDTHS = (320, 390, 1280)
LONGEST_WHOLE_WORD = 15  # letters; a longer word (or a URL) may break where it cannot fit

# One evaluate per page: open every <details>, then, for each run of letters in each text
# node that is laid out (not in SVG, not in a form control, not inside anything hidden),
# look at the boxes the browser drew for it: boxes at more than one height are a word
# split across lines. A word counts when the string it sits in (between spaces and hyphens)
# has at most `longest` letters: a longer string, such as a URL or a long compound, may
# still break where it cannot fit.
CHECK = """
(longest) => {
  for (const d of document.querySelectorAll('details')) d.open = true;
  const broken = [];
  const skip = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'SELECT', 'OPTION',
                        'TEXTAREA']);
  const shown = new Map();
  const laidOut = (el) => {
    if (!shown.has(el)) {
      shown.set(el, !skip.has(el.tagName) && !(el instanceof SVGElement) &&
                    el.checkVisibility() && (!el.parentElement || laidOut(el.parentElement)));
    }
    return shown.get(el);
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const strings = /[^\\s\\-\u2010\u2011]+/gu;
  const letters = /[\\p{L}\\p{M}]+/gu;
  const count = (text) => [...text.normalize('NFC').matchAll(/\\p{L}/gu)].length;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement || !laidOut(node.parentElement)) continue;
    for (const string of node.data.matchAll(strings)) {
      if (count(string[0]) > longest) continue;
      for (const match of string[0].matchAll(letters)) {
        const word = match[0], start = string.index + match.index;
        range.setStart(node, start);
        range.setEnd(node, start + word.length);
        const rects = [...range.getClientRects()].filter(r => r.width > 0.5 && r.height > 0);
        if (rects.length < 2) continue;
        const tops = rects.map(r => r.top);
        const lowest = Math.min(...rects.map(r => r.height));
        if (Math.max(...tops) - Math.min(...tops) > lowest / 2) broken.push(word);
      }
    }
  }
  const sideways = document.documentElement.scrollWidth > window.innerWidth;
  return {broken, sideways, scrollWidth: document.documentElement.scrollWidth};
}
"""


def pages_of(site) -> list[str]:
    return sorted(p.parent.relative_to(site).as_posix() + "/" if p.parent != site else ""
                  for p in site.rglob("index.html"))


def one_of_each_layout(site, pages: list[str]) -> list[str]:
    """A page per layout (the same folders with the names left out: every stage page, every
    moment page …), the one with the most HTML. Words split first on the narrowest screen,
    where every page is checked; wider, a layout fits or does not (and a test run has 10
    minutes)."""
    chosen: dict[str, str] = {}
    for path in pages:
        parts = path.strip("/").split("/")
        ids = {1, 3} if parts[2:3] in (["stages"], ["moments"]) else {1}  # a journey's views
        layout = "/".join("*" if n in ids and parts[0] == "journeys" or n == 1 and
                          parts[0] != "journeys" else part for n, part in enumerate(parts))
        size = (site / path / "index.html").stat().st_size
        if layout not in chosen or size > (site / chosen[layout] / "index.html").stat().st_size:
            chosen[layout] = path
    return sorted(chosen.values())


def offenders(browser, base: str, pages: list[str], site=None) -> list[str]:
    """Where text does not fit on `pages`; with the built `site`, the widths above the
    narrowest check one page of each layout only."""
    found = []
    wide = one_of_each_layout(site, pages) if site else pages
    for width in WIDTHS:
        # The bundled fonts, whose widths the site is designed for, even on a busy machine.
        context = browser.new_context(viewport={"width": width, "height": 800},
                                      service_workers="block")
        context.route("**/assets/atlas.css", fonts_always)
        tab = context.new_page()
        for path in (pages if width == min(WIDTHS) else wide):
            tab.goto(base + path)
            tab.evaluate("document.fonts.ready.then(() => true)")
            result = tab.evaluate(CHECK, LONGEST_WHOLE_WORD)
            found += [f"/{path} at {width}px: {word!r} split across lines"
                      for word in dict.fromkeys(result["broken"])]
            if result["sideways"]:
                found.append(f"/{path} at {width}px: the page scrolls sideways "
                             f"({result['scrollWidth']}px wide)")
        context.close()
    return found


def test_no_word_is_split_and_no_page_scrolls_sideways(browser, sample_site, sample_url):
    pages = pages_of(sample_site)
    assert len(pages) >= 60
    found = offenders(browser, sample_url, pages, sample_site)
    assert not found, f"{len(found)} places where text does not fit:\n" + "\n".join(found)


@pytest.fixture(scope="module")
def long_names_site(tmp_path_factory, serve):
    """A small atlas of long names, long words and letters beyond ASCII."""
    root = tmp_path_factory.mktemp("long-names")
    content = root / "content"
    write(content / "atlas.yml", """
        name: Überseeische Kundenbetreuung & Wartung
        strategy: Wir möchten, dass Kundinnen und Kunden schnell, freundlich und zuverlässig Hilfe bekommen.
        lasting_impression: [Zuverlässigkeit, Freundlichkeit, Geschwindigkeit]
        """)
    write(content / "roles/kundendienst.md", front_matter(
        {"name": "Kundendienstmitarbeiterin im Außendienst", "team": "Außendienstkoordination"}))
    write(content / "roles/leitung.md", front_matter(
        {"name": "Abteilungsleitung Kundenzufriedenheit", "team": "Geschäftsführung"}))
    # One unbroken 300-letter name: it may break anywhere, but no page may scroll sideways.
    write(content / "roles/riesig.md", front_matter({"name": "Rundumbetreuung" * 20}))
    write(content / "personas/betreiberin.md", front_matter(
        {"name": "Jolanta Wiśniewska-Grzybowska", "kind": "economic",
         "segment": "Mittelständische Instandhaltungsbetriebe",
         "quote": "Ich brauche Verlässlichkeit, keine Versprechungen. "
                  "https://example.org/ein/sehr/langer/pfad/zu/einer/seite"}))
    write(content / "journeys/wartungsvertrag/journey.yml", """
        title: Wartungsvertragsverlängerung für Großkunden
        personas: [betreiberin]
        segment: Großkunden mit über zweihundert Fahrzeugen
        outcome: Die Kundin verlängert den Wartungsvertrag ohne Verhandlungsmarathon.
        stages: [anfrage, angebot]
        """)
    write(content / "journeys/wartungsvertrag/stages/anfrage.md", front_matter(
        {"name": "Wer kümmert sich eigentlich um unsere Verlängerung?",
         "internal_name": "Verlängerungsanfrage",
         "customer_goal": "Eine verbindliche Ansprechpartnerin finden.",
         "emotion": -1, "desired_emotion": 1,
         "roles": {"kundendienst": "R", "leitung": "A"},
         "touchpoints": [{"name": "Rückrufwunsch", "channel": "Kundenportal",
                          "owner": "kundendienst"}],
         "pain_points": ["Niemand fühlt sich zuständig für Vertragsverlängerungen"],
         "gaps": [{"title": "Zuständigkeitsregelung fehlt", "impact": 4, "effort": 2,
                   "owner": "leitung"}]}))
    write(content / "journeys/wartungsvertrag/stages/angebot.md", front_matter(
        {"name": "Ist das Angebot fair?", "emotion": 0, "desired_emotion": 2,
         "roles": {"leitung": "A", "kundendienst": "C"}}))
    write(content / "journeys/wartungsvertrag/moments/erster-anruf.md", front_matter(
        {"title": "Der erste Rückruf", "stage": "anfrage", "roles": ["kundendienst"],
         "say": ["Ich bin Ihre Ansprechpartnerin bis zur Vertragsunterzeichnung."],
         "avoid": ["Dafür bin ich nicht zuständig."],
         "feeling_before": "Verunsichert", "feeling_after": "Erleichtert"}))
    result = build(content, root / "site", lint=False)
    assert result.returncode == 0, result.stderr
    return root / "site", serve(root / "site")


def test_long_names_and_letters_beyond_ascii_fit_too(browser, long_names_site):
    site, base = long_names_site
    found = offenders(browser, base, pages_of(site), site)
    assert not found, f"{len(found)} places where text does not fit:\n" + "\n".join(found)


@pytest.mark.parametrize("width, letters_only", [(390, True), (1280, False)])
def test_raci_words_give_way_to_letters_and_a_key_on_a_phone(browser, sample_url, width,
                                                              letters_only):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(sample_url + "roles/support-agent/")
    word = page.locator("table .raci-word").first
    key = page.locator(".raci-key")
    assert word.text_content() in ("Responsible", "Accountable", "Consulted", "Informed")
    drawn = word.evaluate("w => w.getBoundingClientRect().width")
    assert (drawn < 2) if letters_only else (drawn > 40)  # still there for screen readers
    assert key.is_visible() == letters_only
    if letters_only:
        assert key.inner_text().split() == ["R", "Responsible", "A", "Accountable",
                                            "C", "Consulted", "I", "Informed"]
    context.close()
