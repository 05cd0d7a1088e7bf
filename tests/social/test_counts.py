"""The kudos, comment and bookmark counts kept on each work: right after every add, delete,
hide, approve and account deletion (and equal to a recount from the rows), never overwritten by
an edit, shown on blurbs and sortable on listings."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ficfest.social import comments, counts
from ficfest.social.bookmarks import bookmark_delete, bookmark_save
from ficfest.social.kudos import kudos_give
from ficfest.social.models import Comment
from ficfest.social.places import work_place
from ficfest.works.models import Work
from tests.factories import client_for, make_work
from tests.html import main, main_text


def stored(work):
    return Work.objects.filter(pk=work.pk).values_list(
        "kudos_count", "comment_count", "bookmark_count"
    )[0]


def check(work, expected):
    """The kept counts are ``expected`` and a recount from the rows agrees."""
    assert stored(work) == expected
    counts.counts_recount(Work.objects.filter(pk=work.pk))
    assert stored(work) == expected


def comment(work, user, body="Lovely", parent=None, viewer=None):
    return comments.comment_create(
        place=work_place(work, viewer or user), user=user, body=body, parent=parent
    )


def test_it_counts_kudos_from_readers_and_guests_once(work, reader):
    place = work_place(work, reader)
    kudos_give(place=place, user=reader, address="10.0.0.1")
    kudos_give(place=place, user=reader, address="10.0.0.1")
    kudos_give(place=place, user=AnonymousUser(), address="10.0.0.2")
    check(work, (2, 0, 0))
    reader.delete()  # an account deleted takes its kudos with it
    check(work, (1, 0, 0))


def test_it_counts_shown_comments_through_hide_approve_and_delete(work, reader, author):
    first = comment(work, reader)
    answer = comment(work, author, "Thanks", parent=first)
    check(work, (0, 2, 0))
    place = work_place(work, author)
    comments.comment_moderate(comment=first, place=place, user=author, action="hide")
    check(work, (0, 1, 0))
    comments.comment_moderate(comment=first, place=place, user=author, action="show")
    check(work, (0, 2, 0))
    comments.comment_delete(comment=first, place=place, user=reader)  # a placeholder stays
    check(work, (0, 1, 0))
    comments.comment_delete(comment=answer, place=place, user=author)
    check(work, (0, 0, 0))
    assert Comment.objects.filter(deleted=True).count() == 1


def test_it_counts_a_held_comment_once_approved(work, reader, author):
    work.comments_moderated = True
    work.save()
    held = comment(work, reader)
    check(work, (0, 0, 0))
    place = work_place(work, author)
    comments.comment_moderate(comment=held, place=place, user=author, action="approve")
    check(work, (0, 1, 0))


def test_it_counts_a_comment_hidden_from_the_report_queue(work, reader, moderator):
    from ficfest.social.reports import report_create, report_resolve

    said = comment(work, reader)
    report = report_create(reporter=moderator, reason="spam", comment=said)
    report_resolve(report=report, staff=moderator, action="hide_comment")
    check(work, (0, 0, 0))


def test_it_counts_public_bookmarks_but_not_the_creators_own(work, reader, author, stranger):
    kept = bookmark_save(user=reader, work=work, notes="", tags="", private=False, rec=True)
    bookmark_save(user=author, work=work, notes="", tags="", private=False, rec=False)
    bookmark_save(user=stranger, work=work, notes="", tags="", private=True, rec=False)
    check(work, (0, 0, 1))
    bookmark_save(user=stranger, work=work, notes="", tags="", private=False, rec=False)
    check(work, (0, 0, 2))
    bookmark_save(user=reader, work=work, notes="mine", tags="", private=True, rec=False)
    check(work, (0, 0, 1))
    bookmark_save(user=reader, work=work, notes="", tags="", private=False, rec=False)
    bookmark_delete(user=reader, pk=kept.pk)
    check(work, (0, 0, 1))
    stranger.delete()
    check(work, (0, 0, 0))


def test_it_keeps_counts_through_an_edit_loaded_before_them(work, reader):
    stale = Work.objects.get(pk=work.pk)
    kudos_give(place=work_place(work, reader), user=reader, address="")
    stale.title = "Edited title"
    stale.save()
    assert stored(work) == (1, 0, 0)
    assert Work.objects.get(pk=work.pk).title == "Edited title"


def test_it_recounts_every_work_from_the_command(work, reader, capsys):
    kudos_give(place=work_place(work, reader), user=reader, address="")
    Work.objects.update(kudos_count=40)
    call_command("recount_works")
    assert stored(work) == (1, 0, 0)
    assert "Recounted" in capsys.readouterr().out


def test_it_shows_counts_on_blurbs_and_no_names(work, reader, client):
    kudos_give(place=work_place(work, reader), user=reader, address="")
    comment(work, reader)
    html = main(client.get(reverse("work_list")).content.decode())
    assert "Kudos:</dt><dd>1</dd>" in html
    assert "Comments:</dt><dd>1</dd>" in html
    assert "Bookmarks:" not in html  # none yet: not shown
    assert "reader" not in html


def test_it_shows_counts_on_a_secret_works_blurb_without_its_creator(secret_work, reader):
    kudos_give(place=work_place(secret_work, reader), user=reader, address="")
    page = main_text(client_for(reader).get(reverse("work_list")))
    assert "Masked Ball" in page and "Kudos: 1" in page
    assert "hiddenhand" not in page


@pytest.mark.parametrize(("sort", "field"), [("kudos", "kudos_count"),
                                            ("comments", "comment_count"),
                                            ("bookmarks", "bookmark_count")])  # fmt: skip
def test_it_sorts_listings_by_counts(author, client, sort, field):
    few, many, _none = (make_work(author, title=t) for t in ("Few", "Many", "None at all"))
    Work.objects.filter(pk=few.pk).update(**{field: 2})
    Work.objects.filter(pk=many.pk).update(**{field: 9})
    page = main_text(client.get(reverse("work_list") + f"?sort={sort}"))
    assert page.index("Many") < page.index("Few") < page.index("None at all")
    form = main(client.get(reverse("work_list")).content.decode())
    assert f'value="{sort}"' in form


def test_it_reads_no_social_table_for_a_guest_on_a_quiet_work(work, client):
    client.get(work.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        page = main_text(client.get(work.get_absolute_url()))
    assert "No kudos yet." in page and "No comments yet." in page
    assert not [q for q in queries.captured_queries if "social_" in q["sql"]]


def test_it_never_takes_a_count_below_zero(work, reader):
    from ficfest.social.models import Kudo

    Kudo.objects.create(work=work, user=reader)  # around the services: not counted
    reader.delete()
    assert stored(work) == (0, 0, 0)
