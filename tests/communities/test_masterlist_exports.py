"""Masterlist exports for cross-posting: HTML fragment, Markdown and Dreamwidth/LJ markup, each
escaped for its own format, with absolute links."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from markdown_it import MarkdownIt

from tests.communities.factories import (
    make_challenge,
    make_community,
    make_fill,
    make_period,
    make_prompt,
)
from tests.factories import make_user, make_work

NASTY = "*stars* <b>bold</b> & [link](x) _under_ `tick`"
SITE = "https://fest.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def period(db):
    writer = make_user("zeldaquill")
    community = make_community(make_user("modmira"))
    period = make_period(make_challenge(community))
    prompt = make_prompt(period, "Kiss & <tell> *now*")
    make_fill(make_work(writer, title=NASTY, relationships=["Buffy/Spike"]),
              period.challenge, period=period, prompts=[prompt])  # fmt: skip
    make_fill(make_work(writer, title="Plain"), period.challenge, period=period, for_theme=True)
    return period


def export(client, period, fmt):
    challenge = period.challenge
    url = reverse("masterlist_export",
                  args=[challenge.community.slug, challenge.slug, period.slug, fmt])  # fmt: skip
    return client.get(url)


def all_text(element):
    return "".join(element.itertext())


def test_it_exports_an_html_fragment_with_escaped_titles_and_absolute_links(client, period):
    response = export(client, period, "html")

    assert response["Content-Type"] == "text/html; charset=utf-8"
    body = response.content.decode()
    assert "<html" not in body and "<body" not in body
    root = ET.fromstring(body)  # well-formed: nothing left unescaped
    links = {all_text(a): a.get("href") for a in root.iter("a")}
    assert links[NASTY].startswith(f"{SITE}/works/")
    assert links["zeldaquill"].startswith(SITE)
    assert "Prompt: “Kiss & <tell> *now*”" in links
    assert "<b>bold</b>" not in body


def test_it_exports_markdown_that_renders_titles_literally(client, period):
    response = export(client, period, "md")

    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    source = response.content.decode()
    assert r"\*stars\*" in source and r"\&" in source
    html = MarkdownIt("commonmark").render(source)
    root = ET.fromstring(f"<root>{html}</root>")
    links = {all_text(a): a.get("href") for a in root.iter("a")}
    assert links[NASTY].startswith(f"{SITE}/works/")
    assert links["zeldaquill"].startswith(f"{SITE}/")
    headings = [all_text(h) for h in root.iter("h3")]
    assert headings == ["Prompt: “Kiss & <tell> *now*”", "Theme"]
    assert not list(root.iter("b")) and not list(root.iter("em"))


def test_it_exports_dreamwidth_markup_under_a_cut_with_plain_links(client, period):
    response = export(client, period, "dw")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "<lj user" not in body
    assert '<lj-cut text="Masterlist">' in body and body.rstrip().endswith("</lj-cut>")
    root = ET.fromstring(f"<root>{body}</root>")
    cut = root.find("lj-cut")
    assert cut is not None
    headings = [all_text(b) for b in cut.findall("b")]
    assert headings == ["Prompt: “Kiss & <tell> *now*”", "Theme"]
    links = {all_text(a): a.get("href") for a in cut.iter("a")}
    assert links[NASTY].startswith(f"{SITE}/works/")
    assert "zeldaquill" in links


def test_it_shows_each_export_on_the_page_for_copy_and_download(client, period):
    challenge = period.challenge
    url = reverse("masterlist", args=[challenge.community.slug, challenge.slug, period.slug])
    page = client.get(url).content.decode()
    for fmt in ["html", "md", "dw"]:
        assert f'id="export-{fmt}" readonly' in page
        assert f"{period.slug}/masterlist.{fmt}?download=1" in page
    # The export inside the textarea is escaped once more for the page itself.
    assert "&lt;lj-cut text=&quot;Masterlist&quot;&gt;" in page


def test_it_offers_an_export_as_a_download(client, period):
    challenge = period.challenge
    url = reverse("masterlist_export",
                  args=[challenge.community.slug, challenge.slug, period.slug, "md"])  # fmt: skip
    response = client.get(url + "?download=1")
    assert response["Content-Disposition"] == (
        'attachment; filename="fag-ends-monthly-this-month-masterlist.md"'
    )


def test_it_answers_404_for_an_unknown_format(client, period):
    assert export(client, period, "pdf").status_code == 404
