"""A community keeps its calendar in its own time zone; readers see times in theirs."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from ficfest.communities.models import Anonymity, Challenge, Community, Period, Prompt
from tests.communities.factories import add_member, make_challenge, make_community
from tests.communities.test_challenges import challenge_data
from tests.communities.test_community import form_data
from tests.factories import client_for, make_user
from tests.html import text

SCHEDULE = "/c/fag-ends/challenges/monthly/schedule/"
DECEMBER = "/c/fag-ends/challenges/monthly/2026-12/"
NOV_20 = datetime(2026, 11, 20, 12, tzinfo=UTC)


def main(html: str) -> str:
    """The text of the page's main content, without the header and footer around it."""
    found = re.search(r"<main\b[^>]*>(.*)</main>", html, re.S)
    assert found, "the page has no <main>"
    return text(found.group(1))


@pytest.fixture
def owner(db):
    return make_user("owner")


@pytest.fixture
def member(db):
    return make_user("member")


def community_in(zone: str, owner, member) -> Community:
    community = make_community(owner, time_zone=zone)
    add_member(community, member)
    make_challenge(community)
    return community


def december(**batches: str) -> dict[str, str]:
    """December 2026 with a batch of prompts for each day given: {"1": "A\\nB", "8": "C"}."""
    data = {"year": "2026", "month": "12", "poll_options": ""}
    for slot, (day, prompts) in enumerate(batches.items(), start=1):
        data[f"batch_{slot}_day"], data[f"batch_{slot}_prompts"] = day, prompts
    return data


def schedule_december(owner) -> Period:
    with time_machine.travel(NOV_20, tick=False):
        response = client_for(owner).post(SCHEDULE, december(**{"1": "First", "8": "Second"}))
    assert response.status_code == 302, response.content.decode()
    return Period.objects.get()


def released_prompts(client: Client, when: datetime) -> str:
    with time_machine.travel(when, tick=False):
        return main(client.get(DECEMBER).content.decode())


def test_it_releases_an_auckland_first_of_the_month_at_auckland_midnight(owner, member):
    community_in("Pacific/Auckland", owner, member)
    period = schedule_december(owner)
    midnight = datetime(2026, 11, 30, 11, tzinfo=UTC)  # 00:00 NZDT on 1 December
    assert (period.opens_at, period.closes_at) == (midnight, datetime(2026, 12, 31, 11, tzinfo=UTC))
    assert Prompt.objects.get(text="First").release_at == midnight
    assert Prompt.objects.get(text="Second").release_at == midnight + timedelta(days=7)
    reader = client_for(member)
    assert "First" not in released_prompts(reader, midnight - timedelta(seconds=1))
    page = released_prompts(reader, midnight)
    assert "First" in page and "Second" not in page


def test_it_releases_a_los_angeles_batch_at_the_exact_instant_of_its_midnight(owner, member):
    community_in("America/Los_Angeles", owner, member)
    schedule_december(owner)
    release = datetime(2026, 12, 8, 8, tzinfo=UTC)  # 00:00 PST on 8 December
    assert Prompt.objects.get(text="Second").release_at == release
    reader = client_for(member)
    before = released_prompts(reader, release - timedelta(microseconds=1))
    assert "Second" not in before and "First" in before
    assert "Prompts still to come: Tue 8 Dec 2026, 08:00 UTC" in before
    assert "Second" in released_prompts(reader, release)


def test_changing_the_zone_moves_nothing_already_scheduled_or_released(owner, member):
    community = community_in("Pacific/Auckland", owner, member)
    period = schedule_december(owner)
    before = {(p.text, p.release_at) for p in Prompt.objects.all()}
    with time_machine.travel(datetime(2026, 12, 3, tzinfo=UTC), tick=False):
        data = form_data(time_zone="America/Los_Angeles")
        response = client_for(owner).post("/c/fag-ends/edit/", data)
    assert response.status_code == 302
    community.refresh_from_db()
    assert community.time_zone == "America/Los_Angeles"
    assert {(p.text, p.release_at) for p in Prompt.objects.all()} == before
    period.refresh_from_db()
    assert period.opens_at == datetime(2026, 11, 30, 11, tzinfo=UTC)
    # The next month is the new zone's: January begins at midnight in Los Angeles.
    with time_machine.travel(datetime(2026, 12, 3, tzinfo=UTC), tick=False):
        client_for(owner).post(SCHEDULE, {**december(**{"1": "January"}), "year": "2027",
                                          "month": "1"})  # fmt: skip
    assert Prompt.objects.get(text="January").release_at == datetime(2027, 1, 1, 8, tzinfo=UTC)


def test_it_reads_the_times_a_moderator_types_in_the_community_s_zone(owner, member):
    community_in("Pacific/Auckland", owner, member)
    period = schedule_december(owner)
    owner.time_zone = "Europe/London"  # the moderator's own preference does not matter here
    owner.save()
    batch = f"{DECEMBER}prompts/batch/"
    client = client_for(owner)
    with time_machine.travel(NOV_20, tick=False):
        page = client.get(batch).content.decode()
        assert "Times are in Pacific/Auckland, the community's time zone." in main(page)
        assert 'value="2026-12-01T00:00"' in page  # the period's opening, shown in Auckland
        client.post(batch, {"prompts": "Typed", "release_at": "2026-12-08T00:00", "tags": ""})
    assert Prompt.objects.get(text="Typed").release_at == datetime(2026, 12, 7, 11, tzinfo=UTC)
    assert period.prompts.count() == 3


def test_it_reads_a_reveal_time_in_the_community_s_zone_and_says_so(owner, member):
    community_in("America/Los_Angeles", owner, member)
    edit = "/c/fag-ends/challenges/monthly/edit/"
    page = main(client_for(owner).get(edit).content.decode())
    assert "Times are in America/Los_Angeles, the community's time zone." in page
    data = challenge_data(anonymity=Anonymity.ANONYMOUS, reveal_at="2027-02-01T00:00")
    with time_machine.travel(NOV_20, tick=False):
        assert client_for(owner).post(edit, data).status_code == 302
    reveal = Challenge.objects.get().reveal_at
    assert reveal == datetime(2027, 2, 1, 8, tzinfo=UTC)  # midnight PST


def test_a_poll_closes_by_default_as_its_month_begins_there(owner, member):
    community_in("Pacific/Auckland", owner, member)
    schedule_december(owner)
    with time_machine.travel(NOV_20, tick=False):
        page = client_for(owner).get(f"{DECEMBER}poll/").content.decode()
    assert re.search(r'name="poll_closes_at" value="2026-12-01T00:00"', page)


def test_it_offers_the_month_after_this_one_in_the_community_s_zone(owner, member):
    community_in("Pacific/Auckland", owner, member)
    # Noon on 30 November in UTC is already 1 December in Auckland.
    with time_machine.travel(datetime(2026, 11, 30, 12, tzinfo=UTC), tick=False):
        form = client_for(owner).get(SCHEDULE).context["form"]
    assert (form["year"].value(), form["month"].value()) == (2027, 1)
    assert "released at 00:00 Pacific/Auckland" in form["batch_1_day"].help_text


def test_it_keeps_a_claim_s_deadline_at_the_same_local_hour_across_summer_time(owner, member):
    community = community_in("America/Los_Angeles", owner, member)
    challenge = community.challenges.get()
    challenge.claims_enabled, challenge.claim_days, challenge.reminder_days = True, 14, 2
    challenge.save()
    period = Period.objects.create(challenge=challenge, title="March", slug="march",
                                   opens_at=datetime(2026, 3, 1, 8, tzinfo=UTC),
                                   closes_at=datetime(2026, 4, 1, 7, tzinfo=UTC))  # fmt: skip
    prompt = Prompt.objects.create(period=period, text="Spring", release_at=period.opens_at)
    with time_machine.travel(datetime(2026, 3, 2, 20, tzinfo=UTC), tick=False):  # noon PST
        client_for(member).post(f"/c/fag-ends/prompts/{prompt.pk}/claim/")
    assert prompt.claims.get().due_at == datetime(2026, 3, 16, 19, tzinfo=UTC)  # noon PDT


def test_a_reader_sees_times_in_their_own_zone_with_the_zone_named(owner, member):
    community_in("Pacific/Auckland", owner, member)
    schedule_december(owner)
    member.time_zone = "Asia/Singapore"
    member.save()
    page = released_prompts(client_for(member), datetime(2026, 12, 2, tzinfo=UTC))
    assert "Released Mon 30 Nov 2026, 19:00 (Asia/Singapore)" in page
    assert "Prompts still to come: Mon 7 Dec 2026, 19:00 (Asia/Singapore)" in page
    html = client_for(member).get(DECEMBER).content.decode()
    assert '<time datetime="2026-11-30T11:00:00+00:00" title="Asia/Singapore, UTC+08:00">' in html


def test_a_guest_sees_times_in_the_site_s_zone(owner, member, settings):
    settings.TIME_ZONE = "Europe/London"
    community_in("Pacific/Auckland", owner, member)
    schedule_december(owner)
    page = released_prompts(Client(), datetime(2026, 12, 2, tzinfo=UTC))
    assert "Released Mon 30 Nov 2026, 11:00 GMT" in page
    assert "Mon 30 Nov 2026, 11:00 GMT to Thu 31 Dec 2026, 11:00 GMT" in page


def test_a_new_community_keeps_its_calendar_in_the_site_s_zone_by_default(author_client, settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    page = author_client.get("/c/new/").content.decode()
    assert '<option value="America/Los_Angeles" selected>' in page
    author_client.post("/c/new/", form_data())
    assert Community.objects.get().time_zone == "America/Los_Angeles"
    page = main(author_client.get("/c/fag-ends/").content.decode())
    assert "The community's calendar runs on America/Los_Angeles time" in page


def test_it_refuses_a_time_zone_it_does_not_know(author_client):
    response = author_client.post("/c/new/", form_data(time_zone="Middle/Earth"))
    assert response.status_code == 200 and not Community.objects.exists()
    assert "“Middle/Earth” is not a time zone we know" in main(response.content.decode())


def test_the_admin_chooses_a_community_s_zone_from_a_list(owner, member):
    community = community_in("Pacific/Auckland", owner, member)
    admin = make_user("admin", is_staff=True, is_superuser=True)
    page = client_for(admin).get(f"/admin/communities/community/{community.pk}/change/")
    assert '<option value="Pacific/Auckland" selected>' in page.content.decode()
    user_page = client_for(admin).get(f"/admin/accounts/user/{member.pk}/change/")
    assert '<option value="" selected>The site&#x27;s time zone (UTC)</option>' in (
        user_page.content.decode()
    )
