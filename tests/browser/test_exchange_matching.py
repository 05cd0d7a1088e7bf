"""A gift exchange in a real browser: six members sign up with tagged requests and offers
through the sign-up form, sign-ups close, the moderator runs the matcher, swaps two
recipients and sends. Screenshots of the assignments page (1100 and 360 px, light and dark) go
to test-artifacts/."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from ficfest.communities.models import Challenge, ChallengeKind
from ficfest.exchanges.models import Assignment, SignUpRequest
from tests.browser.conftest import shot
from tests.communities.factories import make_challenge, make_community, make_member
from tests.exchanges.tagged import C, F, set_rules
from tests.factories import make_user

BUFFY, FIREFLY = "Buffy the Vampire Slayer", "Firefly"
# name: (requested fandom, requested character, offered fandom)
SIX = {
    "alice": (BUFFY, "Willow Rosenberg", BUFFY + ", " + FIREFLY),
    "bob": (FIREFLY, "Kaylee Frye", BUFFY),
    "carol": (BUFFY, "Rupert Giles", FIREFLY),
    "dan": (FIREFLY, "Malcolm Reynolds", BUFFY),
    "erin": (BUFFY, "Willow Rosenberg", FIREFLY),
    "fay": (FIREFLY, "Kaylee Frye", BUFFY),
}


def log_in(page: Page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_label("Password").press("Enter")
    site = page.get_by_role("navigation", name="Site")
    expect(site.get_by_role("link", name=username, exact=True)).to_be_visible()


def sign_up(page: Page, fest: Challenge, name: str) -> None:
    fandom, character, offers = SIX[name]
    log_in(page, name)
    page.goto(f"/c/{fest.community.slug}/challenges/{fest.slug}/signup/")
    request = page.get_by_role("group", name="Your request")
    request.get_by_label("Fandoms", exact=True).fill(fandom)
    request.get_by_label("Characters", exact=True).fill(character)
    request.get_by_label("Letter to your writer").fill(f"{name} would love {character}.")
    offer = page.get_by_role("group", name="Your offer")
    offer.get_by_label("Fandoms", exact=True).fill(offers)
    offer.get_by_label("I'll write any characters").check()
    if name == "alice":
        shot(page, "exchange-signup", full_page=True)
    page.get_by_role("button", name="Sign up", exact=True).click()
    expect(page.get_by_text("Thank you for signing up!")).to_be_visible()


def test_six_sign_up_and_the_moderator_matches_swaps_and_sends(page: Page, live_server):
    mod = make_user("mod")
    community = make_community(mod, slug="winterfest", name="Winterfest")
    now = timezone.now()
    fest = make_challenge(
        community, slug="gifts", title="Winter Gifts", kind=ChallengeKind.FICATHON,
        signups_open_at=now - timedelta(days=1), signups_close_at=now + timedelta(days=1),
        assignments_due_at=now + timedelta(days=30),
    )  # fmt: skip
    set_rules(fest, tag_sets={F: [BUFFY, FIREFLY], C: [c for _, c, _ in SIX.values()]})
    for name in SIX:
        make_member(community, name)
        sign_up(page, fest, name)
    assert SignUpRequest.objects.count() == 6
    Challenge.objects.filter(pk=fest.pk).update(signups_close_at=timezone.now())

    log_in(page, "mod")
    page.goto("/c/winterfest/challenges/gifts/assignments/rules/")
    expect(page.get_by_label("The fandoms participants choose from")).to_have_value(
        f"{BUFFY}, {FIREFLY}"
    )
    shot(page, "exchange-rules", full_page=True)
    page.goto("/c/winterfest/challenges/gifts/assignments/")
    page.get_by_role("button", name="Run the matcher").click()
    expect(page.get_by_text("Everyone is matched", exact=False).first).to_be_visible()
    rows = page.locator("table.pairs tbody tr")
    expect(rows).to_have_count(6)
    expect(page.locator("mark.shared").first).to_be_visible()

    bobs = rows.filter(has=page.locator("td:first-child > strong", has_text="bob"))
    bobs.get_by_label("Swap recipient with").select_option(label="dan")
    bobs.get_by_role("button", name="Swap").click()
    expect(page.get_by_text("Swapped and locked")).to_be_visible()
    expect(page.locator("table.pairs .badge", has_text="Locked")).to_have_count(2)
    shot(page, "exchange-matching", full_page=True)
    page.set_viewport_size({"width": 360, "height": 800})
    page.emulate_media(color_scheme="dark")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "exchange-matching-narrow-dark", full_page=False)
    page.set_viewport_size({"width": 1100, "height": 900})

    page.get_by_role("button", name="Send these assignments").click()
    expect(page.get_by_text("Sending 6 assignments.")).to_be_visible()
    assert Assignment.objects.filter(challenge=fest).count() == 6
    expect(page.locator("table.pairs")).to_have_count(0)
