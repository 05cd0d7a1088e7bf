"""Mute and unmute buttons on tag, profile and pseud pages: POST forms that come back."""

import pytest
from django.test import Client
from django.urls import reverse

from ficfest.accounts.models import CreatorMute
from ficfest.tags.models import Tag, TagMute, TagType
from ficfest.tags.wrangling import tag_parent_add
from ficfest.works.models import Status
from tests.factories import client_for, make_user, make_work
from tests.html import main, main_text


@pytest.fixture
def reader(db):
    return make_user("reader")


@pytest.fixture
def reader_client(reader):
    return client_for(reader)


@pytest.fixture
def angst(author):
    make_work(author, title="Sad one", freeforms=["Angst"])
    return Tag.objects.get(name="Angst")


def press(client, url, action, next_url):
    return client.post(url, {"action": action, "next": next_url}, follow=True)


def test_it_offers_a_tag_mute_button_to_readers_only(client, reader_client, angst):
    page = main_text(reader_client.get(angst.get_absolute_url()))
    assert "Mute this tag" in page and "Sad one" in page
    guest = main_text(client.get(angst.get_absolute_url()))
    assert "Sad one" in guest and "Mute" not in guest


def test_it_mutes_a_tag_from_its_page_and_comes_back(reader, reader_client, angst):
    url = angst.get_absolute_url()
    response = press(reader_client, reverse("tag_mute", args=[angst.pk]), "mute", url)
    assert response.redirect_chain[-1][0] == url
    page = main_text(response)
    assert "Works tagged “Angst” are now hidden from your listings. Undo" in page
    assert "You muted this tag: works tagged Angst are hidden from your listings." in page
    assert "Unmute Angst" in page and "Show them on this page" in page
    assert f'href="/tags/{angst.pk}/?muted=show"' in main(response.content.decode())
    assert TagMute.objects.filter(user=reader, tag=angst).exists()


def test_it_undoes_a_mute_from_the_message(reader, reader_client, angst):
    url = angst.get_absolute_url()
    html = press(reader_client, reverse("tag_mute", args=[angst.pk]), "mute", url)
    assert 'class="undo"' in html.content.decode()
    # The message's Undo is a form that unmutes and comes back to the same page.
    response = press(reader_client, reverse("tag_mute", args=[angst.pk]), "unmute", url)
    assert "Works tagged “Angst” are shown in your listings again." in main_text(response)
    assert "Mute this tag" in main_text(response)
    assert not TagMute.objects.filter(user=reader).exists()


def test_it_never_sends_a_reader_to_another_site(reader_client, angst):
    url = reverse("tag_mute", args=[angst.pk])
    for target in ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""]:
        response = reader_client.post(url, {"action": "mute", "next": target})
        assert response.status_code == 302
        assert response["Location"] == "/preferences/muted/"


def test_it_explains_a_nonsense_action(reader, reader_client, angst):
    response = press(reader_client, reverse("tag_mute", args=[angst.pk]), "explode", "/")
    assert response.status_code == 200
    assert "Choose whether to mute or unmute." in main_text(response)
    assert not TagMute.objects.filter(user=reader).exists()


def test_it_answers_404_for_a_tag_the_reader_may_not_know_of(reader, reader_client, author):
    make_work(author, freeforms=["Secret Trope"], status=Status.DRAFT)
    tag = Tag.objects.get(name="Secret Trope")
    response = reader_client.post(reverse("tag_mute", args=[tag.pk]), {"action": "mute"})
    assert response.status_code == 404
    assert (
        reader_client.post(reverse("tag_mute", args=[999999]), {"action": "mute"}).status_code
        == 404
    )
    assert not TagMute.objects.filter(user=reader).exists()


def test_it_asks_guests_to_log_in_and_refuses_get(client, reader_client, angst):
    url = reverse("tag_mute", args=[angst.pk])
    response = client.post(url, {"action": "mute"})
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert reader_client.get(url).status_code == 405
    assert not TagMute.objects.exists()


def test_it_refuses_a_button_press_without_its_csrf_token(reader, angst):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reader)
    response = browser.post(reverse("tag_mute", args=[angst.pk]), {"action": "mute"})
    assert response.status_code == 403
    assert not TagMute.objects.exists()


def test_it_says_a_sub_tag_is_hidden_by_its_meta_tags_mute(
    reader, reader_client, author, django_capture_on_commit_callbacks
):
    make_work(author, freeforms=["Hurt/Comfort"])
    meta = Tag.objects.create(type=TagType.FREEFORM, name="Feelings", canonical=True)
    sub = Tag.objects.get(name="Hurt/Comfort")
    sub.canonical = True
    sub.save()
    with django_capture_on_commit_callbacks(execute=True):
        tag_parent_add(child=sub, parent=meta)
    TagMute.objects.create(user=reader, tag=meta)
    page = main_text(reader_client.get(sub.get_absolute_url()))
    assert "hidden from your listings by your mute of Feelings" in page
    assert "Unmute" not in page


def test_it_offers_to_mute_a_creator_on_their_profile_and_pseud_pages(
    client, reader_client, author
):
    rusty = author.pseuds.create(name="Rusty Nail")
    make_work(author, title="Posted")
    for url in [author.get_absolute_url(), rusty.get_absolute_url()]:
        page = main_text(reader_client.get(url))
        assert f"Mute {author.username}" in page
        guest = main_text(client.get(url))
        assert author.username in guest and "Mute" not in guest


def test_it_never_offers_to_mute_yourself(author):
    page = main_text(client_for(author).get(author.get_absolute_url()))
    assert author.username in page and "Mute" not in page


def test_it_mutes_a_creator_from_their_profile_and_comes_back(reader, reader_client, author):
    make_work(author, title="Posted")
    url = author.get_absolute_url()
    response = press(reader_client, reverse("creator_mute", args=[author.username]), "mute", url)
    assert response.redirect_chain[-1][0] == url
    page = main_text(response)
    assert f"Works by {author.username} are now hidden from your listings. Undo" in page
    assert f"You muted {author.username}: their works are hidden from your listings." in page
    assert "Posted" not in page and f"Unmute {author.username}" in page
    assert f"Hidden while you mute {author.username}." in page
    shown = main_text(reader_client.get(url + "?muted=show"))
    assert "Posted" in shown and "They are shown on this page. Hide them again" in shown
    assert CreatorMute.objects.filter(user=reader, muted=author).exists()


def test_it_refuses_a_self_mute_sent_by_hand(author):
    own = client_for(author)
    response = press(own, reverse("creator_mute", args=[author.username]), "mute", "/")
    assert response.status_code == 200
    assert "You can't mute yourself." in main_text(response)
    assert not CreatorMute.objects.exists()


def test_it_answers_404_for_an_unknown_creator(reader_client, db):
    url = reverse("creator_mute", args=["nobody-at-all"])
    assert reader_client.post(url, {"action": "mute"}).status_code == 404
