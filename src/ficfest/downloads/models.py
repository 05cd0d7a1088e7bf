from django.db import models

from ficfest.accounts.models import User


class CatalogKey(models.Model):
    """A reader's personal e-reader catalog address. The address carries ``nonce`` and a
    signature of it made with the site's secret key: the table alone (a leaked backup) opens
    no catalog, and making a new nonce shuts the old address for good."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="catalog_key")
    nonce = models.CharField(max_length=32, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Catalog key of {self.user_id}"
