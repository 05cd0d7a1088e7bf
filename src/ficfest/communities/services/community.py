"""Writes for communities, their membership and their moderation queue.

Each service checks who may act (through ficfest.communities.permissions), raises
PermissionDenied or ValidationError with a message a person can act on, and runs in one
transaction, so a refused change leaves the database as it was.
"""

from collections.abc import Mapping
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ficfest.accounts.auth import AnyUser
from ficfest.accounts.models import User
from ficfest.communities.models import (
    Community,
    Fill,
    FillStatus,
    FormLimit,
    Membership,
    MembershipMode,
    MembershipStatus,
    Role,
)
from ficfest.communities.permissions import is_moderator, membership_of, require_moderator
from ficfest.communities.services.claims import claims_settle
from ficfest.communities.services.fills import fill_creator_ids
from ficfest.communities.tasks import (
    notify_membership_approved,
    notify_membership_invited,
    notify_membership_requested,
)
from ficfest.lib.dates import site_time_zone
from ficfest.tags.models import TagType
from ficfest.tags.services import tags_get_or_create
from ficfest.works.models import Form

# Tag type -> names; every fill must carry all of these tags.
RequiredTags = Mapping[str, list[str]]
# Form -> its size limit (None: any size); a form left out is not accepted.
Limits = Mapping[str, int | None]


# Communities


@transaction.atomic
def community_create(
    *,
    owner: User,
    name: str,
    slug: str,
    description: str = "",
    rules: str = "",
    time_zone: str = "",
    membership: str = MembershipMode.OPEN,
    members_only_posting: bool = True,
    moderated: bool = False,
    required_tags: RequiredTags | None = None,
    overflow_of: Community | None = None,
    limits: Limits | None = None,
) -> Community:
    """A new community; its creator becomes its owner. Accepts every form at any size unless
    ``limits`` says otherwise; its time zone is the site's unless given."""
    community = Community(
        name=name, slug=slug, description=description, rules=rules, membership=membership,
        members_only_posting=members_only_posting, moderated=moderated,
        time_zone=time_zone or site_time_zone(),
    )  # fmt: skip
    _check_overflow(community, overflow_of, actor=owner)
    community.overflow_of = overflow_of
    community.full_clean()
    community.save()
    Membership.objects.create(community=community, user=owner, role=Role.OWNER)
    _set_required_tags(community, required_tags or {})
    _set_limits(community, {form: None for form in Form.values} if limits is None else limits)
    return community


@transaction.atomic
def community_update(
    *,
    community: Community,
    editor: User,
    name: str,
    description: str,
    rules: str,
    membership: str,
    members_only_posting: bool,
    moderated: bool,
    required_tags: RequiredTags,
    overflow_of: Community | None,
    limits: Limits,
    time_zone: str | None = None,
) -> Community:
    """Change a community's settings. Its slug stays: links to it must keep working. A new
    time zone applies to what is scheduled from then on: stored instants stay where they are."""
    require_moderator(editor, community)
    # Fresh from the database: a model form may already have changed the instance it was given.
    community = _locked(community)
    community.name, community.description, community.rules = name, description, rules
    community.membership, community.moderated = membership, moderated
    community.members_only_posting = members_only_posting
    if time_zone is not None:
        community.time_zone = time_zone
    if overflow_of != community.overflow_of:
        _check_overflow(community, overflow_of, actor=editor)
        community.overflow_of = overflow_of
    community.full_clean()
    community.save()
    _set_required_tags(community, required_tags)
    _set_limits(community, limits)
    return community


def _check_overflow(community: Community, target: Community | None, *, actor: User) -> None:
    if target is None:
        return
    if community.pk and (target.pk == community.pk or target.overflow_of_id == community.pk):
        raise ValidationError(
            {"overflow_of": "A community can't overflow into itself or its own overflow."}
        )
    # Being an overflow shows on the main community's page: its moderators must agree.
    if not is_moderator(actor, target):
        raise ValidationError(
            {"overflow_of": f"You can only be an overflow of a community you moderate; "
                            f"ask the moderators of {target.name}."}
        )  # fmt: skip


def _set_required_tags(community: Community, required: RequiredTags) -> None:
    tags = []
    for tag_type, names in required.items():
        if tag_type not in TagType.values:
            raise ValidationError({"required_tags": f"“{tag_type}” is not a kind of tag."})
        tags += tags_get_or_create(tag_type=tag_type, names=names)
    community.required_tags.set(tags)


def _set_limits(community: Community, limits: Limits) -> None:
    for form, limit in limits.items():
        if form not in Form.values:
            raise ValidationError(f"“{form}” is not a form of work.")
        if limit is not None and limit < 1:
            raise ValidationError(f"The {Form(form).label} limit must be at least 1.")
    if not limits:
        raise ValidationError("A community must accept at least one form of work.")
    community.form_limits.exclude(form__in=list(limits)).delete()
    for form, limit in limits.items():
        FormLimit.objects.update_or_create(
            community=community, form=form, defaults={"limit": limit}
        )


# Membership


def _locked(community: Community) -> Community:
    """Lock the community row so two owners leaving at once can't leave it with none."""
    return Community.objects.select_for_update().get(pk=community.pk)


def is_owner(user: AnyUser, community: Community) -> bool:
    """Owners (and site staff) may manage moderators and other owners."""
    if getattr(user, "is_staff", False):
        return True
    mine = membership_of(user, community)
    return mine is not None and mine.status == MembershipStatus.ACTIVE and mine.role == Role.OWNER


def _owner_count(community: Community) -> int:
    return Membership.objects.active().filter(community=community, role=Role.OWNER).count()


@transaction.atomic
def membership_join(*, user: User, community: Community) -> Membership:
    """Join an open community, ask to join one by approval, or accept a waiting invitation."""
    existing = membership_of(user, community)
    if existing is not None:
        if existing.status == MembershipStatus.INVITED:
            return _accept(existing)
        if existing.status == MembershipStatus.PENDING:
            raise ValidationError("You have already asked to join; a moderator will answer.")
        raise ValidationError(f"You are already a member of {community.name}.")
    if community.membership == MembershipMode.INVITATION:
        raise ValidationError(
            f"{community.name} is by invitation only: a moderator has to invite you."
        )
    if community.membership == MembershipMode.APPROVAL:
        joined = Membership.objects.create(
            community=community, user=user, status=MembershipStatus.PENDING
        )
        transaction.on_commit(partial(notify_membership_requested.enqueue, joined.pk))
        return joined
    return Membership.objects.create(community=community, user=user)


def _pending(membership: Membership, status: str, what: str) -> None:
    if membership.status != status:
        raise ValidationError(f"{membership.user.username} has no {what} waiting.")


@transaction.atomic
def membership_approve(*, moderator: User, membership: Membership) -> Membership:
    require_moderator(moderator, membership.community)
    _pending(membership, MembershipStatus.PENDING, "request to join")
    membership.status = MembershipStatus.ACTIVE
    membership.role = Role.MEMBER
    membership.save(update_fields=["status", "role"])
    transaction.on_commit(partial(notify_membership_approved.enqueue, membership.pk))
    return membership


@transaction.atomic
def membership_reject(*, moderator: User, membership: Membership) -> None:
    require_moderator(moderator, membership.community)
    _pending(membership, MembershipStatus.PENDING, "request to join")
    membership.delete()


@transaction.atomic
def membership_invite(*, moderator: User, community: Community, username: str) -> Membership:
    """Invite a user by user name; they are a member once they accept."""
    require_moderator(moderator, community)
    user = User.objects.filter(username__iexact=username.strip()).first()
    if user is None:
        raise ValidationError({"username": f"There is no user called “{username.strip()}”."})
    existing = membership_of(user, community)
    if existing is not None:
        raise ValidationError({"username": _already(existing)})
    invited = Membership.objects.create(
        community=community, user=user, status=MembershipStatus.INVITED
    )
    transaction.on_commit(partial(notify_membership_invited.enqueue, invited.pk))
    return invited


def _already(membership: Membership) -> str:
    name = membership.user.username
    if membership.status == MembershipStatus.INVITED:
        return f"{name} is already invited."
    if membership.status == MembershipStatus.PENDING:
        return f"{name} has already asked to join: approve their request instead."
    return f"{name} is already a member."


@transaction.atomic
def membership_answer_invitation(
    *, user: User, community: Community, accept: bool
) -> Membership | None:
    """Accept (-> an active member) or decline (-> no membership) a waiting invitation."""
    invitation = membership_of(user, community)
    if invitation is None or invitation.status != MembershipStatus.INVITED:
        raise ValidationError(f"You have no invitation to {community.name} waiting.")
    if not accept:
        invitation.delete()
        return None
    return _accept(invitation)


def _accept(invitation: Membership) -> Membership:
    invitation.status = MembershipStatus.ACTIVE
    invitation.save(update_fields=["status"])
    return invitation


@transaction.atomic
def membership_leave(*, user: User, community: Community) -> None:
    """Leave a community, withdraw a request to join, or decline an invitation."""
    community = _locked(community)
    mine = membership_of(user, community)
    if mine is None:
        raise ValidationError(f"You are not a member of {community.name}.")
    _keep_an_owner(mine, "You are this community's only owner: make another member an "
                         "owner before you leave.")  # fmt: skip
    mine.delete()


def _keep_an_owner(membership: Membership, message: str) -> None:
    """Refuse a change that would leave the community with no active owner."""
    if (
        membership.role == Role.OWNER
        and membership.status == MembershipStatus.ACTIVE
        and _owner_count(membership.community) <= 1
    ):
        raise ValidationError(message)


def _require_power_over(actor: User, membership: Membership) -> None:
    """Owners manage everyone; moderators manage members and moderators, never owners."""
    community = membership.community
    require_moderator(actor, community)
    if membership.role == Role.OWNER and not is_owner(actor, community):
        raise PermissionDenied("Only an owner can change or remove another owner.")


@transaction.atomic
def membership_set_role(*, actor: User, membership: Membership, role: str) -> Membership:
    _locked(membership.community)
    _require_power_over(actor, membership)
    if role not in Role.values:
        raise ValidationError(f"“{role}” is not a role.")
    if role == Role.OWNER and not is_owner(actor, membership.community):
        raise PermissionDenied("Only an owner can make someone an owner.")
    if membership.status != MembershipStatus.ACTIVE:
        raise ValidationError(f"{membership.user.username} is not a member yet.")
    if role != Role.OWNER:
        _keep_an_owner(membership, f"{membership.user.username} is the only owner: make "
                                   "someone else an owner first.")  # fmt: skip
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> None:
    """Remove a member, or withdraw an invitation."""
    _locked(membership.community)
    _require_power_over(actor, membership)
    _keep_an_owner(membership, f"{membership.user.username} is the only owner and can't be "
                               "removed.")  # fmt: skip
    membership.delete()


# The moderation queue. Removing a fill takes the work out of the community only: the work
# stays on the archive, and a moderator can approve it again.


def _moderate(moderator: User, fill: Fill, status: str) -> Fill:
    require_moderator(moderator, fill.challenge.community)
    fill.status = status
    fill.save(update_fields=["status"])
    # Claims wait with their fill: filled on approval, open again when it is removed.
    approved = status == FillStatus.APPROVED
    claims_settle(prompts=fill.prompts.all(), users=fill_creator_ids(fill), approved=approved)
    return fill


@transaction.atomic
def fill_approve(*, moderator: User, fill: Fill) -> Fill:
    return _moderate(moderator, fill, FillStatus.APPROVED)


@transaction.atomic
def fill_remove(*, moderator: User, fill: Fill) -> Fill:
    return _moderate(moderator, fill, FillStatus.REMOVED)
