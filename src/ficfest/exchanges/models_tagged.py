"""Tagged sign-ups and matching: the tag set and rules the moderators set on an exchange, the
tags of each sign-up's requests and offers, exclusions, and the matcher's proposed pairs.

Imported by ``ficfest.exchanges.models`` so Django finds them; other modules import them from
there.
"""

from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import models
from django.db.models import F, Q

from ficfest.communities.models import Challenge
from ficfest.tags.models import Tag, TagType

# The tag types an exchange asks about, in the order its forms show them.
SIGNUP_TYPES = [TagType.FANDOM, TagType.CHARACTER, TagType.RELATIONSHIP, TagType.FREEFORM]
COUNT_MAX = 50
REQUESTS_MAX = 5


class ExchangeRules(models.Model):
    """What the moderators decided for one exchange beyond its tag set: how many requests a
    sign-up makes, and whether two participants may write for each other."""

    challenge = models.OneToOneField(
        Challenge, on_delete=models.CASCADE, related_name="exchange_rules"
    )
    requests_min = models.PositiveSmallIntegerField(
        "requests at least", default=1, validators=[MaxValueValidator(REQUESTS_MAX)]
    )
    requests_max = models.PositiveSmallIntegerField(
        "requests at most", default=1, validators=[MaxValueValidator(REQUESTS_MAX)]
    )
    allow_mutual = models.BooleanField(
        "allow mutual pairs",
        default=True,
        help_text="Untick so nobody writes for the person who writes for them.",
    )

    def __str__(self) -> str:
        return f"Rules of {self.challenge}"


class ExchangeTagType(models.Model):
    """One tag type of an exchange: its tag set (empty: any canonical tag of the type), how
    many tags of it a request and an offer name, and how many a match must share."""

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="exchange_tag_types"
    )
    type = models.CharField(max_length=20, choices=[(t.value, t.label) for t in SIGNUP_TYPES])
    tags = models.ManyToManyField(Tag, blank=True, related_name="+")
    request_min = models.PositiveSmallIntegerField(default=0)
    request_max = models.PositiveSmallIntegerField(default=10)
    offer_min = models.PositiveSmallIntegerField(default=0)
    offer_max = models.PositiveSmallIntegerField(default=10)
    overlap = models.PositiveSmallIntegerField(default=0)
    # Characters, relationships and freeforms: the wrangling already says which belong to a
    # fandom, so the set can grow with the fandoms instead of being listed by hand.
    with_fandoms = models.BooleanField("also those wrangled under its fandoms", default=False)

    class Meta:
        ordering = ["challenge_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "type"], name="one_row_per_tag_type"),
            models.CheckConstraint(
                condition=Q(request_min__lte=F("request_max")) & Q(offer_min__lte=F("offer_max")),
                name="tag_type_min_not_above_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} in {self.challenge}"


class SignUpRequest(models.Model):
    """One request of a sign-up: tags per type (or "any" for a type) and a letter to the
    writer."""

    signup = models.ForeignKey(
        "exchanges.SignUp", on_delete=models.CASCADE, related_name="tagged_requests"
    )
    position = models.PositiveSmallIntegerField()
    tags = models.ManyToManyField(Tag, blank=True, related_name="+")
    any_types = models.JSONField(default=list, blank=True)
    letter = models.TextField(blank=True, validators=[MaxLengthValidator(10000)])

    class Meta:
        ordering = ["signup_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["signup", "position"], name="request_position_once")
        ]

    def __str__(self) -> str:
        return f"Request {self.position} of {self.signup_id}"


class SignUpOffer(models.Model):
    """What a sign-up offers to write: tags per type, "any" for a type, and the tags they
    won't write even then."""

    signup = models.OneToOneField(
        "exchanges.SignUp", on_delete=models.CASCADE, related_name="tagged_offer"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="+")
    any_types = models.JSONField(default=list, blank=True)
    wont_write_tags = models.ManyToManyField(Tag, blank=True, related_name="+")

    def __str__(self) -> str:
        return f"Offer of {self.signup_id}"


class MatchExclusion(models.Model):
    """Two participants the matcher never pairs, either way (say, partners who know each
    other's writing too well)."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="+")
    first = models.ForeignKey("exchanges.SignUp", on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey("exchanges.SignUp", on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="exclude_pair_once")
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ≠ {self.second_id}"


class ProposedMatch(models.Model):
    """A pair the matcher proposed (or a moderator made by swapping), kept between requests
    until the moderators send: a locked one survives a rerun."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="+")
    giver = models.ForeignKey("exchanges.SignUp", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey("exchanges.SignUp", on_delete=models.CASCADE, related_name="+")
    locked = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "giver"], name="propose_giver_once"),
            models.UniqueConstraint(
                fields=["challenge", "recipient"], name="propose_recipient_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.giver_id} → {self.recipient_id} (proposed)"


class MatchRun(models.Model):
    """The last run of the matcher on an exchange: whether it matched everyone, who it could
    not and why, and how long it took."""

    challenge = models.OneToOneField(Challenge, on_delete=models.CASCADE, related_name="+")
    ran_at = models.DateTimeField()
    complete = models.BooleanField(default=False)
    # [{"signup": id, "side": "giver"|"recipient", "reason": text}]
    unmatched = models.JSONField(default=list, blank=True)
    seconds = models.FloatField(default=0)

    def __str__(self) -> str:
        return f"Matching of {self.challenge_id}"
