from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ficfest.accounts.auth import current_user
from ficfest.accounts.models import User
from ficfest.communities.models import Community, Prompt
from ficfest.social.models import Subscription
from ficfest.social.places import visible_prompt, visible_work
from ficfest.social.subscriptions import KINDS, subscription_set
from ficfest.tags.models import Tag
from ficfest.works.models import Series

MODELS: dict[str, Any] = {
    "creator": User, "series": Series, "community": Community, "prompt": Prompt, "tag": Tag,
}  # fmt: skip


def _target(request: HttpRequest, kind: str, raw: str) -> Any:
    if kind not in KINDS or not raw.isdigit() or len(raw) > 12:
        raise Http404("Nothing to subscribe to.")
    if kind == "work":
        return visible_work(request.user, int(raw))
    if kind == "prompt":  # an unreleased prompt is its moderators' alone
        return visible_prompt(request.user, int(raw))
    found = MODELS[kind].objects.filter(pk=int(raw)).first()
    if found is None:
        raise Http404("Nothing to subscribe to.")
    return found


@login_required
@require_POST
def subscribe(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind", "")
    target = _target(request, kind, request.POST.get("id", ""))
    on = request.POST.get("action") != "unsubscribe"
    subscription_set(user=current_user(request), on=on, **{kind: target})
    messages.success(request, "Subscribed." if on else "Unsubscribed.")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/subscriptions/"
    return redirect(back)


@login_required
def subscription_list(request: HttpRequest) -> HttpResponse:
    mine = Subscription.objects.filter(user=current_user(request)).select_related(
        "work", "creator", "series", "community", "prompt", "tag"
    )
    return render(request, "social/subscriptions.html", {"subscriptions": mine})
