from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ficfest.accounts import services
from ficfest.works.models import Status
from tests.factories import default_pseud, make_work


def titles(response):
    works = [w for section in response.context["sections"] for w in section.works]
    return sorted(w.title for w in works)


@pytest.fixture
def rusty(author):
    return services.pseud_create(user=author, name="Rusty Nail")


@pytest.fixture
def shelf(author, rusty):
    """One work of each kind the profile must show or hide."""
    make_work(author, title="Posted")
    make_work(author, title="By Rusty", pseud=rusty)
    make_work(author, title="Draft", status=Status.DRAFT)
    make_work(author, title="Scheduled", publish_at=timezone.now() + timedelta(days=1))
    make_work(author, title="Restricted", restricted=True)


def test_it_has_its_addresses():
    assert reverse("user", args=["author"]) == "/users/author/"
    assert reverse("pseud", args=["author", "Rusty Nail"]) == "/users/author/pseuds/Rusty%20Nail/"


@pytest.mark.django_db
def test_it_groups_published_works_by_pseud(client, author, rusty, shelf):
    response = client.get("/users/author/")
    sections = {s.pseud.name: [w.title for w in s.works] for s in response.context["sections"]}
    assert sections == {"author": ["Posted"], "Rusty Nail": ["By Rusty"]}
    html = response.content.decode()
    assert html.count("<h1>") == 1
    assert "<title>author | ficfest</title>" in html


@pytest.mark.django_db
def test_it_hides_drafts_scheduled_and_restricted_works_from_visitors(client, shelf):
    response = client.get("/users/author/")
    assert titles(response) == ["By Rusty", "Posted"]
    html = response.content.decode()
    for hidden in ("Draft", "Scheduled", "Restricted"):
        assert f">{hidden}</a>" not in html


@pytest.mark.django_db
def test_it_shows_restricted_works_to_logged_in_readers(client, stranger, shelf):
    client.force_login(stranger)
    assert titles(client.get("/users/author/")) == ["By Rusty", "Posted", "Restricted"]


@pytest.mark.django_db
def test_it_lists_only_published_works_even_to_their_creator(author_client, shelf):
    assert titles(author_client.get("/users/author/")) == ["By Rusty", "Posted", "Restricted"]


@pytest.mark.django_db
def test_it_credits_co_creators_only_once_they_accept(client, author, coauthor):
    work = make_work(author, title="Together", co_creators=[default_pseud(coauthor)])
    assert titles(client.get("/users/coauthor/")) == []
    work.creatorships.filter(pseud__user=coauthor).update(accepted=True)
    assert titles(client.get("/users/coauthor/")) == ["Together"]


@pytest.mark.django_db
def test_it_shows_pseuds_without_works(client, rusty):
    response = client.get("/users/author/")
    assert [s.pseud.name for s in response.context["sections"]] == ["author", "Rusty Nail"]
    assert "No works yet." in response.content.decode()


def profile_queries(client):
    with CaptureQueriesContext(connection) as queries:
        client.get("/users/author/")
    return len(queries)


@pytest.mark.django_db
def test_it_loads_a_profile_in_the_same_queries_for_any_number_of_pseuds(client, author):
    make_work(author, title="First")
    one_pseud = profile_queries(client)
    for n in range(4):
        pseud = services.pseud_create(user=author, name=f"Pseud {n}")
        make_work(author, title=f"Work {n}", pseud=pseud)
    assert profile_queries(client) == one_pseud


@pytest.mark.django_db
def test_it_says_404_for_unknown_users_and_pseuds(client, author, stranger):
    assert client.get("/users/nobody/").status_code == 404
    assert client.get("/users/author/pseuds/nobody/").status_code == 404
    assert client.get("/users/author/pseuds/stranger/").status_code == 404


@pytest.mark.django_db
def test_it_lists_a_pseuds_visible_works(client, rusty, shelf):
    response = client.get(rusty.get_absolute_url())
    assert [w.title for w in response.context["works"]] == ["By Rusty"]
    assert "<title>Works by Rusty Nail (author) | ficfest</title>" in response.content.decode()


@pytest.mark.django_db
def test_it_hides_unpublished_and_restricted_works_on_pseud_pages(client, author, shelf):
    response = client.get("/users/author/pseuds/author/")
    assert [w.title for w in response.context["works"]] == ["Posted"]


@pytest.mark.django_db
def test_it_finds_pseuds_whatever_the_case(client, rusty):
    assert client.get("/users/author/pseuds/rusty%20nail/").status_code == 200


@pytest.mark.django_db
def test_it_pages_a_pseuds_works_by_twenty(client, author):
    for n in range(21):
        make_work(author, title=f"Work {n:02}")
    first = client.get("/users/author/pseuds/author/")
    assert len(first.context["works"]) == 20
    assert first.context["works"][0].title == "Work 20"
    assert 'rel="next" href="?page=2"' in first.content.decode()
    second = client.get("/users/author/pseuds/author/", {"page": 2})
    assert [w.title for w in second.context["works"]] == ["Work 00"]


@pytest.mark.django_db
def test_it_links_the_profile_to_all_of_a_busy_pseuds_works(client, author):
    for n in range(21):
        make_work(author, title=f"Work {n:02}")
    response = client.get("/users/author/")
    (section,) = response.context["sections"]
    assert (len(section.works), section.total) == (20, 21)
    assert "All 21 works by author" in response.content.decode()
