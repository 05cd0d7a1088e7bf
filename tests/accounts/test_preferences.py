import pytest
from django.urls import reverse

from tests.accounts.test_auth import PASSWORD

URL = "/preferences/"


def test_it_has_its_address():
    assert reverse("preferences") == URL


@pytest.mark.django_db
def test_it_asks_anonymous_visitors_to_log_in(client):
    assert client.get(URL).url.startswith(reverse("login"))


@pytest.mark.django_db
def test_it_shows_both_forms(author_client):
    html = author_client.get(URL).content.decode()
    assert '<label for="id_show_adult_content">' in html
    assert '<label for="id_email">' in html
    assert html.count("<h1>") == 1


@pytest.mark.django_db
def test_it_saves_the_adult_content_preference(author_client, author):
    response = author_client.post(URL, {"form": "preferences", "show_adult_content": "on"})
    assert response.url == URL
    author.refresh_from_db()
    assert author.show_adult_content
    author_client.post(URL, {"form": "preferences"})  # an unticked box is simply absent
    author.refresh_from_db()
    assert not author.show_adult_content


@pytest.mark.django_db
def test_it_shows_the_saved_preference(author_client, author):
    author.show_adult_content = True
    author.save()
    form = author_client.get(URL).context["prefs_form"]
    assert form.initial["show_adult_content"] is True


@pytest.mark.django_db
def test_it_changes_the_email_address(author_client, author):
    response = author_client.post(URL, {
        "form": "email", "email": "new@example.org", "password": PASSWORD,
    })  # fmt: skip
    assert response.url == URL
    author.refresh_from_db()
    assert author.email == "new@example.org"


@pytest.mark.django_db
def test_it_changes_email_only_with_the_current_password(author_client, author):
    response = author_client.post(URL, {
        "form": "email", "email": "new@example.org", "password": "guess",
    })  # fmt: skip
    assert response.status_code == 200
    assert "not your current password" in response.context["email_form"].errors["password"][0]
    author.refresh_from_db()
    assert author.email == "author@example.org"


@pytest.mark.django_db
def test_it_refuses_an_email_address_another_account_uses(author_client, author, stranger):
    response = author_client.post(URL, {
        "form": "email", "email": "Stranger@example.org", "password": PASSWORD,
    })  # fmt: skip
    assert "email" in response.context["email_form"].errors
    author.refresh_from_db()
    assert author.email == "author@example.org"


@pytest.mark.django_db
def test_it_keeps_the_other_form_untouched(author_client, author):
    response = author_client.post(URL, {"form": "email", "email": "bad", "password": PASSWORD})
    assert response.status_code == 200 and "email" in response.context["email_form"].errors
    author.refresh_from_db()
    assert not author.show_adult_content and author.email == "author@example.org"


@pytest.mark.django_db
def test_it_saves_the_time_zone_the_reader_chooses(author_client, author):
    page = author_client.get(URL).content.decode()
    assert '<option value="" selected>The site&#x27;s time zone (UTC)</option>' in page
    response = author_client.post(URL, {"form": "preferences", "time_zone": "Asia/Singapore"})
    assert response.url == URL
    author.refresh_from_db()
    assert author.time_zone == "Asia/Singapore"
    author_client.post(URL, {"form": "preferences", "time_zone": ""})
    author.refresh_from_db()
    assert author.time_zone == ""  # the site's, whatever it becomes


@pytest.mark.django_db
def test_it_refuses_a_time_zone_it_does_not_know(author_client, author):
    response = author_client.post(URL, {"form": "preferences", "time_zone": "Atlantis/Capital"})
    assert response.status_code == 200
    assert "“Atlantis/Capital” is not a time zone we know" in response.content.decode()
    author.refresh_from_db()
    assert author.time_zone == ""


@pytest.mark.django_db
def test_it_falls_back_to_the_site_s_zone_when_a_saved_zone_is_gone(client, author):
    author.time_zone = "Gone/Away"  # e.g. dropped from the machine's zone data since
    author.save()
    client.force_login(author)
    assert client.get(URL).status_code == 200
