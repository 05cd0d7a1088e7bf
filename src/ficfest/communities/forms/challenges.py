"""Forms for challenges, periods, the monthly schedule, polls, prompts and claims. They parse
and check what a person typed; the services check the rules again and do the writes."""

import calendar
from collections import Counter
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import pluralize
from django.utils import timezone

from ficfest.communities.models import Challenge, Period, Poll, PollOption
from ficfest.communities.services.challenges import DEFAULT_RELEASE_DAYS, YEARS
from ficfest.communities.services.polls import OPTION_MAX, poll_options_parse
from ficfest.communities.services.prompts import PROMPT_MAX, prompt_lines
from ficfest.lib.dates import local_today, next_month
from ficfest.lib.timefields import ZonedDateTimeField, ZonedForm
from ficfest.tags.models import TagType
from ficfest.works.forms import TagField

BATCH_SLOTS = 5


def when_field(label: str, *, required: bool = True, help_text: str = "") -> Any:
    """A date and time typed in the community's zone; ZonedForm names the zone by it."""
    return ZonedDateTimeField(label=label, required=required, help_text=help_text)


class ChallengeForm(ZonedForm, forms.ModelForm):
    # Rendered as fieldsets, in this order.
    groups = [
        ("The challenge", ["title", "slug", "kind", "description"]),
        ("Anonymity", ["anonymity", "reveal_at", "creators_reveal_at"]),
        ("Claims", ["claims_enabled", "claim_limit", "claim_days", "reminder_days"]),
        ("Prompt memes", ["anonymous_prompts"]),
        ("Ficathons", ["signups_open_at", "signups_close_at", "assignments_due_at"]),
    ]
    reveal_at = when_field(
        "Reveal at", required=False,
        help_text="When anonymous or unrevealed works are revealed.",
    )  # fmt: skip
    creators_reveal_at = when_field(
        "Reveal creators at", required=False,
        help_text="Unrevealed challenges only: show the works at the reveal but keep their "
        "creators anonymous until this later time. Leave empty to reveal both together.",
    )  # fmt: skip
    signups_open_at = when_field("Sign-ups open", required=False)
    signups_close_at = when_field("Sign-ups close", required=False)
    assignments_due_at = when_field("Works due", required=False)

    class Meta:
        model = Challenge
        fields = ["title", "slug", "kind", "description", "anonymity", "reveal_at",
                  "creators_reveal_at", "claims_enabled", "claim_limit", "claim_days",
                  "reminder_days", "anonymous_prompts", "signups_open_at", "signups_close_at",
                  "assignments_due_at"]  # fmt: skip
        labels = {
            "slug": "Address",
            "claims_enabled": "Members claim prompts before filling them",
            "claim_limit": "Open claims a member may hold",
            "claim_days": "Days a claim lasts",
            "reminder_days": "Remind the claimer this many days before the deadline",
            "anonymous_prompts": "Members may post prompts anonymously",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def settings(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PeriodForm(ZonedForm, forms.Form):
    title = forms.CharField(max_length=150, help_text="E.g. “March 2025” or “Round 3”.")
    slug = forms.SlugField(max_length=60, label="Address",
                           help_text="Letters, numbers and dashes, e.g. 2025-03.")  # fmt: skip
    opens_at = when_field("Opens at")
    closes_at = when_field("Closes at")
    theme = forms.CharField(
        max_length=200, required=False,
        help_text="Leave empty while a poll decides it; a theme set here wins over the poll.",
    )  # fmt: skip
    prompts_close_at = when_field(
        "Prompts close at (prompt memes)", required=False,
        help_text="After this the period is fill-only: no new prompts, fills still welcome.",
    )  # fmt: skip

    @classmethod
    def for_period(cls, data: Any, period: Period) -> "PeriodForm":
        fields = ["title", "slug", "opens_at", "closes_at", "theme", "prompts_close_at"]
        return cls(data, initial={name: getattr(period, name) for name in fields},
                   time_zone=period.challenge.community.time_zone)  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "A period must close after it opens.")
        return data


def _next_month(time_zone: str) -> tuple[int, int]:
    """The month after the one it is now in the community's zone."""
    today = local_today(timezone.now(), time_zone)
    return next_month(today.year, today.month)


class ScheduleMonthForm(ZonedForm, forms.Form):
    """A month of a challenge: its period, prompt batches and an optional theme poll."""

    year = forms.IntegerField(min_value=YEARS[0], max_value=YEARS[-1])
    month = forms.TypedChoiceField(
        coerce=int, choices=[(n, calendar.month_name[n]) for n in range(1, 13)],
        error_messages={"invalid_choice": "Choose a month from January to December."},
    )  # fmt: skip
    poll_options = forms.CharField(
        label="Theme poll options", required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One theme per line. Leave empty for no poll. On a tie, the option listed "
        "first wins.",
    )  # fmt: skip
    poll_opens_at = when_field("Poll opens at", required=False,
                               help_text="Leave empty to open it now.")  # fmt: skip
    poll_closes_at = when_field(
        "Poll closes at", required=False,
        help_text="E.g. before the month begins; the winner becomes the theme then.",
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year, month = _next_month(self.time_zone)
        self.fields["year"].initial = year
        self.fields["month"].initial = month
        defaults = list(DEFAULT_RELEASE_DAYS) + [None] * BATCH_SLOTS
        for slot in range(1, BATCH_SLOTS + 1):
            self.fields[f"batch_{slot}_day"] = forms.IntegerField(
                label=f"Batch {slot}: release day", required=False, min_value=1, max_value=31,
                initial=defaults[slot - 1],
                help_text=f"Day of the month, released at 00:00 {self.time_zone}. Clear it to "
                "skip the batch.",
            )  # fmt: skip
            self.fields[f"batch_{slot}_prompts"] = forms.CharField(
                label=f"Batch {slot}: prompts", required=False,
                widget=forms.Textarea(attrs={"rows": 5}), help_text="One prompt per line.",
            )  # fmt: skip

    def copy_schedule(self, previous: Period) -> None:
        """Start from ``previous``: the month after it, its release days, each batch's size
        said by its field, and its poll's closing time relative to the month. The prompts'
        texts and the poll's options are new each month, so they are left empty."""
        zone = ZoneInfo(self.time_zone)
        begun = previous.opens_at.astimezone(zone)
        year, month = max(next_month(begun.year, begun.month), _next_month(self.time_zone))
        self.initial.update(year=year, month=month)
        sizes = Counter(p.release_at.astimezone(zone).day for p in previous.prompts.all())
        days = sorted(sizes)[:BATCH_SLOTS]
        for slot in range(1, BATCH_SLOTS + 1):
            day = days[slot - 1] if slot <= len(days) else None
            self.initial[f"batch_{slot}_day"] = day
            if day is not None:
                self.fields[f"batch_{slot}_prompts"].help_text = (
                    f"One prompt per line. Last time: {sizes[day]} prompt"
                    f"{pluralize(sizes[day])} on day {day}."
                )
        poll = Poll.objects.filter(period=previous).first()
        if poll is not None:
            opens = datetime(year, month, 1, tzinfo=zone)
            self.initial["poll_closes_at"] = opens + (poll.closes_at - previous.opens_at)

    def slots(self) -> list[tuple[Any, Any]]:
        """(day field, prompts field) per batch, for the template."""
        return [(self[f"batch_{n}_day"], self[f"batch_{n}_prompts"])
                for n in range(1, BATCH_SLOTS + 1)]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._clean_batches(data)
        self._clean_poll(data)
        return data

    def _clean_batches(self, data: dict[str, Any]) -> None:
        year, month = data.get("year"), data.get("month")
        last = calendar.monthrange(year, month)[1] if year and month else 31
        seen: set[int] = set()
        for slot in range(1, BATCH_SLOTS + 1):
            day = data.get(f"batch_{slot}_day")
            texts = prompt_lines(data.get(f"batch_{slot}_prompts") or "")
            if day is None and texts:
                self.add_error(f"batch_{slot}_day", "Give this batch a release day.")
            elif day is not None and not texts:
                self.add_error(f"batch_{slot}_prompts", "Add this batch's prompts, one per "
                               "line, or clear its release day to skip it.")  # fmt: skip
            elif day is not None and day > last:
                self.add_error(f"batch_{slot}_day", f"That month has only {last} days.")
            elif day is not None and day in seen:
                self.add_error(f"batch_{slot}_day", "Another batch is released that day.")
            if any(len(text) > PROMPT_MAX for text in texts):
                self.add_error(f"batch_{slot}_prompts",
                               f"Prompts can be at most {PROMPT_MAX} characters each.")  # fmt: skip
            if day is not None:
                seen.add(day)

    def _clean_poll(self, data: dict[str, Any]) -> None:
        options = poll_options_parse(data.get("poll_options") or "")
        data["poll_options"] = options
        if not options:
            return
        if len(options) < 2:
            self.add_error("poll_options", "A poll needs at least two options, one per line.")
        if any(len(option) > OPTION_MAX for option in options):
            self.add_error("poll_options", f"Options can be at most {OPTION_MAX} characters.")
        if data.get("poll_closes_at") is None and "poll_closes_at" not in self.errors:
            self.add_error("poll_closes_at", "Say when the poll closes.")

    def batches(self) -> tuple[list[int], list[list[str]]]:
        """The release days and the prompts of the batches in use."""
        days, batches = [], []
        for slot in range(1, BATCH_SLOTS + 1):
            day = self.cleaned_data.get(f"batch_{slot}_day")
            if day is not None:
                days.append(day)
                batches.append(prompt_lines(self.cleaned_data[f"batch_{slot}_prompts"]))
        return days, batches


class PollCreateForm(ZonedForm, forms.Form):
    question = forms.CharField(max_length=200, initial="Which theme should we have?")
    poll_options = forms.CharField(
        label="Options", widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One per line. On a tie, the option listed first wins.",
    )  # fmt: skip
    poll_opens_at = when_field("Opens at", required=False,
                               help_text="Leave empty to open it now.")  # fmt: skip
    poll_closes_at = when_field("Closes at")

    def clean_poll_options(self) -> list[str]:
        options = poll_options_parse(self.cleaned_data["poll_options"])
        if len(options) < 2:
            raise ValidationError("A poll needs at least two options, one per line.")
        return options

    def opens_at(self) -> datetime:
        when: datetime | None = self.cleaned_data.get("poll_opens_at")
        return when or timezone.now()


class PollOptionForm(forms.Form):
    text = forms.CharField(label="New option", max_length=OPTION_MAX)


class VoteForm(forms.Form):
    option = forms.ModelChoiceField(
        queryset=PollOption.objects.none(), widget=forms.RadioSelect, empty_label=None,
        label="Your vote", error_messages={"required": "Choose an option to vote for."},
    )  # fmt: skip

    def __init__(self, *args: Any, poll: Poll, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["option"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = poll.options.all()


class PromptBatchForm(ZonedForm, forms.Form):
    prompts = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}), help_text="One prompt per line.",
        error_messages={"required": "Add at least one prompt, one per line."},
    )  # fmt: skip
    release_at = when_field("Release at", help_text="Nobody but moderators sees them before then.")
    tags = TagField(
        label="Tags (optional)",
        tag_type=TagType.FREEFORM,
        help_text="Separate tags with commas; every prompt of the batch gets them.",
    )

    def clean_prompts(self) -> list[str]:
        texts = prompt_lines(self.cleaned_data["prompts"])
        if not texts:
            raise ValidationError("Add at least one prompt, one per line.")
        if any(len(text) > PROMPT_MAX for text in texts):
            raise ValidationError(f"Prompts can be at most {PROMPT_MAX} characters each.")
        return texts


class PromptForm(forms.Form):
    text = forms.CharField(label="Prompt", max_length=PROMPT_MAX,
                           widget=forms.Textarea(attrs={"rows": 5}))  # fmt: skip
    tags = TagField(label="Tags (optional)", tag_type=TagType.FREEFORM)
    anonymous = forms.BooleanField(
        required=False, label="Post anonymously",
        help_text="Your name is never shown with this prompt, except to the moderators.",
    )  # fmt: skip

    def __init__(self, *args: Any, challenge: Challenge, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not challenge.anonymous_prompts:
            del self.fields["anonymous"]

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError("Write the prompt.")
        return text
