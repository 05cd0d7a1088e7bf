"""The main pages under the site's Content-Security-Policy, in a real browser: Chromium reports
each thing the policy blocks (an inline script or style, another origin) on the console."""

from playwright.sync_api import ConsoleMessage, Page, expect

from tests.communities.factories import make_community
from tests.factories import make_user, make_work


def watch_for_violations(page: Page) -> list[str]:
    violations: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    return violations


def log_in(page: Page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    site_nav = page.get_by_role("navigation", name="Site")
    expect(site_nav.get_by_role("link", name=username, exact=True)).to_be_visible()


def test_it_shows_the_main_pages_without_a_policy_violation(page):
    author = make_user("author")
    work = make_work(author, title="Fag Ends")
    community = make_community(author)
    violations = watch_for_violations(page)

    log_in(page, "author")
    for path in ["/", work.get_absolute_url(), community.get_absolute_url(), "/works/new/"]:
        response = page.goto(path)
        assert response is not None and response.ok, path
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")

    assert violations == []
