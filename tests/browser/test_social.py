"""In a real browser: a reader comments on a work, its creator replies from the inbox, the
reader leaves kudos and bookmarks the work."""

from playwright.sync_api import Page, expect

from tests.factories import make_user, make_work

PASSWORD = "correct horse battery"


def log_in(page: Page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    site_nav = page.get_by_role("navigation", name="Site")
    expect(site_nav.get_by_role("link", name=username, exact=True)).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_role("navigation", name="Site").get_by_role("button", name="Log out").click()


def test_it_comments_replies_from_the_inbox_gives_kudos_and_bookmarks(page: Page, transactional_db):
    writer = make_user("willowtree")
    make_user("demo")
    work = make_work(writer, title="From the World Below")
    log_in(page, "demo")
    page.goto(f"/works/{work.pk}/")
    page.get_by_role("textbox", name="Comment").fill("This fill made me cry.")
    page.get_by_role("button", name="Comment", exact=True).click()
    comments = page.locator("#comments")
    expect(comments.get_by_text("This fill made me cry.")).to_be_visible()
    page.get_by_role("button", name="Leave kudos").click()
    expect(page.locator("#kudos").get_by_text("demo left kudos on this work!")).to_be_visible()
    page.get_by_role("link", name="Bookmark", exact=True).click()
    page.get_by_label("Notes").fill("Reread in winter")
    page.get_by_role("button", name="Save bookmark").click()
    expect(page.get_by_role("heading", name="Bookmarks of demo")).to_be_visible()
    expect(page.get_by_text("Reread in winter")).to_be_visible()
    log_out(page)

    log_in(page, "willowtree")
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Inbox").click()
    expect(page.get_by_text("demo commented on “From the World Below”.")).to_be_visible()
    page.locator("details.inbox-reply summary").first.click()
    page.get_by_label("Your reply").first.fill("Thank you so much!")
    page.get_by_role("button", name="Post reply").first.click()
    expect(page.locator("#comments").get_by_text("Thank you so much!")).to_be_visible()
    log_out(page)

    page.goto(f"/works/{work.pk}/")
    expect(page.locator("#comments").get_by_text("Thank you so much!")).to_be_visible()
    expect(page.locator("#kudos").get_by_text("Kudos: 1")).to_be_visible()
