"""Who sees a draft or a hidden work, and whose name: co-creators who accepted and those only
invited, and works a moderator took out of an anonymous or unrevealed challenge (hidden still,
until the reveal)."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from ficfest.communities.models import Anonymity
from ficfest.communities.services.community import fill_remove
from ficfest.works import services
from ficfest.works.models import Status, Work
from tests.communities.factories import add_member, make_challenge, make_community, make_fill
from tests.factories import client_for, default_pseud, make_work
from tests.html import main


def seen(user):
    """Titles this user sees, and whether the creators are hidden from them."""
    return dict(Work.objects.visible_to(user).values_list("title", "creators_hidden"))


@pytest.fixture
def shared(author, coauthor):
    """A draft and a posted work of author's, with coauthor invited as co-creator of each."""
    pseud = default_pseud(coauthor)
    draft = make_work(author, title="Draft", status=Status.DRAFT, co_creators=[pseud])
    posted = make_work(author, title="Posted", co_creators=[pseud])
    return draft, posted


def accept(work, user):
    ship = work.creatorships.get(pseud__user=user)
    services.creatorship_answer(creatorship=ship, accept=True)


def hide_in(work, anonymity, moderator):
    community = make_community(moderator, slug=f"c-{anonymity}")
    challenge = make_challenge(community, anonymity=anonymity,
                               reveal_at=timezone.now() + timedelta(days=3))  # fmt: skip
    return make_fill(work, challenge)


def test_an_accepted_co_creator_sees_the_draft_they_share(shared, coauthor):
    accept(shared[0], coauthor)
    assert seen(coauthor) == {"Draft": False, "Posted": False}
    page = client_for(coauthor).get(f"/works/{shared[0].pk}/")
    assert page.status_code == 200 and "Draft" in main(page.content.decode())


def test_an_invited_co_creator_does_not_see_the_draft_until_they_accept(shared, coauthor):
    assert seen(coauthor) == {"Posted": False}
    assert client_for(coauthor).get(f"/works/{shared[0].pk}/").status_code == 404


@pytest.mark.parametrize("anonymity", [Anonymity.ANONYMOUS, Anonymity.UNREVEALED])
def test_an_accepted_co_creator_sees_the_hidden_work_and_its_creators(
    shared, coauthor, stranger, moderator, anonymity
):
    accept(shared[1], coauthor)
    hide_in(shared[1], anonymity, moderator)
    assert seen(coauthor)["Posted"] is False
    page = main(client_for(coauthor).get(f"/works/{shared[1].pk}/").content.decode())
    assert "Posted" in page and ">author</a>" in page
    expected = {"Posted": True} if anonymity == Anonymity.ANONYMOUS else {}
    assert seen(stranger) == expected


@pytest.mark.parametrize("anonymity", [Anonymity.ANONYMOUS, Anonymity.UNREVEALED])
def test_an_invited_co_creator_is_a_reader_like_any_other(shared, coauthor, moderator, anonymity):
    hide_in(shared[1], anonymity, moderator)
    expected = {"Posted": True} if anonymity == Anonymity.ANONYMOUS else {}
    assert seen(coauthor) == expected


@pytest.mark.parametrize("anonymity", [Anonymity.ANONYMOUS, Anonymity.UNREVEALED])
def test_a_work_removed_from_a_hidden_challenge_stays_hidden_until_the_reveal(
    author, stranger, moderator, anonymity
):
    work = make_work(author, title="Taken Out")
    fill = hide_in(work, anonymity, moderator)
    fill_remove(moderator=moderator, fill=fill)
    expected = {"Taken Out": True} if anonymity == Anonymity.ANONYMOUS else {}
    assert seen(stranger) == expected
    assert seen(AnonymousUser()) == expected
    assert seen(author) == {"Taken Out": False}
    with time_machine.travel(timezone.now() + timedelta(days=3, seconds=1), tick=False):
        assert seen(stranger) == {"Taken Out": False}
        page = client_for(stranger).get(f"/works/{work.pk}/")
        assert page.status_code == 200 and ">author</a>" in main(page.content.decode())


def test_a_moderator_of_another_community_sees_no_hidden_creator(author, stranger, moderator):
    work = make_work(author, title="Masked")
    hide_in(work, Anonymity.ANONYMOUS, moderator)
    elsewhere = make_community(stranger, slug="elsewhere")
    add_member(elsewhere, author)
    assert seen(stranger) == {"Masked": True}
