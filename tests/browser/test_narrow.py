"""Every page of the demo fits a 360 px phone (nothing scrolls sideways) and its headings
go in order.

The walk logs in as the demo's moderator (who sees the most pages) and follows the site's own
links breadth-first from a few starting pages, one page per path, up to a bound that keeps
the run short. Pages of one shape (/tags/<n>/, /works/<n>/) count at most a few times each,
so the bound is spent on different pages rather than on every tag. Tables may scroll inside
their own wrapper; the page itself may not.
"""

import re
from collections import Counter, deque
from urllib.parse import urldefrag, urlsplit

from playwright.sync_api import Page, expect

from ficfest.demo import DEMO_PASSWORD, demo_load

WIDTH = 360
MAX_PAGES = 150
PER_SHAPE = 6
STARTS = ["/", "/c/fag-ends/", "/works/", "/c/", "/fandoms/", "/dashboard/", "/works/new/",
          "/c/new/", "/login/", "/signup/"]  # fmt: skip
# Not pages: leaving the session, the admin (Django's own), feeds, exports and files.
SKIP = ("/logout", "/admin/", "/feed/", "/export/", "/download", "/media/", "/static/")


def log_in(page: Page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    site_nav = page.get_by_role("navigation", name="Site")
    expect(site_nav.get_by_role("link", name=username, exact=True)).to_be_visible()


def same_site_paths(page: Page, origin: str) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    paths = []
    for href in hrefs:
        url = urlsplit(urldefrag(href)[0])
        if f"{url.scheme}://{url.netloc}" == origin and "download" not in url.query:
            paths.append(url.path)
    # A last segment with a dot is an export (masterlist.html, .md), not a page.
    pages = [path for path in paths if "." not in path.rsplit("/", 1)[-1]]
    return [path for path in pages if not any(part in path for part in SKIP)]


# Heading levels in <main> that skip one (h1 then h3), or a first heading that is not h1.
SKIPPED_HEADINGS = """() => {
  const levels = [...document.querySelectorAll("main :is(h1, h2, h3, h4, h5, h6)")]
    .map(h => +h.tagName[1]);
  return levels.filter((level, i) => level > (i ? levels[i - 1] : 0) + 1)
    .map(level => "h" + level);
}"""


def walk(page: Page, origin: str) -> dict[str, tuple[int, list[str]]]:
    """Each page visited: how wide it is, and the headings that skip a level."""
    widths: dict[str, tuple[int, list[str]]] = {}
    queue, seen, shapes = deque(STARTS), set(STARTS), Counter[str]()
    while queue and len(widths) < MAX_PAGES:
        path = queue.popleft()
        shape = re.sub(r"\d+", "<n>", path)
        if shapes[shape] >= PER_SHAPE:
            continue
        shapes[shape] += 1
        response = page.goto(path)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        width = page.evaluate("document.documentElement.scrollWidth")
        widths[path] = (width, page.evaluate(SKIPPED_HEADINGS))
        for found in same_site_paths(page, origin):
            if found not in seen:
                seen.add(found)
                queue.append(found)
    return widths


def test_it_fits_every_page_of_the_demo_into_a_phone(chromium, live_server):
    demo_load()
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": WIDTH, "height": 740}
    )
    page = context.new_page()
    log_in(page, "mod")

    widths = walk(page, live_server.url)
    context.close()

    assert len(widths) > 40, sorted(widths)
    too_wide = {path: width for path, (width, _) in widths.items() if width > WIDTH}
    assert not too_wide, f"wider than {WIDTH} px: {too_wide}"
    skipping = {path: skipped for path, (_, skipped) in widths.items() if skipped}
    assert not skipping, f"headings out of order (h1, h2, h3): {skipping}"
