"""A reader's own catalog: through their personal key's address or their password, with
works for logged-in readers and their own lists; a key replaced or a password wrong opens
nothing, and wrong passwords count against the log-in limits."""

import base64

import pytest
from django.urls import reverse

from ficfest.downloads.models import CatalogKey
from ficfest.downloads.opds_access import catalog_key_renew, catalog_key_text
from ficfest.social.bookmarks import bookmark_save, reading_mark_later
from ficfest.tags.models import Tag, TagMute
from tests.downloads.opds_xml import ACQUIRE, get_feed, path_of
from tests.factories import client_for, make_user, make_work

PASSWORD = "correct horse battery"


def basic(username: str, password: str) -> dict[str, str]:
    pair = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {pair}"}


def key_path(user, name: str = "opds_root", **kwargs) -> str:
    key = CatalogKey.objects.filter(user=user).first() or catalog_key_renew(user=user)
    return reverse(name, kwargs={"key": catalog_key_text(key), **kwargs})


@pytest.fixture
def reader(db):
    return make_user("reader")


@pytest.fixture
def shelves(author, reader):
    later = make_work(author, title="For later")
    kept = make_work(author, title="Kept", restricted=True)
    make_work(author, title="Neither")
    reading_mark_later(user=reader, work=later, later=True)
    bookmark_save(user=reader, work=kept, notes="", tags="", private=True, rec=False)
    return {"later": later, "kept": kept}


def test_it_gives_a_reader_their_address_and_a_new_one_when_asked(reader):
    browser = client_for(reader)
    page = browser.get(reverse("opds_setup")).content.decode()
    assert "/opds/u/" not in page
    browser.post(reverse("opds_key_renew"))
    first = key_path(reader)
    assert first in browser.get(reverse("opds_setup")).content.decode()
    browser.post(reverse("opds_key_renew"))
    second = key_path(reader)
    assert second != first
    assert browser.get(first).status_code == 404
    assert get_feed(browser, second).title == "ficfest"


def test_it_refuses_a_key_whose_signature_is_wrong(client, reader):
    key = catalog_key_renew(user=reader)
    forged = key.nonce + "0" * 24
    assert client.get(reverse("opds_root", kwargs={"key": forged})).status_code == 404
    assert client.get("/opds/u/short/").status_code == 404
    assert client.get(f"/opds/u/{forged}/search.xml").status_code == 404
    assert client.get(f"/opds/u/{forged}/works/1/download/epub").status_code == 404


def test_it_asks_a_logged_out_reader_to_log_in_before_renewing(client, db):
    response = client.post(reverse("opds_key_renew"))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get(reverse("opds_key_renew")).status_code == 302


def test_a_keys_catalog_shows_its_readers_lists_and_restricted_works(client, reader, shelves):
    assert get_feed(client, key_path(reader, "opds_later")).titles() == ["For later"]
    assert get_feed(client, key_path(reader, "opds_bookmarks")).titles() == ["Kept"]
    assert "Kept" in get_feed(client, key_path(reader, "opds_newest")).titles()
    assert "Kept" not in get_feed(client, "/opds/new/").titles()


def test_a_keys_catalog_keeps_the_key_in_every_link(client, reader, shelves):
    root = get_feed(client, key_path(reader))
    prefix = key_path(reader)
    for entry in root.entries:
        assert entry.href.startswith(prefix)
    newest = get_feed(client, root.entry("Newest works").href)
    assert path_of(newest.link("self")).startswith(prefix)
    for entry in newest.entries:
        for link in entry.links(ACQUIRE):
            assert path_of(link.get("href")).startswith(prefix)
    search = client.get(key_path(reader, "opds_search_description")).content.decode()
    assert f"{prefix}search/?q={{searchTerms}}" in search


def test_a_key_follows_its_readers_mutes(client, reader, author):
    make_work(author, title="Muted", freeforms=["Angst"])
    make_work(author, title="Kept")
    TagMute.objects.create(user=reader, tag=Tag.objects.get(name="Angst"))
    assert get_feed(client, key_path(reader, "opds_newest")).titles() == ["Kept"]
    assert sorted(get_feed(client, "/opds/new/").titles()) == ["Kept", "Muted"]


def test_a_password_opens_the_readers_own_catalog(client, reader, shelves):
    feed = get_feed(client, "/opds/bookmarks/", **basic("reader", PASSWORD))
    assert feed.titles() == ["Kept"]
    [entry] = feed.entries
    for link in entry.links(ACQUIRE):
        assert path_of(link.get("href")).startswith(f"/opds/works/{shelves['kept'].pk}/download/")
    newest = client.get("/opds/new/", **basic("reader", PASSWORD))
    assert "private" in newest["Cache-Control"]
    assert "Authorization" in newest["Vary"]


def test_it_refuses_a_wrong_password_with_a_challenge(client, reader):
    response = client.get("/opds/", **basic("reader", "wrong"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic ")
    garbled = client.get("/opds/", HTTP_AUTHORIZATION="Basic ***")
    assert garbled.status_code == 401


def test_wrong_passwords_count_against_the_log_in_limits(client, reader, settings):
    settings.THROTTLE_ACCOUNT_ATTEMPTS = 3
    for _ in range(3):
        assert client.get("/opds/later/", **basic("reader", "wrong")).status_code == 401
    refused = client.get("/opds/later/", **basic("reader", PASSWORD))
    assert refused.status_code == 429
    assert b"try again" in refused.content
    login = client.post(reverse("login"), {"username": "reader", "password": PASSWORD})
    assert login.status_code != 302  # the site's own log-in is held back too


def test_it_sends_a_catalogs_downloads_as_the_catalogs_reader(client, reader, shelves):
    """A catalog's download is the work's download as its reader would get it logged in: an
    app has no log-in session to ask with."""
    kept = shelves["kept"].pk
    direct = reverse("work_download", kwargs={"pk": kept, "fmt": "epub"})
    logged_in = client_for(reader).get(direct)
    assert logged_in.status_code == 200
    wanted = b"".join(logged_in)
    by_key = client.get(key_path(reader, "opds_download", pk=kept, fmt="epub"))
    by_password = client.get(f"/opds/works/{kept}/download/epub", **basic("reader", PASSWORD))
    for response in (by_key, by_password):
        assert response.status_code == 200
        assert b"".join(response) == wanted
    # A restricted work: no file without a reader.
    assert client.get(f"/opds/works/{kept}/download/epub").status_code == 404
    assert client.get(direct).status_code == 404
