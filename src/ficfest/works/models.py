from datetime import datetime
from typing import Any

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from ficfest.accounts.auth import AnyUser
from ficfest.accounts.models import CreatorMute, Pseud, User
from ficfest.lib.text import TextFormat
from ficfest.lib.urls import int_reverse
from ficfest.tags.models import Tag, TagMute, TagType
from ficfest.works import seams
from ficfest.works.counters import ReaderCounts

TITLE_MAX = 255
SUMMARY_MAX = 1250
NOTES_MAX = 5000
CHAPTER_TEXT_MAX = 510_000


class Rating(models.TextChoices):
    NOT_RATED = "not_rated", "Not Rated"
    GENERAL = "general", "General Audiences"
    TEEN = "teen", "Teen And Up Audiences"
    MATURE = "mature", "Mature"
    EXPLICIT = "explicit", "Explicit"


ADULT_RATINGS = {Rating.MATURE, Rating.EXPLICIT}


class ArchiveWarning(models.TextChoices):
    CHOSE_NOT_TO_WARN = (
        "Creator Chose Not To Use Archive Warnings",
        "Creator Chose Not To Use Archive Warnings",
    )
    VIOLENCE = "Graphic Depictions Of Violence", "Graphic Depictions Of Violence"
    MAJOR_CHARACTER_DEATH = "Major Character Death", "Major Character Death"
    NONE_APPLY = "No Archive Warnings Apply", "No Archive Warnings Apply"
    NON_CON = "Rape/Non-Con", "Rape/Non-Con"
    UNDERAGE = "Underage Sex", "Underage Sex"


class Category(models.TextChoices):
    FF = "F/F", "F/F"
    FM = "F/M", "F/M"
    GEN = "Gen", "Gen"
    MM = "M/M", "M/M"
    MULTI = "Multi", "Multi"
    OTHER = "Other", "Other"


class Language(models.TextChoices):
    EN = "en", "English"
    DE = "de", "Deutsch"
    ES = "es", "Español"
    FR = "fr", "Français"
    IT = "it", "Italiano"
    NL = "nl", "Nederlands"
    PL = "pl", "Polski"
    PT = "pt", "Português"
    RU = "ru", "Русский"
    FI = "fi", "Suomi"
    SV = "sv", "Svenska"
    TH = "th", "ไทย"
    ZH = "zh", "中文"
    JA = "ja", "日本語"
    KO = "ko", "한국어"


class Form(models.TextChoices):
    """What kind of thing a work is; communities set a size limit per form."""

    FIC = "fic", "Fic"
    META = "meta", "Meta"
    ART = "art", "Art"
    PICSPAM = "picspam", "Picspam"
    VID = "vid", "Vid"
    FANMIX = "fanmix", "Fanmix"


class SizeUnit(models.TextChoices):
    WORDS = "words", "words"
    IMAGES = "images", "images"
    SECONDS = "seconds", "seconds"
    TRACKS = "tracks", "tracks"


FORM_UNIT = {
    Form.FIC: SizeUnit.WORDS,
    Form.META: SizeUnit.WORDS,
    Form.ART: SizeUnit.IMAGES,
    Form.PICSPAM: SizeUnit.IMAGES,
    Form.VID: SizeUnit.SECONDS,
    Form.FANMIX: SizeUnit.TRACKS,
}


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    POSTED = "posted", "Posted"


class CommentPolicy(models.TextChoices):
    """Who may comment on a work (the social app reads it; it is the work's own setting)."""

    ALL = "all", "Anyone, guests included"
    USERS = "users", "Logged-in readers only"
    NONE = "none", "Nobody: comments are off"


class WorkQuerySet(models.QuerySet["Work"]):
    """The one place that decides who may see a work, and whether its creators may be named.

    Every surface (pages, listings, counts, feeds, masterlists, stats, downloads) starts from
    ``visible_to``: it hides drafts, works before their publication time, restricted works from
    logged-out readers and unrevealed works before their reveal, and it annotates
    ``creators_hidden`` for anonymous works before their reveal. It reads the works table alone:
    a work carries its own secrecy (``unrevealed``/``anonymous`` and until when), kept right by
    the communities that hold it. Creators, and whoever keeps the secret (a challenge's
    moderators, through ``seams``), see the truth.
    """

    _blurbs_prepared = False  # set by for_listing

    def visible_to(self, user: AnyUser) -> "WorkQuerySet":
        now = timezone.now()
        public = Q(status=Status.POSTED, published_at__lte=now)
        if not user.is_authenticated:
            visible, insider = self.filter(public, restricted=False), Q(pk__in=[])
        else:
            own = Q(poster=user) | Q(pk__in=_credited_work_ids(user))
            visible, insider = self.filter(public | own), own
            kept = seams.secret_kept_by(user, now)
            if kept is not None:
                insider |= Q(pk__in=kept)
        return visible.exclude(secret_now("unrevealed", now) & ~insider).annotate(
            creators_hidden=models.Case(
                models.When(secret_now("anonymous", now) & ~insider, then=True),
                default=False,
                output_field=models.BooleanField(),
            )
        )

    def named_creators(self) -> "WorkQuerySet":
        """After ``visible_to``: only works whose creators this viewer may know, for listings
        by creator (profiles, pseud pages, stats), where an anonymous work would name them."""
        return self.filter(**{"creators_hidden": False})  # an annotation mypy can't see

    def unmuted_for(self, user: AnyUser) -> "WorkQuerySet":
        """After ``visible_to``: without the works this reader muted, by a muted tag (with its
        synonyms and sub tags) or a muted creator. Works whose creators are hidden stay even
        when a muted creator made them: leaving them out would say who did."""
        if not user.is_authenticated:
            return self
        # A muted tag hides what it filters as now: a tag muted before a wrangler made it a
        # synonym goes on hiding its canonical's works (filter tags hold canonicals only).
        muted_tags = TagMute.objects.filter(user=user).values(
            filter_id=Coalesce("tag__merger_id", "tag_id")
        )
        by_tag = FilterTagging.objects.filter(tag_id__in=muted_tags).values("work_id")
        muted_users = CreatorMute.objects.filter(user=user).values("muted_id")
        by_creator = Creatorship.objects.filter(
            accepted=True, pseud__user_id__in=muted_users
        ).values("work_id")
        return self.exclude(pk__in=by_tag).exclude(
            Q(pk__in=by_creator) & Q(**{"creators_hidden": False})
        )

    def published(self) -> "WorkQuerySet":
        """Posted and past its publication time: what listings show, even to its creators."""
        return self.filter(status=Status.POSTED, published_at__lte=timezone.now())

    def by_user(self, user: User) -> "WorkQuerySet":
        return self.filter(pk__in=_credited_work_ids(user))

    def for_blurbs(self) -> "WorkQuerySet":
        """Load what a listing blurb shows in a fixed number of queries."""
        return self.prefetch_related(*BLURB_PREFETCHES)

    def for_listing(self) -> "WorkQuerySet":
        """``for_blurbs`` for a page that shows each work only as its blurb: when the works
        are read, each blurb's cache key is worked out from plain values, and tags and
        creators are loaded as objects only for the blurbs not cached yet (works/fragments.py).
        Still a fixed number of queries: three, or five when some blurbs are new."""
        clone = self.all()
        clone._blurbs_prepared = True
        return clone

    def _clone(self) -> "WorkQuerySet":  # private in Django, so unknown to the stubs
        clone: WorkQuerySet = super()._clone()  # type: ignore[misc]
        clone._blurbs_prepared = self._blurbs_prepared
        return clone

    def _fetch_all(self) -> None:
        fetched = self._result_cache is not None
        super()._fetch_all()
        if self._blurbs_prepared and not fetched:
            works = [w for w in self._result_cache or () if isinstance(w, Work)]
            if works:
                from ficfest.works.fragments import prepare_blurbs  # it reads these models

                prepare_blurbs(works)

    def newest(self) -> "WorkQuerySet":
        return self.order_by("-revised_at", "-pk")


def secret_now(kind: str, now: datetime) -> Q:
    """Works still ``unrevealed`` or ``anonymous`` at ``now`` (no date yet: until one is set)."""
    until = Q(**{f"{kind}_until__isnull": True}) | Q(**{f"{kind}_until__gt": now})
    return Q(**{kind: True}) & until


def _credited_work_ids(user: User) -> models.QuerySet[Any]:
    """Works on which one of this user's pseuds is credited (an accepted creatorship)."""
    return Creatorship.objects.filter(pseud__user=user, accepted=True).values("work_id")


class Work(ReaderCounts):
    title = models.CharField(max_length=TITLE_MAX)
    summary = models.TextField(blank=True, validators=[MaxLengthValidator(SUMMARY_MAX)])
    notes = models.TextField(
        "beginning notes", blank=True, validators=[MaxLengthValidator(NOTES_MAX)]
    )
    end_notes = models.TextField(blank=True, validators=[MaxLengthValidator(NOTES_MAX)])
    rating = models.CharField(max_length=12, choices=Rating.choices, default=Rating.NOT_RATED)
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.EN)
    complete = models.BooleanField(default=True)
    form = models.CharField(max_length=10, choices=Form.choices, default=Form.FIC)
    # Vids: a link or an uploaded file, and how long the vid runs.
    video_url = models.URLField(blank=True)
    video_file = models.FileField(upload_to="works/vids/%Y/%m/", blank=True)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    restricted = models.BooleanField(
        "only show to logged-in readers",
        default=False,
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    comment_policy = models.CharField(
        "who may comment", max_length=5, choices=CommentPolicy.choices, default=CommentPolicy.ALL
    )
    comments_moderated = models.BooleanField(
        "hold new comments until I approve them",
        default=False,
        help_text="Comments by others appear once you approve them.",
    )
    # For a posted work: when it becomes public. A future time is a scheduled work.
    published_at = models.DateTimeField(null=True, blank=True)
    # When a reader last saw something new: publication, or a chapter added since.
    revised_at = models.DateTimeField(null=True, blank=True)
    poster = models.ForeignKey(User, on_delete=models.CASCADE, related_name="posted_works")
    tags = models.ManyToManyField(Tag, blank=True, related_name="works")
    # What filters on this work match: each tag's canonical and the meta tags above it,
    # precomputed from ``tags`` and the wrangling (ficfest.works.filtertags keeps it right).
    filter_tags: "models.ManyToManyField[Tag, FilterTagging]" = models.ManyToManyField(
        Tag, through="FilterTagging", related_name="filtered_works", editable=False
    )
    word_count = models.PositiveIntegerField(default=0)
    chapter_count = models.PositiveIntegerField(default=0)
    # Secrecy, kept by the communities a work is posted to (as AO3 keeps ``unrevealed`` and
    # ``anonymous`` on each work), so the visibility rule never reads another app's tables.
    # An unrevealed work is hidden with its creators; an anonymous one shows without them.
    # Each lasts until its ``_until`` time; None means until a reveal time is set.
    unrevealed = models.BooleanField(default=False, editable=False)
    unrevealed_until = models.DateTimeField(null=True, blank=True, editable=False)
    anonymous = models.BooleanField(default=False, editable=False)
    anonymous_until = models.DateTimeField(null=True, blank=True, editable=False)
    # The new-work form's one-time key: a form sent twice finds the work it already made.
    submission_key = models.CharField(max_length=32, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WorkQuerySet.as_manager()

    class Meta:
        # Listings read the newest posted works: walking this index in order and stopping at a
        # page's worth beats sorting every visible work (SQLite has no statistics to know).
        indexes = [models.Index(fields=["status", "-revised_at", "-id"], name="work_listing_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["poster", "submission_key"],
                condition=~Q(submission_key=""),
                name="one_work_per_submission",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return int_reverse("work", self.pk)

    @property
    def is_published(self) -> bool:
        return (
            self.status == Status.POSTED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == Status.POSTED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def size(self) -> tuple[str, int]:
        """The measure a community's form limit applies to: (unit, amount)."""
        unit = FORM_UNIT[Form(self.form)]
        if unit == SizeUnit.WORDS:
            return (unit, self.word_count)
        if unit == SizeUnit.IMAGES:
            return (unit, self.images.count())
        if unit == SizeUnit.TRACKS:
            return (unit, self.tracks.count())
        return (unit, self.duration_seconds or 0)

    def tags_of(self, tag_type: str) -> list[Tag]:
        return [tag for tag in self.tags.all() if tag.type == tag_type]

    @property
    def fandoms(self) -> list[Tag]:
        return self.tags_of(TagType.FANDOM)

    @property
    def warnings(self) -> list[Tag]:
        return self.tags_of(TagType.WARNING)

    @property
    def categories(self) -> list[Tag]:
        return self.tags_of(TagType.CATEGORY)

    @property
    def relationships(self) -> list[Tag]:
        return self.tags_of(TagType.RELATIONSHIP)

    @property
    def characters(self) -> list[Tag]:
        return self.tags_of(TagType.CHARACTER)

    @property
    def freeforms(self) -> list[Tag]:
        return self.tags_of(TagType.FREEFORM)

    @property
    def is_adult(self) -> bool:
        """Works a reader is warned about before reading, as on AO3."""
        return self.rating in ADULT_RATINGS or any(
            tag.name == ArchiveWarning.CHOSE_NOT_TO_WARN for tag in self.warnings
        )

    @property
    def creators_are_hidden(self) -> bool:
        """From ``visible_to``'s annotation; a work loaded some other way is treated as a
        stranger would see it, so a forgotten annotation can hide a name but never leak one."""
        hidden: bool | None = getattr(self, "creators_hidden", None)
        if hidden is None:
            until = self.anonymous_until
            hidden = self.anonymous and (until is None or until > timezone.now())
        return hidden

    def credited_pseuds(self) -> list[Pseud]:
        credited: list[Any] | None = getattr(self, "credited", None)
        if credited is None:
            credited = list(self.creatorships.filter(accepted=True).select_related("pseud__user"))
        return [c.pseud for c in credited]

    def is_creator(self, user: AnyUser) -> bool:
        if not user.is_authenticated:
            return False
        # The credited pseuds are loaded already on every reading page (for_blurbs).
        return self.poster_id == user.pk or any(
            pseud.user_id == user.pk for pseud in self.credited_pseuds()
        )


class FilterTagging(models.Model):
    """One tag a filter may match this work by (see ``Work.filter_tags``)."""

    # No index of their own: each column leads one of the two indexes below, which answer
    # everything a single-column index would, and more of it from the index alone. At a
    # million works the two would be 200 MB that every filter refresh keeps up to date, and
    # PostgreSQL preferred them for exclusions, then read the table to check the tag.
    work = models.ForeignKey(
        Work, on_delete=models.CASCADE, related_name="filter_taggings", db_index=False
    )
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, related_name="filter_taggings", db_index=False
    )

    class Meta:
        # A work's filter tags (facet counts, exclusions: "does this work carry X?").
        constraints = [models.UniqueConstraint(fields=["work", "tag"], name="filter_tagging_once")]
        # A tag's works (an included tag), in work order so two tags intersect by merging.
        indexes = [models.Index(fields=["tag", "work"], name="filter_tagging_by_tag")]

    def __str__(self) -> str:
        return f"{self.work_id} filters as {self.tag_id}"


class Creatorship(models.Model):
    """A pseud credited on a work. An invited co-creator is credited once they accept."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="creatorships")
    pseud = models.ForeignKey(Pseud, on_delete=models.CASCADE, related_name="creatorships")
    accepted = models.BooleanField(default=False)
    invited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["work", "pseud"], name="one_creatorship_per_pseud")
        ]

    def __str__(self) -> str:
        state = "" if self.accepted else " (invited)"
        return f"{self.pseud} on {self.work}{state}"


# What a blurb shows besides the work's own row: its tags in name order and its credits.
BLURB_PREFETCHES = (
    models.Prefetch("tags", queryset=Tag.objects.order_by("name")),
    models.Prefetch(
        "creatorships",
        queryset=Creatorship.objects.filter(accepted=True).select_related("pseud__user"),
        to_attr="credited",
    ),
)


class Chapter(models.Model):
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="chapters")
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=TITLE_MAX, blank=True)
    summary = models.TextField(blank=True, validators=[MaxLengthValidator(SUMMARY_MAX)])
    notes = models.TextField(blank=True, validators=[MaxLengthValidator(NOTES_MAX)])
    end_notes = models.TextField(blank=True, validators=[MaxLengthValidator(NOTES_MAX)])
    # The text exactly as the creator gave it, and its sanitised rendering.
    text = models.TextField(validators=[MaxLengthValidator(CHAPTER_TEXT_MAX)])
    text_format = models.CharField(
        max_length=10, choices=TextFormat.choices, default=TextFormat.PLAIN
    )
    html = models.TextField(editable=False)
    word_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["work_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["work", "position"], name="chapter_position_unique")
        ]

    def __str__(self) -> str:
        return (
            f"Chapter {self.position}: {self.title}" if self.title else f"Chapter {self.position}"
        )

    def get_absolute_url(self) -> str:
        return int_reverse("chapter", self.work_id, self.position)


class Series(models.Model):
    title = models.CharField(max_length=TITLE_MAX)
    summary = models.TextField(blank=True, validators=[MaxLengthValidator(SUMMARY_MAX)])
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="series")
    complete = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "series"
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("series", args=[self.pk])


class SeriesWork(models.Model):
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="items")
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="series_items")
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["series_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["series", "work"], name="work_once_per_series"),
        ]

    def __str__(self) -> str:
        return f"Part {self.position} of {self.series}"


class WorkImage(models.Model):
    """An image of an art work or picspam, in order."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to="works/images/%Y/%m/")
    alt_text = models.CharField(max_length=500)
    caption = models.CharField(max_length=500, blank=True)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["work_id", "position"]

    def __str__(self) -> str:
        return f"Image {self.position} of {self.work}"


class FanmixTrack(models.Model):
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="tracks")
    position = models.PositiveIntegerField()
    artist = models.CharField(max_length=200)
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["work_id", "position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.artist} - {self.title}"
