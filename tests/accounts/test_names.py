"""Sign-up refuses a name drawn like an existing one; names refuse invisible characters."""

from html import unescape

import pytest
from django.urls import reverse

from ficfest.accounts.models import User
from tests.accounts.test_signup import signup
from tests.factories import make_user


@pytest.mark.django_db
@pytest.mark.parametrize("lookalike", ["\u0430uthor", "АUТНОR", "auth0r"])
def test_it_refuses_a_username_that_looks_like_an_existing_one(client, lookalike):
    make_user("author")
    page = signup(client, username=lookalike).content.decode()
    assert "That username looks too much like “author”, who is already here." in page
    assert not User.objects.filter(username=lookalike).exists()


@pytest.mark.django_db
def test_it_signs_up_a_name_in_another_script_that_looks_like_no_one(client):
    make_user("author")
    assert signup(client, username="Зима").status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\u00ad"])
def test_it_refuses_a_pseud_with_a_hidden_character(author_client, author, char):
    page = unescape(
        author_client.post(reverse("pseud_new"), {"name": f"Sky{char}fall"}).content.decode()
    )
    assert "Names and titles can't contain" in page
    assert not author.pseuds.filter(name__startswith="Sky").exists()
