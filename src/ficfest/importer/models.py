from django.db import models

from ficfest.accounts.models import User
from ficfest.lib.storage import originals_storage
from ficfest.works.models import Work


class ImportedFile(models.Model):
    """A file brought in by the importer: the original as given, and the work made of it.

    The content hash makes an import idempotent: the same bytes imported again by the same
    person are skipped."""

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="imported_files")
    sha256 = models.CharField(max_length=64)
    filename = models.CharField(max_length=255)
    original = models.FileField(upload_to="imports/%Y/%m/", storage=originals_storage)
    size = models.PositiveIntegerField()
    encoding = models.CharField(max_length=40, blank=True)
    format = models.CharField(max_length=20)
    work = models.ForeignKey(Work, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="imported_files")  # fmt: skip
    report = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "sha256"], name="import_once_per_owner")
        ]

    def __str__(self) -> str:
        return self.filename
