import pytest
from django.urls import reverse

from ficfest.accounts import services
from ficfest.accounts.models import Pseud
from tests.factories import default_pseud


def test_it_has_its_addresses():
    assert reverse("pseud_list") == "/pseuds/"
    assert reverse("pseud_new") == "/pseuds/new/"
    assert reverse("pseud_edit", args=[7]) == "/pseuds/7/edit/"


@pytest.mark.django_db
def test_it_asks_anonymous_visitors_to_log_in(client):
    for url in ("/pseuds/", "/pseuds/new/"):
        assert client.get(url).url.startswith(reverse("login"))


@pytest.mark.django_db
def test_it_lists_only_my_pseuds(author_client, author, stranger):
    services.pseud_create(user=author, name="Rusty Nail")
    html = author_client.get("/pseuds/").content.decode()
    assert "Rusty Nail" in html
    assert "author" in html
    assert "stranger" not in html


@pytest.mark.django_db
def test_it_creates_a_pseud(author_client, author):
    response = author_client.post("/pseuds/new/", {"name": "Rusty Nail", "description": "Hi."})
    assert response.url == reverse("pseud_list")
    pseud = author.pseuds.get(name="Rusty Nail")
    assert pseud.description == "Hi."
    assert not pseud.is_default


@pytest.mark.django_db
def test_it_refuses_a_name_i_already_use_whatever_its_case(author_client, author):
    services.pseud_create(user=author, name="Rusty Nail")
    response = author_client.post("/pseuds/new/", {"name": "rusty nail"})
    assert response.status_code == 200
    assert "already have a pseud called" in response.context["form"].errors["name"][0]
    assert author.pseuds.count() == 2


@pytest.mark.django_db
def test_it_allows_a_name_someone_else_uses(author_client, author, stranger):
    response = author_client.post("/pseuds/new/", {"name": "Stranger"})
    assert response.status_code == 302
    assert author.pseuds.filter(name="Stranger").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["x" * 41, "...", "slash/name", ""])
def test_it_refuses_bad_names(author_client, author, name):
    response = author_client.post("/pseuds/new/", {"name": name})
    assert "name" in response.context["form"].errors
    assert author.pseuds.count() == 1


@pytest.mark.django_db
def test_it_accepts_a_name_of_forty_characters(author_client, author):
    author_client.post("/pseuds/new/", {"name": "x" * 40})
    assert author.pseuds.filter(name="x" * 40).exists()


@pytest.mark.django_db
def test_it_edits_a_pseud(author_client, author):
    pseud = services.pseud_create(user=author, name="Rusty Nail")
    page = author_client.get(f"/pseuds/{pseud.pk}/edit/")
    assert page.context["form"].initial["name"] == "Rusty Nail"
    response = author_client.post(f"/pseuds/{pseud.pk}/edit/", {"name": "RUSTY NAIL"})
    assert response.url == reverse("pseud_list")
    pseud.refresh_from_db()
    assert pseud.name == "RUSTY NAIL"


@pytest.mark.django_db
def test_it_refuses_renaming_onto_another_of_my_pseuds(author_client, author):
    pseud = services.pseud_create(user=author, name="Rusty Nail")
    response = author_client.post(f"/pseuds/{pseud.pk}/edit/", {"name": "Author"})
    assert "name" in response.context["form"].errors
    pseud.refresh_from_db()
    assert pseud.name == "Rusty Nail"


@pytest.mark.django_db
def test_it_hides_other_peoples_pseuds(author_client, stranger):
    theirs = default_pseud(stranger)
    assert author_client.get(f"/pseuds/{theirs.pk}/edit/").status_code == 404
    assert author_client.post(f"/pseuds/{theirs.pk}/default/").status_code == 404


@pytest.mark.django_db
def test_it_switches_the_default_pseud(author_client, author):
    first = default_pseud(author)
    second = services.pseud_create(user=author, name="Rusty Nail")
    response = author_client.post(reverse("pseud_make_default", args=[second.pk]))
    assert response.url == reverse("pseud_list")
    assert default_pseud(author) == second
    first.refresh_from_db()
    assert not first.is_default
    author_client.post(reverse("pseud_make_default", args=[first.pk]))
    assert default_pseud(author) == first
    assert Pseud.objects.filter(user=author, is_default=True).count() == 1


@pytest.mark.django_db
def test_it_switches_defaults_by_post_only(author_client, author):
    second = services.pseud_create(user=author, name="Rusty Nail")
    assert author_client.get(reverse("pseud_make_default", args=[second.pk])).status_code == 405


@pytest.mark.django_db
def test_it_keeps_the_default_when_made_default_again(author):
    services.pseud_make_default(pseud=default_pseud(author))
    assert default_pseud(author).name == "author"


@pytest.mark.django_db
def test_it_leaves_other_users_defaults_alone(author, stranger):
    services.pseud_make_default(pseud=services.pseud_create(user=author, name="Second"))
    assert default_pseud(stranger).name == "stranger"


@pytest.mark.django_db
def test_it_updates_a_pseud_through_the_service(author):
    pseud = services.pseud_update(pseud=default_pseud(author), name="Auth", description="New")
    pseud.refresh_from_db()
    assert (pseud.name, pseud.description) == ("Auth", "New")
