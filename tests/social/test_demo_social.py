"""The demo's conversation, as the issue's walk-through meets it."""

import pytest
from django.urls import reverse

from ficfest.demo import demo_load
from ficfest.social.models import Notification
from ficfest.works.models import Work
from tests.factories import client_for
from tests.html import main, main_text


@pytest.mark.django_db
def test_it_loads_comments_and_kudos_on_the_seed_fill_and_the_gift(client):
    seed = demo_load()
    demo_load()  # twice: nothing doubles
    page = main_text(client.get(seed.get_absolute_url()))
    assert "The last line undid me." in page
    assert "willowtree , ripperfan , serenitysky , mod left kudos on this work!" in page
    assert Notification.objects.filter(user__username="demo").count() == 1
    gift = Work.objects.get(title="Tea for the Watcher")
    html = main(client.get(gift.get_absolute_url()).content.decode())
    assert "Anonymous creator" in html and "You'll know at the reveal." in html
    assert "willowtree" not in html
    inbox = main_text(client_for(gift.poster).get(reverse("inbox")))
    assert "ripperfan commented on “Tea for the Watcher”." in inbox
