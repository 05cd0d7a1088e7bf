"""The reader's mute preferences page: muting tags and creators by name, unmuting, refusals."""

import pytest
from django.test import Client
from django.urls import reverse

from ficfest.accounts.models import CreatorMute
from ficfest.tags.models import Tag, TagMute, TagType
from ficfest.tags.wrangling import tag_merge
from ficfest.works.models import Status
from tests.factories import client_for, make_user, make_work
from tests.html import main_text

PAGE = "/preferences/muted/"


@pytest.fixture
def reader(db):
    return make_user("reader")


@pytest.fixture
def reader_client(reader):
    return client_for(reader)


def mute_tag(client, name, tag_type=""):
    return client.post(PAGE, {"form": "tag", "tag-name": name, "tag-type": tag_type}, follow=True)


def mute_creator(client, name):
    return client.post(PAGE, {"form": "creator", "creator-name": name}, follow=True)


def muted_tags(user) -> set[str]:
    return set(TagMute.objects.filter(user=user).values_list("tag__name", flat=True))


def muted_creators(user) -> set[str]:
    return set(CreatorMute.objects.filter(user=user).values_list("muted__username", flat=True))


def test_it_has_its_address():
    assert reverse("mute_preferences") == PAGE


def test_it_asks_guests_to_log_in(client, db):
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    response = client.post(PAGE, {"form": "creator", "creator-name": "anyone"})
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_it_refuses_a_post_without_its_csrf_token(reader, author):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reader)
    response = browser.post(PAGE, {"form": "creator", "creator-name": author.username})
    assert response.status_code == 403
    assert muted_creators(reader) == set()


def test_it_is_linked_from_the_preferences(reader_client):
    page = main_text(reader_client.get("/preferences/"))
    assert "Muted tags and creators" in page


def test_it_shows_empty_lists_with_the_forms(reader_client):
    response = reader_client.get(PAGE)
    assert response.status_code == 200
    page = main_text(response)
    assert "You have not muted any tags." in page
    assert "You have not muted any creators." in page
    assert "(0 of 500)" in page
    assert 'data-tag-autocomplete=""' in response.content.decode()


def test_it_mutes_a_tag_by_name_in_any_case_and_lists_it_by_type(reader, reader_client, author):
    make_work(author, freeforms=["Angst"], characters=["Spike"])
    response = mute_tag(reader_client, "  angst ")
    assert muted_tags(reader) == {"Angst"}
    page = main_text(response)
    assert "Works tagged “Angst” are now hidden from your listings. Undo" in page
    mute_tag(reader_client, "Spike")
    page = main_text(reader_client.get(PAGE))
    assert "(2 of 500)" in page
    # Types in the order a work shows them: characters before additional tags.
    assert page.index("Character Spike") < page.index("Additional Tags Angst")


def test_it_mutes_the_canonical_when_given_a_synonym(
    reader, reader_client, author, django_capture_on_commit_callbacks
):
    canonical = Tag.objects.create(
        type=TagType.RELATIONSHIP, name="Buffy Summers/Spike", canonical=True
    )
    make_work(author, relationships=["Spuffy"])
    with django_capture_on_commit_callbacks(execute=True):
        tag_merge(tag=Tag.objects.get(name="Spuffy"), into=canonical)
    page = main_text(mute_tag(reader_client, "Spuffy"))
    assert "Works tagged “Spuffy” (filed under “Buffy Summers/Spike”) are now hidden" in page
    assert muted_tags(reader) == {"Buffy Summers/Spike"}


def test_it_says_when_no_tag_has_that_name(reader, reader_client, author):
    make_work(author, freeforms=["Angst"])
    response = mute_tag(reader_client, "Fluff")
    assert response.status_code == 200
    assert "There is no tag called “Fluff”." in main_text(response)
    assert muted_tags(reader) == set()


def test_it_does_not_name_a_tag_only_hidden_works_carry(reader, reader_client, author):
    make_work(author, freeforms=["Secret Trope"], status=Status.DRAFT)
    page = main_text(mute_tag(reader_client, "Secret Trope"))
    assert "There is no tag called “Secret Trope”." in page
    assert muted_tags(reader) == set()


def test_it_asks_for_the_type_when_several_tags_share_a_name(reader, reader_client, author):
    make_work(author, fandoms=["Angel"], characters=["Angel"])
    page = main_text(mute_tag(reader_client, "Angel"))
    assert "“Angel” is the name of several tags (Character, Fandom): choose its type." in page
    assert muted_tags(reader) == set()
    mute_tag(reader_client, "Angel", TagType.CHARACTER)
    assert TagMute.objects.get(user=reader).tag.type == TagType.CHARACTER


@pytest.mark.parametrize(
    ("name", "tag_type", "message"),
    [
        ("", "", "This field is required."),
        ("   ", "", "This field is required."),
        ("x" * 151, "", "Tags are at most 150 characters long."),
        ("x" * 400, "", "Ensure this value has at most 300 characters"),
        ("Angst", "nonsense", "Select a valid choice."),
    ],
)
def test_it_explains_bad_tag_input(reader, reader_client, author, name, tag_type, message):
    make_work(author, freeforms=["Angst"])
    response = mute_tag(reader_client, name, tag_type)
    assert response.status_code == 200
    assert message in main_text(response)
    assert muted_tags(reader) == set()


def test_it_mutes_a_creator_by_username_or_pseud_name(reader, reader_client, author, stranger):
    author.pseuds.create(name="Rusty Nail")
    page = main_text(mute_creator(reader_client, "RUSTY nail"))
    assert f"Works by {author.username} are now hidden from your listings." in page
    mute_creator(reader_client, stranger.username)
    assert muted_creators(reader) == {author.username, stranger.username}
    page = main_text(reader_client.get(PAGE))
    assert "(2 of 500)" in page and f"{author.username} Unmute" in page


def test_it_asks_for_the_username_when_a_pseud_name_is_shared(reader, reader_client, author):
    other = make_user("other")
    author.pseuds.create(name="Nightshade")
    other.pseuds.create(name="Nightshade")
    page = main_text(mute_creator(reader_client, "Nightshade"))
    assert "write it as “Nightshade (username)”" in page
    assert muted_creators(reader) == set()
    mute_creator(reader_client, "Nightshade (other)")
    assert muted_creators(reader) == {"other"}


def test_it_says_when_no_creator_has_that_name(reader, reader_client):
    page = main_text(mute_creator(reader_client, "nobody-at-all"))
    assert "There is no creator called “nobody-at-all”." in page
    assert muted_creators(reader) == set()


def test_it_refuses_to_mute_yourself(reader, reader_client):
    response = mute_creator(reader_client, "reader")
    assert response.status_code == 200
    assert "You can't mute yourself." in main_text(response)
    assert muted_creators(reader) == set()


def test_it_mutes_once_however_often_asked(reader, reader_client, author):
    mute_creator(reader_client, author.username)
    mute_creator(reader_client, author.username)
    assert CreatorMute.objects.filter(user=reader).count() == 1


def test_it_stops_at_the_limit_with_a_message(reader, reader_client, author, monkeypatch):
    monkeypatch.setattr("ficfest.tags.mutes.TAG_MUTES_MAX", 2)
    monkeypatch.setattr("ficfest.accounts.services.CREATOR_MUTES_MAX", 1)
    make_work(author, freeforms=["One", "Two", "Three"])
    mute_tag(reader_client, "One")
    mute_tag(reader_client, "Two")
    page = main_text(mute_tag(reader_client, "Three"))
    assert "You have muted 2 tags, the most there can be: unmute some" in page
    assert muted_tags(reader) == {"One", "Two"}
    mute_creator(reader_client, author.username)
    page = main_text(mute_creator(reader_client, make_user("another").username))
    assert "You have muted 1 creators, the most there can be" in page
    assert muted_creators(reader) == {author.username}


def test_it_unmutes_from_the_list(reader, reader_client, author):
    make_work(author, freeforms=["Angst"])
    tag = Tag.objects.get(name="Angst")
    TagMute.objects.create(user=reader, tag=tag)
    CreatorMute.objects.create(user=reader, muted=author)
    response = reader_client.post(
        reverse("tag_mute", args=[tag.pk]), {"action": "unmute", "next": PAGE}, follow=True
    )
    assert response.redirect_chain[-1][0] == PAGE
    assert "Works tagged “Angst” are shown in your listings again. Undo" in main_text(response)
    response = reader_client.post(
        reverse("creator_mute", args=[author.username]),
        {"action": "unmute", "next": PAGE},
        follow=True,
    )
    page = main_text(response)
    assert f"Works by {author.username} are shown in your listings again." in page
    assert "You have not muted any tags." in page and "You have not muted any creators." in page
    assert muted_tags(reader) == set() and muted_creators(reader) == set()


def test_it_names_the_canonical_of_a_tag_muted_before_it_became_a_synonym(
    reader, reader_client, author, django_capture_on_commit_callbacks
):
    make_work(author, title="Nickname", relationships=["Spuffy"])
    make_work(author, title="Full name", relationships=["Buffy Summers/Spike"])
    make_work(author, title="Other pairing", relationships=["Willow/Tara"])
    mute_tag(reader_client, "Spuffy")
    canonical = Tag.objects.get(name="Buffy Summers/Spike")
    canonical.canonical = True
    canonical.save()
    with django_capture_on_commit_callbacks(execute=True):
        tag_merge(tag=Tag.objects.get(name="Spuffy"), into=canonical)
    page = main_text(reader_client.get(PAGE))
    assert "Spuffy filed under Buffy Summers/Spike" in page
    home = main_text(reader_client.get("/"))
    assert "Other pairing" in home
    assert "Nickname" not in home and "Full name" not in home
