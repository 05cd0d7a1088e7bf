"""The listings' filter form in a real browser: with JavaScript on a wide screen (a sidebar)
and on a phone (a section that folds), and with JavaScript off (the same form, open). Excluding
a tag from its facet box takes its works away and every count agrees with what is left.
Screenshots of /works/ with filters at 1100 and 360 px, light and dark, go to test-artifacts/."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import shot
from tests.factories import make_user, make_work

PHONE = {"width": 360, "height": 780}


@pytest.fixture
def shelf(transactional_db):
    author = make_user("willowtree")
    make_work(author, title="Coat Check", relationships=["Buffy Summers/Spike"],
              freeforms=["Angst"], summary="A coat, a cemetery, a long night.")  # fmt: skip
    make_work(author, title="Borrowed Time", relationships=["Buffy Summers/Spike"],
              freeforms=["Angst", "Hurt/Comfort"], rating="teen")  # fmt: skip
    make_work(author, title="Bronze Night", relationships=["Willow Rosenberg/Tara Maclay"],
              freeforms=["Fluff"], fandoms=["Buffy the Vampire Slayer", "Angel: the Series"],
              )  # fmt: skip
    make_work(author, title="Sunnydale Sunrise", freeforms=["Fluff"], complete=False)


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page is {width}px wide"


def exclude_angst(page: Page) -> None:
    filters = page.get_by_role("group", name="Exclude")
    filters.get_by_role("checkbox", name="Angst (2)").check()
    page.get_by_role("button", name="Sort and filter").click()
    expect(page).to_have_url(re.compile(r"/works/\?.*exclude_id=\d+"))


def expect_angst_gone(page: Page) -> None:
    works = page.get_by_role("region", name="Works")
    expect(works.get_by_role("heading", name=re.compile("^Bronze Night"))).to_be_visible()
    for gone in ["Coat Check", "Borrowed Time"]:
        expect(works.get_by_role("heading", name=re.compile(f"^{gone}"))).to_have_count(0)
    expect(works.get_by_text("2 works, 1–2 shown")).to_be_visible()
    include = page.get_by_role("group", name="Include")
    expect(include.get_by_role("checkbox", name="Fluff (2)")).to_be_visible()
    expect(include.get_by_role("checkbox", name="Buffy the Vampire Slayer (2)")).to_be_visible()
    expect(include.get_by_role("checkbox", name=re.compile(r"^Buffy Summers.Spike"))).to_have_count(
        0
    )
    excluded = page.get_by_role("group", name="Exclude").get_by_role("checkbox", name="Angst (0)")
    expect(excluded).to_be_checked()


def test_the_sidebar_with_javascript_on_a_wide_screen_and_a_phone(page, shelf):
    page.goto("/works/")
    filters = page.locator("details#filters")
    expect(filters).to_have_attribute("open", "")
    expect(page.get_by_role("button", name="Sort and filter")).to_be_visible()
    exclude_angst(page)
    expect(page).to_have_url(re.compile(r"/works/\?exclude_id=\d+$"))  # only what was chosen
    expect_angst_gone(page)
    no_sideways_scroll(page)
    shot(page, "works-filters-1100-light", full_page=True)
    page.emulate_media(color_scheme="dark")
    shot(page, "works-filters-1100-dark", full_page=True)
    page.emulate_media(color_scheme="light")

    page.set_viewport_size(PHONE)
    page.reload()
    expect(filters).not_to_have_attribute("open", "")  # folded on a phone
    expect(page.get_by_role("button", name="Sort and filter")).to_be_hidden()
    no_sideways_scroll(page)
    shot(page, "works-filters-360-folded", full_page=True)
    page.get_by_text("Sort and filter", exact=True).first.click()
    expect(page.get_by_role("button", name="Sort and filter")).to_be_visible()
    no_sideways_scroll(page)
    shot(page, "works-filters-360-light", full_page=True)
    page.emulate_media(color_scheme="dark")
    shot(page, "works-filters-360-dark", full_page=True)
    page.get_by_role("link", name="Clear filters").click()
    works = page.get_by_role("region", name="Works")
    expect(works.get_by_text("4 works, 1–4 shown")).to_be_visible()


def test_the_sidebar_without_javascript_on_a_phone(chromium, live_server, shelf):
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE,
                                   java_script_enabled=False)  # fmt: skip
    try:
        page = context.new_page()
        page.goto("/works/")
        expect(page.locator("details#filters")).to_have_attribute("open", "")
        exclude_angst(page)
        expect_angst_gone(page)
        no_sideways_scroll(page)
        page.get_by_label("Sort by").select_option("title")
        page.get_by_role("button", name="Sort and filter").click()
        works = page.get_by_role("region", name="Works").get_by_role("heading", level=3)
        expect(works).to_have_count(2)
        expect(works.first).to_contain_text("Bronze Night")
        shot(page, "works-filters-360-no-js", full_page=True)
    finally:
        context.close()
