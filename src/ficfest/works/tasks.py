"""Background side effects of works. Tasks reload rows by id and are safe to run twice."""

from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

from ficfest.lib.urls import absolute
from ficfest.works.filtertags import filter_tags_refresh, works_with_tags
from ficfest.works.models import Creatorship


@task()
def notify_co_creator_invited(creatorship_id: int) -> None:
    ship = (
        Creatorship.objects.select_related("pseud__user", "work", "invited_by")
        .filter(pk=creatorship_id, accepted=False)
        .first()
    )
    if ship is None or not ship.pseud.user.email:
        return  # answered or withdrawn since it was queued
    inviter = ship.invited_by.username if ship.invited_by else "Someone"
    send_mail(
        subject=f"Co-creator invitation: {ship.work.title}",
        message=(
            f"{inviter} has invited your pseud {ship.pseud.name} to be credited as a co-creator "
            f"of “{ship.work.title}”.\n\nAccept or decline on your invitations page: "
            f"{absolute(reverse('invitations'))}\n"
        ),
        from_email=None,
        recipient_list=[ship.pseud.user.email],
    )


@task()
def refresh_filter_tags(tag_ids: list[int]) -> None:
    """After a wrangling change: recompute the filters of every work carrying these tags."""
    filter_tags_refresh(works_with_tags(tag_ids))
