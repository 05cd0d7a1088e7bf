"""The index's bookkeeping. The index itself lives in tables of each backend's own kind (FTS5
virtual tables, tsvector columns), created by the migration; see backends/."""

from django.db import models

from ficfest.works.models import Work


class IndexedWork(models.Model):
    """A work the index holds, and whether its creators were left out of its row because a
    secret (anonymous or unrevealed) covered them when it was written: the periodic tick
    writes such rows again once the reveal has passed."""

    work = models.OneToOneField(Work, primary_key=True, on_delete=models.CASCADE, related_name="+")
    creators_withheld = models.BooleanField(default=False)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["creators_withheld"],
                condition=models.Q(creators_withheld=True),
                name="search_withheld_idx",
            )
        ]

    def __str__(self) -> str:
        return f"work {self.work_id} indexed"
