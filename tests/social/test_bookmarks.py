"""Bookmarks (works and outside links, notes, tags, private, recs, counts, what they never
tell) and reading history with "mark for later"."""

from django.urls import reverse

from ficfest.social.models import Bookmark, Reading
from tests.factories import client_for
from tests.html import main_text


def bookmark(user, work, **fields):
    data = {"notes": "So good", "tags": "angst, fluff", **fields}
    return client_for(user).post(reverse("bookmark_work", args=[work.pk]), data)


def test_it_bookmarks_a_work_with_notes_tags_and_counts_it(work, reader, client):
    assert bookmark(reader, work, rec="on").status_code == 302
    bookmark(reader, work, notes="Changed my mind")
    assert Bookmark.objects.count() == 1
    page = main_text(client.get(reverse("user_bookmarks", args=["reader"])))
    assert "Fag Ends" in page and "Changed my mind" in page and "fluff" in page
    assert "Bookmarks: 1" in main_text(client.get(work.get_absolute_url()))


def test_it_keeps_private_bookmarks_to_their_owner(work, reader, client):
    bookmark(reader, work, private="on")
    assert "Fag Ends" in main_text(
        client_for(reader).get(reverse("user_bookmarks", args=["reader"]))
    )
    page = main_text(client.get(reverse("user_bookmarks", args=["reader"])))
    assert "No bookmarks to show." in page and "Fag Ends" not in page
    assert "Bookmarks: 0" in main_text(client.get(work.get_absolute_url()))


def test_it_bookmarks_outside_links_and_refuses_bad_ones(reader):
    client = client_for(reader)
    response = client.post(reverse("bookmark_link"), {"url": "javascript:alert(1)", "title": "x"})
    assert response.status_code == 200 and "Enter a valid URL." in main_text(response)
    client.post(reverse("bookmark_link"), {"url": "https://example.org/fic", "title": "Old LJ fic"})
    page = main_text(client.get(reverse("user_bookmarks", args=["reader"])))
    assert "Old LJ fic" in page and "Outside link" in page


def test_it_never_shows_a_creators_bookmark_of_their_anonymous_work(secret_work, client):
    writer = secret_work.poster
    bookmark(writer, secret_work)
    page = main_text(client.get(reverse("user_bookmarks", args=[writer.username])))
    assert "No bookmarks to show." in page and "Masked Ball" not in page
    assert "Bookmarks: 0" in main_text(client.get(secret_work.get_absolute_url()))


def test_it_keeps_reading_history_and_marks_for_later(work, reader):
    client = client_for(reader)
    client.get(work.get_absolute_url())
    client.get(work.get_absolute_url())
    assert Reading.objects.get().visits == 2
    assert "2 visits" in main_text(client.get(reverse("history")))
    client.post(reverse("mark_later", args=[work.pk]))
    later = main_text(client.get(reverse("history") + "?show=later"))
    assert "Fag Ends" in later and "For later" in later
    client.post(reverse("mark_later", args=[work.pk]), {"later": "no"})
    assert "Nothing here yet." in main_text(client.get(reverse("history") + "?show=later"))
