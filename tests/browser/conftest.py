"""Playwright driving Debian's Chromium against the live test server. No browser downloads."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make beside
# it are still ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("FICFEST_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("FICFEST_TEST_ARTIFACTS", "test-artifacts"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM}; CI must install Debian's chromium")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server, request):
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1100, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def shot(page, name: str, **kwargs) -> None:
    """Keep a screenshot for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), **kwargs)


def follow_signup_link(page, email: str) -> None:
    """Open the confirmation link the sign-up emailed (the live server shares this process's
    outbox), on the live server whatever SITE_URL says."""
    import re

    from django.core import mail

    expect_heading = page.get_by_role("heading", name="Check your email")
    expect_heading.wait_for()
    [message] = [m for m in mail.outbox if m.to == [email]]
    page.goto(re.search(r"/signup/confirm/\S+/", message.body)[0])
