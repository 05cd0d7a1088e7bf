"""What readers say and keep: comments, kudos, announcements, the inbox, bookmarks,
subscriptions, reading history, reports. Social sits above every domain app and reads them;
none of them reads it (the work page shows kudos and comments through ``works.seams``)."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from ficfest.accounts.models import Pseud, User
from ficfest.communities.models import Community, Prompt
from ficfest.tags.models import Tag
from ficfest.works.models import Chapter, Series, Work

COMMENT_MAX = 10_000


class Announcement(models.Model):
    """News a community's moderators post (the stat post, the reveal, the new month)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(max_length=200)
    body = models.TextField(validators=[MaxLengthValidator(20_000)])
    html = models.TextField(editable=False)
    comments_enabled = models.BooleanField("allow comments", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("announcement", args=[self.pk])


class CommentStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    PENDING = "pending", "Awaiting approval"
    HIDDEN = "hidden", "Hidden by the creator"


class Comment(models.Model):
    """A comment on a work (or one of its chapters), an announcement or a prompt; a reply names
    its parent and the root of its thread, so a page of threads loads its replies in one query."""

    work = models.ForeignKey(
        Work, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    chapter = models.ForeignKey(
        Chapter, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    announcement = models.ForeignKey(
        Announcement, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    prompt = models.ForeignKey(
        Prompt, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    depth = models.PositiveIntegerField(default=0)
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pseud = models.ForeignKey(
        Pseud, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    guest_name = models.CharField(max_length=60, blank=True)
    guest_email = models.EmailField(blank=True)
    body = models.TextField(validators=[MaxLengthValidator(COMMENT_MAX)])
    html = models.TextField(editable=False)
    status = models.CharField(
        max_length=10, choices=CommentStatus.choices, default=CommentStatus.PUBLISHED
    )
    frozen = models.BooleanField(default=False)
    deleted = models.BooleanField(default=False)
    edited_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["work", "root", "created_at"], name="comment_threads"),
            models.Index(fields=["announcement", "root", "created_at"], name="comment_news"),
            models.Index(fields=["prompt", "root", "created_at"], name="comment_prompts"),
            models.Index(fields=["root", "created_at"], name="comment_replies"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(work__isnull=False, announcement__isnull=True, prompt__isnull=True)
                | Q(work__isnull=True, announcement__isnull=False, prompt__isnull=True)
                | Q(work__isnull=True, announcement__isnull=True, prompt__isnull=False),
                name="comment_on_one_thing",
            )
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("comment", args=[self.pk])

    @property
    def thread_root_id(self) -> int:
        return self.root_id or self.pk


class Kudo(models.Model):
    """Thanks for a work: once per logged-in reader, once per guest (session and address)."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # A guest's address, hashed with the site's key: the database keeps no addresses.
    guest_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["work", "user"], condition=Q(user__isnull=False), name="kudos_once"
            ),
            models.UniqueConstraint(
                fields=["work", "guest_key"],
                condition=Q(user__isnull=True),
                name="guest_kudos_once",
            ),
        ]

    def __str__(self) -> str:
        return f"Kudos on {self.work_id}"


class Digest(models.TextChoices):
    IMMEDIATELY = "now", "Immediately, one email each"
    DAILY = "daily", "Once a day, in one email"
    NEVER = "never", "Never: only the inbox"


class InboxSettings(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="+")
    email = models.CharField(
        "email me about new inbox items", max_length=5, choices=Digest.choices,
        default=Digest.DAILY,
    )  # fmt: skip
    last_digest_at = models.DateTimeField(null=True, blank=True, editable=False)

    def __str__(self) -> str:
        return f"{self.user}: {self.email}"


class NoticeKind(models.TextChoices):
    COMMENT = "comment", "Comment"
    REPLY = "reply", "Reply"
    ANNOUNCEMENT = "announcement", "Announcement"
    CHAPTER = "chapter", "New chapter"
    WORK = "work", "New work"
    GIFT = "gift", "Gift"


class Notification(models.Model):
    """One inbox item. Its text is written when it is made, with creators already hidden
    where they must be: an inbox never learns a secret later."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=14, choices=NoticeKind.choices)
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=300)
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="inbox")]

    def __str__(self) -> str:
        return self.text


class Bookmark(models.Model):
    """A work or an outside link a reader keeps, with their own notes and tags."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    work = models.ForeignKey(
        Work, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    url = models.URLField("link", max_length=500, blank=True)
    title = models.CharField(max_length=255, blank=True)
    notes = models.TextField(blank=True, validators=[MaxLengthValidator(5000)])
    tags = models.CharField("your tags", max_length=500, blank=True)
    private = models.BooleanField("only I can see this bookmark", default=False)
    rec = models.BooleanField("recommend it", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "work"], condition=Q(work__isnull=False), name="bookmark_once"
            )
        ]

    def __str__(self) -> str:
        return self.title or str(self.work_id)

    @property
    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]


class Subscription(models.Model):
    """What a reader wants to hear about: one of the targets is set."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    work = models.ForeignKey(
        Work, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    creator = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    prompt = models.ForeignKey(
        Prompt, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "work", "creator", "series", "community", "prompt", "tag"],
                name="subscribe_once",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"Subscription {self.pk}"


class Reading(models.Model):
    """A reader's history with a work, and whether they marked it for later."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="+")
    last_read_at = models.DateTimeField(null=True, blank=True)
    visits = models.PositiveIntegerField(default=0)
    later = models.BooleanField(default=False)

    class Meta:
        ordering = ["-last_read_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "work"], name="reading_once")]

    def __str__(self) -> str:
        return f"{self.user} read {self.work_id}"


class ReportStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Report(models.Model):
    """Abuse reported on a comment or a work, for the site's staff."""

    reporter = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    work = models.ForeignKey(
        Work, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(validators=[MaxLengthValidator(2000)])
    status = models.CharField(max_length=6, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Report {self.pk}"


class ModerationEntry(models.Model):
    """The audit log: what a creator or the staff did to a comment or a report, and when."""

    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=40)
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "moderation log"

    def __str__(self) -> str:
        return f"{self.actor} {self.action}"
