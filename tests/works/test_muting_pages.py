"""A reader's mutes on the pages the works app shows outside the filtered listings: the home
page, profiles (whose per-pseud totals count what is shown), the fandom index; never the
reader's own dashboard or own profile."""

import pytest

from ficfest.accounts.models import CreatorMute
from ficfest.tags.models import Tag, TagMute, TagType
from ficfest.tags.wrangling import tag_merge
from ficfest.works.models import Status
from tests.factories import client_for, make_user, make_work
from tests.html import main_text, text


@pytest.fixture
def reader(db):
    return make_user("reader")


@pytest.fixture
def reader_client(reader):
    return client_for(reader)


def mute_tag(user, name):
    TagMute.objects.create(user=user, tag=Tag.objects.get(name=name))


def test_a_muted_creator_leaves_the_home_page(reader, reader_client, author, stranger):
    make_work(author, title="By the muted one")
    make_work(stranger, title="By someone else")
    CreatorMute.objects.create(user=reader, muted=author)
    page = main_text(reader_client.get("/"))
    assert "By someone else" in page and "By the muted one" not in page
    # Others' home pages are their own.
    assert "By the muted one" in main_text(client_for(stranger).get("/"))


def test_a_muted_tag_takes_its_synonyms_works_off_the_home_page(
    reader, reader_client, author, django_capture_on_commit_callbacks
):
    canonical = Tag.objects.create(type=TagType.RELATIONSHIP, name="B/S", canonical=True)
    make_work(author, title="Nickname", relationships=["Spuffy"])
    make_work(author, title="Full", relationships=["B/S"])
    make_work(author, title="Other", relationships=["Willow/Tara"])
    with django_capture_on_commit_callbacks(execute=True):
        tag_merge(tag=Tag.objects.get(name="Spuffy"), into=canonical)
    TagMute.objects.create(user=reader, tag=canonical)
    page = main_text(reader_client.get("/"))
    assert "Other" in page and "Nickname" not in page and "Full" not in page


def test_the_home_page_shows_muted_works_on_request(reader, reader_client, author, stranger):
    make_work(author, title="By the muted one")
    make_work(stranger, title="By someone else")
    CreatorMute.objects.create(user=reader, muted=author)
    page = main_text(reader_client.get("/"))
    assert "Works you muted are left out. Show them on this page" in page
    shown = main_text(reader_client.get("/?muted=show"))
    assert "By the muted one" in shown and "By someone else" in shown
    assert "Works you muted are shown on this page. Hide them again" in shown


def test_a_reader_without_mutes_sees_no_word_of_them(client, reader_client, author):
    make_work(author, title="Posted")
    for page in [main_text(reader_client.get("/")), main_text(client.get("/"))]:
        assert "Posted" in page and "muted" not in page


def test_the_profile_counts_what_it_shows(reader, reader_client, author, monkeypatch):
    monkeypatch.setattr("ficfest.works.profiles.PROFILE_RECENT", 2)
    make_work(author, title="First", freeforms=["Angst"])
    make_work(author, title="Second")
    make_work(author, title="Third")
    make_work(author, title="Fourth", freeforms=["Angst"])
    make_work(author, title="Fifth")
    url = author.get_absolute_url()
    assert "All 5 works by author" in main_text(reader_client.get(url))
    mute_tag(reader, "Angst")
    page = main_text(reader_client.get(url))
    assert "Fifth" in page and "Third" in page and "Fourth" not in page
    assert "All 3 works by author" in page
    assert "All 5 works by author" in main_text(reader_client.get(url + "?muted=show"))


def test_a_profile_never_hides_its_owners_works_from_them(author):
    make_work(author, title="My angst", freeforms=["Angst"])
    make_work(author, title="My fluff", freeforms=["Fluff"])
    mute_tag(author, "Angst")
    own = client_for(author)
    page = main_text(own.get(author.get_absolute_url()))
    assert "My angst" in page and "My fluff" in page


def test_mutes_never_hide_the_readers_own_works_on_their_dashboard(author):
    make_work(author, title="My angst", freeforms=["Angst"])
    make_work(author, title="My draft", freeforms=["Angst"], status=Status.DRAFT)
    mute_tag(author, "Angst")
    page = main_text(client_for(author).get("/dashboard/"))
    assert "My angst" in page and "My draft" in page


def fandom_index(client) -> str:
    return text(client.get("/fandoms/").content.decode())


def test_the_fandom_index_counts_what_the_reader_has_not_muted(
    reader, reader_client, author, stranger
):
    make_work(author, title="One", fandoms=["Buffy the Vampire Slayer"])
    make_work(stranger, title="Two", fandoms=["Buffy the Vampire Slayer", "Angel: the Series"])
    make_work(stranger, title="Three", fandoms=["Firefly"], freeforms=["Angst"])
    assert "Buffy the Vampire Slayer (2)" in fandom_index(reader_client)
    CreatorMute.objects.create(user=reader, muted=author)
    mute_tag(reader, "Angel: the Series")
    page = fandom_index(reader_client)
    # The muted creator's work leaves the count; a muted fandom leaves the index, and so do the
    # works carrying it from the other fandoms' counts.
    assert "Firefly (1)" in page
    assert "Buffy the Vampire Slayer" not in page and "Angel: the Series" not in page
    assert "Buffy the Vampire Slayer (2)" in fandom_index(client_for(stranger))


def test_mutes_cost_the_home_page_the_same_queries_however_many(reader, reader_client, author):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(30):
        make_work(make_user(f"writer{n}"), title=f"Work {n}", freeforms=[f"Trope {n}"])
    mute_tag(reader, "Trope 0")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert reader_client.get("/").status_code == 200
        return len(captured)

    queries()  # the first request also counts the header's waiting badge, then kept
    one = queries()
    for n in range(1, 20):
        mute_tag(reader, f"Trope {n}")
        CreatorMute.objects.create(user=reader, muted=make_user(f"muted{n}"))
    assert queries() == one
    page = main_text(reader_client.get("/"))
    assert "Work 25" in page and "Work 5" not in page
