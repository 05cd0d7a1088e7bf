"""Your words are never lost: repeated deletes, stale edit forms and double submits."""

import re
import threading

import pytest
from django.db import connection

from ficfest.works import services
from ficfest.works.models import Chapter, Work
from tests.factories import client_for, make_work
from tests.html import text
from tests.works.test_posting import form_data


@pytest.fixture
def saga(author):
    work = make_work(author, title="Saga", text="One.")
    for word in ("Two.", "Three.", "Four."):
        services.chapter_add(
            work=work, content=services.ChapterText(text=word, text_format="plain")
        )
    return work


def chapter_texts(work):
    return list(work.chapters.order_by("position").values_list("position", "text"))


def base_of(page: str) -> str:
    found = re.search(r'name="base" value="([0-9a-f]{32})"', page)
    assert found, "the edit form carries no base token"
    return found.group(1)


def test_it_deletes_a_chapter_once_however_often_the_form_is_sent(saga, author):
    client = client_for(author)
    second = saga.chapters.get(position=2)
    url = f"/works/{saga.pk}/chapter/{second.pk}/delete/"
    first = client.post(url, follow=True)
    again = client.post(url, follow=True)
    assert first.status_code == again.status_code == 200
    assert "Chapter 2 deleted." in text(first.content.decode())
    assert "That chapter was deleted already." in text(again.content.decode())
    assert chapter_texts(saga) == [(1, "One."), (2, "Three."), (3, "Four.")]
    saga.refresh_from_db()
    assert saga.chapter_count == 3


@pytest.mark.django_db(transaction=True)
def test_it_deletes_a_chapter_once_when_ten_deletes_race(author):
    work = make_work(author, title="Race", text="One.")
    for word in ("Two.", "Three."):
        services.chapter_add(
            work=work, content=services.ChapterText(text=word, text_format="plain")
        )
    second = work.chapters.get(position=2)
    url = f"/works/{work.pk}/chapter/{second.pk}/delete/"
    statuses: list[int] = []

    def delete() -> None:
        statuses.append(client_for(author).post(url).status_code)
        connection.close()

    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=delete) for _ in range(10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:  # SQLite takes one writer at a time: the same ten requests, one after another
        for _ in range(10):
            delete()
    assert statuses == [302] * 10
    assert chapter_texts(work) == [(1, "One."), (2, "Three.")]


def test_it_saves_an_edit_over_the_chapter_it_was_opened_on(saga, author):
    client = client_for(author)
    third = saga.chapters.get(position=3)
    page = client.get(f"/works/{saga.pk}/chapter/{third.pk}/edit/").content.decode()
    # Another tab deletes chapter 2 meanwhile: chapter 3 becomes chapter 2.
    services.chapter_delete(chapter=saga.chapters.get(position=2))
    response = client.post(f"/works/{saga.pk}/chapter/{third.pk}/edit/",
                           {"text": "Three, revised.", "text_format": "plain",
                            "base": base_of(page)})  # fmt: skip
    assert response.status_code == 302
    assert chapter_texts(saga) == [(1, "One."), (2, "Three, revised."), (3, "Four.")]


def test_it_shows_both_texts_when_the_chapter_changed_since_the_form_opened(saga, author):
    client = client_for(author)
    first = saga.chapters.get(position=1)
    url = f"/works/{saga.pk}/chapter/{first.pk}/edit/"
    stale = base_of(client.get(url).content.decode())
    services.chapter_update(
        chapter=first, content=services.ChapterText(text="Tab one's words.", text_format="plain")
    )
    mine = {"text": "Tab two's words.", "text_format": "plain", "base": stale}
    response = client.post(url, mine)
    page = response.content.decode()
    assert response.status_code == 200
    assert "was changed after you opened it" in text(page)
    assert "Tab one\u2019s words." in text(page) or "Tab one's words." in text(page)
    assert "Tab two&#x27;s words." in page  # still in the form, nothing typed is lost
    assert chapter_texts(saga)[0] == (1, "Tab one's words.")
    # Sending it again, now knowingly over the saved version, saves it.
    again = client.post(url, {**mine, "base": base_of(page)})
    assert again.status_code == 302
    assert chapter_texts(saga)[0] == (1, "Tab two's words.")


def test_it_keeps_the_text_of_an_edit_whose_chapter_was_deleted(saga, author):
    client = client_for(author)
    fourth = saga.chapters.get(position=4)
    url = f"/works/{saga.pk}/chapter/{fourth.pk}/edit/"
    base = base_of(client.get(url).content.decode())
    services.chapter_delete(chapter=fourth)
    response = client.post(url, {"text": "Four, rewritten.", "text_format": "plain",
                                 "base": base})  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 409
    assert "was deleted after you opened it" in text(page)
    assert "Four, rewritten." in page
    assert f'action="/works/{saga.pk}/chapters/new/"' in page


def test_it_shows_both_versions_when_the_work_changed_since_the_form_opened(author):
    work = make_work(author, title="Slayer Weather", summary="Rain.")
    client = client_for(author)
    url = f"/works/{work.pk}/edit/"
    stale = base_of(client.get(url).content.decode())
    Work.objects.filter(pk=work.pk).update(summary="Thunder, from the other tab.")
    response = client.post(url, form_data(author, summary="Hail, from this tab.", base=stale))
    page = response.content.decode()
    assert response.status_code == 200
    assert "This work was changed after you opened this form" in text(page)
    assert "Thunder, from the other tab." in text(page)
    assert "Hail, from this tab." in page
    work.refresh_from_db()
    assert work.summary == "Thunder, from the other tab."


def test_it_posts_one_work_when_the_new_work_form_is_sent_twice(author):
    client = client_for(author)
    page = client.get("/works/new/").content.decode()
    key = re.search(r'name="submission" value="([0-9a-f]{32})"', page).group(1)
    first = client.post("/works/new/", form_data(author, submission=key))
    again = client.post("/works/new/", form_data(author, submission=key), follow=True)
    work = Work.objects.get()
    assert first.status_code == 302 and first.url == work.get_absolute_url()
    assert again.redirect_chain[-1][0] == work.get_absolute_url()
    assert "the work was posted once" in text(again.content.decode())
    assert Chapter.objects.filter(work=work).count() == 1
