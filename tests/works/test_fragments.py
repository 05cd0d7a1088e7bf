"""Cached blurbs: what a page shows is what the database says at once, an
anonymous work's creators never come out of the cache, and queries do not grow with the page."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from ficfest.accounts.services import pseud_update
from ficfest.communities.models import Anonymity
from ficfest.tags.models import Tag
from ficfest.tags.wrangling import tag_rename
from ficfest.works import services
from ficfest.works.models import Chapter
from tests.communities.factories import make_challenge, make_community, make_fill
from tests.factories import client_for, default_pseud, make_user, make_work
from tests.html import main, main_text

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
REVEAL = NOW + timedelta(hours=1)  # well within the cached blurb's lifetime


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def listed(client: Client, path: str = "/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return main(response.content.decode())


@pytest.fixture
def masked(author, moderator):
    work = make_work(author, title="Masked")
    community = make_community(moderator, slug="masks")
    challenge = make_challenge(community, anonymity=Anonymity.ANONYMOUS, reveal_at=REVEAL)
    make_fill(work, challenge)
    return work


@pytest.mark.parametrize("creator_first", [True, False])
def test_it_never_serves_an_anonymous_blurb_with_names_or_the_creators_one_without(
    masked, author, stranger, creator_first
):
    readers = [client_for(author), Client(), client_for(stranger)]
    for reader in readers if creator_first else reversed(readers):
        page = listed(reader)
        assert "Masked" in page
        if reader is readers[0]:
            assert ">author</a>" in page and "Anonymous" not in page
        else:
            assert "Anonymous" in page and ">author</a>" not in page


def test_it_names_the_creators_in_a_cached_blurb_the_moment_the_reveal_comes(masked):
    assert "Anonymous" in listed(Client())
    with time_machine.travel(REVEAL, tick=False):
        page = listed(Client())
        assert ">author</a>" in page and "Anonymous" not in page


def test_it_shows_a_renamed_tag_in_every_cached_blurb_at_once(author):
    make_work(author, title="One", freeforms=["Fluf"])
    make_work(author, title="Two", freeforms=["Fluf"])
    assert listed(Client()).count(">Fluf</a>") == 2
    tag_rename(tag=Tag.objects.get(name="Fluf"), name="Fluff")
    page = listed(Client())
    assert page.count(">Fluff</a>") == 2 and ">Fluf</a>" not in page


def test_it_shows_a_renamed_pseud_in_cached_blurbs_at_once(author):
    make_work(author, title="Signed")
    assert ">author</a>" in listed(Client())
    pseud_update(pseud=default_pseud(author), name="Quill", description="")
    page = listed(Client())
    assert "Quill (author)" in page and ">author</a>" not in page


def test_it_shows_a_work_retagged_and_retitled_in_its_cached_blurb_at_once(author):
    work = make_work(author, title="Before", characters=["Spike"])
    assert "Before" in listed(Client()) and ">Spike</a>" in listed(Client())
    services.work_update(
        work=work, editor=author, title="After",
        tags=services.WorkTags(fandoms=["Angel"], warnings=["No Archive Warnings Apply"],
                               characters=["Drusilla"]),
    )  # fmt: skip
    page = listed(Client())
    assert "After" in page and ">Drusilla</a>" in page and ">Angel</a>" in page
    assert "Before" not in page and ">Spike</a>" not in page


def test_it_shows_a_chapter_added_in_the_blurb_and_an_edited_chapter_on_the_page_at_once(
    author,
):
    work = make_work(author, title="Growing", text="First words.")
    assert "1/1" in main_text(Client().get("/"))
    assert "First words." in main_text(Client().get(f"/works/{work.pk}/"))
    chapter = Chapter.objects.get(work=work)
    new = services.ChapterText(text="New words.", text_format="plain")
    services.chapter_update(chapter=chapter, content=new)
    page = main_text(Client().get(f"/works/{work.pk}/"))
    assert "New words." in page and "First words." not in page
    more = services.ChapterText(text="Second chapter.", text_format="plain")
    services.chapter_add(work=work, content=more)
    assert "2/2" in main_text(Client().get("/"))


def test_it_shows_the_chapter_actions_to_the_creator_alone(author, stranger):
    work = make_work(author, title="Mine")
    assert "Edit chapter 1" in main_text(client_for(author).get(f"/works/{work.pk}/"))
    page = main_text(client_for(stranger).get(f"/works/{work.pk}/"))
    assert "Once upon a time." in page and "Edit chapter 1" not in page


def _many_works(first: int, count: int) -> None:
    for n in range(first, first + count):
        poster = make_user(f"writer{n}")
        make_work(poster, title=f"Work {n}", fandoms=["Buffy", f"Fandom {n}"],
                  characters=[f"Character {n}"], freeforms=["Fluff", f"Trope {n}"])  # fmt: skip


@pytest.mark.parametrize("path", ["/", "/works/", "/tags/{tag}/"])
def test_it_reads_a_listing_in_the_same_queries_for_five_works_as_for_twenty_five(
    path, django_assert_max_num_queries, stranger
):
    _many_works(0, 5)
    tag = Tag.objects.get(name="Buffy").pk
    path = path.format(tag=tag)
    # A tag's page also reads the tag's family (2), what a filter on it means (2), whether
    # the reader muted it (2) and subscribed to it (1): more than the others, but as many for
    # 5 works as for 25.
    most = 17 if path.startswith("/tags/") else 12
    for reader in (Client(), client_for(stranger)):
        with django_assert_max_num_queries(most) as few:
            assert reader.get(path).status_code == 200  # nothing cached yet
        with django_assert_max_num_queries(most):
            assert reader.get(path).status_code == 200
    _many_works(5, 20)
    for reader in (Client(), client_for(stranger)):
        with django_assert_max_num_queries(len(few)):
            assert reader.get(path).status_code == 200
        with django_assert_max_num_queries(len(few)):
            assert reader.get(path).status_code == 200
