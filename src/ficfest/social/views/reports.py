from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ficfest.social import reports
from ficfest.social.models import Comment, ModerationEntry, Report, ReportStatus
from ficfest.social.places import place_of, visible_work
from ficfest.works.models import Work


def _number(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) < 12 else None


def report_new(request: HttpRequest) -> HttpResponse:
    """Report a comment (``?comment=``) or a work (``?work=``) the reader can see."""
    source = request.POST if request.method == "POST" else request.GET
    comment, work = _target(request, source)
    error = ""
    if request.method == "POST":
        try:
            reports.report_create(
                reporter=request.user, reason=request.POST.get("reason", "")[:2000],
                comment=comment, work=work,
            )  # fmt: skip
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, "Thank you: the site's staff will look at it.")
            return redirect(comment.get_absolute_url() if comment else work.get_absolute_url())  # type: ignore[union-attr]
    return render(request, "social/report_form.html", {
        "comment": comment, "work": work, "error": error,
    }, status=400 if error else 200)  # fmt: skip


def _target(request: HttpRequest, source: object) -> tuple[Comment | None, Work | None]:
    comment_id = _number(source.get("comment"))  # type: ignore[attr-defined]
    if comment_id is not None:
        comment = get_object_or_404(Comment, pk=comment_id)
        place_of(comment, request.user)  # 404 unless the reader may see it
        return comment, None
    return None, visible_work(request.user, _number(source.get("work")))  # type: ignore[attr-defined]


@staff_member_required
def report_queue(request: HttpRequest) -> HttpResponse:
    open_reports = Report.objects.filter(status=ReportStatus.OPEN).select_related(
        "comment", "work", "reporter"
    )
    log = ModerationEntry.objects.select_related("actor")[:100]
    return render(request, "social/report_queue.html", {"reports": open_reports, "log": log})


@staff_member_required
@require_POST
def report_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report, pk=pk)
    try:
        reports.report_resolve(
            report=report, staff=request.user, action=request.POST.get("action", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Report closed.")
    return redirect("report_queue")
