"""Community pages: the list, setting one up, its home page, membership and the moderation
queue. Writes go through ficfest.communities.services.community; works shown here always come
from Work.objects.visible_to (directly or through ficfest.communities.selectors)."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ficfest.accounts.auth import AnyUser, current_user
from ficfest.accounts.models import User
from ficfest.communities import now, seams
from ficfest.communities.forms.community import CommunityForm, InviteForm, limit_text
from ficfest.communities.models import (
    Community,
    Fill,
    FillStatus,
    FormLimit,
    Membership,
    MembershipStatus,
    Role,
)
from ficfest.communities.permissions import is_moderator, membership_of, require_moderator
from ficfest.communities.selectors import works_in_community
from ficfest.communities.services import community as services
from ficfest.communities.waiting import waiting_in
from ficfest.lib.forms import add_service_errors
from ficfest.works.models import Form, Work
from ficfest.works.mutes import unmuted_here

COMMUNITIES_PER_PAGE = 50
NEWEST_FILLS = 20
QUEUE_SIZE = 100
ROLE_ORDER = {Role.OWNER: 0, Role.MODERATOR: 1, Role.MEMBER: 2}


# Helpers


@contextmanager
def _refusal_shown(request: HttpRequest) -> Iterator[None]:
    """Turn a service's refusal into a message on the next page instead of an error page."""
    try:
        yield
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as error:
        messages.error(request, str(error) or "You can't do that.")


def _next_or(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if target and safe else default


def _community(slug: str) -> Community:
    return get_object_or_404(Community.objects.select_related("overflow_of"), slug=slug)


# Reads for these pages


def _limits(community: Community) -> list[str]:
    """“Fic up to 1,000 words”, … in the order forms are listed everywhere else."""
    rows = sorted(community.form_limits.all(), key=lambda row: Form.values.index(row.form))
    return [limit_text(row.form, row.limit) for row in rows]


def _own_unlisted_fills(user: AnyUser, community: Community) -> QuerySet[Fill]:
    """The viewer's own fills here that readers don't see: waiting, or removed."""
    if not user.is_authenticated:
        return Fill.objects.none()
    mine = Work.objects.visible_to(user).by_user(user)
    return Fill.objects.filter(
        challenge__community=community,
        status__in=[FillStatus.PENDING, FillStatus.REMOVED],
        work__in=mine.values("pk"),
    ).select_related("work", "challenge")


def _removable_fills(community: Community, works: list[Work]) -> QuerySet[Fill]:
    return Fill.objects.filter(
        challenge__community=community,
        status=FillStatus.APPROVED,
        work__in=[work.pk for work in works],
    ).select_related("work", "challenge")


def _queue_rows(user: AnyUser, community: Community, status: str, newest: bool) -> list[dict]:
    """Fills of this status with their works (as this moderator may see them), sizes and the
    forms' limits: oldest first for the queue, newest first for the recently removed."""
    limits = dict(FormLimit.objects.filter(community=community).values_list("form", "limit"))
    visible = Work.objects.visible_to(user)
    fills = (
        Fill.objects.filter(
            challenge__community=community, status=status, work__in=visible.values("pk")
        )
        .order_by(*(["-created_at", "-pk"] if newest else ["created_at", "pk"]))
        .select_related("challenge", "period")
        .prefetch_related("prompts", Prefetch("work", queryset=visible.for_blurbs()))
    )
    rows = []
    for fill in fills[:QUEUE_SIZE]:
        unit, amount = fill.work.size()
        limit = limits.get(fill.work.form)
        rows.append({
            "fill": fill, "work": fill.work, "size": f"{amount:,} {unit}",
            "accepted": fill.work.form in limits,
            "limit": limit_text(fill.work.form, limit),
            "over": limit is not None and amount > limit,
        })  # fmt: skip
    return rows


# Pages


def community_list(request: HttpRequest) -> HttpResponse:
    communities = Community.objects.annotate(
        member_count=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE))
    ).order_by("name", "pk")
    page = Paginator(communities, COMMUNITIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "communities/community_list.html", {"page": page})


@login_required
def community_new(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    form = CommunityForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_create(
                owner=user, slug=form.cleaned_data["slug"], **form.settings()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{community.name} is open. You are its owner.")
            return redirect(community)
    return render(request, "communities/community_form.html", {"form": form})


@login_required
def community_edit(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(slug)
    user = current_user(request)
    require_moderator(user, community)
    # The form gets its own copy: a model form changes its instance while validating, and
    # the page around a refused form must still show the saved name.
    form = CommunityForm(request.POST or None, instance=_community(slug), user=user)
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_update(
                community=community, editor=user, **form.settings()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Community settings saved.")
            return redirect(community)
    context = {"form": form, "community": community, "is_moderator": True}
    return render(request, "communities/community_form.html", context)


def community_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The community's front page leads with now: for moderators what waits for them, then
    each running period (theme, prompts released so far, the next batch), open polls and the
    member's claims; then membership, rules, posting, challenges and the newest fills."""
    community = _community(slug)
    user = request.user
    moment = timezone.now()
    moderator = is_moderator(user, community)
    membership = membership_of(user, community)
    seen = now.seen_before(membership)
    # The reader's mutes apply here as on every listing; a moderator's queues, masterlists and
    # stats do not take them (moderation needs the truth).
    newest = unmuted_here(works_in_community(community, user), request)
    works = list(newest.for_blurbs()[:NEWEST_FILLS])
    claims = now.claims_held(community, user, moment)
    running = now.running_periods(community, user, seen, claims, moment)
    member = membership is not None and membership.status == MembershipStatus.ACTIVE
    context: dict[str, Any] = {
        "community": community,
        "is_moderator": moderator,
        "membership": membership,
        "member_count": community.memberships.active().count(),
        "limits": _limits(community),
        "required_tags": community.required_tags.order_by("type", "name"),
        "overflows": community.overflows.order_by("name"),
        "challenges": community.challenges.all(),
        "works": works,
        "own_fills": _own_unlisted_fills(user, community),
        "removable": _removable_fills(community, works) if moderator else [],
        "waiting": waiting_in(community, moment) if moderator else None,
        "running": running,
        "upcoming": now.upcoming_periods(community, running, moment),
        "ficathons": now.ficathons(community, moment),
        "polls": now.open_polls(community, user, member, moment),
        "my_claims": claims,
        "now": moment,
        # Sections from apps above (social's announcements): rendered, already safe HTML.
        "sections": [
            render_to_string(section.template, dict(section.context), request=request)
            for section in seams.community_sections(request, community)
        ],
    }
    response = render(request, "communities/community_detail.html", context)
    now.record_visit(membership, moment)
    return response


# Membership


@login_required
@require_POST
def community_join(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(slug)
    with _refusal_shown(request):
        joined = services.membership_join(user=current_user(request), community=community)
        if joined.status == MembershipStatus.PENDING:
            messages.success(request, "Your request to join was sent to the moderators.")
        else:
            messages.success(request, f"Welcome to {community.name}!")
    return redirect(community)


@login_required
@require_POST
def community_leave(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(slug)
    mine = membership_of(request.user, community)
    with _refusal_shown(request):
        services.membership_leave(user=current_user(request), community=community)
        if mine is not None and mine.status == MembershipStatus.PENDING:
            messages.success(request, "Your request to join was withdrawn.")
        else:
            messages.success(request, f"You have left {community.name}.")
    return redirect(community)


@login_required
@require_POST
def community_invitation_answer(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(slug)
    accept = request.POST.get("answer") == "accept"
    with _refusal_shown(request):
        services.membership_answer_invitation(
            user=current_user(request), community=community, accept=accept
        )
        messages.success(
            request,
            f"Welcome to {community.name}!" if accept else "You declined the invitation.",
        )
    return redirect(community)


def _members(community: Community, status: str) -> list[Membership]:
    found = community.memberships.filter(status=status).select_related("user")
    return sorted(found, key=lambda m: (ROLE_ORDER[Role(m.role)], m.user.username.lower()))


def community_members(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(slug)
    moderator = is_moderator(request.user, community)
    if request.method == "POST":
        require_moderator(request.user, community)
    invite_form = InviteForm(request.POST or None) if moderator else None
    if invite_form is not None and request.method == "POST" and invite_form.is_valid():
        username = invite_form.cleaned_data["username"]
        try:
            services.membership_invite(
                moderator=current_user(request), community=community, username=username
            )
        except ValidationError as error:
            add_service_errors(invite_form, error)
        else:
            messages.success(request, f"{username} is invited; they have been sent an email.")
            return redirect("community_members", community.slug)
    context = {
        "community": community,
        "is_moderator": moderator,
        "is_owner": moderator and services.is_owner(request.user, community),
        "members": _members(community, MembershipStatus.ACTIVE),
        "requests": _members(community, MembershipStatus.PENDING) if moderator else [],
        "invited": _members(community, MembershipStatus.INVITED) if moderator else [],
        "invite_form": invite_form,
        "roles": Role.choices,
    }
    return render(request, "communities/membership_list.html", context)


def _act_on(membership: Membership, actor: User, action: str, role: str) -> str:
    """Run one moderator action on a membership; the message saying what happened."""
    name = membership.user.username
    if action == "approve":
        services.membership_approve(moderator=actor, membership=membership)
        return f"{name} is now a member."
    if action == "reject":
        services.membership_reject(moderator=actor, membership=membership)
        return f"{name}'s request was declined."
    if action == "remove":
        services.membership_remove(actor=actor, membership=membership)
        return f"{name} is no longer in the community."
    if action == "role":
        services.membership_set_role(actor=actor, membership=membership, role=role)
        return f"{name} is now {Role(role).label.lower()}."
    raise ValidationError("Choose what to do with this membership.")


@login_required
@require_POST
def membership_action(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A moderator acts on one membership: approve, reject, remove, or change its role."""
    community = _community(slug)
    actor = current_user(request)
    require_moderator(actor, community)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "community"), pk=pk, community=community
    )
    with _refusal_shown(request):
        done = _act_on(
            membership, actor, request.POST.get("action", ""), request.POST.get("role", "")
        )
        messages.success(request, done)
    return redirect("community_members", community.slug)


# Moderation queue


@login_required
def community_queue(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(slug)
    require_moderator(request.user, community)
    context = {
        "community": community,
        "is_moderator": True,
        "pending": _queue_rows(request.user, community, FillStatus.PENDING, newest=False),
        "pending_count": Fill.objects.filter(
            challenge__community=community, status=FillStatus.PENDING
        ).count(),
        "removed": _queue_rows(request.user, community, FillStatus.REMOVED, newest=True),
    }
    return render(request, "communities/queue_list.html", context)


@login_required
@require_POST
def fill_moderate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Approve a fill, or remove it from the community; the work itself stays on the archive."""
    fill = get_object_or_404(
        Fill.objects.select_related("work", "challenge__community"),
        pk=pk, challenge__community__slug=slug,
    )  # fmt: skip
    moderator = current_user(request)
    require_moderator(moderator, fill.challenge.community)
    action = request.POST.get("action")
    if action == "approve":
        services.fill_approve(moderator=moderator, fill=fill)
        messages.success(request, f"“{fill.work.title}” is approved and listed.")
    elif action == "remove":
        services.fill_remove(moderator=moderator, fill=fill)
        messages.success(request, f"“{fill.work.title}” was removed from the community. "
                                  "The work itself stays on the archive.")  # fmt: skip
    else:
        messages.error(request, "Choose Approve or Remove.")
    return redirect(_next_or(request, reverse("community_queue", args=[slug])))
