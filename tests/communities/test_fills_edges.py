"""The edges of the fill rules: the instant a period opens, two periods open at once, an
overflow community with nowhere to post, and the new-work page's ``?community=…&prompt=…``
for prompts of other challenges, other communities and overflows."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from ficfest.communities.models import ChallengeKind, Fill
from ficfest.communities.services.fills import fill_create
from ficfest.works.models import Work
from tests.communities.factories import (
    add_member,
    make_challenge,
    make_community,
    make_period,
    make_prompt,
    set_limits,
)
from tests.factories import default_pseud, make_work
from tests.html import main, text

NOW = datetime(2027, 6, 15, 18, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def fill(work, challenge, prompts, by, for_theme=False):
    return fill_create(work=work, challenge=challenge, prompts=prompts, for_theme=for_theme,
                       by=by)  # fmt: skip


def refusal(work, challenge, prompts, by, for_theme=False):
    with pytest.raises(ValidationError) as caught:
        fill(work, challenge, prompts, by, for_theme)
    assert not Fill.objects.filter(work=work).exists()
    return " ".join(caught.value.messages)


def test_it_takes_fills_from_the_instant_a_period_opens(member, challenge):
    opens = NOW + timedelta(days=2)
    june = make_period(challenge, slug="next", title="Next month", opens_at=opens)
    early = make_prompt(june, "Released early", release_at=NOW - timedelta(hours=1))
    work = make_work(member)
    assert refusal(work, challenge, [early], member) == "Next month isn't open for fills yet."
    with time_machine.travel(opens - timedelta(microseconds=1), tick=False):
        assert "isn't open for fills yet" in refusal(work, challenge, [early], member)
    with time_machine.travel(opens, tick=False):
        assert fill(work, challenge, [early], member).period == june


@pytest.fixture
def two_open_periods(challenge):
    """The main round, and a bonus round opened a week later with a theme of its own; both
    open now. The main round, which opened first, is the challenge's current period."""
    main_round = make_period(challenge, slug="main", title="Main round",
                             opens_at=NOW - timedelta(days=10))  # fmt: skip
    bonus = make_period(challenge, slug="bonus", title="Bonus round", theme="Rain",
                        opens_at=NOW - timedelta(days=3))  # fmt: skip
    return main_round, bonus


def test_it_puts_a_fill_for_a_prompt_in_the_prompts_own_period(member, challenge, two_open_periods):
    _, bonus = two_open_periods
    prompt = make_prompt(bonus, "Puddles")
    made = fill(make_work(member), challenge, [prompt], member, for_theme=True)
    assert made.period == bonus and made.for_theme
    message = refusal(make_work(member), challenge, [], member, for_theme=True)
    assert message == "Main round has no theme (yet)."


def test_it_puts_a_fill_without_prompts_in_the_current_period(member, community):
    fest = make_challenge(community, slug="fest", kind=ChallengeKind.FICATHON, title="Fest")
    rounds = make_period(fest, slug="round-one", title="Round one")
    made = fill(make_work(member), fest, [], member)
    assert made.period == rounds


@pytest.fixture
def overflow_without_challenge(community, owner, member):
    """An overflow community that has not set up a prompt challenge (only a ficathon)."""
    set_limits(community, fic=100)
    spill = make_community(owner, slug="spill", name="Spill", overflow_of=community)
    add_member(spill, member)
    make_challenge(spill, slug="gifts", kind=ChallengeKind.FICATHON)
    return spill


def test_it_suggests_no_overflow_without_a_prompt_challenge(
    member, challenge, period, overflow_without_challenge
):
    prompt = make_prompt(period)
    long = make_work(member, text=" ".join(["word"] * 150))
    message = refusal(long, challenge, [prompt], member)
    assert message == "Fic in Fag Ends is limited to 100 words; this work has 150."


# -- The new-work page's fill target ------------------------------------------------------


def new_work(client, community, prompt):
    return client.get(f"/works/new/?community={community}&prompt={prompt}")


def notes(response) -> str:
    """The new-work page's words, as read (no space before a comma or a full stop)."""
    assert response.status_code == 200
    return text(main(response.content.decode())).replace(" ,", ",").replace(" .", ".")


def post_data(user):
    return {
        "title": "Fill", "form": "fic", "pseud": default_pseud(user).pk, "rating": "teen",
        "warnings": ["No Archive Warnings Apply"], "fandoms": "Buffy the Vampire Slayer",
        "language": "en", "complete": "on", "chapter-text": "Short and sweet.",
        "chapter-text_format": "plain", "action": "post",
    }  # fmt: skip


def test_it_answers_404_for_no_such_community_or_prompt(member, period, author_client):
    prompt = make_prompt(period)
    assert new_work(author_client, "fag-ends", prompt.pk).status_code == 200
    assert new_work(author_client, "nowhere", prompt.pk).status_code == 404
    assert new_work(author_client, "fag-ends", f"{prompt.pk}x").status_code == 404
    assert new_work(author_client, "fag-ends", prompt.pk + 1).status_code == 404


def test_it_posts_a_fill_to_the_challenge_of_the_prompt(member, community, challenge,
                                                        author_client):  # fmt: skip
    second = make_challenge(community, slug="drabbles", title="Drabble prompts")
    prompt = make_prompt(make_period(second, slug="drabble-month"), "Ashes")
    url = f"/works/new/?community=fag-ends&prompt={prompt.pk}"
    assert "Ashes" in main(author_client.get(url).content.decode())
    response = author_client.post(url, post_data(member))
    assert response.status_code == 302
    made = Fill.objects.get(work=Work.objects.get(title="Fill"))
    assert made.challenge == second and list(made.prompts.all()) == [prompt]


def test_it_answers_404_for_a_prompt_of_another_community(member, owner, author_client):
    elsewhere = make_community(owner, slug="elsewhere", name="Elsewhere")
    stray = make_prompt(make_period(make_challenge(elsewhere)), "Somewhere else")
    assert new_work(author_client, "elsewhere", stray.pk).status_code == 200
    assert new_work(author_client, "fag-ends", stray.pk).status_code == 404


def test_it_lets_an_overflow_take_the_prompt_of_the_community_it_overflows(
    member, owner, community, period, author_client
):
    prompt = make_prompt(period, "Bloodlust")
    spill = make_community(owner, slug="spill", name="Spill", overflow_of=community)
    add_member(spill, member)
    page = new_work(author_client, "spill", prompt.pk)
    assert page.status_code == 404  # no challenge to post fills to yet
    overflow = make_challenge(spill, slug="overflow", title="Overflow fills")
    page = notes(new_work(author_client, "spill", prompt.pk))
    assert "a fill for the Fag Ends prompt: Bloodlust, in Spill." in page
    own = make_prompt(make_period(overflow, slug="spill-month"), "Spilled milk")
    page = notes(new_work(author_client, "spill", own.pk))
    assert "a fill for the Spill prompt: Spilled milk." in page
    # The main community does not take its overflow's prompts.
    assert new_work(author_client, "fag-ends", own.pk).status_code == 404
