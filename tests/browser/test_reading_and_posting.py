import re

from playwright.sync_api import expect

from ficfest.demo import SEED_TITLE, demo_load
from tests.browser.conftest import follow_signup_link, shot
from tests.factories import make_user, make_work


def test_it_signs_up_posts_two_chapters_reads_them_and_hides_restricted_works(page):
    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill("newfan")
    page.get_by_label("Email").fill("newfan@example.org")
    page.get_by_label(re.compile(r"^Password\W*$")).fill("a long and fine passphrase")
    page.get_by_label("Password again").fill("a long and fine passphrase")
    page.get_by_role("button", name="Create account").click()
    follow_signup_link(page, "newfan@example.org")
    expect(page.get_by_role("link", name="newfan")).to_be_visible()

    page.get_by_role("link", name="Post", exact=True).click()
    page.get_by_label("Rating").select_option(label="Teen And Up Audiences")
    page.get_by_label("No Archive Warnings Apply").check()
    page.get_by_label("F/M").check()
    page.get_by_label("Fandoms").fill("Buffy the Vampire Slayer")
    page.get_by_label("Relationships").fill("Buffy Summers/Spike")
    page.get_by_label("Characters").fill("Buffy Summers, Spike")
    page.get_by_label("Additional tags").fill("Rain")
    page.get_by_label(re.compile(r"^Title\W*$")).fill("Two Nights")
    page.get_by_label("Summary", exact=True).fill("Two nights of patrol.")
    page.get_by_label("only show to logged-in readers").check()
    page.get_by_label("Work text").fill("The first night was quiet.\n\nToo quiet.")
    shot(page, "post-form", full_page=True)
    page.get_by_role("button", name="Post", exact=True).click()
    expect(page.get_by_text("Work posted.")).to_be_visible()
    work_url = page.url

    page.get_by_role("link", name="Add chapter").click()
    page.get_by_label("Chapter title").fill("The second night")
    page.get_by_label("Work text").fill("The second night was not.")
    page.get_by_role("button", name="Post chapter").click()
    expect(page.get_by_text("The second night was not.")).to_be_visible()

    page.goto(work_url)
    expect(page.get_by_text("The first night was quiet.")).to_be_visible()
    expect(page.get_by_text("The second night was not.")).to_have_count(0)
    page.get_by_role("link", name="Next chapter →").first.click()
    expect(page).to_have_url(re.compile(r"/chapters/2/$"))
    expect(page.get_by_text("The second night was not.")).to_be_visible()
    page.get_by_role("link", name="← Previous chapter").first.click()
    expect(page.get_by_text("The first night was quiet.")).to_be_visible()
    shot(page, "chapter-one", full_page=True)

    page.get_by_role("button", name="Log out").click()
    page.goto("/")
    expect(page.get_by_text("Two Nights")).to_have_count(0)
    response = page.goto(work_url)
    assert response is not None and response.status == 404


def test_it_reads_the_seed_fill_exactly_in_light_and_dark(page):
    work = demo_load()
    page.goto(f"/works/{work.pk}/")
    expect(page.get_by_role("heading", name=SEED_TITLE)).to_be_visible()
    expect(page.get_by_text("Disclaimer: I do not claim to own, etc…")).to_be_visible()
    expect(
        page.get_by_text(
            '"So, what\'d you do today, pet?" he asks as he coaxes another out of the carton.'
        )
    ).to_be_visible()
    shot(page, "seed-light", full_page=True)
    page.emulate_media(color_scheme="dark")
    shot(page, "seed-dark")
    page.set_viewport_size({"width": 380, "height": 800})
    shot(page, "seed-mobile")
    page.goto("/")
    shot(page, "home-mobile", full_page=True)


def test_it_asks_before_showing_adult_works_once_per_visit(page):
    author = make_user("writer")
    explicit = make_work(author, title="After Dark", rating="explicit", text="Behind the cut.")
    other = make_work(author, title="Later Still", rating="mature", text="Also behind it.")
    page.goto(f"/works/{explicit.pk}/")
    expect(page.get_by_role("heading", name="This work could have adult content.")).to_be_visible()
    page.get_by_role("link", name="Yes, continue").click()
    expect(page.get_by_text("Behind the cut.")).to_be_visible()
    page.goto(f"/works/{other.pk}/")
    expect(page.get_by_text("Also behind it.")).to_be_visible()
