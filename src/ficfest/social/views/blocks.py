from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ficfest.accounts.auth import current_user
from ficfest.accounts.models import Block, User
from ficfest.accounts.services import block_add, block_remove


@login_required
def blocks(request: HttpRequest) -> HttpResponse:
    """Whom the reader blocked; blocking and unblocking by user name."""
    me = current_user(request)
    error = ""
    if request.method == "POST":
        name = request.POST.get("username", "").strip()[:150]
        other = User.objects.filter(username__iexact=name).first()
        if other is None:
            error = f"There is no user called “{name}”." if name else "Enter a user name."
        else:
            error = _change(request, me, other)
            if not error:
                return redirect("blocks")
    listed = Block.objects.filter(user=me).select_related("blocked").order_by("blocked__username")
    return render(request, "social/blocks.html", {"blocks": listed, "error": error},
                  status=400 if error else 200)  # fmt: skip


def _change(request: HttpRequest, me: User, other: User) -> str:
    if request.POST.get("action") == "unblock":
        block_remove(user=me, blocked=other)
        messages.success(request, f"{other.username} is no longer blocked.")
        return ""
    try:
        block_add(user=me, blocked=other)
    except ValidationError as error:
        return " ".join(error.messages)
    messages.success(
        request, f"{other.username} can no longer comment on or give kudos to your works."
    )
    return ""
