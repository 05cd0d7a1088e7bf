"""Two tabs on one chapter, and a delete sent twice, in a real browser: no words are lost."""

from playwright.sync_api import expect

from ficfest.works import services
from tests.factories import make_user, make_work


def log_in(page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_label("Password").press("Enter")
    expect(
        page.get_by_role("navigation", name="Site").get_by_role("link", name=username)
    ).to_be_visible()


def test_it_shows_both_versions_when_two_tabs_edit_one_chapter_and_keeps_each(page):
    author = make_user("twotabs")
    work = make_work(author, title="Two Tabs", text="The first draft.")
    chapter = work.chapters.get()
    log_in(page, "twotabs")
    other = page.context.new_page()
    edit_url = f"/works/{work.pk}/chapter/{chapter.pk}/edit/"
    page.goto(edit_url)
    other.goto(edit_url)

    other.get_by_label("Work text").fill("Written in the other tab.")
    other.get_by_role("button", name="Update chapter").click()
    expect(other.get_by_text("Chapter updated.")).to_be_visible()

    page.get_by_label("Work text").fill("Written in this tab.")
    page.get_by_role("button", name="Update chapter").click()
    expect(page.get_by_role("alert").first).to_contain_text("was changed after you opened it")
    expect(page.get_by_label("Work text")).to_have_value("Written in this tab.")
    page.locator("details.conflict > summary").click()
    expect(page.locator("details.conflict")).to_contain_text("Written in the other tab.")
    chapter.refresh_from_db()
    assert chapter.text == "Written in the other tab."

    page.get_by_role("button", name="Update chapter").click()
    expect(page.get_by_text("Chapter updated.")).to_be_visible()
    expect(page.get_by_text("Written in this tab.")).to_be_visible()


def test_it_deletes_a_chapter_once_when_the_delete_is_sent_from_two_tabs(page):
    author = make_user("doubleclick")
    work = make_work(author, title="Three Parts", text="Part one.")
    for text in ("Part two.", "Part three."):
        services.chapter_add(
            work=work, content=services.ChapterText(text=text, text_format="plain")
        )
    log_in(page, "doubleclick")
    other = page.context.new_page()
    for tab in (page, other):
        tab.goto(f"/works/{work.pk}/chapters/2/")
    page.get_by_role("button", name="Delete chapter 2").click()
    expect(page.get_by_text("Chapter 2 deleted.")).to_be_visible()
    other.get_by_role("button", name="Delete chapter 2").click()
    expect(other.get_by_text("That chapter was deleted already.")).to_be_visible()
    assert list(work.chapters.values_list("text", flat=True)) == ["Part one.", "Part three."]
