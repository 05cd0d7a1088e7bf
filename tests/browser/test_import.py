"""Importing the seed file through the upload page, as a member of the demo community would."""

import re
from importlib.resources import files
from pathlib import Path

from playwright.sync_api import expect

from ficfest.demo import DEMO_PASSWORD, SEED_PROMPT, demo_load
from tests.browser.conftest import shot

SEED_FILE = Path(str(files("ficfest.demo").joinpath("seed_fill.txt")))


def test_it_imports_the_seed_file_previewing_it_first_and_links_it_to_its_prompt(page):
    demo_load()
    page.goto("/login/")
    page.get_by_label("Username").fill("demo")
    page.get_by_label(re.compile(r"^Password\W*$")).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("navigation", name="Site").get_by_role("link", name="demo").click()
    page.get_by_role("link", name="Import", exact=True).click()
    expect(page.get_by_role("heading", name="Import works")).to_be_visible()
    page.get_by_label(re.compile(r"^Files\W*$")).set_input_files(str(SEED_FILE))
    shot(page, "import-upload", full_page=True)
    page.get_by_role("button", name="Preview").click()

    expect(page.get_by_role("heading", name="Preview the import")).to_be_visible()
    preview = page.get_by_role("region", name="seed_fill.txt")
    expect(preview.get_by_text("will be imported")).to_be_visible()
    expect(preview.get_by_text("derived", exact=True)).to_be_visible()
    expect(preview.locator("dd").filter(has_text="Fag End")).to_be_visible()
    expect(preview.get_by_text("Disclaimer: I do not claim to own, etc…")).to_be_visible()
    expect(
        preview.get_by_text(f"Linked to the prompt “{SEED_PROMPT}” of Fag Ends.")
    ).to_be_visible()
    shot(page, "import-preview", full_page=True)
    page.get_by_role("button", name="Import 1 work").click()

    expect(page.get_by_text("1 imported, 0 skipped, 0 failed.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the original").click()
    assert download.value.suggested_filename == "seed_fill.txt"
    assert Path(download.value.path()).read_bytes() == SEED_FILE.read_bytes()
    shot(page, "import-done", full_page=True)

    page.get_by_role("link", name=SEED_PROMPT, exact=True).click()
    expect(page.get_by_role("heading", name=SEED_PROMPT, level=1)).to_be_visible()
    expect(page.get_by_text("In the eventide, he meets her.", exact=False)).to_be_visible()
    fill_note = page.locator(".fill-notes li").filter(has_text="Fill for the")
    expect(fill_note.get_by_role("link", name="Fag Ends")).to_be_visible()
    expect(fill_note.get_by_role("link", name=SEED_PROMPT)).to_be_visible()
    expect(page.get_by_text("Disclaimer: I do not claim to own, etc…")).to_be_visible()
