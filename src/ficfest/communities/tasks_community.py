"""Emails about community membership. Tasks reload the membership by id and send nothing when
it has changed since they were queued (answered, withdrawn, removed)."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

from ficfest.communities.models import Membership, MembershipStatus


def _community_url(membership: Membership) -> str:
    return f"{settings.SITE_URL}{reverse('community', args=[membership.community.slug])}"


@task()
def notify_membership_invited(membership_id: int) -> None:
    membership = (
        Membership.objects.select_related("user", "community")
        .filter(pk=membership_id, status=MembershipStatus.INVITED)
        .first()
    )
    if membership is None or not membership.user.email:
        return  # answered or withdrawn since it was queued
    community = membership.community
    send_mail(
        subject=f"You are invited to join {community.name}",
        message=(
            f"The moderators of {community.name} have invited you to join the community.\n\n"
            f"Accept or decline on its page: {_community_url(membership)}\n"
        ),
        from_email=None,
        recipient_list=[membership.user.email],
    )


@task()
def notify_membership_requested(membership_id: int) -> None:
    """Tell the moderators someone asked to join, so requests don't wait unseen."""
    membership = (
        Membership.objects.select_related("user", "community")
        .filter(pk=membership_id, status=MembershipStatus.PENDING)
        .first()
    )
    if membership is None:
        return
    community = membership.community
    moderators = Membership.objects.moderating().filter(community=community)
    emails = [m.user.email for m in moderators.select_related("user") if m.user.email]
    if not emails:
        return
    members_url = f"{settings.SITE_URL}{reverse('community_members', args=[community.slug])}"
    send_mail(
        subject=f"{membership.user.username} asks to join {community.name}",
        message=(
            f"{membership.user.username} has asked to join {community.name}.\n\n"
            f"Approve or reject the request on the members page: {members_url}\n"
        ),
        from_email=None,
        recipient_list=emails,
    )


@task()
def notify_membership_approved(membership_id: int) -> None:
    membership = (
        Membership.objects.select_related("user", "community")
        .filter(pk=membership_id, status=MembershipStatus.ACTIVE)
        .first()
    )
    if membership is None or not membership.user.email:
        return
    community = membership.community
    send_mail(
        subject=f"Welcome to {community.name}",
        message=(
            f"Your request to join {community.name} was approved.\n\n"
            f"Its rules and challenges: {_community_url(membership)}\n"
        ),
        from_email=None,
        recipient_list=[membership.user.email],
    )
