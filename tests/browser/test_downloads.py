"""A reader downloads the seed fill's EPUB from its work page in the demo, in a real browser:
the link under the text gives a file named from the title, which opens as an EPUB holding the
seed's text with its `…` and quotes; then the month's anthology from its masterlist page."""

import zipfile

from django.urls import reverse
from playwright.sync_api import Page, expect

from ficfest.communities.models import Fill
from ficfest.demo import demo_load
from tests.browser.conftest import shot


def test_a_reader_downloads_the_seed_fills_epub_from_its_page(page: Page, tmp_path):
    seed = demo_load()
    page.goto(seed.get_absolute_url())
    downloads = page.get_by_role("region", name="Download")
    expect(downloads).to_be_visible()
    downloads.scroll_into_view_if_needed()
    shot(page, "work-downloads")
    with page.expect_download() as caught:
        downloads.get_by_role("link", name="EPUB").click()
    download = caught.value
    assert download.suggested_filename.endswith(".epub")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    with zipfile.ZipFile(path) as book:
        assert book.read("mimetype") == b"application/epub+zip"
        text = " ".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    assert "…" in text and "From the world below, to the world above." in text
    assert seed.title in text

    period = Fill.objects.get(work=seed, challenge__community__slug="fag-ends").period
    page.goto(reverse("masterlist", args=["fag-ends", period.challenge.slug, period.slug]))
    shot(page, "masterlist-anthology")
    with page.expect_download() as caught:
        page.get_by_role("link", name="EPUB anthology").click()
    anthology = tmp_path / caught.value.suggested_filename
    caught.value.save_as(anthology)
    with zipfile.ZipFile(anthology) as book:
        contents = book.read("EPUB/contents.xhtml").decode()
    assert seed.title in contents and "Prompt: “" in contents
