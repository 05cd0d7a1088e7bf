"""The moderators' matching: the rules page (tag set, counts, overlap, mutual pairs) and the
matching actions of the assignments page (run, lock, swap, remove, exclude, send). Each
action is a form with a button, so it all works without JavaScript; each redirects back to
the assignments page with a message saying what happened."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ficfest.accounts.auth import current_user
from ficfest.communities.models import Challenge
from ficfest.communities.permissions import require_moderator
from ficfest.exchanges import matching_runs, rules, selectors
from ficfest.exchanges.forms_rules import ExclusionForm, RulesForm, SwapForm
from ficfest.exchanges.matching_page import matching_view
from ficfest.exchanges.models import MatchExclusion
from ficfest.exchanges.signup_tags import rules_of
from ficfest.lib.forms import add_service_errors


def _ficathon(request: HttpRequest, slug: str, challenge: str) -> Challenge:
    ficathon = selectors.ficathon_or_404(slug, challenge)
    require_moderator(current_user(request), ficathon.community)
    return ficathon


@login_required
def matching_rules(request: HttpRequest, slug: str, challenge: str) -> HttpResponse:
    ficathon = _ficathon(request, slug, challenge)
    form = RulesForm(
        request.POST or None, types=rules.type_rules_of(ficathon), rules=rules_of(ficathon)
    )
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            rules.exchange_rules_set(
                challenge=ficathon,
                types=form.type_rules(),
                requests_min=data["requests_min"],
                requests_max=data["requests_max"],
                allow_mutual=data["allow_mutual"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The exchange's sign-up and matching rules were saved.")
            return redirect(request.path)
    return render(request, "exchanges/matching_rules.html", {"challenge": ficathon, "form": form})


def _posted_int(request: HttpRequest, name: str) -> int:
    value = request.POST.get(name, "")
    if not value.isdigit():
        raise Http404("Nothing to act on.")
    return int(value)


def _run(request: HttpRequest, ficathon: Challenge) -> str:
    run = matching_runs.matching_run(challenge=ficathon)
    if run.complete:
        return f"Everyone is matched ({run.seconds:.2f} s). Check the pairs, then send."
    return (
        f"No complete assignment exists: {len(run.unmatched)} place(s) could not be "
        "filled. The best partial one is proposed; see who and why below."
    )


def _lock(request: HttpRequest, ficathon: Challenge) -> str:
    locked = request.POST.get("locked") == "1"
    matching_runs.proposal_lock(
        challenge=ficathon, proposal=_posted_int(request, "proposal"), locked=locked
    )
    return "Pair locked: a rerun keeps it." if locked else "Pair unlocked."


def _remove(request: HttpRequest, ficathon: Challenge) -> str:
    matching_runs.proposal_remove(challenge=ficathon, proposal=_posted_int(request, "proposal"))
    return "Pair removed."


def _swap(request: HttpRequest, ficathon: Challenge) -> str:
    form = SwapForm(request.POST, signups=selectors.signups_of(ficathon))
    if not form.is_valid():
        raise ValidationError("Choose the writer to swap recipients with.")
    pairs = matching_runs.proposal_swap(
        challenge=ficathon,
        giver=form.cleaned_data["giver"],
        proposal=_posted_int(request, "proposal"),
    )
    return "Swapped and locked: " + "; ".join(
        f"{p.giver.pseud} writes for {p.recipient.pseud}" for p in pairs
    )


def _exclude(request: HttpRequest, ficathon: Challenge) -> str:
    form = ExclusionForm(request.POST, signups=selectors.signups_of(ficathon))
    if not form.is_valid():
        raise ValidationError("Choose the two participants never to pair.")
    found = rules.exclusion_add(
        first=form.cleaned_data["first"], second=form.cleaned_data["second"]
    )
    return f"{found.first.pseud} and {found.second.pseud} will never be paired."


def _include(request: HttpRequest, ficathon: Challenge) -> str:
    pk = _posted_int(request, "exclusion")
    found = MatchExclusion.objects.filter(challenge=ficathon, pk=pk).first()
    if found is None:
        raise ValidationError("That exclusion is gone already.")
    rules.exclusion_remove(exclusion=found)
    return "Exclusion removed."


def _send(request: HttpRequest, ficathon: Challenge) -> str:
    count = matching_runs.proposals_send(challenge=ficathon)
    return f"Sending {count} assignment{'s' if count != 1 else ''}."


_ACTIONS: dict[str, Callable[[HttpRequest, Challenge], str]] = {
    "run": _run,
    "lock": _lock,
    "remove": _remove,
    "swap": _swap,
    "exclude": _exclude,
    "include": _include,
    "send": _send,
}


@login_required
@require_POST
def matching(request: HttpRequest, slug: str, challenge: str) -> HttpResponse:
    ficathon = _ficathon(request, slug, challenge)
    action = _ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        return HttpResponseBadRequest("Unknown action.")
    try:
        messages.success(request, action(request, ficathon))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    page = reverse("ficathon_assignments", args=[ficathon.community.slug, ficathon.slug])
    return redirect(page + "#matching")


def matching_context(ficathon: Challenge, assignments: Any) -> dict[str, Any]:
    """What the assignments page adds for matching."""
    signups = selectors.signups_of(ficathon)
    listed = list(assignments)  # the page's own rows: each is told why it breaks the rules
    view = matching_view(ficathon, listed)
    for assignment in listed:
        assignment.rule_warning = view.warnings.get(assignment.pk, "")
    return {
        "matching": view,
        "exclusion_form": ExclusionForm(signups=signups, auto_id="exclude-%s"),
        "pairs": [
            (row, SwapForm(signups=signups, auto_id=f"swap-{row.giver.pk}-%s"))
            for row in view.pairs
        ],
    }
