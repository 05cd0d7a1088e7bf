"""Communities in a real browser: a member fills a prompt of the demo community, and a new
moderator sets up a community like the seed's and schedules a month of it. Only clicks and
typing; the app needs no JavaScript."""

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import Page, expect

from ficfest.demo import demo_load
from ficfest.works.models import Work
from tests.browser.conftest import follow_signup_link, shot

PASSWORD = "a long and fine passphrase"
PROMPT = "Borrowed coat"
FILL_TEXT = (
    "He left the coat on the back of her chair, as if he had forgotten it, which he had not. "
    "She wore it on patrol that night because it was raining and because it smelled of smoke "
    "and leather and something else she would not name. When he asked for it back she said "
    "finders keepers, and he grinned."
)
BATCHES = [
    ["Ashes", "First frost", "The crypt door", "A borrowed lighter", "Dawn, nearly"],
    ["Grave dirt", "Red scarf", "A cold cup of tea", "Holy water", "The Magic Box"],
    ["Sunnydale High", "Broken mirror", "A slow dance", "Hellmouth", "Moonrise"],
    ["Blood and wine", "The last candle", "Old scars", "Sleepless", "Kissing the stake"],
]  # fmt: skip
RELEASE_DAYS = [1, 8, 15, 22]
POLL_OPTIONS = ["Winter", "Homecoming", "Secrets"]


def label(text: str) -> re.Pattern[str]:
    """A field's label, with or without the "*" that marks it required."""
    return re.compile(rf"^{re.escape(text)}\W*$")


def sign_up(page: Page, username: str) -> None:
    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email").fill(f"{username}@example.org")
    page.get_by_label(label("Password")).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    follow_signup_link(page, f"{username}@example.org")
    expect(page.get_by_role("link", name=username, exact=True)).to_be_visible()


def fill_work_form(page: Page, title: str, text: str) -> None:
    page.get_by_label("Rating").select_option(label="Teen And Up Audiences")
    page.get_by_label("No Archive Warnings Apply").check()
    page.get_by_label("F/M").check()
    page.get_by_label("Fandoms").fill("Buffy the Vampire Slayer")
    page.get_by_label("Relationships").fill("Buffy Summers/Spike")
    page.get_by_label("Characters").fill("Buffy Summers, Spike")
    page.get_by_label(label("Title")).fill(title)
    page.get_by_label("Work text").fill(text)


def test_it_lets_a_member_join_the_demo_community_and_post_a_fill_to_a_released_prompt(page):
    demo_load()
    sign_up(page, "coatthief")

    page.get_by_role("navigation", name="Site").get_by_role("link", name="Communities").click()
    page.get_by_role("link", name="Fag Ends", exact=True).click()
    expect(page).to_have_url(re.compile(r"/c/fag-ends/$"))
    expect(page.get_by_role("heading", name="Fag Ends", exact=True)).to_be_visible()
    page.get_by_role("button", name="Join", exact=True).click()
    expect(page.get_by_text("You are a member of this community.")).to_be_visible()

    page.locator("#challenges").get_by_role("link", name="Monthly prompts").click()
    page.locator(".period-current").get_by_role("link").click()
    period_url = page.url
    period_title = page.get_by_role("heading", level=1).inner_text()
    prompts = page.locator(".period-prompts")
    for released in ["From the world below, to the world above.", "Cigarette smoke", PROMPT]:
        expect(prompts.get_by_role("link", name=released, exact=True)).to_be_visible()
    prompts.get_by_role("link", name=PROMPT, exact=True).click()
    expect(page.locator("blockquote.prompt-text")).to_have_text(PROMPT)
    expect(page.get_by_text("No fills yet.")).to_be_visible()

    page.get_by_role("link", name="Post a fill").click()
    expect(page).to_have_url(re.compile(r"/works/new/\?community=fag-ends&prompt=\d+$"))
    expect(page.locator("p.notes")).to_contain_text(
        f"this work becomes a fill for the Fag Ends prompt: {PROMPT}"
    )
    fill_url = page.url
    fill_work_form(page, "The Coat", FILL_TEXT)
    page.get_by_role("button", name="Post", exact=True).click()
    expect(page.get_by_text("Work posted.")).to_be_visible()
    expect(page.get_by_role("heading", name="The Coat")).to_be_visible()
    fill_note = page.locator(".fill-notes li").filter(has_text="Fill for the")
    expect(fill_note).to_have_text(f"Fill for the Fag Ends prompt: {PROMPT}")

    fill_note.get_by_role("link", name=PROMPT).click()
    fills = page.locator(".prompt-fills")
    expect(fills.get_by_role("heading", name="Fills (1)")).to_be_visible()
    expect(fills.get_by_role("link", name="The Coat", exact=True)).to_be_visible()
    expect(fills.get_by_role("link", name="coatthief")).to_be_visible()
    shot(page, "communities-prompt-with-fill", full_page=True)

    page.locator(".prompt-meta").get_by_role("link", name=period_title, exact=True).click()
    expect(page).to_have_url(period_url)
    page.get_by_role("link", name="Masterlist").click()
    section = page.locator(".masterlist-section").filter(
        has=page.get_by_role("heading", name=f"Prompt: “{PROMPT}”")
    )
    expect(section.get_by_role("link", name="The Coat", exact=True)).to_be_visible()
    seed_section = page.locator(".masterlist-section").filter(
        has=page.get_by_role("heading", name="Prompt: “From the world below, to the world above.”")
    )
    expect(seed_section.get_by_role("link", name="The Coat")).to_have_count(0)
    shot(page, "communities-masterlist", full_page=True)

    # Over the community's limit: refused with a message that names it, and nothing is kept.
    page.goto(fill_url)
    fill_work_form(page, "Far Too Long", "word " * 1001)
    page.get_by_role("button", name="Post", exact=True).click()
    expect(page.get_by_role("alert").first).to_contain_text("Your work was not saved.")
    refusal = page.get_by_text("Fic in Fag Ends is limited to 1,000 words; this work has 1,001.")
    expect(refusal).to_be_visible()
    shot(page, "communities-fill-over-limit", full_page=True)
    assert not Work.objects.filter(title="Far Too Long").exists()
    page.goto("/c/fag-ends/")
    expect(page.get_by_role("link", name="Far Too Long")).to_have_count(0)


def _first_of_next_month(now: datetime) -> datetime:
    return datetime(now.year + now.month // 12, now.month % 12 + 1, 1, tzinfo=UTC)


def test_it_lets_a_moderator_set_up_a_community_like_the_seeds_and_schedule_a_month(
    page, live_server
):
    sign_up(page, "newmod")
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Communities").click()
    page.get_by_role("link", name="Start a community").click()
    expect(page).to_have_url(re.compile(r"/c/new/$"))
    page.get_by_label(label("Name")).fill("Stub Ends")
    page.get_by_label(label("Address")).fill("stub-ends")
    page.get_by_label("Description").fill("Short works for Spike and Buffy.")
    page.get_by_label("Rules").fill("1. Spike/Buffy only.\n2. Fic up to 1,000 words.")
    page.get_by_label("Open: anyone can join").check()
    page.get_by_label("Only members may post fills").check()
    page.get_by_label("Required tags").fill("Buffy Summers/Spike")
    limits = {"Fic": 1000, "Meta": 1000, "Vid": 60, "Fanmix": 5, "Art": 8, "Picspam": 8}
    for row in page.locator("fieldset.form-limits tbody tr").all():
        name = row.locator("td").first.inner_text().strip()
        accept = row.get_by_role("checkbox")
        if name in limits:
            accept.check()
            row.get_by_role("spinbutton").fill(str(limits[name]))
        else:
            accept.uncheck()
    shot(page, "communities-new-community-form", full_page=True)
    page.get_by_role("button", name="Start the community").click()
    expect(page).to_have_url(re.compile(r"/c/stub-ends/$"))
    expect(page.get_by_text("You are an owner of this community.")).to_be_visible()
    posting = page.locator("section").filter(has=page.get_by_role("heading", name="Posting"))
    expect(posting.get_by_text("Fic up to 1,000 words")).to_be_visible()
    expect(posting.get_by_role("link", name="Buffy Summers/Spike")).to_be_visible()

    page.get_by_role("link", name="New challenge").click()
    page.get_by_label(label("Title")).fill("Monthly prompts")
    page.get_by_label(label("Address")).fill("monthly")
    page.get_by_label(label("Kind")).select_option(value="prompts")
    page.get_by_role("button", name="Create challenge").click()
    expect(page.get_by_role("heading", name="Monthly prompts")).to_be_visible()

    page.get_by_role("link", name="Schedule a month").click()
    now = datetime.now(UTC)
    next_month = _first_of_next_month(now)
    expect(page.get_by_label(label("Year"))).to_have_value(str(next_month.year))
    page.get_by_label(label("Month")).select_option(value=str(next_month.month))
    for slot, (day, prompts) in enumerate(zip(RELEASE_DAYS, BATCHES, strict=True), start=1):
        page.get_by_label(f"Batch {slot}: release day").fill(str(day))
        page.get_by_label(f"Batch {slot}: prompts").fill("\n".join(prompts))
    page.get_by_label("Theme poll options").fill("\n".join(POLL_OPTIONS))
    # Before the month begins (even when the test runs in the month's last half hour).
    closes = next_month - min(timedelta(minutes=30), (next_month - now) / 2)
    page.get_by_label("Poll closes at").fill(closes.strftime("%Y-%m-%dT%H:%M"))
    shot(page, "communities-schedule-month", full_page=True)
    page.get_by_role("button", name="Schedule the month").click()

    month_title = f"{next_month:%B %Y}"
    expect(page.get_by_role("heading", name=month_title, level=1)).to_be_visible()
    period_url = page.url
    assert period_url.endswith(f"/monthly/{next_month:%Y-%m}/")
    scheduled = page.locator(".prompt-batch.scheduled")
    expect(scheduled).to_have_count(4)
    for day, prompts in zip(RELEASE_DAYS, BATCHES, strict=True):
        batch = scheduled.filter(
            has=page.get_by_role(
                "heading",
                name=re.compile(rf"^Scheduled for \w{{3}} {day} {next_month:%b %Y}, 00:00 UTC"),
            )
        )
        expect(batch.get_by_text("moderators only")).to_be_visible()
        for prompt in prompts:
            expect(batch.get_by_role("link", name=prompt, exact=True)).to_be_visible()
    expect(page.get_by_text("Theme to be decided by poll")).to_be_visible()
    shot(page, "communities-scheduled-period-moderator", full_page=True)

    page.get_by_role("link", name="Poll", exact=True).click()
    expect(page.get_by_role("heading", name="Which theme should we have?")).to_be_visible()
    for option in POLL_OPTIONS:
        expect(page.get_by_label(option, exact=True)).to_be_visible()  # members vote here
    shot(page, "communities-poll", full_page=True)

    page.goto(period_url)
    first_prompt = page.get_by_role("link", name=BATCHES[0][0], exact=True)
    hidden_prompt_url = first_prompt.get_attribute("href")
    visitor_context = page.context.browser.new_context(base_url=live_server.url)
    try:
        visitor = visitor_context.new_page()
        visitor.goto(period_url)
        expect(visitor.get_by_role("heading", name=month_title, level=1)).to_be_visible()
        expect(visitor.get_by_role("link", name="Log in")).to_be_visible()
        html = visitor.content()
        for prompt in [text for batch in BATCHES for text in batch]:
            assert prompt not in html, prompt
        expect(visitor.get_by_text("moderators only")).to_have_count(0)
        expect(visitor.get_by_text("No prompts yet.")).to_be_visible()
        shot(visitor, "communities-scheduled-period-visitor", full_page=True)
        response = visitor.goto(hidden_prompt_url)
        assert response is not None and response.status == 404
        visitor.goto(period_url)
        visitor.get_by_role("link", name=re.compile(r"^vote until ")).click()
        expect(visitor.get_by_role("heading", name="Which theme should we have?")).to_be_visible()
        options = visitor.get_by_role("region", name="Options")
        for option in POLL_OPTIONS:
            expect(options.get_by_role("listitem").filter(has_text=option)).to_have_count(1)
        expect(visitor.get_by_text("Only members of Stub Ends can vote.")).to_be_visible()
    finally:
        visitor_context.close()
