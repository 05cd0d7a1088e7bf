"""Abuse reports and the staff's queue; every staff action goes to the moderation log."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ficfest.accounts.auth import AnyUser
from ficfest.accounts.models import User
from ficfest.social import counts
from ficfest.social.models import Comment, CommentStatus, ModerationEntry, Report, ReportStatus
from ficfest.works.models import Work


@transaction.atomic
def report_create(
    *, reporter: AnyUser, reason: str, comment: Comment | None = None, work: Work | None = None
) -> Report:
    if not reason.strip():
        raise ValidationError("Say what is wrong, so the staff know what to look for.")
    if comment is None and work is None:
        raise ValidationError("Nothing to report.")
    return Report.objects.create(
        reporter=reporter if isinstance(reporter, User) else None,
        comment=comment, work=work, reason=reason.strip(),
    )  # fmt: skip


RESOLUTIONS = {"close": "closed report", "hide_comment": "hid reported comment"}


@transaction.atomic
def report_resolve(*, report: Report, staff: AnyUser, action: str) -> None:
    if not getattr(staff, "is_staff", False) or not isinstance(staff, User):
        raise PermissionDenied("Only the site's staff handle reports.")
    if action not in RESOLUTIONS:
        raise ValidationError("Unknown action.")
    if action == "hide_comment" and report.comment is not None:
        was_counted = counts.comment_counted(report.comment)
        report.comment.status = CommentStatus.HIDDEN
        report.comment.save(update_fields=["status"])
        counts.comment_changed(report.comment, was_counted=was_counted)
    report.status = ReportStatus.CLOSED
    report.save(update_fields=["status"])
    ModerationEntry.objects.create(
        actor=staff, action=RESOLUTIONS[action], report=report, comment=report.comment,
        note=f"report {report.pk}",
    )  # fmt: skip
