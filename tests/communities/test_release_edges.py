"""Times at their exact instants: a prompt's release, a period's and a poll's opening and
closing, a claim's deadline, a challenge's reveal and the notices that go with it."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from ficfest.communities.models import (
    Anonymity,
    Claim,
    ClaimStatus,
    Membership,
    MembershipStatus,
    Period,
    Poll,
    PollOption,
    Prompt,
    Role,
    Vote,
)
from ficfest.communities.reveals import reveals_announce
from tests.communities.factories import (
    add_member,
    make_challenge,
    make_community,
    make_fill,
    make_period,
    make_prompt,
)
from tests.factories import default_pseud, make_user, make_work

NOW = datetime(2025, 3, 10, 12, tzinfo=UTC)
SECOND = timedelta(seconds=1)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def challenge(mod):
    return make_challenge(make_community(mod))


def test_it_releases_a_prompt_at_its_release_instant(challenge):
    period = make_period(challenge)
    due = make_prompt(period, "Due", release_at=NOW)
    later = make_prompt(period, "Later", release_at=NOW + SECOND)
    assert (due.is_released, later.is_released) == (True, False)
    assert list(Prompt.objects.released()) == [due]


def test_it_opens_a_period_at_its_opening_and_closes_it_at_its_close(challenge):
    now_open = make_period(challenge, opens_at=NOW, days=1, slug="now")
    closing = make_period(challenge, opens_at=NOW - timedelta(days=1), days=1, slug="closing")
    coming = make_period(challenge, opens_at=NOW + SECOND, days=1, slug="coming")
    assert (now_open.is_open, closing.is_open, coming.is_open) == (True, False, False)
    assert list(Period.objects.open_at()) == [now_open]
    assert list(Period.objects.open_at(NOW + timedelta(days=1))) == [coming]


def make_poll(period, opens, closes, *options):
    poll = Poll.objects.create(period=period, opens_at=opens, closes_at=closes)
    return poll, [PollOption.objects.create(poll=poll, text=text) for text in options]


def vote(poll, option, *names):
    for name in names:
        Vote.objects.create(poll=poll, option=option, user=make_user(name))


def test_it_opens_and_closes_a_poll_at_its_instants(challenge):
    poll, _ = make_poll(make_period(challenge), NOW, NOW + timedelta(days=1), "Masks")
    assert (poll.is_open, poll.is_closed) == (True, False)
    poll.opens_at = NOW + SECOND
    assert (poll.is_open, poll.is_closed) == (False, False)
    poll.opens_at, poll.closes_at = NOW - timedelta(days=1), NOW
    assert (poll.is_open, poll.is_closed) == (False, True)


def test_it_makes_the_most_voted_option_the_theme_once_the_poll_closes(challenge, clock):
    period = make_period(challenge)
    poll, (masks, letters) = make_poll(period, NOW - timedelta(days=1), NOW + SECOND,
                                       "Masks", "Letters")  # fmt: skip
    vote(poll, letters, "ann", "bea")
    vote(poll, masks, "cid")
    assert (poll.winner(), period.current_theme()) == (None, "")
    clock.move_to(NOW + SECOND)
    assert poll.winner() == letters
    assert period.current_theme() == "Letters"
    assert [o.vote_count for o in poll.tally()] == [2, 1]


def test_it_gives_a_tie_to_the_option_proposed_first(challenge):
    period = make_period(challenge)
    poll, (masks, letters) = make_poll(period, NOW - timedelta(days=2), NOW, "Masks", "Letters")
    vote(poll, letters, "ann")
    vote(poll, masks, "bea")
    assert period.current_theme() == "Masks"


def test_it_has_no_theme_from_a_poll_nobody_voted_in(challenge):
    period = make_period(challenge)
    make_poll(period, NOW - timedelta(days=2), NOW, "Masks")
    assert period.current_theme() == ""
    period.theme = "Chosen by the mods"
    assert period.current_theme() == "Chosen by the mods"


def test_it_expires_a_claim_at_its_deadline_only_while_open(challenge, writer):
    prompt = make_prompt(make_period(challenge))
    made = Claim.objects.create(prompt=prompt, user=writer, pseud=default_pseud(writer),
                                due_at=NOW)  # fmt: skip
    assert made.is_expired
    made.due_at = NOW + SECOND
    assert not made.is_expired
    made.due_at, made.status = NOW - SECOND, ClaimStatus.FILLED
    assert not made.is_expired


def test_it_reveals_a_challenge_at_its_reveal_instant(challenge):
    assert challenge.is_revealed  # creators shown: nothing to reveal
    challenge.anonymity = Anonymity.ANONYMOUS
    assert not challenge.is_revealed  # no reveal time set yet
    challenge.reveal_at = NOW + SECOND
    assert not challenge.is_revealed
    challenge.reveal_at = NOW
    assert challenge.is_revealed


def test_only_active_owners_and_moderators_moderate(challenge):
    community = challenge.community
    roles = {"m1": (Role.MODERATOR, MembershipStatus.ACTIVE),
             "m2": (Role.MODERATOR, MembershipStatus.INVITED),
             "m3": (Role.MEMBER, MembershipStatus.ACTIVE)}  # fmt: skip
    for name, (role, status) in roles.items():
        add_member(community, make_user(name), role=role, status=status)
    owner = Membership.objects.get(role=Role.OWNER).user.username
    by_name = {m.user.username: m.is_moderator for m in Membership.objects.all()}
    assert by_name == {owner: True, "m1": True, "m2": False, "m3": False}
    moderating = Membership.objects.moderating().values_list("user__username", flat=True)
    assert set(moderating) == {owner, "m1"}
    assert Membership.objects.active().count() == 3


def test_it_announces_a_reveal_at_its_instant_to_each_creator_with_an_email(
    mod, mailoutbox, django_capture_on_commit_callbacks, clock
):
    community = make_community(mod)
    anon = make_challenge(community, anonymity=Anonymity.ANONYMOUS, reveal_at=NOW + SECOND)
    make_challenge(community, slug="plain", reveal_at=NOW - SECOND)
    silent, heard = make_user("silent", email=""), make_user("heard")
    make_fill(make_work(silent, title="Quiet"), anon)
    make_fill(make_work(heard, title="Loud"), anon)
    with django_capture_on_commit_callbacks(execute=True):
        assert reveals_announce() == 0
    clock.move_to(NOW + SECOND)
    with django_capture_on_commit_callbacks(execute=True):
        assert reveals_announce() == 1
        assert reveals_announce() == 0
    assert [(m.subject, m.to) for m in mailoutbox] == [("Revealed: Loud", ["heard@example.org"])]
    assert "is now shown as yours, heard" in mailoutbox[0].body
