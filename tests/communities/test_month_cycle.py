"""A month of the seed's community with the clock moved: poll → theme → four releases → fills
within and over the limits → masterlist → stats → the next month. Nobody touches anything
between the moderator's scheduling and the end of the month."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from ficfest.communities.models import Fill, PointRule, Prompt
from ficfest.communities.services.challenges import period_schedule_month
from ficfest.communities.services.fills import fill_create
from ficfest.communities.services.polls import poll_vote
from ficfest.works.models import Form, Work
from tests.communities.factories import add_member, make_challenge, make_community, set_limits
from tests.factories import make_user, make_work
from tests.html import text

OCT_20 = datetime(2026, 10, 20, 12, tzinfo=UTC)
DAYS = [1, 8, 15, 22]


def day(n: int, month: int = 11, hour: int = 12) -> datetime:
    return datetime(2026, month, n, hour, tzinfo=UTC)


def words(n: int) -> str:
    return " ".join(["night"] * n)


@pytest.fixture
def month(moderator):
    with time_machine.travel(OCT_20, tick=False):
        community = make_community(moderator, slug="fag-ends", name="Fag Ends")
        set_limits(community, fic=1000, art=8)
        challenge = make_challenge(community, slug="monthly")
        PointRule.objects.create(challenge=challenge, form=Form.FIC, min_words=0, max_words=100,
                                 points=10, label="drabble")  # fmt: skip
        PointRule.objects.create(challenge=challenge, form=Form.FIC, min_words=101,
                                 max_words=1000, points=20, label="ficlet")  # fmt: skip
        batches = [[f"Prompt {d}.{i}" for i in range(1, 6)] for d in DAYS]
        period = period_schedule_month(
            challenge=challenge, year=2026, month=11, release_days=DAYS, batches=batches,
            poll_options=["Masks", "Crossroads", "Thresholds"], poll_opens_at=OCT_20,
            poll_closes_at=day(1, hour=0), by=moderator,
        )  # fmt: skip
    members = [make_user(name) for name in ("anya", "tara", "faith")]
    for member in members:
        add_member(community, member)
    return {"community": community, "challenge": challenge, "period": period,
            "members": members, "moderator": moderator}  # fmt: skip


def page(url: str, user=None) -> str:
    client = Client()
    if user:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return text(response.content.decode())


def released_texts(period) -> list[str]:
    shown = page(period.get_absolute_url())
    return [p.text for p in Prompt.objects.filter(period=period) if p.text in shown]


def post_fill(user, prompt, size: int, title: str) -> Fill:
    work = make_work(user, title=title, text=words(size))
    return fill_create(work=work, challenge=prompt.period.challenge, prompts=[prompt],
                       for_theme=False, by=user)  # fmt: skip


def test_it_runs_a_whole_month_by_itself(month):
    period, (anya, tara, faith) = month["period"], month["members"]
    poll = period.poll
    with time_machine.travel(OCT_20 + timedelta(days=2), tick=False):
        assert released_texts(period) == []
        options = {o.text: o for o in poll.options.all()}
        poll_vote(poll=poll, option=options["Crossroads"], user=anya)
        poll_vote(poll=poll, option=options["Crossroads"], user=tara)
        poll_vote(poll=poll, option=options["Masks"], user=faith)
        assert "Crossroads" not in page(period.get_absolute_url()).split("Prompts")[0]

    for number, when in enumerate([day(1), day(8), day(15), day(22)], start=1):
        with time_machine.travel(when, tick=False):
            assert len(released_texts(period)) == 5 * number
            assert period.current_theme() == "Crossroads"

    with time_machine.travel(day(23), tick=False):
        first, second = Prompt.objects.filter(period=period).order_by("release_at", "pk")[:2]
        post_fill(anya, first, 90, "Drabble Night")
        post_fill(tara, first, 640, "Ficlet Night")
        with pytest.raises(ValidationError, match="1,000 words"):
            post_fill(faith, second, 1200, "Too Long")
        assert not Fill.objects.filter(work__title="Too Long").exists()
        prompt_page = page(first.get_absolute_url())
        assert prompt_page.index("Ficlet Night") < prompt_page.index("Drabble Night")

        args = [month["community"].slug, "monthly", period.slug]
        masterlist = page(reverse("masterlist", args=args))
        assert "Drabble Night by anya" in masterlist and "Ficlet Night by tara" in masterlist
        assert "Too Long" not in masterlist
        export = Client().get(reverse("masterlist_export", args=[*args, "md"])).content.decode()
        assert "Drabble Night" in export and "Prompt 1.1" in export
        stats = page(reverse("stats", args=args))
        assert stats.index("tara") < stats.index("anya")  # 20 points before 10
        assert "1 ficlet" in stats and "1 drabble" in stats

    with time_machine.travel(day(1, month=12), tick=False):
        assert not period.is_open
        late = make_work(faith, title="Late Night", text=words(50))
        with pytest.raises(ValidationError):
            fill_create(work=late, challenge=month["challenge"], prompts=[first],
                        for_theme=False, by=faith)  # fmt: skip
        assert Work.objects.filter(title="Late Night").exists()  # the work itself stays
        assert "Drabble Night" in page(reverse("masterlist", args=args))
