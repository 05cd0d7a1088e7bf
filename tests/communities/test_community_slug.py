"""A new community's address is suggested from its name."""

from ficfest.communities.models import Community
from tests.communities.factories import make_community
from tests.communities.test_community import form_data
from tests.html import main_text


def test_it_makes_the_address_from_the_name_when_it_is_left_empty(author_client):
    response = author_client.post("/c/new/", form_data(name="Fag Ends: Drabbles!", slug=""))

    assert response.status_code == 302 and response.url == "/c/fag-ends-drabbles/"
    assert Community.objects.get().slug == "fag-ends-drabbles"


def test_it_keeps_an_address_the_moderator_chose(author_client):
    author_client.post("/c/new/", form_data(name="Fag Ends", slug="spuffy-shorts"))

    assert Community.objects.get().slug == "spuffy-shorts"


def test_it_says_when_the_made_address_is_taken(author_client, author):
    make_community(author, slug="fag-ends")

    response = author_client.post("/c/new/", form_data(name="Fag Ends", slug=""))

    assert response.status_code == 200
    assert "The address /c/fag-ends/ is taken" in main_text(response)


def test_it_asks_for_an_address_when_the_name_gives_none(author_client):
    response = author_client.post("/c/new/", form_data(name="スパイク", slug=""))

    assert response.status_code == 200
    assert "Choose an address" in main_text(response)
    assert not Community.objects.exists()


def test_it_offers_the_suggesting_script_on_the_new_community_form(author_client):
    html = author_client.get("/c/new/").content.decode()

    assert 'data-slug-from="id_name"' in html and "ficfest/slug.js" in html
