from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

TAG_NAME_MAX = 150


class TagType(models.TextChoices):
    """Typed tags as readers filter by them (the order is the order shown on a work)."""

    WARNING = "warning", "Archive Warning"
    CATEGORY = "category", "Category"
    FANDOM = "fandom", "Fandom"
    RELATIONSHIP = "relationship", "Relationship"
    CHARACTER = "character", "Character"
    FREEFORM = "freeform", "Additional Tags"


class TagQuerySet(models.QuerySet["Tag"]):
    def of_type(self, tag_type: str) -> "TagQuerySet":
        return self.filter(type=tag_type)


class Tag(models.Model):
    name = models.CharField(max_length=TAG_NAME_MAX)
    type = models.CharField(max_length=20, choices=TagType.choices)
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
        return reverse("tag", args=[self.pk])
