"""In a real browser, with the clock set: a writer posts her gift from her assignment in one
step; it is hidden from readers until the gifts' reveal, then shown as Anonymous "for bob",
then under her name at the creators' reveal. Her recipient's inbox tells him of it."""

import re
from datetime import timedelta

import time_machine
from playwright.sync_api import Page, expect

from ficfest.communities.models import Anonymity, ChallengeKind
from ficfest.lib.ticks import run_tick
from ficfest.works.models import Work
from tests.browser.test_social import log_in, log_out
from tests.communities.factories import make_challenge, make_community, make_member
from tests.exchanges.factories import AFTER, CLOSES, DUE, OPENS, REVEAL
from tests.exchanges.gifts import sent_assignment
from tests.factories import make_user

NAMES_AT = REVEAL + timedelta(days=7)
TITLE = "Willow Learns to Drive"


def test_it_posts_a_gift_from_the_assignment_and_reveals_it_on_time(page: Page, transactional_db):
    community = make_community(make_user("mod"), slug="winterfest", name="Winterfest")
    ficathon = make_challenge(
        community, slug="ficathon", title="Winter Ficathon", kind=ChallengeKind.FICATHON,
        signups_open_at=OPENS, signups_close_at=CLOSES, assignments_due_at=DUE,
        anonymity=Anonymity.UNREVEALED, reveal_at=REVEAL, creators_reveal_at=NAMES_AT,
    )  # fmt: skip
    alice, bob = make_member(community, "alice"), make_member(community, "bob")
    sent_assignment(ficathon, alice, bob)

    with time_machine.travel(AFTER, tick=True):
        log_in(page, "alice")
        page.goto("/assignments/")
        page.get_by_role("link", name="Post your gift").click()
        expect(page).to_have_url(re.compile(r"/works/new/\?assignment=\d+$"))
        expect(page.locator(".gift-target")).to_contain_text(
            "this work becomes your gift for bob in Winter Ficathon"
        )
        page.get_by_label(re.compile(r"^Title\W*$")).fill(TITLE)
        page.get_by_label("Rating").select_option(label="General Audiences")
        page.get_by_label("No Archive Warnings Apply").check()
        page.get_by_label("Fandoms").fill("Buffy the Vampire Slayer")
        page.get_by_label("Work text").fill("She stalled it twice, then drove to the Bronze.")
        page.get_by_role("button", name="Post", exact=True).click()
        expect(page.get_by_text("Work posted.")).to_be_visible()
        expect(page.locator(".gift-for")).to_have_text("A gift for bob")
        gift_path = Work.objects.get(title=TITLE).get_absolute_url()
        log_out(page)
        response = page.goto(gift_path)
        assert response is not None and response.status == 404
        page.goto("/users/alice/")
        expect(page.locator("main")).not_to_contain_text(TITLE)

    with time_machine.travel(REVEAL + timedelta(hours=1), tick=True):
        page.goto(gift_path)
        expect(page.locator(".byline")).to_have_text("by Anonymous")
        expect(page.locator(".gift-for")).to_have_text("A gift for bob")
        run_tick()  # what the worker does every minute
        log_in(page, "bob")
        page.goto("/inbox/")
        expect(page.locator("main")).to_contain_text(
            f"A gift for you in Winter Ficathon: “{TITLE}” by Anonymous."
        )
        log_out(page)

    with time_machine.travel(NAMES_AT + timedelta(hours=1), tick=True):
        page.goto(gift_path)
        expect(page.locator(".byline")).to_have_text("by alice")
        page.get_by_role("link", name="bob").click()
        expect(page.get_by_role("heading", name="Gifts of bob")).to_be_visible()
        expect(page.locator("main")).to_contain_text(f"{TITLE} by alice for bob")
        page.set_viewport_size({"width": 360, "height": 800})
        page.emulate_media(color_scheme="dark")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, "the gifts page scrolls sideways at 360 px"
