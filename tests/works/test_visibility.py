from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from ficfest.works.models import Status, Work
from tests.factories import make_work


def titles(user):
    return set(Work.objects.visible_to(user).values_list("title", flat=True))


@pytest.fixture
def shelf(author):
    make_work(author, title="Public")
    make_work(author, title="Draft", status=Status.DRAFT)
    make_work(author, title="Scheduled", publish_at=timezone.now() + timedelta(days=1))
    make_work(author, title="Restricted", restricted=True)


def test_it_shows_strangers_only_public_works(shelf, stranger):
    assert titles(stranger) == {"Public", "Restricted"}


def test_it_hides_restricted_works_from_logged_out_readers(shelf):
    from django.contrib.auth.models import AnonymousUser

    assert titles(AnonymousUser()) == {"Public"}


def test_it_shows_creators_their_drafts_and_scheduled_works(shelf, author):
    assert titles(author) == {"Public", "Draft", "Scheduled", "Restricted"}


def test_it_publishes_a_scheduled_work_when_its_time_comes(shelf, stranger):
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert "Scheduled" in titles(stranger)


def test_it_keeps_drafts_and_scheduled_works_out_of_every_listing(shelf, author, client):
    client.force_login(author)
    for url in ["/", "/works/", "/fandoms/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "Draft</a>" not in page and "Scheduled</a>" not in page
    assert "Public</a>" in client.get("/works/").content.decode()


def test_it_answers_404_for_a_work_a_reader_may_not_see(shelf, client):
    hidden = Work.objects.exclude(title="Public")
    for work in hidden:
        assert client.get(f"/works/{work.pk}/").status_code == 404
        assert client.get(f"/works/{work.pk}/chapters/1/").status_code == 404


def test_it_credits_a_co_creator_only_after_they_accept(author, coauthor, client):
    from ficfest.works import services
    from tests.factories import default_pseud

    work = make_work(author, title="Together", co_creators=[default_pseud(coauthor)])
    assert [p.name for p in work.credited_pseuds()] == ["author"]
    ship = work.creatorships.get(pseud__user=coauthor)
    services.creatorship_answer(creatorship=ship, accept=True)
    assert [p.name for p in Work.objects.get(pk=work.pk).credited_pseuds()] == [
        "author",
        "coauthor",
    ]
