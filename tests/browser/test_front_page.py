"""The demo community's front page in a real browser, as the demo's `demo` and `mod`: it leads
with this month's prompts, the open theme poll (voted on from the page, without JavaScript) and
the member's claim; the moderator's header badge counts a fill left in the queue and leads to
it. Screenshots of the page in light, dark and at 390 px wide go to test-artifacts/."""

import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from ficfest.accounts.models import User
from ficfest.communities.models import Challenge, Claim, ClaimStatus, Community, FillStatus, Prompt
from ficfest.communities.selectors import current_period
from ficfest.communities.services.claims import claim_create
from ficfest.communities.services.fills import fill_create
from ficfest.demo import DEMO_PASSWORD, SEED_PROMPT, demo_load
from tests.browser.conftest import shot
from tests.factories import make_work

CLAIMED = "Borrowed coat"
BADGE = re.compile(r"^Waiting for you: (\d+)$")


def log_in(page: Page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_label("Password").press("Enter")
    site = page.get_by_role("navigation", name="Site")
    expect(site.get_by_role("link", name=username, exact=True)).to_be_visible()


def demo_claim() -> Claim:
    """The claim `demo` holds in the monthly challenge's running month: the demo's own once it
    has one, else made here on a released prompt of the month."""
    demo = User.objects.get(username="demo")
    monthly = Challenge.objects.get(community__slug="fag-ends", slug="monthly")
    month = current_period(monthly)
    held = Claim.objects.filter(user=demo, status=ClaimStatus.OPEN, prompt__period=month,
                                due_at__gt=timezone.now())  # fmt: skip
    if held.exists():
        return held.first()
    if not monthly.claims_enabled:
        monthly.claims_enabled = True
        monthly.save()
    prompt = Prompt.objects.released().get(period=month, text=CLAIMED)
    return claim_create(prompt=prompt, user=demo)


def test_the_community_page_leads_with_now_for_a_member_and_the_badge_counts_the_queue(
    page, live_server
):
    demo_load()
    claim = demo_claim()
    log_in(page, "demo")
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Communities").click()
    page.get_by_role("link", name="Fag Ends", exact=True).click()
    expect(page).to_have_url(re.compile(r"/c/fag-ends/$"))

    month, claimed = claim.prompt.period, claim.prompt.text
    running = page.locator(".now-period").filter(
        has=page.get_by_role("heading", name=f"Monthly prompts: {month.title}", level=2)
    )
    expect(running).to_be_visible()
    expect(running.get_by_text("Theme: Crossroads")).to_be_visible()
    for released in [SEED_PROMPT, "Cigarette smoke", claimed]:
        expect(running.get_by_role("link", name=released, exact=True)).to_be_visible()
    expect(running.get_by_role("listitem").filter(has_text=SEED_PROMPT)).to_contain_text("1 fill")
    expect(running.get_by_role("listitem").filter(has_text=claimed)).to_contain_text(
        "claimed by you"
    )
    unreleased = Prompt.objects.filter(period=month).exclude(pk__in=Prompt.objects.released())
    for later in unreleased:
        expect(page.get_by_text(later.text, exact=True)).to_have_count(0)

    claims = page.get_by_role("region", name="Your claims")
    expect(claims.get_by_role("link", name=claimed)).to_be_visible()
    expect(claims).to_contain_text(re.compile(r"due \w{3} \d+ \w{3} \d{4}, \d\d:\d\d UTC"))

    polls = page.get_by_role("region", name="Open theme poll")
    question = re.compile("^Which theme should we have")
    expect(polls.get_by_role("heading", name=question)).to_be_visible()
    expect(polls).to_contain_text("Open until ")
    shot(page, "front-page-member-light", full_page=True)
    page.emulate_media(color_scheme="dark")
    shot(page, "front-page-member-dark", full_page=True)
    page.emulate_media(color_scheme="light")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "front-page-member-390", full_page=True)
    page.set_viewport_size({"width": 1100, "height": 900})

    # Voting from the front page, without JavaScript, comes back to it.
    polls.get_by_label("Winter").check()
    polls.get_by_role("button", name="Vote").click()
    expect(page).to_have_url(re.compile(r"/c/fag-ends/#poll-\d+-heading$"))
    expect(page.get_by_text("Your vote is in.")).to_be_visible()
    expect(polls.get_by_role("button", name="Change my vote")).to_be_visible()
    expect(page.get_by_role("link", name=BADGE)).to_have_count(0)  # a member has no badge

    # The moderator's badge, before and after a fill is left waiting in the queue.
    mod = page.context.browser.new_context(base_url=live_server.url,
                                           viewport={"width": 1100, "height": 900})  # fmt: skip
    try:
        moderator = mod.new_page()
        log_in(moderator, "mod")
        before = badge_count(moderator)
        community = Community.objects.get(slug="fag-ends")
        community.moderated = True
        community.save()
        willow = User.objects.get(username="willowtree")
        work = make_work(willow, title="Coat Check", relationships=["Buffy Summers/Spike"],
                         characters=["Buffy Summers", "Spike"])  # fmt: skip
        monthly = Challenge.objects.get(pk=month.challenge_id)  # in a moderated community now
        fill = fill_create(work=work, challenge=monthly, prompts=[claim.prompt],
                           for_theme=False, by=willow)  # fmt: skip
        assert fill.status == FillStatus.PENDING

        moderator.goto("/")  # another page: the badge is in every page's header
        site = moderator.get_by_role("navigation", name="Site")
        expect(site.get_by_role("link", name=f"Waiting for you: {before + 1}")).to_be_visible()
        moderator.goto("/c/fag-ends/")
        box = moderator.get_by_role("region", name="Waiting for you")
        queued = box.get_by_role("link", name="1 fill waiting for your approval in the queue")
        expect(queued).to_be_visible()
        shot(moderator, "front-page-moderator", full_page=True)

        site.get_by_role("link", name=f"Waiting for you: {before + 1}").click()
        expect(moderator).to_have_url(re.compile(r"/dashboard/#waiting$"))
        moderator.get_by_role("link", name="1 fill waiting for your approval in the queue").click()
        expect(moderator).to_have_url(re.compile(r"/c/fag-ends/queue/$"))
        expect(moderator.get_by_role("link", name="Coat Check")).to_be_visible()
    finally:
        mod.close()


def badge_count(page: Page) -> int:
    """The number on the header's badge on the home page (0: no badge)."""
    page.goto("/")
    badge = page.locator(".site-header .waiting-badge .badge")
    return int(badge.inner_text()) if badge.count() else 0
