import re

import pytest
from django.contrib.auth import get_user
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse

from ficfest.accounts.models import Pseud, User
from ficfest.accounts.services import account_create
from tests.html import main_text

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


def confirmation_link(message) -> str:
    return re.search(r"https?://\S+/signup/confirm/\S+/", message.body)[0]


@pytest.mark.django_db
def test_it_signs_up_by_email_link_then_logs_in_and_goes_to_the_dashboard(client):
    response = signup(client)
    assert response.status_code == 302
    assert response.url == reverse("signup_sent")
    assert "Check your email" in main_text(client.get(response.url))
    assert not get_user(client).is_authenticated
    [message] = mail.outbox
    assert message.to == ["spikefan@example.org"]

    response = client.get(confirmation_link(message))

    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    user = User.objects.get(username="spikefan")
    assert user.is_active and user.email == "spikefan@example.org"
    assert user.check_password(GOOD["password1"])
    assert get_user(client).pk == user.pk


@pytest.mark.django_db
def test_it_refuses_a_confirmation_link_twice_or_tampered(client):
    signup(client)
    link = confirmation_link(mail.outbox[0])
    client.get(link)
    client.logout()

    assert client.get(link).status_code == 404
    assert client.get(link.replace("/confirm/", "/confirm/x")).status_code == 404
    assert not get_user(client).is_authenticated


@pytest.mark.django_db
def test_it_keeps_an_unconfirmed_account_from_logging_in(client):
    signup(client)
    response = client.post(reverse("login"), {"username": "spikefan",
                                              "password": GOOD["password1"]})  # fmt: skip
    assert "follow the link in the email" in main_text(response)
    assert not get_user(client).is_authenticated


@pytest.mark.django_db
def test_it_lets_a_new_sign_up_replace_an_unconfirmed_one(client):
    signup(client, password1="first try, forgotten", password2="first try, forgotten")
    signup(client)

    client.get(confirmation_link(mail.outbox[1]))

    assert User.objects.get(username="spikefan").check_password(GOOD["password1"])
    assert get_user(client).is_authenticated


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
def test_it_answers_a_registered_email_as_it_answers_a_new_one(client, author):
    """Nobody learns from the sign-up page whether an address has an account here."""
    new = signup(client, username="newcomer", email="newcomer@example.org")
    known = signup(client, username="impostor", email="AUTHOR@example.org")

    assert (known.status_code, known.url) == (new.status_code, new.url)
    assert not User.objects.filter(username="impostor").exists()
    author.refresh_from_db()
    assert author.check_password("correct horse battery") and author.is_active
    to_owner = [m for m in mail.outbox if m.to == ["AUTHOR@example.org"]]
    assert len(to_owner) == 1 and "already belongs to an account" in to_owner[0].body
    assert "/password/reset/" in to_owner[0].body


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
