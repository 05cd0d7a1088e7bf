from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from ficfest.lib.dates import site_time_zone, validate_time_zone

PSEUD_NAME = RegexValidator(
    r"^[\w .\-]+$", "Pseud names may use letters, numbers, spaces, dots, dashes and underscores."
)


class User(AbstractUser):
    email = models.EmailField("email address", unique=True)
    show_adult_content = models.BooleanField(
        "Show me adult content without checking",
        default=False,
        help_text="Skip the adult-content notice on Mature and Explicit works.",
    )
    # Empty: the site's zone, so a reader who never chose follows the site if it changes.
    time_zone = models.CharField(
        "Show times in",
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text="Pages show every time in this zone, and name it.",
    )
    # Tag wranglers make tags canonical, merge synonyms and set parents (the tags app's pages).
    is_wrangler = models.BooleanField(
        "tag wrangler",
        default=False,
        help_text="May make tags canonical, merge synonyms, set parents and rename tags.",
    )

    @property
    def reader_time_zone(self) -> str:
        return self.time_zone or site_time_zone()

    def get_absolute_url(self) -> str:
        return reverse("user", args=[self.username])

    @property
    def default_pseud(self) -> "Pseud":
        return self.pseuds.get(is_default=True)


class Pseud(models.Model):
    """A name a user writes under; works are credited to pseuds, not to users."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="pseuds")
    name = models.CharField(max_length=40, validators=[PSEUD_NAME])
    description = models.TextField(blank=True, max_length=500)
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user_id", "-is_default", "name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "user", name="pseud_name_unique_per_user"),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(is_default=True),
                name="one_default_pseud_per_user",
            ),
        ]

    def __str__(self) -> str:
        if self.name.lower() == self.user.username.lower():
            return self.name
        return f"{self.name} ({self.user.username})"

    def get_absolute_url(self) -> str:
        return reverse("pseud", args=[self.user.username, self.name])


class CreatorMute(models.Model):
    """A creator a reader never wants to see: their named works leave every listing, count
    and feed for that reader. Works whose creators are hidden stay (muting them would tell)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="creator_mutes")
    muted = models.ForeignKey(User, on_delete=models.CASCADE, related_name="muted_by")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "muted"], name="mute_creator_once"),
            models.CheckConstraint(
                condition=~models.Q(user=models.F("muted")), name="mute_not_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} mutes {self.muted}"


class Block(models.Model):
    """A user who may no longer comment on, or give kudos to, this user's works."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks")
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocked_by")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "blocked"], name="block_once"),
            models.CheckConstraint(
                condition=~models.Q(user=models.F("blocked")), name="block_not_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} blocks {self.blocked}"
