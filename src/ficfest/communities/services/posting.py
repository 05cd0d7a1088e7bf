"""Posting a work as a fill, and editing it within its communities' rules: the communities'
side of ``works.seams.PostingRules``, registered at start-up so the works pages use it without
importing this app."""

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction

from ficfest.accounts.auth import AnyUser
from ficfest.accounts.models import User
from ficfest.communities.services.fills import FillTarget, fill_create, fill_target, fills_still_fit
from ficfest.communities.services.posting_notes import fill_initial, fill_notes
from ficfest.works.models import Work
from ficfest.works.seams import PostingNotes

T = TypeVar("T")


class FillPosting:
    def target(self, params: Mapping[str, str], user: AnyUser) -> FillTarget | None:
        """``?community=<slug>&prompt=<pk>``: the new work is posted as a fill for that prompt."""
        community, prompt = params.get("community"), params.get("prompt")
        if not (community and prompt):
            return None
        return fill_target(community_slug=community, prompt_pk=prompt, user=user)

    def initial(self, target: object | None) -> dict[str, Any]:
        return fill_initial(target) if isinstance(target, FillTarget) else {}

    def notes(self, target: object | None) -> PostingNotes | None:
        return fill_notes(target) if isinstance(target, FillTarget) else None

    @transaction.atomic
    def post(
        self, *, create: Callable[[], Work], target: object | None, draft: bool, by: User
    ) -> tuple[Work, str]:
        """The work and its fill in one transaction: a fill the community refuses refuses the
        post. A draft is kept anyway, with the refusal as a warning."""
        work = create()
        if not isinstance(target, FillTarget):
            return work, ""
        try:
            with transaction.atomic():
                fill_create(work=work, challenge=target.challenge, prompts=target.prompts,
                            for_theme=target.for_theme, by=by)  # fmt: skip
        except ValidationError as error:
            if not draft:
                raise
            return work, "The draft is not a fill yet: " + " ".join(error.messages)
        return work, ""

    @transaction.atomic
    def edit(self, *, work: Work, write: Callable[[], T]) -> T:
        """Make the edit, and undo it when the work no longer fits a community it is a fill
        in (a chapter over a drabble community's limit, a required pairing taken off)."""
        result = write()
        fills_still_fit(work)
        return result
