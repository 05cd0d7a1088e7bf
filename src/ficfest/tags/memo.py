"""What one bulk write has already learnt about tags: which tag a name is, and which tags a
filter finds a work carrying it by.

An import batch posts hundreds of works in one transaction, and most of them name the same
fandoms, ratings and pairings. Inside ``tags_memoised()`` the tag services ask the database
only about names and tags they have not seen in that block. The block must not outlive the
transaction it runs in (afterwards a wrangler may merge, re-parent or delete a tag), and
whoever undoes part of that transaction (a savepoint rolled back) calls ``forget()``: a tag
created there no longer exists.

The next batch of the same import names the same tags again: ``tags_memoised(carried)`` starts
from the tags an earlier block knew, read again (their names, synonyms and meta tags as they
are now) in a few queries at its start.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from ficfest.tags.models import Tag
from ficfest.tags.selectors import filter_ids_each, filter_ids_of

# The tags carried from one block to the next at most: the reading is one IN list.
CARRIED_MAX = 2000

# (type, lower-cased name): how tags_get_or_create_many matches a name to a tag.
TagKey = tuple[str, str]


@dataclass
class TagMemo:
    tags: dict[TagKey, Tag] = field(default_factory=dict)
    # A tag's id -> the tags a filter finds a work carrying it by (its canonical, meta tags).
    filters: dict[int, frozenset[int]] = field(default_factory=dict)

    def forget(self) -> None:
        self.tags.clear()
        self.filters.clear()

    def tag_ids(self) -> list[int]:
        return [tag.pk for tag in self.tags.values()][-CARRIED_MAX:]


_memo: ContextVar[TagMemo | None] = ContextVar("tag_memo", default=None)


def active_memo() -> TagMemo | None:
    return _memo.get()


@contextmanager
def tags_memoised(carried: TagMemo | None = None) -> Iterator[TagMemo]:
    """Tag look-ups inside the block are remembered until it ends (see the module's note),
    starting from what ``carried`` knew, read again."""
    memo = TagMemo()
    if carried is not None and carried.tags:
        _reread(memo, carried.tag_ids())
    token = _memo.set(memo)
    try:
        yield memo
    finally:
        _memo.reset(token)


def _reread(memo: TagMemo, tag_ids: list[int]) -> None:
    tags = list(Tag.objects.filter(pk__in=tag_ids))
    memo.tags = {(tag.type, tag.name.lower()): tag for tag in tags}
    memo.filters = {pk: frozenset(ids) for pk, ids in filter_ids_each(tags).items()}


def memoised_filter_ids(tags: Iterable[Tag]) -> set[int]:
    """``filter_ids_of``, asking only about tags the active memo has not seen."""
    memo = active_memo()
    if memo is None:
        return filter_ids_of(tags)
    tags = list(tags)
    unknown = [tag for tag in tags if tag.pk not in memo.filters]
    if unknown:
        memo.filters.update((pk, frozenset(ids)) for pk, ids in filter_ids_each(unknown).items())
    return set().union(*(memo.filters[tag.pk] for tag in tags))
