import re

import pytest
from django.contrib.auth import get_user
from django.core import mail
from django.urls import reverse

PASSWORD = "correct horse battery"  # what tests.factories.make_user sets
NEW_PASSWORD = "a whole new world 1997"


def log_in(client, username="author", password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password, **extra})


@pytest.mark.django_db
def test_it_shows_the_login_form(client):
    html = client.get(reverse("login")).content.decode()
    assert '<label for="id_username">' in html
    assert '<label for="id_password">' in html
    assert reverse("password_reset") in html


@pytest.mark.django_db
def test_it_logs_in(client, author):
    response = log_in(client)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert get_user(client).pk == author.pk


@pytest.mark.django_db
def test_it_refuses_a_wrong_password(client, author):
    response = log_in(client, password="nope")
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not get_user(client).is_authenticated


@pytest.mark.django_db
def test_it_follows_a_safe_next_after_login(client, author):
    assert log_in(client, next="/works/").url == "/works/"


@pytest.mark.django_db
def test_it_refuses_an_offsite_next_after_login(client, author):
    assert log_in(client, next="https://evil.example/").url == reverse("home")


@pytest.mark.django_db
def test_it_logs_out_by_post_only(author_client):
    assert author_client.get(reverse("logout")).status_code == 405
    response = author_client.post(reverse("logout"))
    assert response.status_code == 302
    assert not get_user(author_client).is_authenticated


@pytest.mark.django_db
def test_it_changes_the_password(author_client, author):
    response = author_client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })  # fmt: skip
    assert response.url == reverse("password_change_done")
    author.refresh_from_db()
    assert author.check_password(NEW_PASSWORD)
    # The session survives its own password change.
    assert get_user(author_client).pk == author.pk
    assert author_client.get(response.url).status_code == 200


@pytest.mark.django_db
def test_it_refuses_a_password_change_without_the_old_password(author_client, author):
    response = author_client.post(reverse("password_change"), {
        "old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })  # fmt: skip
    assert response.status_code == 200
    assert 'id="id_old_password_error"' in response.content.decode()
    author.refresh_from_db()
    assert author.check_password(PASSWORD)


@pytest.mark.django_db
def test_it_asks_anonymous_visitors_to_log_in_before_changing_passwords(client):
    response = client.get(reverse("password_change"))
    assert response.url.startswith(reverse("login"))


def reset_link() -> str:
    (message,) = mail.outbox
    return re.search(r"https?://[^/\s]+(/password/reset/\S+/)", message.body)[1]


@pytest.mark.django_db
def test_it_emails_a_reset_link_that_sets_a_new_password(client, author):
    response = client.post(reverse("password_reset"), {"email": "Author@example.org"})
    assert response.url == reverse("password_reset_done")
    assert mail.outbox[0].to == ["author@example.org"]
    assert "Reset your password" in mail.outbox[0].subject
    form_page = client.get(reset_link(), follow=True)
    assert form_page.context["validlink"]
    done = client.post(form_page.redirect_chain[-1][0], {
        "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })  # fmt: skip
    assert done.url == reverse("password_reset_complete")
    author.refresh_from_db()
    assert author.check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_it_refuses_a_used_reset_link(client, author):
    client.post(reverse("password_reset"), {"email": "author@example.org"})
    link = reset_link()
    page = client.get(link, follow=True)
    client.post(page.redirect_chain[-1][0], {
        "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })  # fmt: skip
    again = client.get(link, follow=True)
    assert not again.context["validlink"]
    assert "This link no longer works" in again.content.decode()


@pytest.mark.django_db
def test_it_does_not_tell_who_has_an_account(client, author):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []
