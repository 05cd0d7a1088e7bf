"""Searching the demo in a real browser: the seed fill is found by a line of its text, with
the words marked in the passage shown; prompts are searched from a period's page. Screenshots
at 1280 and 360 px, light and dark, go to test-artifacts/."""

from playwright.sync_api import Page, expect

from ficfest.communities.models import Challenge
from ficfest.communities.selectors import current_period
from ficfest.demo import SEED_TITLE, demo_load
from tests.browser.conftest import shot

PHONE = {"width": 360, "height": 780}


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page is {width}px wide"


def test_it_finds_the_seed_fill_by_a_line_of_its_text(page: Page):
    demo_load()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/")
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Search").click()
    page.get_by_label("Words to look for").fill("world below")
    page.get_by_label("Words to look for").press("Enter")
    seed = page.get_by_role("article", name=SEED_TITLE)
    expect(seed).to_be_visible()
    marks = seed.locator(".search-snippet mark")
    expect(marks.first).to_be_visible()
    assert {m.lower() for m in marks.all_inner_texts()} <= {"world", "below", "world below"}
    shot(page, "search-1280-light", full_page=True)
    page.emulate_media(color_scheme="dark")
    shot(page, "search-1280-dark", full_page=True)
    page.set_viewport_size(PHONE)
    no_sideways_scroll(page)
    shot(page, "search-360-dark", full_page=True)
    page.emulate_media(color_scheme="light")
    shot(page, "search-360-light", full_page=True)


def test_it_searches_the_prompts_of_a_period_from_its_page(page: Page):
    demo_load()
    month = current_period(Challenge.objects.get(community__slug="fag-ends", slug="monthly"))
    challenge = month.challenge
    page.goto(f"/c/fag-ends/challenges/{challenge.slug}/{month.slug}/")
    box = page.get_by_role("search", name=f"Search the prompts of {month.title}")
    shot(page, "search-box-on-a-period-1100-light", full_page=True)
    box.get_by_label(f"Search the prompts of {month.title}").fill("the")
    box.get_by_role("button", name="Search prompts").click()
    results = page.locator(".prompt-result")
    expect(results.first).to_be_visible()
    expect(page.get_by_role("heading", level=2).first).to_contain_text(month.title)
    shot(page, "search-prompts-1100-light", full_page=True)
    page.set_viewport_size(PHONE)
    page.emulate_media(color_scheme="dark")
    no_sideways_scroll(page)
    shot(page, "search-prompts-360-dark", full_page=True)
