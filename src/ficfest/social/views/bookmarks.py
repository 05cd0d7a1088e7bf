"""Bookmarks (of works and outside links), a reader's bookmarks page, and reading history with
"mark for later"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ficfest.accounts.auth import current_user
from ficfest.accounts.models import User
from ficfest.social import bookmarks
from ficfest.social.forms import BookmarkForm, LinkBookmarkForm
from ficfest.social.models import Bookmark
from ficfest.social.places import visible_work

PER_PAGE = 20


@login_required
def bookmark_work(request: HttpRequest, pk: int) -> HttpResponse:
    work = visible_work(request.user, pk)
    me = current_user(request)
    existing = Bookmark.objects.filter(user=me, work=work).first()
    form = BookmarkForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        bookmarks.bookmark_save(user=me, work=work, **form.cleaned_data)
        messages.success(request, "Bookmark saved.")
        return redirect("user_bookmarks", me.username)
    return render(
        request, "social/bookmark_form.html", {"form": form, "work": work, "existing": existing}
    )


@login_required
def bookmark_link(request: HttpRequest) -> HttpResponse:
    form = LinkBookmarkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        me = current_user(request)
        bookmarks.bookmark_save(user=me, **form.cleaned_data)
        messages.success(request, "Bookmark saved.")
        return redirect("user_bookmarks", me.username)
    return render(request, "social/bookmark_form.html", {"form": form, "work": None})


@login_required
@require_POST
def bookmark_delete(request: HttpRequest, pk: int) -> HttpResponse:
    me = current_user(request)
    if bookmarks.bookmark_delete(user=me, pk=pk):
        messages.success(request, "Bookmark deleted.")
    return redirect("user_bookmarks", me.username)


def user_bookmarks(request: HttpRequest, username: str) -> HttpResponse:
    owner = get_object_or_404(User, username=username)
    shown = bookmarks.bookmarks_shown(request.user, Bookmark.objects.filter(user=owner))
    if request.GET.get("rec") == "yes":
        shown = shown.filter(rec=True)
    page = Paginator(shown, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "social/bookmarks.html", {
        "owner": owner, "page": page, "mine": request.user.pk == owner.pk,
        "count": page.paginator.count,
    })  # fmt: skip


@login_required
def history(request: HttpRequest) -> HttpResponse:
    later = request.GET.get("show") == "later"
    readings = bookmarks.history_of(current_user(request), later_only=later)
    page = Paginator(readings, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "social/history.html", {"page": page, "later": later})


@login_required
@require_POST
def mark_later(request: HttpRequest, pk: int) -> HttpResponse:
    work = visible_work(request.user, pk)
    later = request.POST.get("later") != "no"
    bookmarks.reading_mark_later(user=current_user(request), work=work, later=later)
    messages.success(request, "Marked for later." if later else "No longer marked for later.")
    return redirect(f"{work.get_absolute_url()}#kudos")
