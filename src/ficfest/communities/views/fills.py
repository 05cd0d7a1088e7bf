"""Adding a work to a community's challenge, and taking it out again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ficfest.accounts.auth import current_user
from ficfest.communities.forms.fills import ChallengeChoiceForm, FillForm
from ficfest.communities.models import Fill, FillStatus
from ficfest.communities.services.fills import fill_create, fill_withdraw
from ficfest.lib.forms import add_service_errors
from ficfest.works.models import Work
from ficfest.works.selectors import work_for_reader


def _own_work(request: HttpRequest, pk: int) -> Work:
    work = work_for_reader(user=request.user, pk=pk)
    if not work.is_creator(request.user):
        raise PermissionDenied("Only the work's creators can add it to a challenge.")
    return work


def _fills_of(work: Work) -> QuerySet[Fill]:
    return work.fills.select_related("challenge__community", "period").prefetch_related("prompts")


def _added_message(fill: Fill) -> str:
    community = fill.challenge.community.name
    if fill.status == FillStatus.PENDING:
        return (f"“{fill.work.title}” was sent to the moderators of {community}; it shows "
                "there once they approve it.")  # fmt: skip
    return f"“{fill.work.title}” is now a fill in {community}."


@login_required
def fill_new(request: HttpRequest, pk: int) -> HttpResponse:
    work = _own_work(request, pk)
    me = current_user(request)
    picked = ChallengeChoiceForm(request.GET if "challenge" in request.GET else None, user=me)
    context = {"work": work, "picked": picked, "fills": _fills_of(work)}
    if not picked.is_valid():
        return render(request, "communities/fill_new.html", context)
    data = request.POST if request.method == "POST" else None
    form = FillForm(data, challenge=picked.cleaned_data["challenge"])
    if request.method == "POST" and form.is_valid():
        try:
            fill = fill_create(work=work, by=me, **form.fill_choice())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _added_message(fill))
            return redirect(work)
    context.update(form=form, challenge=form.challenge)
    return render(request, "communities/fill_new.html", context)


@login_required
@require_POST
def fill_withdraw_view(request: HttpRequest, pk: int, fill: int) -> HttpResponse:
    work = _own_work(request, pk)
    chosen = get_object_or_404(Fill.objects.select_related("challenge__community"),
                               pk=fill, work=work)  # fmt: skip
    try:
        fill_withdraw(fill=chosen, by=current_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{work.title}” is no longer in "
                         f"{chosen.challenge.community.name}.")  # fmt: skip
    return redirect("fill_new", pk=work.pk)
