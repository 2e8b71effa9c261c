"""A new hire's first hour: the tour, a learning path, the self-check, on desktop and phone."""

from __future__ import annotations

import pytest

from journey_atlas.loader import load_atlas
from support import SAMPLE

pytestmark = pytest.mark.browser

NEW_PAGES = {
    "tour-start": "start/",
    "tour-moments": "start/moments/",
    "tour-reading": "start/reading-the-map/",
    "tour-role": "start/your-role/",
    "paths": "paths/",
    "path": "paths/implementation-specialist/",
    "cards": "journeys/adopting-fieldline/cards/",
    "glossary": "glossary/",
    "moment": "journeys/adopting-fieldline/moments/first-monday/",
}


@pytest.mark.parametrize("width, size", [(1280, "desktop"), (390, "phone")])
@pytest.mark.parametrize("name", NEW_PAGES)
def test_onboarding_screenshots(screenshot, sample_url, name, width, size):
    screenshot(sample_url + NEW_PAGES[name], f"{name}-{size}", width)


@pytest.mark.parametrize("width", [1280, 390])
def test_new_hire_reaches_every_moment_of_their_role(browser, sample_url, width):
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    page.goto(sample_url)
    page.get_by_role("link", name="New here? Start the tour").click()
    steps = []
    while True:
        steps.append(page.locator(".eyebrow").first.inner_text())
        following = page.locator("a[rel=next]")
        if not following.count():
            break
        following.click()
    assert steps == [f"Start here · Step {n} of 8" for n in range(1, 9)]
    page.get_by_role("link", name="Support Agent").click()
    page.wait_for_url("**/paths/support-agent/")
    reached = {href.rstrip("/").split("/")[-1] for href in page.locator(
        ".path-moment h4 a").evaluate_all("links => links.map(a => a.href)")}
    atlas = load_atlas(SAMPLE).atlas
    owned = {m.id for j in atlas.journeys for m in j.moments if "support-agent" in m.roles}
    assert reached == owned
    context.close()


def test_tour_place_is_remembered_and_offered_on_the_home_page(page, sample_url):
    page.goto(sample_url + "start/customers/")
    page.goto(sample_url)
    resume = page.locator("[data-tour-resume]")
    assert resume.inner_text() == "Continue the tour (step 4 of 8)"
    resume.click()
    page.wait_for_url("**/start/customers/")


def test_a_wrong_answer_says_why_and_the_right_one_can_still_be_found(page, sample_url):
    page.goto(sample_url + "paths/support-agent/")
    # A question made from the map (not an author's scenario): its id says its kind.
    question = page.locator(".quiz-question[id$='-stage'], .quiz-question[id$='-accountable'],"
                            " .quiz-question[id$='-words']").first
    feedback = question.locator(".quiz-feedback")
    assert not feedback.is_visible()  # nothing said before an answer
    assert page.locator("[data-quiz-live]").is_visible()
    assert page.locator("[data-quiz-static]").is_hidden()
    # The page the question comes from is often its answer: not named before it is found.
    source = question.locator(".quiz-source")
    assert source.count() == 1 and source.is_hidden()
    wrong = question.locator(".quiz-choice[data-right=no]").first
    wrong.click()
    assert source.is_hidden()
    assert feedback.inner_text().startswith("Not quite. ") and len(feedback.inner_text()) > 20
    assert "is-wrong" in wrong.get_attribute("class")
    assert wrong.get_attribute("aria-disabled") == "true"
    assert question.locator(".quiz-choice[data-right=yes]").get_attribute("aria-disabled") is None
    question.locator(".quiz-choice[data-right=yes]").click()
    assert feedback.inner_text().startswith("Right. ")
    assert feedback.get_attribute("role") == "status"  # read out as it changes
    assert "is-answered" in question.get_attribute("class")
    assert source.is_visible()
    # The keyboard alone: Tab to a choice of the next question, Enter.
    following = page.locator(".quiz-question").nth(1)
    following.locator(".quiz-choice").first.focus()
    page.keyboard.press("Enter")
    assert following.locator(".quiz-feedback").inner_text()


def test_without_javascript_each_question_opens_to_its_answers(browser, sample_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(sample_url + "paths/support-agent/")
    # The instructions say what to do with questions that are not buttons.
    assert page.locator("[data-quiz-static]").is_visible()
    assert page.locator("[data-quiz-live]").is_hidden()
    question = page.locator(".self-check details").first
    answers = question.locator(".quiz-answers")
    assert not answers.is_visible()
    question.locator("summary").click()
    assert answers.is_visible()
    assert question.locator(".quiz-answer.is-right .quiz-why").inner_text().strip()
    context.close()


def test_glossary_search_finds_a_term(page, sample_url):
    page.goto(sample_url + "glossary/")
    page.get_by_role("searchbox", name="Search the atlas").fill("go-live")
    page.locator("#search-results a").first.wait_for()
    assert "The first week the crews use it for real" in \
        " ".join(page.locator("#search-results a").all_text_contents())


def test_ticked_stops_are_remembered_and_counted_on_the_path_and_home(page, sample_url):
    page.goto(sample_url + "paths/support-agent/")
    boxes = page.locator("[data-stop-done]")
    total = boxes.count()
    assert total > 2
    count = page.locator(".path-count")
    assert count.inner_text() == f"0 of {total} stops done"
    boxes.nth(0).check()
    boxes.nth(2).check()
    assert count.inner_text() == f"2 of {total} stops done"
    page.reload()
    assert [boxes.nth(i).is_checked() for i in range(3)] == [True, False, True]
    assert page.locator(".path-stop.is-done").count() == 2
    assert count.inner_text() == f"2 of {total} stops done"
    boxes.nth(0).uncheck()
    page.goto(sample_url + "paths/")
    assert page.locator(".role-picker a[data-role=support-agent] .picker-progress"
                        ).inner_text() == f"1 of {total} done"
    page.goto(sample_url)
    page.locator(".home-roles a[data-role=support-agent]").click()
    assert page.locator("#your-moments-home .role-path-link").inner_text() == (
        f"Your learning path: 1 of {total} stops done")


def test_finishing_the_tour_is_remembered_and_shown_done_on_home(page, sample_url):
    page.goto(sample_url)
    assert page.locator("[data-tour-resume]").inner_text() == "New here? Start the tour"
    with page.expect_navigation():  # a click returns before the next page has loaded
        page.locator("[data-tour-resume]").click()
    while page.locator("a[rel=next]").count():
        with page.expect_navigation():
            page.locator("a[rel=next]").click()
    finish = page.get_by_role("button", name="Finish the tour")
    finish.click()
    assert page.locator("[data-tour-finished]").is_visible() and finish.is_hidden()
    # The hand-over: the keyboard is at the first role of the learning-path picker.
    assert page.evaluate("document.activeElement.closest('.role-picker') !== null")
    page.goto(sample_url)
    resume = page.locator("[data-tour-resume]")
    assert resume.inner_text() == "Tour done ✓ Take it again"
    assert resume.get_attribute("data-tour-done") == ""
    page.goto(sample_url + "start/customers/")  # taking it again does not undo it
    page.goto(sample_url)
    assert resume.inner_text() == "Tour done ✓ Take it again"
