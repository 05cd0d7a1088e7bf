"""Search never shows what a reader may not see: results go through visible_to, and the index
itself never holds the creator of a secret work until its reveal. Deleted and drafted works
leave the index at once."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from ficfest.communities.models import Anonymity
from ficfest.lib.ticks import run_tick
from ficfest.search.engine import search
from ficfest.search.models import IndexedWork
from ficfest.works import services
from ficfest.works.models import Status, Work
from tests.communities.factories import make_fill
from tests.factories import client_for, make_user, make_work
from tests.html import main
from tests.search.index import index_ids

SECRET = "The lighthouse keeper counted the gulls."
REVEAL = timezone.now() + timedelta(days=10)


def found(client, q: str) -> list[str]:
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    return [work.title for work in response.context["works"]]


def in_index(q: str) -> list[str]:
    """What the index itself matches, before any visibility rule."""
    return list(search(q).filter(Work.objects.all()).values_list("title", flat=True))


def test_it_finds_a_restricted_work_only_for_logged_in_readers(client, author, indexed):
    with indexed():
        make_work(author, title="Members", text=SECRET, restricted=True)
    assert found(client, "lighthouse") == []
    assert found(client_for(make_user("reader")), "lighthouse") == ["Members"]


def test_it_never_finds_a_draft(client, author, indexed):
    with indexed():
        make_work(author, title="Draft", text=SECRET, status=Status.DRAFT)
    assert found(client_for(author), "lighthouse") == []
    assert in_index("lighthouse") == []


def test_a_drafted_or_deleted_work_leaves_the_index(author, indexed):
    with indexed():
        kept = make_work(author, title="Kept", text=SECRET)
        gone = make_work(author, title="Gone", text=SECRET)
    assert sorted(in_index("lighthouse")) == ["Gone", "Kept"]
    with indexed():
        kept.status = Status.DRAFT
        kept.save()
        services.work_delete(work=gone)
    assert in_index("lighthouse") == [] and index_ids("lighthouse") == []
    assert not IndexedWork.objects.exists()


def test_a_deleted_work_leaves_the_index_within_its_own_transaction(author, indexed):
    with indexed():
        work = make_work(author, title="Gone", text=SECRET)
    assert index_ids("lighthouse") == [work.pk]
    services.work_delete(work=work)  # no commit callbacks run here
    assert index_ids("lighthouse") == []


@pytest.fixture
def anonymous_challenge(challenge):
    challenge.anonymity = Anonymity.ANONYMOUS
    challenge.reveal_at = REVEAL
    challenge.save()
    return challenge


def _anonymous_work(author, challenge, indexed) -> Work:
    with indexed():
        work = make_work(author, title="Masked", text=SECRET)
        make_fill(work, challenge)
    return work


def test_an_anonymous_work_is_found_by_its_text_not_its_creator(
    client, author, anonymous_challenge, indexed
):
    _anonymous_work(author, anonymous_challenge, indexed)
    assert found(client, "lighthouse") == ["Masked"]
    assert found(client, "creator:author") == []
    assert found(client, "author") == []
    assert in_index("creator:author") == []  # the index does not hold the name at all
    page = main(client.get("/search/", {"q": "lighthouse"}).content.decode())
    assert "author" not in page


def test_the_creator_becomes_searchable_after_the_reveal(
    client, author, anonymous_challenge, indexed
):
    _anonymous_work(author, anonymous_challenge, indexed)
    with time_machine.travel(REVEAL + timedelta(minutes=1)):
        run_tick()
        assert found(client, "creator:author") == ["Masked"]


def test_a_work_that_becomes_anonymous_loses_its_creator_at_once(
    client, author, anonymous_challenge, indexed
):
    with indexed():
        work = make_work(author, title="Masked", text=SECRET)
    assert in_index("creator:author") == ["Masked"]
    with indexed():
        make_fill(work, anonymous_challenge)
    assert in_index("creator:author") == []


def test_an_unrevealed_work_is_not_found_before_its_reveal(client, author, challenge, indexed):
    challenge.anonymity = Anonymity.UNREVEALED
    challenge.reveal_at = REVEAL
    challenge.save()
    _anonymous_work(author, challenge, indexed)
    assert found(client, "lighthouse") == []
    assert in_index("creator:author") == []
    with time_machine.travel(REVEAL + timedelta(minutes=1)):
        run_tick()
        assert found(client, "lighthouse") == ["Masked"]
        assert found(client, "creator:author") == ["Masked"]


def test_it_finds_a_scheduled_work_only_once_it_is_published(client, author, indexed):
    later = timezone.now() + timedelta(days=2)
    with indexed():
        make_work(author, title="Later", text=SECRET, publish_at=later)
    assert found(client, "lighthouse") == []
    with time_machine.travel(later + timedelta(minutes=1)):
        assert found(client, "lighthouse") == ["Later"]


def test_a_new_chapter_reaches_the_index(author, indexed):
    with indexed():
        work = make_work(author, title="Growing", text="First chapter.")
    assert in_index("lighthouse") == []
    with indexed():
        services.chapter_add(
            work=work, content=services.ChapterText(text=SECRET, text_format="plain")
        )
    assert in_index("lighthouse") == ["Growing"]


def test_a_renamed_tag_is_found_by_its_new_name(author, indexed):
    from ficfest.tags.models import Tag
    from ficfest.tags.wrangling import tag_rename

    with indexed():
        make_work(author, title="Tagged", freeforms=["Lamplight"])
    with indexed():
        tag_rename(tag=Tag.objects.get(name="Lamplight"), name="Lanterns")
    assert in_index("tag:lanterns") == ["Tagged"]
    assert in_index("tag:lamplight") == []
