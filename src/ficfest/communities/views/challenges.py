"""Challenge, period and poll pages, and the moderators' forms that set a challenge running:
the challenge itself, its periods, a month scheduled in one go, and the theme poll."""

from collections.abc import Callable
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from ficfest.accounts.auth import AnyUser, current_user
from ficfest.accounts.models import User
from ficfest.communities import seams, selectors
from ficfest.communities.forms.challenges import (
    ChallengeForm,
    PeriodForm,
    PollCreateForm,
    PollOptionForm,
    ScheduleMonthForm,
    VoteForm,
)
from ficfest.communities.models import (
    Challenge,
    ChallengeKind,
    Community,
    Period,
    Poll,
    Prompt,
)
from ficfest.communities.permissions import is_member, is_moderator, require_moderator
from ficfest.communities.services import challenges as services
from ficfest.communities.services import polls
from ficfest.lib.forms import add_service_errors

Written = Challenge | Period


def saved(request: HttpRequest, form: BaseForm, write: Callable[[], Written], message: str
          ) -> HttpResponse | None:  # fmt: skip
    """Run a service for a valid posted form: a redirect to what it wrote, or None to show the
    form again with the service's objections by their fields (nothing was saved)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        obj = write()
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    if message:  # empty when the write announced itself
        messages.success(request, message)
    return redirect(obj.get_absolute_url())


def _context(community: Community, user: AnyUser, **more: Any) -> dict[str, Any]:
    return {"community": community, "is_moderator": is_moderator(user, community), **more}


@login_required
def challenge_new(request: HttpRequest, slug: str) -> HttpResponse:
    community = get_object_or_404(Community, slug=slug)
    user = current_user(request)
    require_moderator(user, community)
    form = ChallengeForm(request.POST or None, time_zone=community.time_zone)

    def write() -> Challenge:
        return services.challenge_create(community=community, by=user, **form.settings())

    return saved(request, form, write, "Challenge created.") or render(
        request, "communities/challenge_form.html", _context(community, user, form=form)
    )


def _moderated_challenge(request: HttpRequest, slug: str, challenge: str) -> tuple[Challenge, User]:
    """The challenge, for one of its community's moderators (anyone else is refused)."""
    found = selectors.get_challenge(slug, challenge)
    user = current_user(request)
    require_moderator(user, found.community)
    return found, user


@login_required
def challenge_edit(request: HttpRequest, slug: str, challenge: str) -> HttpResponse:
    found, user = _moderated_challenge(request, slug, challenge)
    # The form edits its own copy, so a refused edit leaves the page's links as they were.
    form = ChallengeForm(request.POST or None, instance=selectors.get_challenge(slug, challenge),
                         time_zone=found.community.time_zone)  # fmt: skip

    def write() -> Challenge:
        return services.challenge_update(challenge=form.instance, by=user, **form.settings())

    context = _context(found.community, user, form=form, challenge=found)
    return saved(request, form, write, "Challenge updated.") or render(
        request, "communities/challenge_form.html", context
    )


def challenge_detail(request: HttpRequest, slug: str, challenge: str) -> HttpResponse:
    found = selectors.get_challenge(slug, challenge)
    now = timezone.now()
    periods = list(found.periods.all())
    context = _context(
        found.community, request.user, challenge=found,
        current=selectors.current_period(found),
        past=[p for p in reversed(periods) if p.closes_at <= now],
        upcoming=[p for p in periods if p.opens_at > now],
        sections=seams.challenge_sections(request, found, None),
    )  # fmt: skip
    return render(request, "communities/challenge_detail.html", context)


@login_required
def challenge_schedule(request: HttpRequest, slug: str, challenge: str) -> HttpResponse:
    found, user = _moderated_challenge(request, slug, challenge)
    form = ScheduleMonthForm(request.POST or None, time_zone=found.community.time_zone)
    # The latest month, whose days and batch sizes "Copy last month's schedule" starts from.
    previous = found.periods.order_by("-opens_at").first()
    copying = previous is not None and request.method == "GET" and "copy" in request.GET
    if copying and previous is not None:
        form.copy_schedule(previous)

    def write() -> Period:
        days, batches = form.batches()
        data = form.cleaned_data
        return services.period_schedule_month(
            challenge=found, year=data["year"], month=data["month"], release_days=days,
            batches=batches, poll_options=data["poll_options"],
            poll_opens_at=data["poll_opens_at"], poll_closes_at=data["poll_closes_at"], by=user,
        )  # fmt: skip

    context = _context(found.community, user, form=form, challenge=found, previous=previous,
                       copying=copying)  # fmt: skip
    return saved(request, form, write, "Month scheduled: it now runs by itself.") or render(
        request, "communities/challenge_schedule.html", context
    )


@login_required
def period_new(request: HttpRequest, slug: str, challenge: str) -> HttpResponse:
    found, user = _moderated_challenge(request, slug, challenge)
    form = PeriodForm(request.POST or None, time_zone=found.community.time_zone)

    def write() -> Period:
        return services.period_create(challenge=found, by=user, **form.cleaned_data)

    context = _context(found.community, user, form=form, challenge=found)
    return saved(request, form, write, "Period created.") or render(
        request, "communities/period_form.html", context
    )


@login_required
def period_edit(request: HttpRequest, slug: str, challenge: str, period: str) -> HttpResponse:
    found = selectors.get_period(slug, challenge, period)
    user = current_user(request)
    require_moderator(user, found.challenge.community)
    form = PeriodForm.for_period(request.POST or None, found)

    def write() -> Period:  # on its own copy, so a refused edit leaves the page's links alone
        copy = selectors.get_period(slug, challenge, period)
        return services.period_update(period=copy, by=user, **form.cleaned_data)

    context = _context(found.challenge.community, user, form=form, challenge=found.challenge,
                       period=found)  # fmt: skip
    return saved(request, form, write, "Period updated.") or render(
        request, "communities/period_form.html", context
    )


def _batches(period: Period, user: AnyUser) -> list[dict[str, Any]]:
    """The prompts this reader may see, grouped by release time (a batch)."""
    community = period.challenge.community
    prompts = list(selectors.prompts_visible_to(user, community).filter(period=period)
                   .prefetch_related("tags"))  # fmt: skip
    counts = selectors.fill_counts(prompts, user)
    if period.challenge.kind == ChallengeKind.MEME:  # members' prompts, one list, newest first
        listed = [(prompt, counts.get(prompt.pk, 0)) for prompt in reversed(prompts)]
        return [{"release_at": None, "released": True, "prompts": listed}] if listed else []
    return [
        {"release_at": release_at, "released": release_at <= timezone.now(),
         "prompts": [(prompt, counts.get(prompt.pk, 0)) for prompt in group]}
        for release_at, group in groupby(prompts, key=lambda prompt: prompt.release_at)
    ]  # fmt: skip


def period_detail(request: HttpRequest, slug: str, challenge: str, period: str) -> HttpResponse:
    found = selectors.get_period(slug, challenge, period)
    context = _context(
        found.challenge.community, request.user, challenge=found.challenge, period=found,
        theme=found.current_theme(), poll=Poll.objects.filter(period=found).first(),
        batches=_batches(found, request.user),
        works=selectors.works_in_period(found, request.user).for_blurbs(),
        is_meme=found.challenge.kind == ChallengeKind.MEME, now=timezone.now(),
        upcoming=_upcoming_releases(found),
        sections=seams.challenge_sections(request, found.challenge, found),
    )  # fmt: skip
    return render(request, "communities/period_detail.html", context)


def _upcoming_releases(period: Period) -> list[Any]:
    """When the next batches come out. The dates are no secret, unlike the prompts' text."""
    later = Prompt.objects.filter(period=period, release_at__gt=timezone.now())
    return sorted(set(later.values_list("release_at", flat=True)))


def poll_detail(request: HttpRequest, slug: str, challenge: str, period: str) -> HttpResponse:
    found = selectors.get_period(slug, challenge, period)
    poll = Poll.objects.filter(period=found).first()
    moderator = is_moderator(request.user, found.challenge.community)
    if poll is None:
        if not moderator:
            raise Http404("This period has no poll.")
        return _poll_create(request, found)
    if request.method == "POST":
        return _poll_action(request, poll)
    return _poll_page(request, poll, VoteForm(poll=poll), PollOptionForm())


def _poll_page(request: HttpRequest, poll: Poll, vote_form: VoteForm,
               option_form: PollOptionForm, status: int = 200) -> HttpResponse:  # fmt: skip
    period = poll.period
    community = period.challenge.community
    user = request.user
    moderator = is_moderator(user, community)
    my_vote = poll.votes.filter(user=user).first() if user.is_authenticated else None
    if my_vote and not vote_form.is_bound:
        vote_form.initial = {"option": my_vote.option_id}
    context = _context(
        community, user, challenge=period.challenge, period=period, poll=poll,
        tally=poll.tally() if poll.is_closed or moderator else None,
        winner=poll.winner(), my_vote=my_vote, may_vote=is_member(user, community),
        editable=moderator and poll.opens_at > timezone.now(), tie_rule=polls.TIE_RULE,
        vote_form=vote_form, option_form=option_form,
    )  # fmt: skip
    return render(request, "communities/poll_detail.html", context, status=status)


def _poll_action(request: HttpRequest, poll: Poll) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    user = current_user(request)
    action = request.POST.get("action")
    vote_form, option_form = VoteForm(poll=poll), PollOptionForm()
    try:
        if action == "vote":
            vote_form = VoteForm(request.POST, poll=poll)
            if vote_form.is_valid():
                polls.poll_vote(poll=poll, option=vote_form.cleaned_data["option"], user=user)
                messages.success(request, "Your vote is in. You can change it until the poll "
                                 "closes.")  # fmt: skip
                # From the community's front page, back there; else the poll's page.
                return redirect(
                    _safe_next(request) or reverse("poll", args=_period_args(poll.period))
                )
        elif action == "add_option":
            option_form = PollOptionForm(request.POST)
            if option_form.is_valid():
                polls.poll_option_add(poll=poll, text=option_form.cleaned_data["text"], by=user)
                messages.success(request, "Option added.")
                return redirect("poll", *_period_args(poll.period))
        elif action == "remove_option":
            option = get_object_or_404(poll.options, pk=request.POST.get("option") or 0)
            polls.poll_option_remove(option=option, by=user)
            messages.success(request, f"Option “{option.text}” removed.")
            return redirect("poll", *_period_args(poll.period))
    except PermissionDenied as refusal:
        messages.error(request, str(refusal))
        return _poll_page(request, poll, vote_form, option_form, status=403)
    except ValidationError as error:
        if action == "add_option" and hasattr(error, "error_dict"):  # about the option typed
            add_service_errors(option_form, error)
        else:
            messages.error(request, " ".join(error.messages))
    return _poll_page(request, poll, vote_form, option_form, status=400)


def _poll_create(request: HttpRequest, period: Period) -> HttpResponse:
    user = current_user(request)
    # By default the poll closes as the period opens, when that is still to come.
    closes = period.opens_at if period.opens_at > timezone.now() else None
    form = PollCreateForm(request.POST or None, initial={"poll_closes_at": closes},
                          time_zone=period.challenge.community.time_zone)  # fmt: skip

    def write() -> Period:
        data = form.cleaned_data
        polls.poll_create(
            period=period, options=data["poll_options"], opens_at=form.opens_at(),
            closes_at=data["poll_closes_at"], question=data["question"], by=user,
        )  # fmt: skip
        return period

    if saved(request, form, write, "Poll set up."):
        return redirect("poll", *_period_args(period))
    context = _context(period.challenge.community, user, form=form, challenge=period.challenge,
                       period=period)  # fmt: skip
    return render(request, "communities/poll_form.html", context)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if target and safe else ""


def _period_args(period: Period) -> list[str]:
    return [period.challenge.community.slug, period.challenge.slug, period.slug]
