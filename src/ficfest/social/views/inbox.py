"""The inbox: notifications and comments on one's works and replies, read/unread, a reply
form under each comment, and how often to be emailed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ficfest.accounts.auth import current_user
from ficfest.social import notices
from ficfest.social.forms import CommentForm, InboxSettingsForm

PER_PAGE = 25


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    me = current_user(request)
    items = notices.inbox_of(me)
    if request.GET.get("show") == "unread":
        items = items.filter(read_at__isnull=True)
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "social/inbox.html", {
        "page": page, "unread": notices.unread_count(me),
        "show": request.GET.get("show", ""),
        "settings_form": InboxSettingsForm(instance=notices.inbox_settings(me)),
        "reply_form": CommentForm(),
    })  # fmt: skip


@login_required
@require_POST
def inbox_mark(request: HttpRequest) -> HttpResponse:
    ids = [int(raw) for raw in request.POST.getlist("item") if raw.isdigit()]
    read = request.POST.get("action") != "unread"
    count = notices.notifications_mark(user=current_user(request), ids=ids, read=read)
    state = "read" if read else "unread"
    messages.success(request, f"{count} item{'' if count == 1 else 's'} marked {state}.")
    return redirect("inbox")


@login_required
@require_POST
def inbox_settings(request: HttpRequest) -> HttpResponse:
    form = InboxSettingsForm(request.POST, instance=notices.inbox_settings(current_user(request)))
    if form.is_valid():
        form.save()
        messages.success(request, "Email choice saved.")
    else:
        messages.error(request, "Choose one of the email options.")
    return redirect("inbox")
