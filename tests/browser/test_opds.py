"""In a real browser on a 360 px phone: a reader finds the e-reader catalog from the footer,
makes their personal address, and an app reading that address sees their own lists."""

import xml.etree.ElementTree as ET

from playwright.sync_api import Page, expect

from ficfest.social.bookmarks import reading_mark_later
from tests.factories import make_user, make_work

PASSWORD = "correct horse battery"
ATOM = "{http://www.w3.org/2005/Atom}"


def test_it_gives_a_reader_a_catalog_address_their_app_can_read(page: Page, transactional_db):
    reader = make_user("demo")
    work = make_work(make_user("willowtree"), title="From the World Below", restricted=True)
    reading_mark_later(user=reader, work=work, later=True)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/login/")
    page.get_by_label("Username").fill("demo")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("contentinfo").get_by_role("link", name="E-reader catalog").click()
    expect(page.get_by_role("heading", name="E-reader catalog", level=1)).to_be_visible()
    page.get_by_role("button", name="Make my personal address").click()
    address = page.get_by_label("Your personal catalog address").input_value()
    assert "/opds/u/" in address
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways ({width} px)"
    later = page.request.get(address + "later/")  # the key says whose: the session is ignored
    titles = [e.findtext(f"{ATOM}title") for e in ET.fromstring(later.body()).iter(f"{ATOM}entry")]
    assert titles == ["From the World Below"]
    page.get_by_role("button", name="Replace my address (the old one stops working)").click()
    expect(page.get_by_role("status")).to_contain_text("the old one no longer works")
    assert page.request.get(address).status == 404
