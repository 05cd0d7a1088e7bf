"""Writing comments: who may, what is held for approval, edits, deletes and the moderation a
work's creators (or a community's moderators) do. Each write is one transaction and leaves an
entry in the moderation log when someone other than the author acts."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ficfest.accounts.auth import AnyUser
from ficfest.accounts.models import User
from ficfest.accounts.services import blocked_by_any
from ficfest.lib.text import TextFormat, render
from ficfest.social import counts, notices
from ficfest.social.models import Comment, CommentStatus, ModerationEntry
from ficfest.social.places import Place
from ficfest.works.models import CommentPolicy

_LINK = re.compile(r"https?://|www\.|<a\s", re.IGNORECASE)
_TAG_START = re.compile(r"<[a-zA-Z!/]")


def comment_html(body: str) -> str:
    """A comment as HTML: what looks like HTML is read as HTML, anything else as plain text
    (paragraphs, line breaks); either way it goes through the works' sanitiser."""
    text_format = TextFormat.HTML if _TAG_START.search(body) else TextFormat.PLAIN
    html = render(body, text_format)
    if not html.strip():
        raise ValidationError("Write something to post.")
    return html


def comment_refusal(place: Place, user: AnyUser, parent: Comment | None = None) -> str | None:
    """Why this reader may not comment here (None: they may)."""
    if place.policy == CommentPolicy.NONE:
        return "Comments are turned off here."
    if not user.is_authenticated and place.policy != CommentPolicy.ALL:
        return "Log in to comment here."
    if parent is not None and parent.deleted:
        return "This comment was deleted: reply to another one."
    if _thread_frozen(parent):
        return "This thread is frozen: no new replies."
    others = place.creator_ids - {user.pk}
    if user.is_authenticated and others and blocked_by_any(user_ids=others, reader=user):
        return "You can't comment on this work."
    return None


def _status(place: Place, user: AnyUser, body: str) -> str:
    if user.is_authenticated and (place.moderator or user.pk in place.creator_ids):
        return CommentStatus.PUBLISHED
    if place.moderated or (not user.is_authenticated and _LINK.search(body)):
        return CommentStatus.PENDING
    return CommentStatus.PUBLISHED


def _thread_frozen(parent: Comment | None) -> bool:
    if parent is None:
        return False
    if parent.frozen:
        return True
    return parent.root is not None and parent.root.frozen


@transaction.atomic
def comment_create(
    *,
    place: Place,
    user: AnyUser,
    body: str,
    parent: Comment | None = None,
    guest_name: str = "",
    guest_email: str = "",
) -> Comment:
    """A new comment or reply; ValidationError says why it was refused."""
    refusal = comment_refusal(place, user, parent)
    if refusal:
        raise ValidationError(refusal)
    author = user if isinstance(user, User) else None
    comment = Comment.objects.create(
        work=place.work, announcement=place.announcement, prompt=place.prompt,
        chapter=parent.chapter if parent is not None else place.chapter,
        parent=parent, root=(parent.root or parent) if parent is not None else None,
        depth=parent.depth + 1 if parent is not None else 0,
        user=author, pseud=author.default_pseud if author is not None else None,
        guest_name="" if author else guest_name, guest_email="" if author else guest_email,
        body=body, html=comment_html(body), status=_status(place, user, body),
    )  # fmt: skip
    counts.comment_changed(comment, was_counted=False)
    notices.comment_posted(comment, place)
    return comment


def _require_author(comment: Comment, user: AnyUser) -> None:
    if not user.is_authenticated or comment.user_id != user.pk or comment.deleted:
        raise PermissionDenied("Only the comment's author can edit it.")


@transaction.atomic
def comment_edit(*, comment: Comment, user: AnyUser, body: str) -> Comment:
    _require_author(comment, user)
    comment.body, comment.html = body, comment_html(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "html", "edited_at"])
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, place: Place, user: AnyUser) -> None:
    """By its author or a moderator of the place. A comment with replies leaves a
    placeholder, so the replies keep their thread; one without goes for good."""
    is_author = user.is_authenticated and comment.user_id == user.pk
    if not (is_author or place.moderator):
        raise PermissionDenied("Only the comment's author or the creator can delete it.")
    if not is_author:
        _log(user, "deleted comment", comment)
    if comment.replies.exists():
        was_counted = counts.comment_counted(comment)
        comment.deleted, comment.body, comment.html = True, "", ""
        comment.save(update_fields=["deleted", "body", "html"])
        counts.comment_changed(comment, was_counted=was_counted)
    else:
        comment.delete()  # its count goes with it (counts' post_delete)


MODERATIONS = {
    "freeze": ("frozen", True),
    "unfreeze": ("frozen", False),
    "hide": ("status", CommentStatus.HIDDEN),
    "show": ("status", CommentStatus.PUBLISHED),
    "approve": ("status", CommentStatus.PUBLISHED),
}


@transaction.atomic
def comment_moderate(*, comment: Comment, place: Place, user: AnyUser, action: str) -> None:
    """Freeze or unfreeze a thread, hide or show a comment, approve one held back."""
    if not place.moderator:
        raise PermissionDenied("Only the creator can moderate these comments.")
    if action not in MODERATIONS:
        raise ValidationError("Unknown action.")
    name, value = MODERATIONS[action]
    was_pending = comment.status == CommentStatus.PENDING
    was_counted = counts.comment_counted(comment)
    setattr(comment, name, value)
    comment.save(update_fields=[name])
    counts.comment_changed(comment, was_counted=was_counted)
    _log(user, f"{action} comment", comment)
    if action == "approve" and was_pending:
        notices.comment_approved(comment, place)


def _log(user: AnyUser, action: str, comment: Comment) -> None:
    ModerationEntry.objects.create(
        actor=user if isinstance(user, User) else None,
        action=action,
        comment=comment if comment.pk else None,
        note=f"comment {comment.pk}",
    )
