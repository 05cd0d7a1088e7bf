"""Fill in the counts the works migration added, from the kudos, comments and bookmarks
already stored (the same rules as ``ficfest.social.counts``, on the historical models)."""

from typing import Any

from django.db import migrations
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce


def _counted(query: Any) -> Any:
    rows = query.filter(work_id=OuterRef("pk")).order_by().values("work_id")
    total = rows.annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(total, output_field=IntegerField()), Value(0))


def recount(apps: Any, schema_editor: Any) -> None:
    work = apps.get_model("works", "Work")
    kudo = apps.get_model("social", "Kudo")
    comment = apps.get_model("social", "Comment")
    bookmark = apps.get_model("social", "Bookmark")
    creatorship = apps.get_model("works", "Creatorship")
    own = creatorship.objects.filter(
        work_id=OuterRef("work_id"), pseud__user_id=OuterRef("user_id"), accepted=True
    )
    # Only works something was given to: the rest keep the 0 they were made with, and an
    # archive of a million works is not rewritten row by row for nothing.
    touched = (
        Q(pk__in=kudo.objects.values("work_id"))
        | Q(pk__in=comment.objects.filter(work_id__isnull=False).values("work_id"))
        | Q(pk__in=bookmark.objects.filter(work_id__isnull=False).values("work_id"))
    )
    work.objects.filter(touched).update(
        kudos_count=_counted(kudo.objects.all()),
        comment_count=_counted(comment.objects.filter(status="published", deleted=False)),
        bookmark_count=_counted(bookmark.objects.filter(private=False).exclude(Exists(own))),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("social", "0002_comments_on_prompts"),
        ("works", "0009_work_reader_counts"),
    ]

    operations = [migrations.RunPython(recount, migrations.RunPython.noop)]
