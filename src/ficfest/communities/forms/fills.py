"""The two steps of adding a work to a challenge, without JavaScript: pick the challenge
(a GET form), then its prompts or theme (a POST form built for that challenge)."""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.text import Truncator

from ficfest.accounts.models import User
from ficfest.communities.models import Challenge, Membership, Prompt, PromptQuerySet
from ficfest.communities.selectors import current_period
from ficfest.communities.services.fills import PROMPT_KINDS


def challenges_open_to(user: User) -> QuerySet[Challenge]:
    """Prompt challenges and memes of the communities this user may post to."""
    member_of = Membership.objects.active().filter(user=user).values("community_id")
    return (
        Challenge.objects.filter(kind__in=PROMPT_KINDS)
        .filter(Q(community__members_only_posting=False) | Q(community__in=member_of))
        .select_related("community")
        .order_by("community__name", "title")
    )


def prompts_open_for(challenge: Challenge) -> PromptQuerySet:
    """Released prompts a fill in this challenge may answer: those of its current period and,
    in an overflow community, any released prompt of the community it overflows."""
    period = current_period(challenge)
    mine = Q(period=period) if period else Q(pk__in=[])
    overflowed = challenge.community.overflow_of_id
    theirs = Q(period__challenge__community_id=overflowed) if overflowed else Q(pk__in=[])
    return (
        Prompt.objects.released()
        .filter(mine | theirs)
        .select_related("period__challenge__community")
        .order_by("-release_at", "pk")
    )


class ChallengeField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.community.name}: {obj.title}"


class ChallengeChoiceForm(forms.Form):
    challenge = ChallengeField(
        queryset=Challenge.objects.none(), label="Community challenge",
        empty_label="Choose a challenge",
        help_text="Challenges of the communities you may post to.",
    )  # fmt: skip

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["challenge"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = challenges_open_to(user)


class PromptChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, *, own_challenge: Challenge, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.own_challenge = own_challenge

    def label_from_instance(self, obj: Any) -> str:
        text = Truncator(obj.text).chars(150)
        if obj.period.challenge_id != self.own_challenge.pk:
            return f"{text} ({obj.period.challenge.community.name}, {obj.period.title})"
        return text


class FillForm(forms.Form):
    """Prompts of the chosen challenge, and its current theme when it has one."""

    def __init__(self, *args: Any, challenge: Challenge, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.challenge = challenge
        self.fields["prompts"] = PromptChoiceField(
            own_challenge=challenge, queryset=prompts_open_for(challenge), required=False,
            widget=forms.CheckboxSelectMultiple, label="Prompts",
            help_text="The released prompts you may fill now. Choose one or more.",
        )  # fmt: skip
        period = current_period(challenge)
        self.theme = period.current_theme() if period else ""
        if self.theme:
            self.fields["for_theme"] = forms.BooleanField(
                required=False, label=f"For the theme: {self.theme}"
            )

    def fill_choice(self) -> dict[str, Any]:
        """Keyword arguments for fill_create."""
        return {
            "challenge": self.challenge,
            "prompts": list(self.cleaned_data["prompts"]),
            "for_theme": bool(self.cleaned_data.get("for_theme")),
        }
