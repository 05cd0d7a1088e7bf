"""Theme polls: members vote while open, the winner is the theme once closed, ties go to the
option proposed first, and only members vote."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client

from ficfest.communities.models import Poll, PollOption, Vote
from ficfest.communities.services.polls import poll_create
from tests.communities.factories import add_member, make_member, make_period
from tests.factories import client_for, make_user

BEFORE = datetime(2025, 2, 10, tzinfo=UTC)
OPEN = datetime(2025, 2, 20, tzinfo=UTC)
CLOSED = datetime(2025, 3, 2, tzinfo=UTC)
PERIOD = "/c/fag-ends/challenges/monthly/2025-03/"
POLL = PERIOD + "poll/"


@pytest.fixture
def period_fields():
    return {"opens_at": datetime(2025, 3, 1, tzinfo=UTC), "days": 31, "slug": "2025-03",
            "title": "March 2025"}  # fmt: skip


@pytest.fixture
def poll(period, owner):
    with time_machine.travel(BEFORE, tick=False):
        return poll_create(
            period=period,
            options=["Graveyards", "Sunrise", "Teeth"],
            by=owner,
            opens_at=datetime(2025, 2, 15, tzinfo=UTC),
            closes_at=datetime(2025, 3, 1, tzinfo=UTC),
        )


def member_client(community, name: str) -> Client:
    return client_for(make_member(community, name))


def vote(client: Client, text: str):
    option = PollOption.objects.get(text=text)
    return client.post(POLL, {"action": "vote", "option": option.pk})


def test_members_vote_and_the_winner_becomes_the_theme_by_itself(community, poll, owner):
    voters = [member_client(community, f"voter{n}") for n in range(3)]
    with time_machine.travel(OPEN, tick=False):
        page = Client().get(PERIOD).content.decode()
        assert "Theme to be decided by poll" in page and f'href="{POLL}"' in page
        assert vote(voters[0], "Teeth").status_code == 302
        vote(voters[1], "Teeth")
        vote(voters[2], "Sunrise")
        vote(voters[1], "Sunrise")  # changed their mind: still one vote each
        assert Vote.objects.count() == 3
        member_page = voters[0].get(POLL).content.decode()
        assert "You voted for <strong>Teeth</strong>" in member_page
        assert "The votes are shown when the poll closes." in member_page
        assert "Votes so far" in client_for(owner).get(POLL).content.decode()
        assert poll.period.current_theme() == ""
    with time_machine.travel(CLOSED, tick=False):
        assert poll.period.current_theme() == "Sunrise"
        page = Client().get(PERIOD).content.decode()
        assert "<strong>Sunrise</strong>" in page and "decided by poll" not in page
        result = Client().get(POLL).content.decode()
        assert "The theme is <strong>Sunrise</strong>." in result
        assert "If options tie, the one proposed first wins." in result
        assert vote(voters[0], "Teeth").status_code == 400
    assert Vote.objects.filter(option__text="Teeth").count() == 1


def test_a_tie_goes_to_the_option_proposed_first(community, poll):
    with time_machine.travel(OPEN, tick=False):
        vote(member_client(community, "a"), "Teeth")
        vote(member_client(community, "b"), "Sunrise")
    with time_machine.travel(CLOSED, tick=False):
        assert poll.winner().text == "Sunrise"  # proposed before Teeth
        assert "The theme is <strong>Sunrise</strong>." in Client().get(POLL).content.decode()


def test_a_poll_without_votes_decides_nothing(poll):
    with time_machine.travel(CLOSED, tick=False):
        assert poll.period.current_theme() == ""
        assert "closed without votes" in Client().get(PERIOD).content.decode()


def test_strangers_and_non_members_cannot_vote(community, poll, stranger):
    pending = make_user("pending")
    add_member(community, pending, status="pending")
    with time_machine.travel(OPEN, tick=False):
        page = client_for(stranger).get(POLL).content.decode()
        assert "Only members of Fag Ends can vote in its polls." in page
        assert 'name="option"' not in page
        for user in (stranger, pending):
            response = vote(client_for(user), "Teeth")
            assert response.status_code == 403
            assert "Only members of Fag Ends can vote" in response.content.decode()
        response = vote(Client(), "Teeth")
        assert response.status_code == 302 and "/login/" in response.url
        assert "Log in</a> to vote" in Client().get(POLL).content.decode()
    assert not Vote.objects.exists()


def test_members_cannot_vote_before_the_poll_opens(community, poll):
    with time_machine.travel(BEFORE, tick=False):
        response = vote(member_client(community, "early"), "Teeth")
    assert (
        response.status_code == 400 and "The poll has not opened yet." in response.content.decode()
    )
    assert not Vote.objects.exists()


def test_a_vote_for_another_polls_option_is_refused(community, poll, owner):
    other = make_period(
        poll.period.challenge, opens_at=datetime(2025, 4, 1, tzinfo=UTC), slug="2025-04"
    )
    with time_machine.travel(BEFORE, tick=False):
        foreign = poll_create(
            period=other,
            options=["Elsewhere", "Nowhere"],
            by=owner,
            opens_at=OPEN,
            closes_at=datetime(2025, 4, 1, tzinfo=UTC),
        )
    with time_machine.travel(OPEN, tick=False):
        client = member_client(community, "sneaky")
        response = client.post(POLL, {"action": "vote", "option": foreign.options.first().pk})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert not Vote.objects.exists()


def test_moderators_change_options_only_before_the_poll_opens(community, poll, owner):
    client = client_for(owner)
    with time_machine.travel(BEFORE, tick=False):
        assert client.post(POLL, {"action": "add_option", "text": "Spiders"}).status_code == 302
        response = client.post(POLL, {"action": "add_option", "text": "spiders"})
        assert "already has this option" in response.content.decode()
        teeth = PollOption.objects.get(text="Teeth")
        client.post(POLL, {"action": "remove_option", "option": teeth.pk})
        member = member_client(community, "keen")
        assert member.post(POLL, {"action": "add_option", "text": "Mine"}).status_code == 403
    assert list(poll.options.values_list("text", flat=True)) == ["Graveyards", "Sunrise", "Spiders"]
    with time_machine.travel(OPEN, tick=False):
        response = client.post(POLL, {"action": "add_option", "text": "Late"})
        assert "can no longer change" in response.content.decode()
        assert 'value="remove_option"' not in client.get(POLL).content.decode()
    assert poll.options.count() == 3


def test_moderators_set_up_a_poll_from_the_poll_page(period, owner, author):
    with time_machine.travel(BEFORE, tick=False):
        assert Client().get(POLL).status_code == 404
        client = client_for(owner)
        response = client.post(
            POLL,
            {
                "question": "Which theme?",
                "poll_options": "Only one",
                "poll_opens_at": "",
                "poll_closes_at": "2025-02-28T00:00",
            },
        )
        assert "at least two options" in response.content.decode()
        response = client.post(
            POLL,
            {
                "question": "Which theme?",
                "poll_options": "A\nB",
                "poll_opens_at": "",
                "poll_closes_at": "2025-05-01T00:00",
            },
        )
        assert "must close by the end of the period" in response.content.decode()
        assert not Poll.objects.exists()
        response = client.post(
            POLL,
            {
                "question": "Which theme?",
                "poll_options": "A\nB\na",
                "poll_opens_at": "",
                "poll_closes_at": "2025-02-28T00:00",
            },
        )
        assert response.status_code == 302
    poll = Poll.objects.get()
    assert list(poll.options.values_list("text", flat=True)) == ["A", "B"]
    assert poll.opens_at == BEFORE
