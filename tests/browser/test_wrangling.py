"""Wrangling in a real browser: a wrangler makes "Spuffy" a synonym of "Buffy Summers/Spike"
by choosing the canonical from the autocomplete, and the canonical's works then include the
Spuffy work; the autocomplete used with the keyboard alone on the new-work form. Screenshots
of the wrangle page and the queue, wide and narrow, light and dark, go to test-artifacts/."""

import re

from playwright.sync_api import Page, expect

from ficfest.tags.models import Tag, TagType
from ficfest.works.models import Work
from tests.browser.conftest import shot
from tests.factories import make_user, make_work

PASSWORD = "correct horse battery"


def log_in(page: Page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(
        page.get_by_role("navigation", name="Site").get_by_role("link", name=username)
    ).to_be_visible()


def shots(page: Page, name: str) -> None:
    """Wide and narrow, light and dark: the pages must not scroll sideways at 360 px."""
    for width in [1100, 360]:
        page.set_viewport_size({"width": width, "height": 900})
        for scheme in ["light", "dark"]:
            page.emulate_media(color_scheme=scheme)
            shot(page, f"{name}-{width}-{scheme}", full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow, f"{name} scrolls sideways at {width} px"
    page.emulate_media(color_scheme="light")
    page.set_viewport_size({"width": 1100, "height": 900})


def test_a_wrangler_makes_spuffy_a_synonym_with_the_autocomplete(page: Page):
    author = make_user("author")
    make_user("wrangler", is_wrangler=True)
    canonical = Tag.objects.create(
        type=TagType.RELATIONSHIP, name="Buffy Summers/Spike", canonical=True
    )
    long_name = make_work(author, title="Long name", relationships=["Buffy Summers/Spike"])
    nickname = make_work(
        author, title="Nickname", relationships=["Spuffy"], characters=["Spike", "Buffy Summers"]
    )
    make_work(author, title="Rainy", freeforms=["Rain", "Fluff"])
    make_work(author, title="Other", relationships=["Willow/Tara"], freeforms=["Magic"])
    spuffy = Tag.objects.get(name="Spuffy")
    fandom = Tag.objects.get(type=TagType.FANDOM)
    log_in(page, "wrangler")

    page.goto(f"/tags/unwrangled/{fandom.pk}/")
    expect(page.get_by_role("heading", name=re.compile("^Unwrangled tags in"))).to_be_visible()
    shots(page, "wrangling-queue")

    page.get_by_role("link", name="Spuffy", exact=True).click()
    expect(page.get_by_role("heading", name="Wrangle “Spuffy” Relationship")).to_be_visible()
    shots(page, "wrangle-page")
    field = page.get_by_role("combobox", name="Synonym of")
    field.press_sequentially("summers/sp", delay=30)
    listbox = page.get_by_role("listbox")
    expect(field).to_have_attribute("aria-expanded", "true")
    option = listbox.get_by_role("option", name="Buffy Summers/Spike")
    expect(option).to_be_visible()
    shot(page, "wrangle-autocomplete")
    option.click()
    expect(field).to_have_value("Buffy Summers/Spike")
    expect(field).to_have_attribute("aria-expanded", "false")
    page.get_by_role("button", name="Make it a synonym").click()
    expect(page.get_by_text("“Spuffy” is now a synonym of “Buffy Summers/Spike”.")).to_be_visible()

    assert Tag.objects.get(pk=spuffy.pk).merger == canonical
    found = set(Work.objects.filter(filter_tags=canonical))
    assert found == {long_name, nickname}
    # Both works are listed on the canonical's page, and the synonym's own page leads there,
    # where the wrangler finds the synonym to wrangle again.
    page.goto(spuffy.get_absolute_url())
    expect(page).to_have_url(re.compile(rf"/tags/{canonical.pk}/$"))
    main = page.get_by_role("main")
    for work in (long_name, nickname):
        expect(main.get_by_role("link", name=work.title, exact=True)).to_be_visible()
    main.get_by_role("link", name="Wrangle Spuffy").click()
    expect(page.get_by_text("This tag is a synonym of Buffy Summers/Spike.")).to_be_visible()


def test_the_autocomplete_works_with_the_keyboard_alone_on_the_new_work_form(page: Page):
    make_user("author")
    Tag.objects.create(type=TagType.CHARACTER, name="Spike", canonical=True)
    Tag.objects.create(type=TagType.CHARACTER, name="Buffy Summers", canonical=True)
    Tag.objects.create(type=TagType.RELATIONSHIP, name="Spike/Xander", canonical=True)
    log_in(page, "author")
    page.goto("/works/new/")
    characters = page.get_by_role("combobox", name="Characters")
    characters.focus()
    page.keyboard.type("spi", delay=40)
    listbox = page.locator(f"#{characters.get_attribute('id')}-listbox")
    expect(characters).to_have_attribute("aria-expanded", "true")
    expect(listbox.get_by_role("option")).to_have_count(1)  # characters only: no Spike/Xander
    page.keyboard.press("ArrowDown")
    active = characters.get_attribute("aria-activedescendant")
    expect(page.locator(f"#{active}")).to_have_attribute("aria-selected", "true")
    shot(page, "new-work-autocomplete")
    page.keyboard.press("Enter")  # accepts; does not submit the form
    expect(characters).to_have_value("Spike")
    expect(page).to_have_url(re.compile(r"/works/new/$"))
    # A second tag after a comma completes only the term being typed.
    page.keyboard.type(", buf", delay=40)
    expect(listbox.get_by_role("option", name="Buffy Summers")).to_be_visible()
    page.keyboard.press("Escape")
    expect(characters).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("ArrowDown")  # reopens
    expect(characters).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    expect(characters).to_have_value("Spike, Buffy Summers")
    expect(characters).not_to_be_focused()
