"""What readers did with a work, counted on the work's own row: kudos, comments (shown ones) and
bookmarks (public ones). ``social`` owns those things and keeps these counts right, in the same
transaction as each change (``social.counts``); works only stores them, so listings can sort
by them and blurbs show them without a query per work. Counts name nobody."""

from typing import Any

from django.db import models

COUNTERS = ("kudos_count", "comment_count", "bookmark_count")


class ReaderCounts(models.Model):
    kudos_count = models.PositiveIntegerField(default=0, editable=False)
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    bookmark_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Counts move by F() updates while a work is open in an edit form: a full save of a row
        # loaded before them must not write its old counts back.
        # (Deferred fields stay out too, as Django's own save leaves them.)
        if kwargs.get("update_fields") is None and not self._state.adding:
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in COUNTERS and f.attname not in deferred
            ]
        super().save(*args, **kwargs)
