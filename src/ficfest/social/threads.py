"""Reading comment threads: a page of top-level comments with their replies in a fixed number
of queries (the page, its count, the replies of all its threads), shown to a readable depth;
deeper replies are on the page of the comment they answer ("continue thread")."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from ficfest.accounts.auth import AnyUser
from ficfest.social.models import Comment, CommentStatus
from ficfest.social.places import Author, Place, comment_author

THREADS_PER_PAGE = 20
SHOWN_DEPTH = 4  # levels of replies shown under a comment before "continue thread"


@dataclass
class Shown:
    """One comment as this reader sees it."""

    comment: Comment
    author: Author
    replies: list["Shown"] = field(default_factory=list)
    more: bool = False  # has replies deeper than shown here
    placeholder: str = ""  # deleted, or held back: the replies keep their place
    mine: bool = False
    pending: bool = False
    hidden: bool = False


def _seen_by(place: Place, user: AnyUser) -> Q:
    """Comments this reader may read: all for the place's moderators; otherwise published ones
    and their own held for approval. A hidden or held comment hides its replies too."""
    if place.moderator:
        return Q()
    seen = Q(status=CommentStatus.PUBLISHED)
    if user.is_authenticated:
        seen |= Q(status=CommentStatus.PENDING, user=user)
    return seen


def _loaded(query: QuerySet[Comment]) -> QuerySet[Comment]:
    return query.select_related("pseud__user")


def thread_page(place: Place, user: AnyUser, number: str | None) -> tuple[Page, list[Shown]]:
    """One page of the place's threads, oldest first, each with its replies."""
    if _none_to_see(place, user):  # no query: most works' pages, for most readers
        return Paginator([], THREADS_PER_PAGE).get_page(number), []
    roots = place.comments().filter(_seen_by(place, user), root__isnull=True)
    page = Paginator(_loaded(roots).order_by("created_at", "pk"), THREADS_PER_PAGE).get_page(number)
    ids = [comment.pk for comment in page.object_list]
    replies = _loaded(Comment.objects.filter(_seen_by(place, user), root_id__in=ids))
    return page, _trees(list(page.object_list), list(replies), place, user, SHOWN_DEPTH)


def _none_to_see(place: Place, user: AnyUser) -> bool:
    """A work with no shown comments (its kept count) has nothing for a reader who sees only
    shown ones: a guest. Others may see their own held comments, or moderate."""
    return place.work is not None and not place.work.comment_count and not user.is_authenticated


def subthread(comment: Comment, place: Place, user: AnyUser) -> Shown:
    """A comment with the replies under it, for its own page."""
    thread = _loaded(Comment.objects.filter(_seen_by(place, user), root_id=comment.thread_root_id))
    base = comment.depth
    return _trees([comment], list(thread), place, user, base + SHOWN_DEPTH)[0]


def _trees(
    tops: list[Comment], replies: list[Comment], place: Place, user: AnyUser, max_depth: int
) -> list[Shown]:
    children: dict[int, list[Comment]] = {}
    for reply in sorted(replies, key=lambda c: (c.created_at, c.pk)):
        children.setdefault(reply.parent_id or 0, []).append(reply)

    def build(comment: Comment) -> Shown:
        shown = _shown(comment, place, user)
        kids = children.get(comment.pk, [])
        if comment.depth >= max_depth:
            shown.more = bool(kids)
        else:
            shown.replies = [build(kid) for kid in kids]
        return shown

    return [build(top) for top in tops]


def _shown(comment: Comment, place: Place, user: AnyUser) -> Shown:
    shown = Shown(
        comment=comment,
        author=comment_author(comment, place),
        mine=user.is_authenticated and comment.user_id == user.pk,
        pending=comment.status == CommentStatus.PENDING,
        hidden=comment.status == CommentStatus.HIDDEN,
    )
    if comment.deleted:
        shown.placeholder = "This comment was deleted."
    return shown


def comment_count(place: Place) -> int:
    return place.comments().filter(status=CommentStatus.PUBLISHED, deleted=False).count()
