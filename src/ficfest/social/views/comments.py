"""Comment pages: post (a work's form, an announcement's, a prompt's, a reply form), a comment
with its sub-thread, edit, delete and moderation. Every page works without JavaScript."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ficfest.accounts.throttle import (
    Limit,
    Throttled,
    client_address,
    throttle_check,
    throttle_count,
)
from ficfest.social import comments, threads
from ficfest.social.forms import EditCommentForm, comment_form_for
from ficfest.social.models import Announcement, Comment
from ficfest.social.places import (
    Place,
    announcement_place,
    place_of,
    prompt_place,
    visible_prompt,
    visible_work,
    work_place,
)
from ficfest.works.models import Chapter


def _limits(request: HttpRequest) -> list[Limit]:
    """Per account and per address: a burst from one person, or from one machine."""
    address = Limit(
        f"throttle:comment:address:{client_address(request)}", settings.COMMENT_ADDRESS_LIMIT
    )
    if not request.user.is_authenticated:
        return [address]
    return [address, Limit(f"throttle:comment:user:{request.user.pk}", settings.COMMENT_USER_LIMIT)]


def _throttled(request: HttpRequest) -> str | None:
    try:
        throttle_check(*_limits(request))
    except Throttled as error:
        return "You are commenting too fast. " + error.messages[0].replace(
            "Too many attempts: t", "T"
        )
    return None


def _post(
    request: HttpRequest, place: Place, back: str, parent: Comment | None = None
) -> HttpResponse:
    """Post a comment or reply from ``request.POST`` to ``place``; refusals come back on a page
    that keeps what was written."""
    form = comment_form_for(request.user, request.POST)
    parent = parent or _parent(place, form.data.get("parent"))
    error = _throttled(request)
    if error is None and form.is_valid():
        try:
            comment = comments.comment_create(
                place=place, user=request.user, body=form.cleaned_data["body"], parent=parent,
                guest_name=form.cleaned_data.get("guest_name", ""),
                guest_email=form.cleaned_data.get("guest_email", ""),
            )  # fmt: skip
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            throttle_count(*_limits(request))
            held = comment.status != "published"
            messages.success(
                request,
                "Your comment awaits the creator's approval." if held else "Comment posted.",
            )
            return redirect(f"{back}#comment-{comment.pk}")
    if error:
        form.add_error(None, error)
    return render(request, "social/comment_form.html", {
        "form": form, "place": place, "parent": parent, "back": back,
    }, status=400)  # fmt: skip


def _parent(place: Place, raw: Any) -> Comment | None:
    if not raw or not str(raw).isdigit():
        return None
    comment = Comment.objects.select_related("root").filter(pk=int(raw)).first()
    if comment is None or (comment.work_id, comment.announcement_id, comment.prompt_id) != (
        place.work.pk if place.work else None,
        place.announcement.pk if place.announcement else None,
        place.prompt.pk if place.prompt else None,
    ):
        return None
    return comment


@require_POST
def comment_new(request: HttpRequest, pk: int) -> HttpResponse:
    work = visible_work(request.user, pk)
    chapter_id = request.POST.get("chapter", "")
    chapter = (
        Chapter.objects.filter(work=work, pk=int(chapter_id)).first()
        if chapter_id.isdigit()
        else None
    )
    place = work_place(work, request.user, chapter)
    back = chapter.get_absolute_url() if chapter else work.get_absolute_url()
    return _post(request, place, back)


@require_POST
def announcement_comment_new(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = get_object_or_404(Announcement.objects.select_related("community"), pk=pk)
    place = announcement_place(announcement, request.user)
    return _post(request, place, announcement.get_absolute_url())


@require_POST
def prompt_comment_new(request: HttpRequest, pk: int) -> HttpResponse:
    prompt = visible_prompt(request.user, pk)
    return _post(request, prompt_place(prompt, request.user), prompt.get_absolute_url())


def _comment(request: HttpRequest, pk: int) -> tuple[Comment, Place]:
    comment = get_object_or_404(Comment.objects.select_related("pseud__user", "root"), pk=pk)
    place = place_of(comment, request.user)
    return comment, place


def comment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A comment and the replies under it: where "continue thread" and the inbox lead."""
    comment, place = _comment(request, pk)
    shown = threads.subthread(comment, place, request.user)
    hidden = comment.status != "published" and not (place.moderator or shown.mine)
    if hidden:
        return render(request, "social/comment_gone.html", {"place": place}, status=404)
    return render(request, "social/comment_detail.html", {
        "place": place, "thread": shown, "comment": comment,
        "refusal": comments.comment_refusal(place, request.user, comment),
        "form": comment_form_for(request.user, initial={"parent": comment.pk}),
    })  # fmt: skip


def comment_reply(request: HttpRequest, pk: int) -> HttpResponse:
    """The reply form's target (from the thread or the inbox)."""
    if request.method != "POST":
        return redirect("comment", pk)
    comment, place = _comment(request, pk)
    return _post(request, place, place.url, parent=comment)


def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment, place = _comment(request, pk)
    if not request.user.is_authenticated or comment.user_id != request.user.pk:
        raise PermissionDenied("Only the comment's author can edit it.")
    form = EditCommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            comments.comment_edit(
                comment=comment, user=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_error("body", error)
        else:
            messages.success(request, "Comment updated.")
            return redirect(f"{place.url}#comment-{comment.pk}")
    return render(
        request, "social/comment_edit.html", {"form": form, "comment": comment, "place": place}
    )


@require_POST
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment, place = _comment(request, pk)
    comments.comment_delete(comment=comment, place=place, user=request.user)
    messages.success(request, "Comment deleted.")
    return redirect(place.url)


@require_POST
def comment_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    comment, place = _comment(request, pk)
    action = request.POST.get("action", "")
    try:
        comments.comment_moderate(comment=comment, place=place, user=request.user, action=action)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, DONE.get(action, "Done."))
    return redirect(f"{place.url}#comment-{comment.pk}")


DONE = {
    "freeze": "Thread frozen: no new replies.",
    "unfreeze": "Thread open again.",
    "hide": "Comment hidden from readers.",
    "show": "Comment shown again.",
    "approve": "Comment approved.",
}
