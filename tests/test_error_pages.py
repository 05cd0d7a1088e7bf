"""403 (a refused form too), 404 and 500 are pages in the site's layout that say what to do next."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import include, path

from tests.factories import client_for
from tests.html import main_text


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("Only this community's moderators can do that.")


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [
    path("forbidden/", forbidden),
    path("broken/", broken),
    path("", include("ficfest.urls")),
]

pytestmark = [pytest.mark.urls("tests.test_error_pages"), pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _not_debug(settings):
    settings.DEBUG = False


def test_it_says_a_missing_work_may_be_hidden_and_offers_log_in(client):
    response = client.get("/works/999999/")

    assert response.status_code == 404
    text = main_text(response)
    assert "may be a draft, restricted to logged-in readers" in text
    assert "Log in" in text and "Works" in text
    assert 'class="site-header"' in response.content.decode()


def test_it_does_not_offer_log_in_on_a_404_to_a_reader_who_has(author):
    response = client_for(author).get("/no-such-page/")

    assert response.status_code == 404
    assert "Log in and it may be here" not in main_text(response)


def test_it_says_why_something_is_forbidden_and_what_to_do(author):
    response = client_for(author).get("/forbidden/")

    assert response.status_code == 403
    text = main_text(response)
    assert "Only this community's moderators can do that." in text
    assert "log in with it" in text


def test_it_shows_a_server_error_in_the_layout_without_the_database(django_assert_num_queries):
    client = Client(raise_request_exception=False)

    with django_assert_num_queries(0):
        response = client.get("/broken/")

    assert response.status_code == 500
    text = main_text(response)
    assert "Something went wrong on our side" in text
    assert "try again" in text
    assert 'class="site-header"' in response.content.decode()


def test_it_explains_an_expired_form_in_the_layout_and_saves_nothing(author):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(author)
    response = browser.post("/works/new/", {"title": "Lost?"})

    assert response.status_code == 403
    text = main_text(response)
    assert "That form could not be sent" in text and "Nothing was saved." in text
    assert "copy anything you typed, reload the page" in text
    assert 'class="site-header"' in response.content.decode()
    assert ">author</a>" in response.content.decode()  # the reader's own header
