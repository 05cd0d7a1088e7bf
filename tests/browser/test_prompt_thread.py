"""In a real browser: a member subscribes to a prompt and cheers on its thread; the prompt's
poster answers from the inbox; the thread shows both on the prompt's page; and a phone-width
prompt page does not scroll sideways."""

from playwright.sync_api import Page, expect

from tests.browser.test_social import log_in, log_out
from tests.communities.factories import (
    add_member,
    make_challenge,
    make_community,
    make_period,
    make_prompt,
)
from tests.factories import make_user


def test_it_subscribes_and_talks_on_a_prompts_thread(page: Page, transactional_db):
    owner, poster = make_user("mod"), make_user("prompter")
    make_user("demo")  # a reader, not a member: anyone logged in may comment
    community = make_community(owner)
    add_member(community, poster)
    prompt = make_prompt(make_period(make_challenge(community)), posted_by=poster)
    url = prompt.get_absolute_url()

    log_in(page, "demo")
    page.goto(url)
    follow = page.get_by_role("region", name="Follow this prompt")
    follow.get_by_role("button", name="Subscribe").click()
    expect(follow.get_by_text("You are subscribed")).to_be_visible()
    page.get_by_role("textbox", name="Comment").fill("Claimed in my heart. Someone fill this!")
    page.get_by_role("button", name="Comment", exact=True).click()
    expect(page.locator("#comments").get_by_text("Claimed in my heart.")).to_be_visible()
    log_out(page)

    log_in(page, "prompter")
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Inbox").click()
    expect(page.get_by_text("demo commented on “Prompt: From the world below")).to_be_visible()
    page.locator("details.inbox-reply summary").first.click()
    page.get_by_label("Your reply").first.fill("You could fill it!")
    page.get_by_role("button", name="Post reply").first.click()
    expect(page.locator("#comments").get_by_text("You could fill it!")).to_be_visible()
    log_out(page)

    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(url)
    expect(page.locator("#comments").get_by_text("You could fill it!")).to_be_visible()
    wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not wide
