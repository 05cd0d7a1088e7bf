"""What one bulk write has already learnt about communities' rules: who may post to and who
moderates a community, its form limits and the tags every work there carries.

An import batch adds hundreds of fills to the same community in one transaction; every one of
them is checked against every rule (``fill_create``), but the rules themselves do not change
within that transaction, so inside ``rules_memoised()`` each is read once. Like the tag memo
(``ficfest.tags.memo``), the block must not outlive the transaction it runs in. Outside the
block every function here asks the database each time.
"""

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from ficfest.accounts.auth import AnyUser
from ficfest.communities.models import Community
from ficfest.communities.permissions import is_moderator, may_post
from ficfest.tags.models import Tag

T = TypeVar("T")

_memo: ContextVar[dict[Hashable, object] | None] = ContextVar("rules_memo", default=None)


@contextmanager
def rules_memoised() -> Iterator[None]:
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def _remembered(key: Hashable, ask: Callable[[], T]) -> T:
    memo = _memo.get()
    if memo is None:
        return ask()
    if key not in memo:
        memo[key] = ask()
    return memo[key]  # type: ignore[return-value]


def posting_allowed(user: AnyUser, community: Community) -> bool:
    """``may_post``."""
    return _remembered(("posts", user.pk, community.pk), lambda: may_post(user, community))


def moderates(user: AnyUser, community: Community) -> bool:
    """``is_moderator``."""
    return _remembered(("moderates", user.pk, community.pk),
                       lambda: is_moderator(user, community))  # fmt: skip


def form_limits(community: Community) -> dict[str, int | None]:
    """The community's limit for each form it accepts (no forms: it accepts every form; a
    form without a limit: any size)."""
    return _remembered(
        ("limits", community.pk),
        lambda: {limit.form: limit.limit for limit in community.form_limits.all()},
    )


def required_tags(community: Community) -> list[Tag]:
    """The tags every work in the community carries."""
    return _remembered(("required", community.pk), lambda: list(community.required_tags.all()))
