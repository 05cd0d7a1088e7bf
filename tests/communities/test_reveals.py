from datetime import timedelta

import time_machine
from django.utils import timezone

from ficfest.communities.models import Anonymity
from ficfest.communities.reveals import reveals_announce
from ficfest.lib.ticks import run_tick
from tests.communities.factories import make_challenge, make_community, make_fill, make_period
from tests.factories import make_work


def test_it_announces_a_reveal_once_when_its_time_has_passed(
    author, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    community = make_community(moderator)
    reveal = timezone.now() + timedelta(days=3)
    challenge = make_challenge(community, anonymity=Anonymity.ANONYMOUS, reveal_at=reveal)
    make_fill(make_work(author, title="Masked"), challenge, period=make_period(challenge))

    with django_capture_on_commit_callbacks(execute=True):
        assert reveals_announce() == 0
    assert mailoutbox == []

    later = time_machine.travel(reveal + timedelta(hours=5), tick=False)
    with later, django_capture_on_commit_callbacks(execute=True):
        run_tick()
        run_tick()
    assert [m.subject for m in mailoutbox] == ["Revealed: Masked"]
    assert mailoutbox[0].to == ["author@example.org"]


def test_it_never_announces_challenges_without_anonymity(author, moderator, mailoutbox):
    community = make_community(moderator)
    challenge = make_challenge(community, reveal_at=timezone.now() - timedelta(days=1))
    make_fill(make_work(author), challenge)
    assert reveals_announce() == 0
    make_challenge(community, slug="anon", anonymity=Anonymity.ANONYMOUS,
                   reveal_at=timezone.now() - timedelta(days=1))  # fmt: skip
    assert reveals_announce() == 1
