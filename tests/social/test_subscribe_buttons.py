"""Subscribe buttons on a creator's profile, a series, a tag and a prompt: POST forms without
JavaScript, their state shown, unsubscribing; never a creator button that could name a hidden
creator; and what a series or prompt subscription may not reveal."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ficfest.lib.ticks import run_tick
from ficfest.social.models import Notification, Subscription
from ficfest.works.models import Series, SeriesWork
from tests.communities.factories import make_prompt
from tests.factories import client_for
from tests.html import main, main_text


def press(user, page_url, kind, pk, action="subscribe"):
    data = {"kind": kind, "id": pk, "action": action, "next": page_url}
    return client_for(user).post(reverse("subscribe"), data)


@pytest.fixture
def series(author, work):
    found = Series.objects.create(title="Ends and Beginnings", owner=author)
    SeriesWork.objects.create(series=found, work=work, position=1)
    return found


def _pages(author, series, work, period):
    tag = work.freeforms[0] if work.freeforms else work.fandoms[0]
    prompt = make_prompt(period)
    return [
        ("creator", author.pk, author.get_absolute_url(), "new works by author"),
        ("series", series.pk, reverse("series", args=[series.pk]), "new works in this series"),
        ("tag", tag.pk, tag.get_absolute_url(), f"new works tagged {tag.name}"),
        ("prompt", prompt.pk, prompt.get_absolute_url(), "new fills for this prompt"),
    ]


def test_it_offers_subscribe_then_unsubscribe_on_each_page(author, series, work, period, reader):
    for kind, pk, url, about in _pages(author, series, work, period):
        page = main_text(client_for(reader).get(url))
        assert "Subscribe" in page and about in page, kind
        assert "Unsubscribe" not in page, kind
        response = press(reader, url, kind, pk)
        assert response.status_code == 302 and response.url == url
        page = main_text(client_for(reader).get(url))
        assert "You are subscribed" in page and "Unsubscribe" in page, kind
        assert Subscription.objects.filter(user=reader, **{kind: pk}).exists()
        press(reader, url, kind, pk, action="unsubscribe")
        assert not Subscription.objects.filter(user=reader, **{kind: pk}).exists()
        assert "You are subscribed" not in main_text(client_for(reader).get(url))


def test_it_asks_a_logged_out_reader_to_log_in(author, client):
    page = main_text(client.get(author.get_absolute_url()))
    assert "Log in to subscribe: new works by author" in page
    assert 'name="kind"' not in main(client.get(author.get_absolute_url()).content.decode())


def test_it_offers_no_creator_button_on_ones_own_profile_or_on_a_work(author, work, reader):
    assert "new works by author" not in main_text(client_for(author).get(author.get_absolute_url()))
    assert "Joined" in main_text(client_for(author).get(author.get_absolute_url()))
    html = main(client_for(reader).get(work.get_absolute_url()).content.decode())
    assert "Subscribe to new chapters" in html
    assert 'value="creator"' not in html


def test_it_offers_no_creator_button_on_a_secret_work(secret_work, reader):
    html = main(client_for(reader).get(secret_work.get_absolute_url()).content.decode())
    assert "Masked Ball" in html
    assert 'value="creator"' not in html and "hiddenhand" not in html


def test_it_never_tells_series_subscribers_of_a_secret_work(secret_work, reader):
    series = Series.objects.create(title="Masks", owner=secret_work.poster)
    SeriesWork.objects.create(series=series, work=secret_work, position=1)
    press(reader, "/", "series", series.pk)
    run_tick()
    assert not Notification.objects.filter(user=reader).exists()
    assert Subscription.objects.filter(user=reader, series=series).exists()


def test_it_refuses_a_subscription_to_an_unreleased_prompt(period, reader, owner):
    later = make_prompt(period, "Not yet", release_at=timezone.now() + timedelta(days=1))
    assert press(reader, "/", "prompt", later.pk).status_code == 404
    assert not Subscription.objects.exists()
    assert press(owner, "/", "prompt", later.pk).status_code == 302
