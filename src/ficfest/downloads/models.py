from django.db import models

from ficfest.accounts.models import User
from ficfest.communities.models import Period


class BuildState(models.TextChoices):
    QUEUED = "queued", "Waiting for the worker"
    GATHERING = "gathering", "Gathering the works"
    WRITING = "writing", "Writing the file"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


class AnthologyBuild(models.Model):
    """One anthology file being built by the worker, with how far it has got, for its page.
    One row per edition, format and version: asking again for the same finds the same row."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="anthology_builds")
    edition = models.CharField(max_length=10)
    fmt = models.CharField(max_length=8)
    version = models.CharField(max_length=64)
    state = models.CharField(max_length=10, choices=BuildState.choices, default=BuildState.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["period", "edition", "fmt", "version"], name="one_build_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.fmt} anthology of {self.period} ({self.edition}): {self.state}"

    @property
    def percent(self) -> int:
        if self.state == BuildState.DONE:
            return 100
        return int(90 * self.done / self.total) if self.total else 0


class CatalogKey(models.Model):
    """A reader's personal e-reader catalog address. The address carries ``nonce`` and a
    signature of it made with the site's secret key: the table alone (a leaked backup) opens
    no catalog, and making a new nonce shuts the old address for good."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="catalog_key")
    nonce = models.CharField(max_length=32, unique=True)
    renewed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Catalog key of {self.user_id}"
