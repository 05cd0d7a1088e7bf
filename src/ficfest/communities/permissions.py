"""Who may do what in a community. Views and services ask here, nowhere else."""

from django.core.exceptions import PermissionDenied

from ficfest.accounts.auth import AnyUser
from ficfest.communities.models import Community, Membership


def membership_of(user: AnyUser, community: Community) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, community=community).first()


def is_member(user: AnyUser, community: Community) -> bool:
    """An active member of any role."""
    if not user.is_authenticated:
        return False
    return Membership.objects.active().filter(user=user, community=community).exists()


def is_moderator(user: AnyUser, community: Community) -> bool:
    """An owner or moderator; site staff count too, so an archive's admins can step in."""
    if not user.is_authenticated:
        return False
    if getattr(user, "is_staff", False):
        return True
    return Membership.objects.moderating().filter(user=user, community=community).exists()


def may_post(user: AnyUser, community: Community) -> bool:
    if not user.is_authenticated:
        return False
    return not community.members_only_posting or is_member(user, community)


def require_moderator(user: AnyUser, community: Community) -> None:
    if not is_moderator(user, community):
        raise PermissionDenied("Only this community's moderators can do that.")
