"""fill_create and fill_withdraw: every rule of the seed's community, named when broken."""

from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from ficfest.communities.models import Claim, ClaimStatus, Fill, FillStatus, Poll, PollOption
from ficfest.communities.services.fills import fill_create, fill_withdraw
from ficfest.tags.models import Tag, TagType
from ficfest.works.models import Work
from ficfest.works.services import ImageUpload, Track, Video
from tests.communities.factories import (
    add_member,
    make_challenge,
    make_community,
    make_period,
    make_prompt,
    set_limits,
)
from tests.factories import client_for, default_pseud, make_work

SEED_LIMITS = {"fic": 1000, "meta": 1000, "art": 8, "picspam": 8, "vid": 60, "fanmix": 5}


def words(count):
    return " ".join(["word"] * count)


def png():
    buffer = BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, "PNG")
    return SimpleUploadedFile("x.png", buffer.getvalue())


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def owner(moderator):
    """Fag Ends is run by the site's moderator, who also posts fills there."""
    return moderator


@pytest.fixture
def fag_ends(community, member):
    set_limits(community, **SEED_LIMITS)
    return community


@pytest.fixture
def challenge(fag_ends, challenge):
    return challenge


@pytest.fixture
def prompt(period):
    return make_prompt(period)


def fill(work, challenge, prompts, by, for_theme=False):
    return fill_create(work=work, challenge=challenge, prompts=prompts, for_theme=for_theme,
                       by=by)  # fmt: skip


def refusal(work, challenge, prompts, by, for_theme=False):
    before = Fill.objects.count()
    with pytest.raises(ValidationError) as caught:
        fill(work, challenge, prompts, by, for_theme)
    assert Fill.objects.count() == before  # nothing saved
    return " ".join(caught.value.messages)


def art(author, count):
    images = [ImageUpload(file=png(), alt_text=f"Image {n}") for n in range(count)]
    return make_work(author, text="", form="art", images=images)


def vid(author, seconds):
    video = Video(url="https://example.org/v", duration_seconds=seconds)
    return make_work(author, text="", form="vid", video=video)


def fanmix(author, count):
    tracks = [Track(artist="Artist", title=f"Song {n}") for n in range(count)]
    return make_work(author, text="", form="fanmix", tracks=tracks)


def test_it_adds_a_fic_within_the_limit_to_a_prompt(author, challenge, period, prompt):
    work = make_work(author, text=words(999))
    made = fill(work, challenge, [prompt], author)
    assert made.status == FillStatus.APPROVED and made.period == period
    assert list(made.prompts.all()) == [prompt]


def test_it_takes_exactly_the_limit(author, challenge, prompt):
    assert fill(make_work(author, text=words(1000)), challenge, [prompt], author)


@pytest.mark.parametrize(
    ("make", "within", "over", "message"),
    [
        (lambda a, n: make_work(a, text=words(n)), 999, 1001,
         "Fic in Fag Ends is limited to 1,000 words; this work has 1,001."),
        (lambda a, n: make_work(a, text=words(n), form="meta"), 1000, 1234,
         "Meta in Fag Ends is limited to 1,000 words; this work has 1,234."),
        (art, 8, 9, "Art in Fag Ends is limited to 8 images; this work has 9."),
        (vid, 60, 61, "Vids in Fag Ends are limited to 60 seconds; this work has 61."),
        (fanmix, 5, 6, "Fanmixes in Fag Ends are limited to 5 tracks; this work has 6."),
    ],
)  # fmt: skip
def test_it_holds_every_form_to_its_limit(author, challenge, prompt, make, within, over, message):
    assert refusal(make(author, over), challenge, [prompt], author) == message
    assert fill(make(author, within), challenge, [prompt], author)


def test_it_refuses_a_form_the_community_does_not_accept(author, moderator):
    community = make_community(moderator, slug="drabbles", name="Drabbles")
    set_limits(community, fic=100, meta=100)
    add_member(community, author)
    prompt = make_prompt(make_period(make_challenge(community)))
    message = refusal(vid(author, 30), prompt.period.challenge, [prompt], author)
    assert message == "Drabbles doesn't accept vid works; it accepts fic, meta."


def test_it_takes_any_form_and_size_when_the_community_sets_no_limits(author, moderator):
    community = make_community(moderator, slug="anything", name="Anything Goes")
    add_member(community, author)
    prompt = make_prompt(make_period(make_challenge(community)))
    assert fill(make_work(author, text=words(5000)), prompt.period.challenge, [prompt], author)
    assert fill(vid(author, 3600), prompt.period.challenge, [prompt], author)


@pytest.fixture
def overflow(fag_ends, moderator, author):
    community = make_community(moderator, slug="fag-ends-overflow", name="Fag Ends Overflow",
                               overflow_of=fag_ends)  # fmt: skip
    set_limits(community, fic=10000, art=None)
    add_member(community, author)
    make_challenge(community, slug="overflow", title="Overflow fills")
    return community


def test_it_suggests_the_overflow_community_that_would_take_the_work(
    author, challenge, prompt, overflow
):
    message = refusal(make_work(author, text=words(1234)), challenge, [prompt], author)
    assert message == (
        "Fic in Fag Ends is limited to 1,000 words; this work has 1,234. "
        "You can post it to Fag Ends Overflow instead."
    )


def test_it_suggests_no_overflow_that_would_refuse_the_work_too(
    author, challenge, prompt, overflow
):
    message = refusal(vid(author, 90), challenge, [prompt], author)
    assert message == "Vids in Fag Ends are limited to 60 seconds; this work has 90."


def test_the_overflow_takes_a_past_prompt_of_the_main_community_under_its_own_limits(
    author, challenge, overflow
):
    last_month = make_period(challenge, slug="last-month", title="Last month",
                             opens_at=timezone.now() - timedelta(days=40))  # fmt: skip
    old_prompt = make_prompt(last_month, "Bloodlust", release_at=last_month.opens_at)
    long_fic = make_work(author, text=words(4000))
    closed = refusal(long_fic, challenge, [old_prompt], author)
    assert "Last month closed for fills on" in closed
    assert "Fic in Fag Ends is limited to 1,000 words; this work has 4,000." in closed
    assert closed.endswith("You can post it to Fag Ends Overflow instead.")
    overflow_challenge = overflow.challenges.get()
    made = fill(long_fic, overflow_challenge, [old_prompt], author)
    assert made.challenge == overflow_challenge and list(made.prompts.all()) == [old_prompt]
    # It sits in the overflow's masterlists, not in the main community's month.
    assert made.period is None
    too_long = make_work(author, text=words(10001))
    assert refusal(too_long, overflow_challenge, [old_prompt], author) == (
        "Fic in Fag Ends Overflow is limited to 10,000 words; this work has 10,001."
    )


def test_the_overflow_refuses_prompts_of_other_communities(author, moderator, overflow):
    elsewhere = make_community(moderator, slug="elsewhere", name="Elsewhere")
    stray = make_prompt(make_period(make_challenge(elsewhere)), "Somewhere else")
    message = refusal(make_work(author), overflow.challenges.get(), [stray], author)
    assert message == "“Somewhere else” is not a prompt of Overflow fills."


def test_it_refuses_a_prompt_not_yet_released(author, challenge, period):
    later = make_prompt(period, "Secret", release_at=timezone.now() + timedelta(days=3))
    message = refusal(make_work(author), challenge, [later], author)
    assert message == "One of the chosen prompts isn't released yet."
    assert "Secret" not in message


def test_it_refuses_prompts_of_a_closed_month_in_the_main_community(author, challenge):
    last_month = make_period(challenge, slug="last-month", title="Last month",
                             opens_at=timezone.now() - timedelta(days=40))  # fmt: skip
    old = make_prompt(last_month, release_at=last_month.opens_at)
    message = refusal(make_work(author), challenge, [old], author)
    assert message.startswith("Last month closed for fills on")


def test_it_takes_fills_until_the_next_month_begins(author, challenge, period, prompt):
    work = make_work(author)
    with time_machine.travel(period.closes_at - timedelta(seconds=1), tick=False):
        assert fill(work, challenge, [prompt], author)
    Fill.objects.all().delete()
    with time_machine.travel(period.closes_at, tick=False):
        assert "closed for fills" in refusal(work, challenge, [prompt], author)


def test_it_refuses_non_members_of_a_members_only_community(stranger, challenge, prompt):
    message = refusal(make_work(stranger), challenge, [prompt], stranger)
    assert message == "Only members of Fag Ends can post to it: join it first."


def test_it_refuses_someone_who_is_not_a_creator_of_the_work(author, coauthor, fag_ends,
                                                             challenge, prompt):  # fmt: skip
    add_member(fag_ends, coauthor)
    message = refusal(make_work(author), challenge, [prompt], coauthor)
    assert message == "Only the work's creators can add it to a challenge."


def test_it_refuses_a_work_without_the_required_tags(author, fag_ends, challenge, prompt):
    pairing = Tag.objects.create(name="Buffy Summers/Spike", type=TagType.RELATIONSHIP)
    fag_ends.required_tags.add(pairing)
    message = refusal(make_work(author), challenge, [prompt], author)
    assert message == (
        "Every work in Fag Ends must be tagged “Buffy Summers/Spike”; add it to the work first."
    )
    tagged = make_work(author, relationships=["Buffy Summers/Spike"])
    assert fill(tagged, challenge, [prompt], author)


def test_a_moderated_community_holds_fills_for_its_moderators_to_approve(
    author, moderator, fag_ends, challenge, prompt
):
    fag_ends.moderated = True
    fag_ends.save()
    assert fill(make_work(author), challenge, [prompt], author).status == FillStatus.PENDING
    # A moderator's own fill needs no one's approval.
    assert fill(make_work(moderator), challenge, [prompt], moderator).status == "approved"


def test_it_needs_a_prompt_or_the_theme(author, challenge, period):
    message = refusal(make_work(author), challenge, [], author)
    assert message == "Choose at least one prompt, or the theme."


def test_it_fills_the_theme_of_the_current_period(author, challenge, period):
    assert "has no theme" in refusal(make_work(author), challenge, [], author, for_theme=True)
    period.theme = "Rain"
    period.save()
    made = fill(make_work(author), challenge, [], author, for_theme=True)
    assert made.for_theme and made.period == period


def test_the_winner_of_a_closed_poll_is_a_theme_to_fill(author, challenge, period):
    now = timezone.now()
    poll = Poll.objects.create(period=period, opens_at=now - timedelta(days=2),
                               closes_at=now - timedelta(days=1))  # fmt: skip
    option = PollOption.objects.create(poll=poll, text="Masks")
    poll.votes.create(option=option, user=author)
    assert fill(make_work(author), challenge, [], author, for_theme=True).for_theme


def test_it_needs_an_open_period_for_a_theme(author, challenge):
    message = refusal(make_work(author), challenge, [], author, for_theme=True)
    assert message == "Monthly prompts has no period open now, so no theme."


def test_it_refuses_prompts_of_two_periods_and_a_work_added_twice(author, challenge, period,
                                                                  prompt):  # fmt: skip
    other = make_period(challenge, slug="next", opens_at=timezone.now() - timedelta(hours=2))
    second = make_prompt(other, "Another")
    work = make_work(author)
    assert refusal(work, challenge, [prompt, second], author) == "Choose prompts from one period."
    fill(work, challenge, [prompt], author)
    with pytest.raises(ValidationError, match="already in Monthly prompts of Fag Ends"):
        fill(work, challenge, [prompt], author)


def test_it_marks_the_creators_claim_filled(author, challenge, prompt):
    claim = Claim.objects.create(prompt=prompt, user=author, pseud=default_pseud(author),
                                 due_at=timezone.now() + timedelta(days=7))  # fmt: skip
    fill(make_work(author), challenge, [prompt], author)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.FILLED


def test_a_creator_withdraws_a_fill_and_the_work_stays(author, stranger, challenge, prompt):
    made = fill(make_work(author), challenge, [prompt], author)
    with pytest.raises(PermissionDenied):
        fill_withdraw(fill=made, by=stranger)
    fill_withdraw(fill=made, by=author)
    assert not Fill.objects.live().exists()
    assert Work.objects.filter(pk=made.work.pk).exists()


def test_a_fill_a_moderator_removed_cannot_be_withdrawn(author, challenge, prompt):
    made = fill(make_work(author), challenge, [prompt], author)
    made.status = FillStatus.REMOVED
    made.save()
    with pytest.raises(ValidationError, match="A moderator removed this work"):
        fill_withdraw(fill=made, by=author)


def test_it_refuses_an_edit_that_takes_a_fill_over_its_communitys_limit(author, moderator):
    community = make_community(moderator)
    set_limits(community, fic=100)
    add_member(community, author)
    challenge = make_challenge(community)
    prompt = make_prompt(make_period(challenge))
    work = make_work(author, title="Drabble", text=" ".join(["night"] * 90))
    fill_create(work=work, challenge=challenge, prompts=[prompt], for_theme=False, by=author)
    client = client_for(author)
    response = client.post(f"/works/{work.pk}/chapters/new/",
                           {"text": " ".join(["more"] * 20), "text_format": "plain"})  # fmt: skip
    assert response.status_code == 200
    assert "limited to 100 words; this work has 110" in response.content.decode()
    assert work.chapters.count() == 1 and Fill.objects.filter(work=work).exists()
    response = client.post(f"/works/{work.pk}/chapter/{work.chapters.get().pk}/edit/",
                           {"text": " ".join(["night"] * 95), "text_format": "plain"})  # fmt: skip
    assert response.status_code == 302


def test_it_undoes_an_art_edit_over_the_limit_and_keeps_no_new_file(author, fag_ends, settings):
    challenge = make_challenge(fag_ends)
    prompt = make_prompt(make_period(challenge))
    work = art(author, 8)
    fill_create(work=work, challenge=challenge, prompts=[prompt], for_theme=False, by=author)
    before = sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())
    edit = {
        "title": work.title, "form": "art", "rating": "teen",
        "warnings": ["No Archive Warnings Apply"], "fandoms": "Buffy the Vampire Slayer",
        "relationships": "Buffy Summers/Spike", "language": "en", "complete": "on",
        "images": [png() for _ in range(9)],
        "image_descriptions": "\n".join(f"Picture {n}" for n in range(9)),
    }  # fmt: skip
    response = client_for(author).post(f"/works/{work.pk}/edit/", edit)
    assert response.status_code == 200
    assert "limited to 8 images; this work has 9" in response.content.decode()
    assert work.images.count() == 8
    assert sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()) == before
