"""The issue's "Done when", walked through as a new user would with the demo: ``demo`` comments
on the seed fill, ``willowtree`` replies from her inbox, a logged-out reader sees the thread and
the kudos (which name their givers), a guest leaves kudos once, and the creator of this year's
still-anonymous ficathon gift answers its recipient's comment as "Anonymous creator"."""

import re

import pytest
from django.urls import reverse

from ficfest.accounts.models import User
from ficfest.demo import demo_load
from ficfest.exchanges.models import Assignment
from ficfest.social.models import Comment, Kudo
from ficfest.works.models import Work
from tests.factories import client_for
from tests.html import main, main_text


def inbox_reply(user, about):
    """Reply from the inbox: the form under the item whose text starts with ``about``."""
    client = client_for(user)
    html = main(client.get(reverse("inbox")).content.decode())
    item = html[html.index(about) :]
    action = re.search(r'action="(/comments/\d+/reply/)"', item)
    assert action, f"no reply form under {about!r}"
    return lambda body: client.post(action.group(1), {"body": body})


@pytest.fixture
def seed(db):
    return demo_load()


def test_it_walks_the_conversation_on_the_seed_fill(seed, client):
    demo, willowtree = seed.poster, User.objects.get(username="willowtree")
    answer = inbox_reply(demo, "willowtree commented on “")
    assert answer("Thank you! That line was the whole point.").status_code == 302
    assert "demo replied to your comment on “" in main_text(
        client_for(willowtree).get(reverse("inbox"))
    )
    again = inbox_reply(willowtree, "demo replied to your comment on “")
    assert again("It worked on me.").status_code == 302

    page = main_text(client.get(seed.get_absolute_url()))  # logged out
    first, second, third = (
        page.index("The last line undid me."),
        page.index("Thank you! That line was the whole point."),
        page.index("It worked on me."),
    )
    assert first < second < third
    assert "willowtree , ripperfan , serenitysky , mod left kudos on this work!" in page
    reply = Comment.objects.get(body="It worked on me.")
    assert reply.parent.body.startswith("Thank you!") and reply.depth == 2


def test_it_takes_a_guests_kudos_once(seed, client):
    before = Kudo.objects.filter(work=seed).count()
    url = reverse("kudos_give", args=[seed.pk])
    first = client.post(url, follow=True)
    assert "Thank you for leaving kudos!" in main_text(first)
    again = client.post(url, follow=True)
    assert "You have already left kudos here." in main_text(again)
    assert Kudo.objects.filter(work=seed).count() == before + 1
    assert Work.objects.get(pk=seed.pk).kudos_count == before + 1
    page = main_text(client.get(seed.get_absolute_url()))
    assert "mod and 1 guest left kudos on this work!" in page
    assert "You have left kudos on this work." in page


def test_it_shows_the_gifts_creator_answering_as_anonymous_creator(seed, client):
    gift = Work.objects.get(title="Tea for the Watcher")
    assert gift.anonymous and not gift.unrevealed  # shown to all, creators hidden to the reveal
    recipient = Assignment.objects.get(work=gift).recipient.user
    creator = gift.poster
    said = client_for(recipient).post(
        reverse("comment_new", args=[gift.pk]), {"body": "This is exactly what I asked for!"}
    )
    assert said.status_code == 302
    answer = inbox_reply(creator, f"{recipient.username} commented on “Tea for the Watcher”")
    assert answer("I hoped you would like it.").status_code == 302

    reply = Comment.objects.get(body="I hoped you would like it.")
    assert reply.user == creator and reply.parent.user == recipient
    for viewer in (client_for(recipient), client):  # the recipient, and a logged-out reader
        html = main(viewer.get(gift.get_absolute_url()).content.decode())
        assert f'id="comment-{reply.pk}-by">Anonymous creator</h3>' in html
        assert "I hoped you would like it." in html
        assert creator.username not in html
    inbox = main_text(client_for(recipient).get(reverse("inbox")))
    assert "Anonymous creator replied to your comment on “Tea for the Watcher”." in inbox
    assert creator.username not in inbox
