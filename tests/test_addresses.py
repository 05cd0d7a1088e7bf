"""Links that leave the site (feeds, exports, emails) use the address the archive is served
at: SITE_URL when it is set, otherwise the request's own host and port."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from ficfest.lib.urls import absolute
from tests.communities.factories import make_fill
from tests.factories import make_work

ATOM = "{http://www.w3.org/2005/Atom}"
HOST = "testserver:8031"


@pytest.fixture
def filled(period, author):
    make_fill(make_work(author, title="Ends"), period.challenge, period=period)
    return period


@pytest.fixture(autouse=True)
def _no_site_url(settings):
    settings.SITE_URL = ""


def feed_links(client, community):
    response = client.get(reverse("feed_community", args=[community.slug]), HTTP_HOST=HOST)
    root = ET.fromstring(response.content)
    return [link.get("href") for link in root.iter(f"{ATOM}link")]


def markdown_export(client, period):
    challenge = period.challenge
    args = [challenge.community.slug, challenge.slug, period.slug, "md"]
    response = client.get(reverse("masterlist_export", args=args), HTTP_HOST=HOST)
    assert response.status_code == 200
    return response.content.decode()


def test_it_links_a_feed_to_the_host_and_port_it_was_asked_on(client, community, filled):
    links = feed_links(client, community)

    assert links and all(link.startswith(f"http://{HOST}/") for link in links)


def test_it_links_a_markdown_export_to_the_host_and_port_it_was_asked_on(client, filled):
    text = markdown_export(client, filled)

    assert f"(http://{HOST}/works/" in text
    assert "127.0.0.1:8000" not in text


def test_it_links_to_site_url_when_it_is_set(client, community, filled, settings):
    settings.SITE_URL = "https://fest.example.org"

    assert all(
        link.startswith("https://fest.example.org/") for link in feed_links(client, community)
    )
    assert "(https://fest.example.org/works/" in markdown_export(client, filled)


def test_it_links_work_without_a_request_to_make_runs_port(settings):
    settings.PORT = 8037

    assert absolute("/works/") == "http://127.0.0.1:8037/works/"
