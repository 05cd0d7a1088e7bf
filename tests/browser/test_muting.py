"""Muting in a real browser, on the demo archive: `demo` mutes a creator from their profile and
their work leaves the home page; mutes a tag by name on the preferences page; unmutes the
creator there and the work comes back. Screenshots of the preferences page at 1100 and 360 px,
light and dark, go to test-artifacts/."""

import re

from playwright.sync_api import Page, expect

from ficfest.demo import DEMO_PASSWORD, demo_load
from tests.browser.conftest import shot

MUTED_WORK = "The Watcher's Tea"  # by ripperfan
OTHER_WORK = "Patrol Notes"  # by willowtree


def log_in(page: Page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_label("Password").press("Enter")
    site = page.get_by_role("navigation", name="Site")
    expect(site.get_by_role("link", name=username, exact=True)).to_be_visible()


def home_titles(page: Page):
    page.goto("/")
    return page.get_by_role("main").get_by_role("heading", level=3)


def test_a_reader_mutes_a_creator_from_their_profile_and_unmutes_them_in_preferences(
    page: Page, live_server
):
    demo_load()
    log_in(page, "demo")
    main = page.get_by_role("main")
    page.goto("/")
    expect(main.get_by_role("link", name=MUTED_WORK)).to_be_visible()

    page.goto("/users/ripperfan/")
    shot(page, "mute-profile", full_page=False)
    main.get_by_role("button", name="Mute ripperfan").click()
    expect(page).to_have_url(f"{live_server.url}/users/ripperfan/")
    expect(page.locator(".messages")).to_contain_text(
        "Works by ripperfan are now hidden from your listings."
    )
    expect(main.get_by_role("button", name="Unmute ripperfan")).to_be_visible()
    shot(page, "mute-profile-muted", full_page=False)

    page.goto("/")
    expect(main.get_by_role("link", name=OTHER_WORK)).to_be_visible()
    expect(main.get_by_role("link", name=MUTED_WORK)).to_have_count(0)

    # A tag by name on the preferences page, and a second creator, for a fuller page.
    page.goto("/preferences/")
    main.get_by_role("link", name="Muted tags and creators").click()
    main.get_by_role("combobox", name=re.compile(r"^Tag\b")).fill("fluff")
    main.get_by_role("button", name="Mute tag").click()
    expect(page.locator(".messages")).to_contain_text("Works tagged “Fluff” are now hidden")
    main.get_by_role("link", name="Fluff").click()
    expect(main.get_by_role("button", name="Unmute Fluff")).to_be_visible()
    page.set_viewport_size({"width": 360, "height": 700})
    shot(page, "mute-tag-page-muted-360", full_page=False)
    page.set_viewport_size({"width": 1100, "height": 900})
    page.go_back()
    main.get_by_role("combobox", name=re.compile(r"^Tag\b")).fill("No Such Tag Anywhere")
    main.get_by_role("button", name="Mute tag").click()
    expect(main).to_contain_text("There is no tag called “No Such Tag Anywhere”.")
    main.get_by_role("textbox", name=re.compile(r"^Creator\b")).fill("serenitysky")
    main.get_by_role("button", name="Mute creator").click()
    expect(main.get_by_role("heading", name="Muted creators (2 of 500)")).to_be_visible()

    for width in (1100, 360):
        page.set_viewport_size({"width": width, "height": 900})
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            shot(page, f"mute-preferences-{width}-{scheme}", full_page=True)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"the page scrolls sideways at {width} px ({scroll})"
    page.set_viewport_size({"width": 1100, "height": 900})
    page.emulate_media(color_scheme="light")

    creators = main.get_by_role("region", name="Muted creators (2 of 500)")
    creators.get_by_role("button", name="Unmute ripperfan").click()
    expect(page.locator(".messages")).to_contain_text(
        "Works by ripperfan are shown in your listings again."
    )
    expect(main.get_by_role("link", name="ripperfan")).to_have_count(0)
    page.goto("/")
    expect(main.get_by_role("link", name=MUTED_WORK)).to_be_visible()
