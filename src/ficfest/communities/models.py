"""Communities and the challenges they run: periods, themes, polls, prompts, fills, claims,
form limits and points.

State that depends on time is derived when read (a prompt is released once ``release_at`` has
passed, a challenge is revealed once ``reveal_at`` has passed, a poll's winner is the theme once
it closes), so nothing is lost when no worker runs at that moment.
"""

from datetime import datetime

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from ficfest.accounts.models import Pseud, User
from ficfest.lib.dates import site_time_zone, validate_time_zone
from ficfest.tags.models import Tag
from ficfest.works.models import Form, Work

SLUG_HELP = "Letters, numbers and dashes; used in the community's address."


class MembershipMode(models.TextChoices):
    OPEN = "open", "Open: anyone can join"
    APPROVAL = "approval", "By approval: moderators approve each request"
    INVITATION = "invitation", "By invitation only"


class Community(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=60, unique=True, help_text=SLUG_HELP)
    description = models.TextField(blank=True, validators=[MaxLengthValidator(5000)])
    rules = models.TextField(blank=True, validators=[MaxLengthValidator(20000)])
    membership = models.CharField(
        max_length=10, choices=MembershipMode.choices, default=MembershipMode.OPEN
    )
    members_only_posting = models.BooleanField("only members may post", default=True)
    moderated = models.BooleanField(
        default=False, help_text="Fills wait in a queue until a moderator approves them."
    )
    # Every fill must carry these tags (e.g. the one pairing a community is for).
    required_tags = models.ManyToManyField(Tag, blank=True, related_name="+")
    # This community takes fills for any released prompt of that one, under its own limits.
    overflow_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="overflows"
    )
    # Its months, prompt releases and deadlines follow this zone; stored instants stay UTC.
    time_zone = models.CharField(
        max_length=64, default=site_time_zone, validators=[validate_time_zone],
        help_text="Month bounds, prompt releases and deadlines follow this zone.",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "communities"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community", args=[self.slug])


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    MODERATOR = "moderator", "Moderator"
    MEMBER = "member", "Member"


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", "Member"
    PENDING = "pending", "Asked to join"
    INVITED = "invited", "Invited"


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> "MembershipQuerySet":
        return self.filter(status=MembershipStatus.ACTIVE)

    def moderating(self) -> "MembershipQuerySet":
        return self.active().filter(role__in=[Role.OWNER, Role.MODERATOR])


class Membership(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The member's last look at the community's page (written at most every few minutes): what
    # was released after it is "new" to them. Empty: not since joining.
    last_seen_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["community_id", "role", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="one_membership_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.community} ({self.role}, {self.status})"

    @property
    def is_moderator(self) -> bool:
        return self.status == MembershipStatus.ACTIVE and self.role in {Role.OWNER, Role.MODERATOR}


CLAIM_LIMIT_MAX = 100
CLAIM_DAYS_MAX = 365
FORM_LIMIT_MAX = 1_000_000
WORDS_MAX = 10_000_000
POINTS_MAX = 100_000


class FormLimit(models.Model):
    """A form a community accepts, and its size limit (none: any size)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="form_limits")
    form = models.CharField(max_length=10, choices=Form.choices)
    limit = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(FORM_LIMIT_MAX)],
        help_text="Words, images, seconds or tracks, by form.",
    )  # fmt: skip

    class Meta:
        ordering = ["community_id", "form"]
        constraints = [
            models.UniqueConstraint(fields=["community", "form"], name="one_limit_per_form")
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_form_display()} ≤ {self.limit}" if self.limit else self.get_form_display()
        )


class ChallengeKind(models.TextChoices):
    PROMPTS = "prompts", "Prompt challenge: moderators post prompts on a schedule"
    MEME = "meme", "Prompt meme: members post prompts, anyone fills"
    FICATHON = "ficathon", "Ficathon: sign-ups and assignments"


class Anonymity(models.TextChoices):
    NONE = "none", "Creators shown"
    ANONYMOUS = "anonymous", "Anonymous until the reveal: works shown, creators hidden"
    UNREVEALED = "unrevealed", "Unrevealed until the reveal: works and creators hidden"


class Challenge(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="challenges")
    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=60, help_text=SLUG_HELP)
    kind = models.CharField(max_length=10, choices=ChallengeKind.choices)
    description = models.TextField(blank=True, validators=[MaxLengthValidator(5000)])
    anonymity = models.CharField(max_length=10, choices=Anonymity.choices, default=Anonymity.NONE)
    reveal_at = models.DateTimeField(
        null=True, blank=True, help_text="When anonymous or unrevealed works are revealed."
    )
    # The reveal itself is derived from reveal_at; this records that its notices went out.
    reveal_announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A second, later reveal of the creators' names (AO3 separates the two): unrevealed works
    # are shown at reveal_at and stay anonymous until then. Empty: names come at reveal_at.
    creators_reveal_at = models.DateTimeField(
        "creators revealed at", null=True, blank=True,
        help_text="Unrevealed challenges: when creators' names are shown, if later than the "
        "reveal. Leave empty to show them at the reveal.",
    )  # fmt: skip
    creators_reveal_announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Claims, for challenges that use them.
    claims_enabled = models.BooleanField(default=False)
    # Bounded so deadlines stay dates a calendar has (an unbounded number overflowed them).
    claim_limit = models.PositiveIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(CLAIM_LIMIT_MAX)],
        help_text="Open claims a member may hold.",
    )  # fmt: skip
    claim_days = models.PositiveIntegerField(
        default=14, validators=[MinValueValidator(1), MaxValueValidator(CLAIM_DAYS_MAX)],
        help_text="Days a claim lasts.",
    )  # fmt: skip
    reminder_days = models.PositiveIntegerField(
        default=2, validators=[MaxValueValidator(CLAIM_DAYS_MAX - 1)],
        help_text="Days before a claim's deadline that the claimer is reminded.",
    )  # fmt: skip
    # Prompt memes: members may post prompts anonymously.
    anonymous_prompts = models.BooleanField(default=True)
    # Ficathons: the sign-up window and the posting deadline.
    signups_open_at = models.DateTimeField(null=True, blank=True)
    signups_close_at = models.DateTimeField(null=True, blank=True)
    assignments_due_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["community_id", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["community", "slug"], name="challenge_slug_unique")
        ]

    def __str__(self) -> str:
        return f"{self.community}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("challenge", args=[self.community.slug, self.slug])

    @property
    def is_revealed(self) -> bool:
        """Whether everything is out: the works and their creators' names."""
        if self.anonymity == Anonymity.NONE:
            return True
        names_at = self.names_revealed_at
        return names_at is not None and names_at <= timezone.now()

    @property
    def names_revealed_at(self) -> datetime | None:
        """When creators' names are shown: the reveal, or the later creators' reveal."""
        if self.anonymity == Anonymity.UNREVEALED and self.creators_reveal_at is not None:
            return self.creators_reveal_at
        return self.reveal_at


class PeriodQuerySet(models.QuerySet["Period"]):
    def open_at(self, when: object = None) -> "PeriodQuerySet":
        now = when or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)


class Period(models.Model):
    """A stretch of a challenge (a month, a round) with its own prompts and theme."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="periods")
    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=60, help_text=SLUG_HELP)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    # Set by moderators directly, or left empty for the period's poll to decide.
    theme = models.CharField(max_length=200, blank=True)
    # Prompt memes: members post prompts until then; afterwards the period is fill-only.
    prompts_close_at = models.DateTimeField(null=True, blank=True)
    # When a moderator marked the period's stat post as published (posted where the community
    # announces); until then a period that is over waits for it in the moderators' box.
    stats_published_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ["challenge_id", "opens_at"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "slug"], name="period_slug_unique"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="period_closes_after_open"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("period", args=[self.challenge.community.slug, self.challenge.slug,
                                       self.slug])  # fmt: skip

    @property
    def is_open(self) -> bool:
        return self.opens_at <= timezone.now() < self.closes_at

    def current_theme(self) -> str:
        """The theme set by the moderators, else the winner of the period's closed poll."""
        if self.theme:
            return self.theme
        poll = self.poll_or_none()
        winner = poll.winner() if poll else None
        return winner.text if winner else ""

    def poll_or_none(self) -> "Poll | None":
        """The period's theme poll, from ``select_related("poll")`` when the caller loaded it."""
        try:
            return self.poll
        except Poll.DoesNotExist:
            return None


class Poll(models.Model):
    """Members vote on a period's theme; the winner becomes the theme when the poll closes."""

    period = models.OneToOneField(Period, on_delete=models.CASCADE, related_name="poll")
    question = models.CharField(max_length=200, default="Which theme should we have?")
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="poll_closes_after_open"
            ),
        ]

    def __str__(self) -> str:
        return f"Poll for {self.period}"

    @property
    def is_open(self) -> bool:
        return self.opens_at <= timezone.now() < self.closes_at

    @property
    def is_closed(self) -> bool:
        return timezone.now() >= self.closes_at

    def tally(self) -> models.QuerySet["PollOption"]:
        # Ties go to the option proposed first: stable, and documented in docs/communities.md.
        return self.options.annotate(vote_count=Count("votes")).order_by("-vote_count", "pk")

    def winner(self) -> "PollOption | None":
        if not self.is_closed:
            return None
        top = self.tally().first()
        count: int = getattr(top, "vote_count", 0)
        return top if count > 0 else None


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(max_length=200)

    class Meta:
        ordering = ["poll_id", "pk"]

    def __str__(self) -> str:
        return self.text


class Vote(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "user"], name="one_vote_per_user")]

    def __str__(self) -> str:
        return f"{self.user} for {self.option}"


class PromptQuerySet(models.QuerySet["Prompt"]):
    def released(self) -> "PromptQuerySet":
        return self.filter(release_at__lte=timezone.now())


class Prompt(models.Model):
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="prompts")
    text = models.TextField(validators=[MaxLengthValidator(2000)])
    tags = models.ManyToManyField(Tag, blank=True, related_name="prompts")
    # Moderators' prompts come out in batches at scheduled times; members' at once.
    release_at = models.DateTimeField()
    posted_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    anonymous = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PromptQuerySet.as_manager()

    class Meta:
        ordering = ["period_id", "release_at", "pk"]
        indexes = [models.Index(fields=["period", "release_at"])]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return reverse("prompt", args=[self.period.challenge.community.slug, self.pk])

    @property
    def is_released(self) -> bool:
        return self.release_at <= timezone.now()

    @property
    def community(self) -> Community:
        return self.period.challenge.community


class FillStatus(models.TextChoices):
    APPROVED = "approved", "Approved"
    PENDING = "pending", "Waiting for a moderator"
    REMOVED = "removed", "Removed by a moderator"
    # Kept, not deleted: a work posted anonymously stays anonymous until the reveal.
    WITHDRAWN = "withdrawn", "Taken out by its creator"


class FillQuerySet(models.QuerySet["Fill"]):
    def live(self) -> "FillQuerySet":
        """In the challenge now: approved, or waiting for a moderator."""
        return self.filter(status__in=[FillStatus.APPROVED, FillStatus.PENDING])


class Fill(models.Model):
    """A work posted to a community's challenge, answering prompts or the period's theme."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="fills")
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="fills")
    period = models.ForeignKey(
        Period, null=True, blank=True, on_delete=models.SET_NULL, related_name="fills"
    )
    prompts = models.ManyToManyField(Prompt, blank=True, related_name="fills")
    for_theme = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=FillStatus.choices,
                              default=FillStatus.APPROVED)  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FillQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["work", "challenge"], name="work_once_per_challenge")
        ]

    def __str__(self) -> str:
        return f"{self.work} in {self.challenge}"


class ClaimStatus(models.TextChoices):
    OPEN = "open", "Claimed"
    # The claimer posted a fill that waits in a moderated community's queue: the prompt stays
    # taken (the deadline no longer matters) until a moderator approves or removes the fill.
    AWAITING = "awaiting", "Fill awaiting approval"
    FILLED = "filled", "Filled"
    RELEASED = "released", "Unclaimed"


class Claim(models.Model):
    """A member's promise to fill a prompt by a deadline. Expired = open past its deadline."""

    prompt = models.ForeignKey(Prompt, on_delete=models.CASCADE, related_name="claims")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="claims")
    pseud = models.ForeignKey(Pseud, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=ClaimStatus.choices,
                              default=ClaimStatus.OPEN)  # fmt: skip
    claimed_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["prompt", "user"], condition=Q(status="open"), name="one_open_claim"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} claims {self.prompt}"

    @property
    def is_expired(self) -> bool:
        return self.status == ClaimStatus.OPEN and self.due_at <= timezone.now()


class PointRule(models.Model):
    """Points a fill earns: by form (empty: any form) and by word bracket (fic and meta)."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="point_rules")
    form = models.CharField(max_length=10, choices=Form.choices, blank=True)
    min_words = models.PositiveIntegerField(default=0, validators=[MaxValueValidator(WORDS_MAX)])
    max_words = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(WORDS_MAX)]
    )
    points = models.IntegerField(
        validators=[MinValueValidator(-POINTS_MAX), MaxValueValidator(POINTS_MAX)]
    )
    label = models.CharField(max_length=100, blank=True,
                             help_text="How the stats post names it, e.g. “drabble”.")  # fmt: skip

    class Meta:
        ordering = ["challenge_id", "form", "min_words"]

    def __str__(self) -> str:
        form = self.get_form_display() or "Any form"
        return f"{form} {self.min_words}–{self.max_words or '∞'} words: {self.points}"
