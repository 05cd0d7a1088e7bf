"""The instants and the people at the edges of the visibility rule: the exact moment a scheduled
work comes out, a chapter added before or after it, who counts as a work's creator, and a work
read without the visibility rule's answer (it hides a name rather than leak one)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from ficfest.communities.models import Anonymity
from ficfest.works import services
from ficfest.works.models import Work
from tests.communities.factories import make_challenge, make_community, make_fill
from tests.factories import client_for, default_pseud, make_user, make_work
from tests.html import main, text

NOW = datetime(2027, 2, 10, 8, 0, tzinfo=UTC)
OUT = NOW + timedelta(days=2)  # when the scheduled work comes out
REVEAL = NOW + timedelta(days=5)
MORE = services.ChapterText(text="More.", text_format="plain")


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def scheduled(author):
    return make_work(author, title="Coming Soon", publish_at=OUT)


def dashboard(user) -> str:
    response = client_for(user).get("/dashboard/")
    assert response.status_code == 200
    return main(response.content.decode())


def work_page(client, work) -> str:
    response = client.get(f"/works/{work.pk}/")
    assert response.status_code == 200
    return main(response.content.decode())


def test_it_lists_a_scheduled_work_as_scheduled_until_the_instant_it_comes_out(
    scheduled, author, stranger
):
    with time_machine.travel(OUT - timedelta(microseconds=1), tick=False):
        page = dashboard(author)
        assert 'id="sched">Scheduled</h2>' in page
        assert page.index("Coming Soon") < page.index('id="posted"')
        assert "Scheduled for" in work_page(client_for(author), scheduled)
        assert client_for(stranger).get(f"/works/{scheduled.pk}/").status_code == 404
    with time_machine.travel(OUT, tick=False):
        page = dashboard(author)
        assert 'id="sched"' not in page
        assert page.index("Coming Soon") > page.index('id="posted"')
        assert "Scheduled for" not in work_page(client_for(author), scheduled)
        assert "Coming Soon" in work_page(client_for(stranger), scheduled)


def test_it_does_not_call_a_posted_work_scheduled(author):
    work = make_work(author, title="Out Now")
    page = dashboard(author)
    assert 'id="sched"' not in page and "Out Now" in page
    assert "Scheduled" not in work_page(client_for(author), work)


def test_it_dates_a_chapter_added_to_a_posted_work_as_an_update(author):
    work = make_work(author, title="Growing")
    later = NOW + timedelta(days=3)
    with time_machine.travel(later, tick=False):
        services.chapter_add(work=work, content=MORE)
        work.refresh_from_db()
        assert work.revised_at == later
        assert "Updated: 13 Feb 2027" in text(work_page(Client(), work))


def test_it_dates_a_chapter_added_before_publication_as_part_of_the_first_posting(
    scheduled, author
):
    services.chapter_add(work=scheduled, content=MORE)
    scheduled.refresh_from_db()
    assert scheduled.revised_at == OUT
    with time_machine.travel(OUT, tick=False):
        page = text(work_page(Client(), scheduled))
        assert "Published: 12 Feb 2027" in page and "Updated:" not in page


def test_it_offers_the_creator_actions_to_every_credited_creator_and_no_one_else(
    author, coauthor, stranger
):
    work = make_work(author, title="Shared", co_creators=[default_pseud(coauthor)])
    invited = work_page(client_for(coauthor), work)
    assert "Shared" in invited and "Edit work" not in invited
    ship = work.creatorships.get(pseud__user=coauthor)
    services.creatorship_answer(creatorship=ship, accept=True)
    assert "Edit work" in work_page(client_for(coauthor), work)
    assert "Edit work" in work_page(client_for(author), work)
    for reader in (client_for(stranger), Client()):
        page = work_page(reader, work)
        assert "Shared" in page and "Edit work" not in page


@pytest.fixture
def masked(author, moderator):
    work = make_work(author, title="Masked")
    community = make_community(moderator, slug="masks")
    challenge = make_challenge(community, anonymity=Anonymity.ANONYMOUS, reveal_at=REVEAL)
    make_fill(work, challenge)
    return work


def test_it_hides_the_creators_of_a_work_read_without_the_rule_until_the_reveal(masked, author):
    plain = make_work(author, title="Plain")
    assert Work.objects.get(pk=masked.pk).creators_are_hidden
    assert not Work.objects.get(pk=plain.pk).creators_are_hidden
    with time_machine.travel(REVEAL - timedelta(microseconds=1), tick=False):
        assert Work.objects.get(pk=masked.pk).creators_are_hidden
    with time_machine.travel(REVEAL, tick=False):
        assert not Work.objects.get(pk=masked.pk).creators_are_hidden


def test_it_names_the_creators_to_themselves_and_no_one_else_before_the_reveal(
    masked, author, stranger
):
    assert ">author</a>" in work_page(client_for(author), masked)
    for reader in (client_for(stranger), Client()):
        page = work_page(reader, masked)
        assert "Anonymous" in page and ">author</a>" not in page
    assert list(Work.objects.visible_to(AnonymousUser()).named_creators()) == []
    assert list(Work.objects.visible_to(author).named_creators()) == [masked]
    with time_machine.travel(REVEAL, tick=False):
        assert ">author</a>" in work_page(Client(), masked)
        assert list(Work.objects.visible_to(make_user("late")).named_creators()) == [masked]
