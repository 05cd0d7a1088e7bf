"""Gift pages: a user's gifts, a participant's own default, and an exchange's masterlist with
its exports. Every work shown is read through ``Work.objects.visible_to``; exports are built
for a logged-out reader whoever asks, so nobody can paste a hidden creator's name."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from ficfest.accounts.auth import current_user
from ficfest.accounts.models import User
from ficfest.communities.masterlists import EXPORT_FORMATS
from ficfest.communities.permissions import is_moderator
from ficfest.exchanges import selectors, services
from ficfest.exchanges.gift_masterlist import build_gift_masterlist, render_gift_masterlist
from ficfest.exchanges.gifts import gifts_given, gifts_received
from ficfest.exchanges.models import AssignmentStatus

FORMAT_LABELS = {"html": "HTML", "md": "Markdown", "dw": "Dreamwidth / LiveJournal"}


def user_gifts(request: HttpRequest, username: str) -> HttpResponse:
    owner = get_object_or_404(User, username=username, is_active=True)
    return render(request, "exchanges/user_gifts.html", {
        "owner": owner, "received": gifts_received(owner, request.user),
        "given": gifts_given(owner, request.user),
    })  # fmt: skip


@login_required
def assignment_default(request: HttpRequest, pk: int) -> HttpResponse:
    """The assignee defaults on their own assignment, after saying so on this page."""
    assignment = get_object_or_404(selectors.assignments_given_by(current_user(request)), pk=pk)
    if assignment.status != AssignmentStatus.ASSIGNED:
        messages.error(request, f"This assignment is {assignment.get_status_display().lower()}.")
        return redirect("my_assignments")
    if request.method == "POST":
        try:
            services.assignment_default_by_giver(assignment=assignment, by=current_user(request))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "You have defaulted. The moderators will find a pinch "
                             "hitter for your recipient. Thank you for saying so.")  # fmt: skip
        return redirect("my_assignments")
    return render(request, "exchanges/default_confirm.html", {"assignment": assignment})


def gift_masterlist(request: HttpRequest, slug: str, challenge: str) -> HttpResponse:
    ficathon = selectors.ficathon_or_404(slug, challenge)
    shown = build_gift_masterlist(ficathon, request.user)
    public = (
        build_gift_masterlist(ficathon, AnonymousUser()) if request.user.is_authenticated else shown
    )
    exports = [
        {
            "fmt": fmt,
            "label": FORMAT_LABELS[fmt],
            "text": render_gift_masterlist(public, fmt),
            "url": reverse("gift_masterlist_export", args=[slug, challenge, fmt]),
            "filename": f"{slug}-{challenge}-gifts.{EXPORT_FORMATS[fmt][1]}",
        }
        for fmt in EXPORT_FORMATS
    ]
    return render(request, "exchanges/gift_masterlist.html", {
        "masterlist": shown, "challenge": ficathon, "exports": exports,
        "is_moderator": is_moderator(request.user, ficathon.community),
    })  # fmt: skip


def gift_masterlist_export(
    request: HttpRequest, slug: str, challenge: str, fmt: str
) -> HttpResponse:
    if fmt not in EXPORT_FORMATS:
        raise Http404("No such export format.")
    ficathon = selectors.ficathon_or_404(slug, challenge)
    content = render_gift_masterlist(build_gift_masterlist(ficathon, AnonymousUser()), fmt)
    response = HttpResponse(content, content_type=EXPORT_FORMATS[fmt][0])
    if request.GET.get("download"):
        filename = f"{slug}-{challenge}-gifts.{EXPORT_FORMATS[fmt][1]}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
