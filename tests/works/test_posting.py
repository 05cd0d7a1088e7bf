from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from ficfest.works import services
from ficfest.works.models import CHAPTER_TEXT_MAX, Chapter, Series, Status, Work
from tests.factories import default_pseud, make_work
from tests.html import main_text


def form_data(author, **overrides):
    data = {
        "title": "Slayer Weather",
        "pseud": default_pseud(author).pk,
        "rating": "teen",
        "warnings": ["No Archive Warnings Apply"],
        "categories": ["F/M"],
        "fandoms": "Buffy the Vampire Slayer",
        "relationships": "Buffy Summers/Spike",
        "characters": "Buffy Summers, Spike",
        "freeforms": "Rain, Patrol",
        "summary": "It rains in Sunnydale.",
        "language": "en",
        "complete": "on",
        "chapter-text": "First paragraph.\n\nSecond paragraph.",
        "chapter-text_format": "plain",
        "action": "post",
    }
    data.update(overrides)
    return data


def test_it_posts_a_work_with_tags_and_shows_it(author_client, author):
    response = author_client.post("/works/new/", form_data(author))
    work = Work.objects.get()
    assert response.status_code == 302 and response.url == f"/works/{work.pk}/"
    assert work.status == Status.POSTED and work.is_published
    assert work.word_count == 4
    assert sorted(t.name for t in work.characters) == ["Buffy Summers", "Spike"]
    page = author_client.get(response.url).content.decode()
    assert "Second paragraph." in page and "Buffy Summers/Spike" in page
    assert "Slayer Weather" in author_client.get("/").content.decode()


def test_it_saves_a_draft_that_never_expires_and_only_its_creator_sees(author_client, author):
    client = Client()
    author_client.post("/works/new/", form_data(author, action="draft"))
    work = Work.objects.get()
    assert work.status == Status.DRAFT and work.published_at is None
    assert author_client.get(f"/works/{work.pk}/").status_code == 200
    assert client.get(f"/works/{work.pk}/").status_code == 404
    author_client.post(f"/works/{work.pk}/post/")
    assert client.get(f"/works/{work.pk}/").status_code == 200


def test_it_schedules_a_work_for_later(author_client, author):
    client = Client()
    when = (timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = author_client.post("/works/new/", form_data(author, publish_at=when))
    work = Work.objects.get()
    assert work.is_scheduled
    assert client.get(response.url).status_code == 404


def test_it_tells_the_poster_when_a_scheduled_work_appears_in_their_own_zone(client, author):
    author.time_zone = "Asia/Singapore"
    author.save()
    with time_machine.travel(datetime(2027, 1, 10, 12, tzinfo=UTC), tick=False):
        client.force_login(author)
        data = form_data(author, publish_at="2027-01-12T09:30")
        response = client.post("/works/new/", data, follow=True)
    work = Work.objects.get()
    assert work.published_at == datetime(2027, 1, 12, 1, 30, tzinfo=UTC)
    assert "it will appear on Tue 12 Jan 2027, 09:30" in main_text(response)
    assert "Singapore" in main_text(response) or "+08" in main_text(response)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "x" * 256, "at most 255 characters"),
        ("title", "", "This field is required"),
        ("summary", "x" * 1251, "at most 1250 characters"),
        ("notes", "x" * 5001, "at most 5000 characters"),
        ("rating", "nc-17", "Select a valid choice"),
        ("warnings", [], "Choose at least one archive warning"),
        ("fandoms", " , ", "Please add at least one"),
        ("freeforms", "y" * 151, "at most 150 characters"),
        ("chapter-text", "   \n  ", "Text can&#x27;t be blank"),
        ("chapter-text", "x" * (CHAPTER_TEXT_MAX + 1), "at most 510000 characters"),
        ("co_creators", "nobody-here", "There is no creator called “nobody-here”"),
        ("publish_at", "2001-01-01T10:00", "must be in the future"),
    ],
)
def test_it_refuses_bad_values_and_saves_nothing(author_client, author, field, value, message):
    response = author_client.post("/works/new/", form_data(author, **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Work.objects.count() == 0 and Chapter.objects.count() == 0


def test_it_invites_a_co_creator_by_email_and_credits_them_on_acceptance(
    author_client, author, coauthor, django_capture_on_commit_callbacks
):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        author_client.post("/works/new/", form_data(author, co_creators="coauthor"))
    work = Work.objects.get()
    assert [p.name for p in work.credited_pseuds()] == ["author"]
    assert mail.outbox and "Slayer Weather" in mail.outbox[0].subject
    client.force_login(coauthor)
    ship = work.creatorships.get(accepted=False)
    assert "Slayer Weather" in client.get("/invitations/").content.decode()
    client.post("/invitations/", {"creatorship": ship.pk, "answer": "accept"})
    page = client.get(f"/works/{work.pk}/").content.decode()
    assert ">coauthor</a>" in page
    assert client.get(f"/works/{work.pk}/edit/").status_code == 200


def test_it_adds_chapters_and_reads_them_one_by_one(author_client, author):
    work = make_work(author, title="Long One", text="Chapter one text.")
    response = author_client.post(
        f"/works/{work.pk}/chapters/new/",
        {"title": "Onwards", "text": "Chapter two text.", "text_format": "plain"},
    )
    assert response.url == f"/works/{work.pk}/chapters/2/"
    first = author_client.get(f"/works/{work.pk}/").content.decode()
    assert "Chapter one text." in first and "Chapter two text." not in first
    assert f'href="/works/{work.pk}/chapters/2/">Next chapter' in first
    second = author_client.get(f"/works/{work.pk}/chapters/2/").content.decode()
    assert "Chapter two text." in second and "Previous chapter" in second
    whole = author_client.get(f"/works/{work.pk}/?view_full_work=true").content.decode()
    assert "Chapter one text." in whole and "Chapter two text." in whole
    assert Work.objects.get(pk=work.pk).chapter_count == 2


def test_it_lets_only_creators_edit_or_delete(author, stranger, client):
    work = make_work(author)
    client.force_login(stranger)
    assert client.get(f"/works/{work.pk}/edit/").status_code == 403
    assert client.post(f"/works/{work.pk}/delete/").status_code == 403
    assert client.post(f"/works/{work.pk}/chapters/new/", {"text": "x"}).status_code == 403
    assert Work.objects.filter(pk=work.pk).exists()


def test_it_edits_a_work_and_deletes_it(author_client, author):
    work = make_work(author)
    data = form_data(author, title="Renamed")
    del data["pseud"]
    response = author_client.post(f"/works/{work.pk}/edit/", data)
    assert response.status_code == 302
    assert Work.objects.get(pk=work.pk).title == "Renamed"
    author_client.post(f"/works/{work.pk}/delete/")
    assert not Work.objects.filter(pk=work.pk).exists()


def test_it_puts_works_in_a_series_in_order(author_client, author):
    author_client.post("/works/new/", form_data(author, title="Part One", new_series="Rainverse"))
    series = Series.objects.get()
    author_client.post("/works/new/", form_data(author, title="Part Two", series=series.pk))
    page = author_client.get(f"/series/{series.pk}/").content.decode()
    assert page.index("Part One") < page.index("Part Two")


def test_it_shows_the_adult_notice_once_per_session(author, client):
    work = make_work(author, rating="explicit", title="Hot")
    assert "could have adult content" in client.get(f"/works/{work.pk}/").content.decode()
    proceed = client.get(f"/works/{work.pk}/?view_adult=true").content.decode()
    assert "could have adult content" not in proceed and "Once upon a time." in proceed
    other = make_work(author, rating="mature", title="Warm")
    assert "Once upon a time." in client.get(f"/works/{other.pk}/").content.decode()


def test_it_warns_for_works_whose_creator_chose_not_to_warn(author, client):
    work = make_work(author, warnings=["Creator Chose Not To Use Archive Warnings"])
    assert "could have adult content" in client.get(f"/works/{work.pk}/").content.decode()


def test_it_skips_the_notice_for_readers_who_opted_out(author, stranger, client):
    stranger.show_adult_content = True
    stranger.save()
    client.force_login(stranger)
    work = make_work(author, rating="explicit")
    assert "Once upon a time." in client.get(f"/works/{work.pk}/").content.decode()


def test_it_refuses_a_chapter_of_deeply_nested_html_before_sanitising_it(
    author_client, author, monkeypatch
):
    work = make_work(author, title="Long One", text="Chapter one text.")

    def sanitiser_must_not_run(*args, **kwargs):
        raise AssertionError("the sanitiser ran")

    monkeypatch.setattr("ficfest.lib.text.nh3.clean", sanitiser_must_not_run)
    response = author_client.post(
        f"/works/{work.pk}/chapters/new/",
        {"title": "Deep", "text": "<div>" * 80_000 + "x", "text_format": "html"},
    )
    assert response.status_code == 200
    assert (
        "This HTML is nested over 400 levels deep; the archive accepts up to 200."
        in response.content.decode()
    )
    assert Work.objects.get(pk=work.pk).chapter_count == 1


def test_it_refuses_deep_html_through_the_service_too(author):
    work = make_work(author, title="Long One", text="Chapter one text.")
    content = services.ChapterText(text="<div>" * 300, text_format="html")
    with pytest.raises(ValidationError, match="nested 300 levels deep"):
        services.chapter_add(work=work, content=content)
