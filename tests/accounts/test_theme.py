import pytest
from django.test import RequestFactory
from django.urls import reverse

from ficfest.accounts.context_processors import THEME_CHOICES, theme

URL = "/theme/"


def test_it_has_its_address():
    assert reverse("theme") == URL


@pytest.mark.django_db
@pytest.mark.parametrize("choice", ["auto", "light", "dark"])
def test_it_sets_the_theme_cookie_and_goes_back(client, choice):
    response = client.post(URL, {"theme": choice, "next": "/works/?page=2"})
    assert response.status_code == 302
    assert response.url == "/works/?page=2"
    cookie = response.cookies["theme"]
    assert cookie.value == choice
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 365 * 24 * 60 * 60


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""]
)
def test_it_refuses_an_unsafe_next(client, target):
    response = client.post(URL, {"theme": "dark", "next": target})
    assert response.url == reverse("home")


@pytest.mark.django_db
def test_it_refuses_an_unknown_theme(client):
    response = client.post(URL, {"theme": "neon", "next": "/"})
    assert response.status_code == 400
    assert "theme" not in response.cookies


@pytest.mark.django_db
def test_it_changes_themes_by_post_only(client):
    assert client.get(URL, {"theme": "dark"}).status_code == 405


def test_it_offers_the_theme_choices():
    request = RequestFactory().get("/")
    assert theme(request)["theme_choices"] == THEME_CHOICES
    assert [value for value, _ in THEME_CHOICES] == ["auto", "light", "dark"]


def test_it_reads_only_known_themes_from_the_cookie():
    request = RequestFactory().get("/")
    request.COOKIES["theme"] = "dark"
    assert theme(request)["theme"] == "dark"
    request.COOKIES["theme"] = '"><script>'
    assert theme(request)["theme"] == "auto"


@pytest.mark.django_db
def test_it_puts_the_switcher_on_every_page(client):
    client.cookies["theme"] = "light"
    html = client.get(reverse("login")).content.decode()
    assert '<option value="light" selected>Light</option>' in html
    assert '<option value="dark">Dark</option>' in html
