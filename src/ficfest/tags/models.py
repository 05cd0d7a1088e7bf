from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from ficfest.lib.urls import int_reverse

TAG_NAME_MAX = 150


class TagType(models.TextChoices):
    """Typed tags as readers filter by them (the order is the order shown on a work)."""

    WARNING = "warning", "Archive Warning"
    CATEGORY = "category", "Category"
    FANDOM = "fandom", "Fandom"
    RELATIONSHIP = "relationship", "Relationship"
    CHARACTER = "character", "Character"
    FREEFORM = "freeform", "Additional Tags"


# Types whose tags are fixed choices on the work form: always canonical, never wrangled.
FIXED_TYPES = {TagType.WARNING, TagType.CATEGORY}


class TagQuerySet(models.QuerySet["Tag"]):
    def of_type(self, tag_type: str) -> "TagQuerySet":
        return self.filter(type=tag_type)

    def unwrangled(self) -> "TagQuerySet":
        """Tags no wrangler has placed yet: not canonical, no synonym's canonical, no parent."""
        return self.filter(canonical=False, merger__isnull=True, parents__isnull=True).exclude(
            type__in=FIXED_TYPES
        )


class Tag(models.Model):
    name = models.CharField(max_length=TAG_NAME_MAX)
    type = models.CharField(max_length=20, choices=TagType.choices)
    # Wrangling. A canonical tag is the one name filters and counts use; a synonym points at
    # its canonical (``merger``) and filters as it. Parent links between tags of one type make
    # meta tags (a filter on the meta tag includes its sub tags); across types they say where a
    # tag belongs (a fandom's characters, a relationship's characters) and do not filter.
    canonical = models.BooleanField(default=False)
    merger = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="synonyms",
        verbose_name="synonym of",
    )
    parents = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="children")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "type", name="tag_name_unique_per_type"),
        ]
        indexes = [models.Index(fields=["type", "name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return int_reverse("tag", self.pk)  # a listing links hundreds of tags

    @property
    def filter_tag(self) -> "Tag":
        """The tag a filter on this one means: its canonical for a synonym, else itself."""
        return self.merger if self.merger_id and self.merger else self


class TagMute(models.Model):
    """A tag a reader never wants to see: works carrying it (or its synonyms and sub tags)
    leave every listing, count and feed for that reader."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tag_mutes"
    )
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="mutes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "tag"], name="mute_tag_once")]

    def __str__(self) -> str:
        return f"{self.user} mutes {self.tag}"
