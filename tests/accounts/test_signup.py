import pytest
from django.contrib.auth import get_user
from django.db import IntegrityError
from django.urls import reverse

from ficfest.accounts.models import Pseud, User
from ficfest.accounts.services import account_create

GOOD = {
    "username": "spikefan",
    "email": "spikefan@example.org",
    "password1": "bloody hell, slayer",
    "password2": "bloody hell, slayer",
}


def signup(client, **changes):
    return client.post(reverse("signup"), {**GOOD, **changes})


@pytest.mark.django_db
def test_it_shows_a_labelled_form(client):
    response = client.get(reverse("signup"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1>") == 1
    for field in ("username", "email", "password1", "password2"):
        assert f'<label for="id_{field}">' in html


@pytest.mark.django_db
def test_it_signs_up_logs_in_and_goes_to_the_dashboard(client):
    response = signup(client)
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    user = User.objects.get(username="spikefan")
    assert user.email == "spikefan@example.org"
    assert user.check_password(GOOD["password1"])
    assert get_user(client).pk == user.pk


@pytest.mark.django_db
def test_it_gives_the_new_account_its_default_pseud(client):
    signup(client)
    pseud = Pseud.objects.get(user__username="spikefan")
    assert pseud.name == "spikefan"
    assert pseud.is_default


def assert_refused(response, field, message):
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    # The message sits with its field, and the input points at it for screen readers.
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert "aria-invalid" in html
    assert not get_user(response.wsgi_request).is_authenticated


@pytest.mark.django_db
def test_it_refuses_a_taken_username_whatever_its_case(client, author):
    response = signup(client, username="Author")
    assert_refused(response, "username", "That username is taken")
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_it_refuses_a_taken_email(client, author):
    response = signup(client, email="AUTHOR@example.org")
    assert_refused(response, "email", "already uses this email address")
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_it_refuses_mismatched_passwords(client):
    response = signup(client, password2="something else entirely")
    assert_refused(response, "password2", "The two passwords don't match")
    assert not User.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["password", "12345678901", "short"])
def test_it_refuses_a_weak_password(client, password):
    response = signup(client, password1=password, password2=password)
    assert response.status_code == 200
    assert "password1" in response.context["form"].errors
    assert not User.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_password_like_the_username(client):
    response = signup(client, username="buffysummers", password1="buffysummers1",
                      password2="buffysummers1")  # fmt: skip
    assert "too similar" in response.context["form"].errors["password1"][0]
    assert not User.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["..", "has space", "a/b", "x" * 41, "mail@me"])
def test_it_refuses_usernames_that_make_bad_addresses(client, username):
    response = signup(client, username=username)
    assert "username" in response.context["form"].errors
    assert not User.objects.exists()


@pytest.mark.django_db
def test_it_sends_a_logged_in_user_to_the_dashboard(author_client):
    response = author_client.get(reverse("signup"))
    assert response.status_code == 302
    assert response.url == reverse("dashboard")


@pytest.mark.django_db
def test_it_creates_accounts_through_the_service():
    user = account_create(username="willow", email="willow@Example.ORG", password="x")
    assert user.email == "willow@example.org"
    assert user.pseuds.get().is_default


@pytest.mark.django_db
def test_it_explains_a_name_taken_during_signup(client, monkeypatch):
    def taken_meanwhile(**kwargs):
        raise IntegrityError("UNIQUE constraint failed: accounts_user.username")

    monkeypatch.setattr("ficfest.accounts.services.account_create", taken_meanwhile)
    response = signup(client)
    assert response.status_code == 200
    assert "just taken" in response.content.decode()
    assert not get_user(client).is_authenticated
