"""Writes for prompts: moderators' batches released at a set time, and members' prompts in a
prompt meme. A prompt is released once its release_at has passed; nothing flips it later."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ficfest.accounts.models import User
from ficfest.communities.models import ChallengeKind, Period, Prompt
from ficfest.communities.permissions import may_post, require_moderator
from ficfest.tags.models import TagType
from ficfest.tags.services import tags_get_or_create

PROMPT_MAX = 2000
PROMPTS_MAX = 500  # in one batch or one paste


def prompt_lines(raw: str) -> list[str]:
    """A textarea of prompts, one per line -> the prompts, blank lines dropped."""
    return [line.strip() for line in raw.splitlines() if line.strip()]


def _check_texts(texts: list[str], field: str) -> list[str]:
    texts = [text.strip() for text in texts if text.strip()]
    if not texts:
        raise ValidationError({field: "Add at least one prompt."})
    if len(texts) > PROMPTS_MAX:
        raise ValidationError({field: f"Add at most {PROMPTS_MAX} prompts at a time."})
    for text in texts:
        if len(text) > PROMPT_MAX:
            raise ValidationError(
                {field: f"Prompts can be at most {PROMPT_MAX} characters: “{text[:40]}…” is "
                 f"{len(text)}."}
            )  # fmt: skip
    return texts


@transaction.atomic
def prompt_batch_create(
    *, period: Period, texts: list[str], release_at: datetime, tags: list[str], by: User
) -> list[Prompt]:
    """Moderators' prompts, all released together at ``release_at`` (within the period)."""
    require_moderator(by, period.challenge.community)
    texts = _check_texts(texts, "prompts")
    if not period.opens_at <= release_at < period.closes_at:
        raise ValidationError(
            {"release_at": "Release the batch while the period runs: from its opening to "
             "before it closes."}
        )  # fmt: skip
    chosen = tags_get_or_create(tag_type=TagType.FREEFORM, names=tags)
    prompts = []
    for text in texts:
        prompt = Prompt.objects.create(period=period, text=text, release_at=release_at,
                                       posted_by=by)  # fmt: skip
        prompt.tags.set(chosen)
        prompts.append(prompt)
    return prompts


def prompt_posting_refusal(period: Period, user: User) -> str | None:
    """Why this user may not post a prompt to this prompt meme now, or None if they may."""
    challenge = period.challenge
    community = challenge.community
    now = timezone.now()
    if challenge.kind != ChallengeKind.MEME:
        return "Only prompt memes take prompts from members; moderators post this one's."
    if not may_post(user, community):
        return f"Only members of {community.name} can post prompts here."
    if now < period.opens_at:
        return f"{period.title} is not open yet; prompts can be posted once it opens."
    if now >= period.closes_at:
        return f"{period.title} is over; it no longer takes prompts."
    if period.prompts_close_at and now >= period.prompts_close_at:
        return f"{period.title} is fill-only now: prompts closed, but you can still fill them."
    return None


@transaction.atomic
def prompt_post(*, period: Period, text: str, tags: list[str], anonymous: bool, by: User) -> Prompt:
    """A member's prompt in a prompt meme, released at once."""
    refusal = prompt_posting_refusal(period, by)
    if refusal:
        raise PermissionDenied(refusal)
    if anonymous and not period.challenge.anonymous_prompts:
        raise ValidationError({"anonymous": "This prompt meme does not take anonymous prompts."})
    text = _check_texts([text], "text")[0]
    prompt = Prompt.objects.create(period=period, text=text, release_at=timezone.now(),
                                   posted_by=by, anonymous=anonymous)  # fmt: skip
    prompt.tags.set(tags_get_or_create(tag_type=TagType.FREEFORM, names=tags))
    return prompt
