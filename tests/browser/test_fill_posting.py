"""Posting a fill in a real browser, as demo: the community's required pairing is already in
the form, the limit stands beside the text with a live word count that warns past it, and the
fill is posted without typing the pairing."""

import re

from playwright.sync_api import expect

from ficfest.demo import DEMO_PASSWORD, demo_load
from ficfest.demo.users_works import SPUFFY
from tests.browser.conftest import shot

PROMPT = "Borrowed coat"


def test_it_posts_a_fill_with_the_required_pairing_already_in_the_form(page):
    demo_load()
    page.goto("/login/")
    page.get_by_label("Username").fill("demo")
    page.get_by_label(re.compile(r"^Password\W*$")).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto("/c/fag-ends/challenges/monthly/")
    page.locator(".period-current").get_by_role("link").first.click()
    page.locator(".period-prompts").get_by_role("link", name=PROMPT, exact=True).click()
    page.get_by_role("link", name="Post a fill").click()
    expect(page).to_have_url(re.compile(r"/works/new/\?community=fag-ends&prompt=\d+$"))
    expect(page.get_by_label("Relationships")).to_have_value(SPUFFY)
    expect(page.get_by_label("Fandoms")).to_have_value("Buffy the Vampire Slayer")
    notes = page.locator("#posting-notes")
    expect(notes).to_contain_text("fic and meta: up to 1,000 words")
    expect(notes).to_contain_text("Fag Ends Overflow takes longer works")

    text = page.get_by_label("Work text")
    text.fill("night " * 1001)
    count = page.locator("#word-count")
    expect(count).to_have_text(re.compile(r"^1,001 of 1,000 words: over the limit by 1\. "
                                          r"Fag Ends Overflow takes it"))  # fmt: skip
    count.scroll_into_view_if_needed()
    shot(page, "fill-over-the-limit", full_page=False)
    page.set_viewport_size({"width": 360, "height": 800})
    page.emulate_media(color_scheme="dark")
    count.scroll_into_view_if_needed()
    shot(page, "fill-over-the-limit-narrow-dark", full_page=False)
    text.fill("night " * 1000)
    expect(count).to_have_text("1,000 of 1,000 words")

    page.get_by_label("Rating").select_option(label="Teen And Up Audiences")
    page.get_by_label("No Archive Warnings Apply").check()
    page.get_by_label(re.compile(r"^Title\W*$")).fill("The Coat, Kept")
    page.get_by_role("button", name="Post", exact=True).click()
    expect(page.get_by_text("Work posted.")).to_be_visible()
    expect(page.locator(".fill-notes li").filter(has_text="Fill for the")).to_have_text(
        f"Fill for the Fag Ends prompt: {PROMPT}"
    )
    expect(page.get_by_role("link", name=SPUFFY).first).to_be_visible()
