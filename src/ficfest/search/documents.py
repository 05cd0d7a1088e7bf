"""What the index holds for a work or a prompt: the text a stranger may read about it.

A work's creators are written into its row only while no secret covers them (an anonymous or
unrevealed work before its reveal): the row then says ``creators_withheld``, and once the
reveal time has passed the periodic tick writes the row again with the names. So the index can
never name the creator of a secret work, whatever query reaches it; results are still filtered
by ``Work.objects.visible_to`` afterwards, so the index never decides what a reader may see.
"""

import html
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from ficfest.communities.models import Prompt
from ficfest.search.query import spaceless_runs
from ficfest.works.models import Chapter, Creatorship, FilterTagging, Status, Work

_MARKUP = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class WorkText:
    pk: int
    title: str
    tags: str
    summary: str
    notes: str
    creators: str
    body: str
    creators_withheld: bool

    @property
    def spaceless(self) -> str:
        parts = (self.title, self.tags, self.summary, self.notes, self.creators, self.body)
        return spaceless_runs("\n".join(parts))


@dataclass(frozen=True)
class PromptText:
    pk: int
    text: str
    tags: str

    @property
    def spaceless(self) -> str:
        return spaceless_runs(f"{self.text}\n{self.tags}")


def plain(rendered: str) -> str:
    """The words of sanitised HTML, markup dropped (each tag a space, so words stay apart)."""
    return html.unescape(_MARKUP.sub(" ", rendered))


def _secret(until_set: bool, until: object, now: object) -> bool:
    return until_set and (until is None or until > now)  # type: ignore[operator]


def _tag_names(ids: list[int]) -> dict[int, list[str]]:
    """Each work's own tags and what they filter as (canonicals and meta tags), so a search for
    a canonical name finds works tagged with a synonym."""
    names: dict[int, list[str]] = defaultdict(list)
    own = Work.tags.through.objects.filter(work_id__in=ids)
    for work_id, name in own.values_list("work_id", "tag__name"):
        names[work_id].append(name)
    filters = FilterTagging.objects.filter(work_id__in=ids)
    for work_id, name in filters.values_list("work_id", "tag__name"):
        if name not in names[work_id]:
            names[work_id].append(name)
    return names


def _creator_names(ids: list[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = defaultdict(list)
    credited = Creatorship.objects.filter(work_id__in=ids, accepted=True).order_by("pk")
    for work_id, pseud, username in credited.values_list(
        "work_id", "pseud__name", "pseud__user__username"
    ):
        names[work_id] += [pseud] if pseud == username else [pseud, username]
    return names


def _chapters(ids: list[int]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Each work's chapter text, and its chapters' titles, summaries and notes."""
    bodies: dict[int, list[str]] = defaultdict(list)
    notes: dict[int, list[str]] = defaultdict(list)
    rows = Chapter.objects.filter(work_id__in=ids).order_by("work_id", "position")
    for work_id, title, summary, before, after, rendered in rows.values_list(
        "work_id", "title", "summary", "notes", "end_notes", "html"
    ):
        bodies[work_id].append(plain(rendered))
        notes[work_id] += [part for part in (title, summary, before, after) if part]
    return bodies, notes


def work_texts(ids: Iterable[int]) -> list[WorkText]:
    """The index rows of these works, in a fixed number of queries; drafts (and works that are
    gone) have none."""
    now = timezone.now()
    fields = ("pk", "title", "summary", "notes", "end_notes", "unrevealed", "unrevealed_until",
              "anonymous", "anonymous_until")  # fmt: skip
    works = list(Work.objects.filter(pk__in=list(ids), status=Status.POSTED).values(*fields))
    found = [row["pk"] for row in works]
    tags, creators = _tag_names(found), _creator_names(found)
    bodies, chapter_notes = _chapters(found)
    texts = []
    for row in works:
        pk = row["pk"]
        withheld = _secret(row["unrevealed"], row["unrevealed_until"], now) or _secret(
            row["anonymous"], row["anonymous_until"], now
        )
        notes = [row["notes"], row["end_notes"], *chapter_notes[pk]]
        texts.append(WorkText(
            pk=pk, title=row["title"], tags="\n".join(tags[pk]), summary=row["summary"],
            notes="\n".join(n for n in notes if n),
            creators="" if withheld else "\n".join(creators[pk]),
            body="\n".join(bodies[pk]), creators_withheld=withheld,
        ))  # fmt: skip
    return texts


def prompt_texts(ids: Iterable[int]) -> list[PromptText]:
    """A prompt's text and tags; never who posted it (prompts may be posted anonymously)."""
    prompts = Prompt.objects.filter(pk__in=list(ids)).prefetch_related("tags")
    return [PromptText(p.pk, p.text, "\n".join(tag.name for tag in p.tags.all())) for p in prompts]
