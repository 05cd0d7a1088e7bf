"""Masterlists, the creators' masterlist, stats with points, and their cross-posting exports.

Pages show what the viewer may see (moderators see the truth); exports and stat posts are
public artefacts and are always built for a logged-out reader, whoever asks for them.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from ficfest.accounts.auth import current_user
from ficfest.communities.masterlists import (
    EXPORT_FORMATS,
    STATS_FORMATS,
    build_creators,
    build_masterlist,
    render_masterlist,
    render_stats,
)
from ficfest.communities.models import (
    POINTS_MAX,
    WORDS_MAX,
    Challenge,
    Community,
    Period,
    PointRule,
)
from ficfest.communities.permissions import is_moderator, require_moderator
from ficfest.communities.seams import masterlist_sections
from ficfest.communities.selectors import get_period
from ficfest.communities.services.points import (
    is_wordy,
    period_stats,
    point_rule_add,
    point_rule_remove,
    stat_post_mark,
)
from ficfest.works.models import Form

FORMAT_LABELS = {"html": "HTML", "md": "Markdown", "dw": "Dreamwidth / LiveJournal"}
POINTS_LIMIT = POINTS_MAX
WORDS_LIMIT = WORDS_MAX


def _args(period: Period) -> list[str]:
    return [period.challenge.community.slug, period.challenge.slug, period.slug]


def _exports(
    period: Period, formats: tuple[str, ...], name: str, text: Callable[[str], str]
) -> list[dict[str, str]]:
    return [
        {
            "fmt": fmt,
            "label": FORMAT_LABELS[fmt],
            "text": text(fmt),
            "url": reverse(name, args=[*_args(period), fmt]),
            "filename": f"{'-'.join(_args(period))}-{name.split('_')[0]}.{EXPORT_FORMATS[fmt][1]}",
        }
        for fmt in formats
    ]


def masterlist(request: HttpRequest, slug: str, challenge: str, period: str) -> HttpResponse:
    the_period = get_period(slug, challenge, period)
    shown = build_masterlist(the_period, request.user)
    public = (
        build_masterlist(the_period, AnonymousUser()) if request.user.is_authenticated else shown
    )
    context = {
        "masterlist": shown,
        "period": the_period,
        "community": the_period.challenge.community,
        "is_moderator": is_moderator(request.user, the_period.challenge.community),
        "sections": masterlist_sections(request, the_period),
        "exports": _exports(
            the_period, tuple(EXPORT_FORMATS), "masterlist_export",
            lambda fmt: render_masterlist(public, fmt),
        ),
    }  # fmt: skip
    return render(request, "communities/masterlist_period.html", context)


def _download(request: HttpRequest, content: str, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=EXPORT_FORMATS[fmt][0])
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def masterlist_export(
    request: HttpRequest, slug: str, challenge: str, period: str, fmt: str
) -> HttpResponse:
    def content(found: Period) -> str:
        return render_masterlist(build_masterlist(found, AnonymousUser()), fmt)

    return _export(request, (slug, challenge, period), fmt, "masterlist", content)


def _export(request: HttpRequest, where: tuple[str, str, str], fmt: str, kind: str,
            content: Callable[[Period], str]) -> HttpResponse:  # fmt: skip
    """A period's masterlist or stats as the public sees them, in one export format."""
    formats = STATS_FORMATS if kind == "stats" else EXPORT_FORMATS
    if fmt not in formats:
        raise Http404("No such export format.")
    found = get_period(*where)
    filename = "-".join(where) + f"-{kind}.{EXPORT_FORMATS[fmt][1]}"
    return _download(request, content(found), fmt, filename)


def community_creators(request: HttpRequest, slug: str) -> HttpResponse:
    community = get_object_or_404(Community, slug=slug)
    creators = build_creators(community, request.user)
    context = {
        "community": community,
        "creators": creators,
        "is_moderator": is_moderator(request.user, community),
    }
    return render(request, "communities/creators_list.html", context)


# Stats and points


class PointRuleForm(forms.ModelForm):
    form = forms.ChoiceField(
        choices=[("", "Any form"), *Form.choices], required=False,
        help_text="“Any form” fits every fill that no rule for its own form fits.",
    )  # fmt: skip
    min_words = forms.IntegerField(
        label="From words", required=False, min_value=0, max_value=WORDS_LIMIT,
        help_text="Fic and meta only: where the word bracket starts (empty: 0).",
    )  # fmt: skip
    max_words = forms.IntegerField(
        label="To words", required=False, min_value=0, max_value=WORDS_LIMIT,
        help_text="Fic and meta only; empty for no upper bound.",
    )  # fmt: skip
    points = forms.IntegerField(min_value=-POINTS_LIMIT, max_value=POINTS_LIMIT)

    class Meta:
        model = PointRule
        fields = ["form", "min_words", "max_words", "points", "label"]
        labels = {"label": "Name"}
        help_texts = {
            "label": "What the stat post calls such a fill, e.g. “drabble”. Optional.",
        }

    def __init__(self, *args: Any, challenge: Challenge, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.challenge = challenge

    def clean_min_words(self) -> int:
        return self.cleaned_data.get("min_words") or 0

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        form, low, high = data.get("form"), data.get("min_words"), data.get("max_words")
        if low is not None and high is not None and low > high:
            self.add_error("max_words", "“To words” must be at least “From words”.")
        elif form and not is_wordy(form) and (low or high is not None):
            self.add_error("min_words", "Only fic and meta have word counts: leave the words "
                           f"empty for {Form(form).label.lower()}.")  # fmt: skip
        elif low is not None and self._duplicate(form or "", low, high):
            self.add_error(None, "A rule for that form and word bracket already exists: "
                           "remove it first.")  # fmt: skip
        return data

    def _duplicate(self, form: str, low: int, high: int | None) -> bool:
        rules = PointRule.objects.filter(challenge=self.challenge, form=form, min_words=low)
        same_top = {"max_words": high} if high is not None else {"max_words__isnull": True}
        return rules.filter(**same_top).exists()


def _stats_context(request: HttpRequest, period: Period, form: PointRuleForm) -> dict[str, Any]:
    public = period_stats(period, AnonymousUser())
    return {
        "stats": period_stats(period, request.user),
        "period": period,
        "community": period.challenge.community,
        "is_moderator": is_moderator(request.user, period.challenge.community),
        "rule_form": form,
        "is_over": period.closes_at <= timezone.now(),
        "exports": _exports(
            period, STATS_FORMATS, "stats_export", lambda fmt: render_stats(public, fmt)
        ),
    }


def _stats_post(request: HttpRequest, period: Period) -> PointRuleForm | None:
    """A moderator adds or removes a point rule; returns the form again when it has errors."""
    require_moderator(request.user, period.challenge.community)
    if "published" in request.POST:
        published = request.POST["published"] == "yes"
        try:
            stat_post_mark(period=period, by=current_user(request), published=published)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Stat post marked as published." if published
                             else "Stat post marked as not published yet.")  # fmt: skip
        return None
    if "remove" in request.POST:
        rule = get_object_or_404(PointRule, pk=request.POST["remove"], challenge=period.challenge)
        point_rule_remove(rule=rule)
        messages.success(request, f"Point rule removed: {rule}.")
        return None
    form = PointRuleForm(request.POST, challenge=period.challenge)
    if not form.is_valid():
        return form
    point_rule_add(challenge=period.challenge, **form.cleaned_data)
    messages.success(request, "Point rule added.")
    return None


def stats(request: HttpRequest, slug: str, challenge: str, period: str) -> HttpResponse:
    the_period = get_period(slug, challenge, period)
    form = PointRuleForm(challenge=the_period.challenge)
    if request.method == "POST":
        invalid = _stats_post(request, the_period)
        if invalid is None:
            return redirect("stats", *_args(the_period))
        form = invalid
    context = _stats_context(request, the_period, form)
    return render(request, "communities/stats_period.html", context)


def stats_export(
    request: HttpRequest, slug: str, challenge: str, period: str, fmt: str
) -> HttpResponse:
    def content(found: Period) -> str:
        return render_stats(period_stats(found, AnonymousUser()), fmt)

    return _export(request, (slug, challenge, period), fmt, "stats", content)
