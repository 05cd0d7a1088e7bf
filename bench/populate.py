"""Writing a plan into the database, two ways that must give the same rows.

``write_with_services`` goes through ``work_create``/``chapter_add`` as a person posting would.
``write_in_bulk`` inserts the same rows with ``bulk_create``, five to eight times faster; it
mirrors what the services store (rendered HTML, word counts, creatorships, through rows) and
``generate.py --verify`` checks the two against each other. Import after ``django.setup()``.
"""

from collections.abc import Iterator
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from ficfest.accounts.models import Pseud, User
from ficfest.accounts.services import pseud_create
from ficfest.lib.text import html_word_count, render
from ficfest.tags.models import Tag
from ficfest.works import services
from ficfest.works.filtertags import filter_tags_refresh
from ficfest.works.models import Chapter, Creatorship, Work
from plan import Plan, WorkSpec

BATCH = 1000
Pseuds = dict[tuple[int, str], Pseud]  # (user index, pseud name) -> pseud


def _create_users(plan: Plan) -> tuple[list[User], Pseuds]:
    users, pseuds = [], {}
    for index, spec in enumerate(plan.users):
        # No password: hashing 200 argon2 passwords would cost more than the works.
        user = User.objects.create_user(
            username=spec.username, email=f"{spec.username}@example.org"
        )
        users.append(user)
        pseuds[index, spec.username] = Pseud.objects.get(user=user, is_default=True)
        if spec.extra_pseud:
            pseuds[index, spec.extra_pseud] = pseud_create(user=user, name=spec.extra_pseud)
    return users, pseuds


def _co_creator(spec: WorkSpec, plan: Plan, pseuds: Pseuds) -> Pseud | None:
    if spec.co_creator is None:
        return None
    return pseuds[spec.co_creator, plan.users[spec.co_creator].username]


@transaction.atomic
def write_with_services(plan: Plan) -> None:
    users, pseuds = _create_users(plan)
    for spec in plan.works:
        co_creator = _co_creator(spec, plan, pseuds)
        work = services.work_create(
            poster=users[spec.poster], pseud=pseuds[spec.poster, spec.pseud], title=spec.title,
            tags=spec.tags, chapter=spec.chapters[0], rating=spec.rating, summary=spec.summary,
            notes=spec.notes, end_notes=spec.end_notes, language=spec.language,
            complete=spec.complete, restricted=spec.restricted, status=spec.status,
            publish_at=spec.published_at, co_creators=[co_creator] if co_creator else [],
        )  # fmt: skip
        for ship in work.creatorships.filter(accepted=False):
            services.creatorship_answer(creatorship=ship, accept=True)
        for content in spec.chapters[1:]:
            services.chapter_add(work=work, content=content)
        if work.revised_at != spec.revised_at:
            # chapter_add stamps "now"; the plan says when each chapter was really added.
            Work.objects.filter(pk=work.pk).update(revised_at=spec.revised_at)


def _tag_rows(plan: Plan) -> dict[tuple[str, str], Tag]:
    """Every tag the plan uses, created in first-use order as tags_get_or_create would."""
    tags: dict[tuple[str, str], Tag] = {}
    for spec in plan.works:
        for tag_type, names in spec.tags.by_type().items():
            for name in names:
                tags.setdefault((tag_type, name.lower()), Tag(type=tag_type, name=name))
    Tag.objects.bulk_create(tags.values(), batch_size=BATCH)
    return tags


def _chapter_rows(spec: WorkSpec, work: Work) -> list[Chapter]:
    rows = []
    for position, content in enumerate(spec.chapters, start=1):
        html = render(content.text, content.text_format)
        rows.append(Chapter(
            work=work, position=position, title=content.title, summary=content.summary,
            notes=content.notes, end_notes=content.end_notes, text=content.text,
            text_format=content.text_format, html=html, word_count=html_word_count(html),
        ))  # fmt: skip
    return rows


def _work_row(spec: WorkSpec, users: list[User]) -> Work:
    return Work(
        poster=users[spec.poster], title=spec.title, summary=spec.summary, notes=spec.notes,
        end_notes=spec.end_notes, rating=spec.rating, language=spec.language,
        complete=spec.complete, restricted=spec.restricted, status=spec.status,
        published_at=spec.published_at, revised_at=spec.revised_at,
    )  # fmt: skip


def _creatorship_rows(plan: Plan, works: list[Work], pseuds: Pseuds) -> Iterator[Creatorship]:
    for spec, work in zip(plan.works, works, strict=True):
        credited = [pseuds[spec.poster, spec.pseud], _co_creator(spec, plan, pseuds)]
        for pseud in filter(None, credited):
            yield Creatorship(work=work, pseud=pseud, accepted=True, invited_by=work.poster)


@transaction.atomic
def write_in_bulk(plan: Plan) -> None:
    users, pseuds = _create_users(plan)
    tags = _tag_rows(plan)
    works = [_work_row(spec, users) for spec in plan.works]
    chapters = [_chapter_rows(spec, work) for spec, work in zip(plan.works, works, strict=True)]
    for work, rows in zip(works, chapters, strict=True):
        work.chapter_count = len(rows)
        work.word_count = sum(row.word_count for row in rows)
    Work.objects.bulk_create(works, batch_size=BATCH)
    Chapter.objects.bulk_create((row for rows in chapters for row in rows), batch_size=BATCH)
    Creatorship.objects.bulk_create(_creatorship_rows(plan, works, pseuds), batch_size=BATCH)
    through = Work.tags.through
    through.objects.bulk_create(
        (
            through(work=work, tag=tag)
            for spec, work in zip(plan.works, works, strict=True)
            for tag in _tags_of(spec, tags)
        ),
        batch_size=BATCH,
    )
    # bulk_create sends no m2m signal: the filter tags the services would have kept.
    filter_tags_refresh(work.pk for work in works)


def _tags_of(spec: WorkSpec, tags: dict[tuple[str, str], Tag]) -> list[Tag]:
    # Distinct, as work.tags.set() leaves them when a name is given twice.
    chosen = (tags[tag_type, name.lower()] for tag_type, names in spec.tags.by_type().items()
              for name in names)  # fmt: skip
    return list({tag.pk: tag for tag in chosen}.values())


def reader_fixtures() -> dict[str, list[int]]:
    """Ids the scenarios request: works a logged-out reader can open, split by the adult gate."""
    readable: list[int] = []
    gated: list[int] = []
    for work in Work.objects.visible_to(AnonymousUser()).prefetch_related("tags").order_by("pk"):
        (gated if work.is_adult else readable).append(work.pk)
    return {"readable_work_ids": readable, "adult_work_ids": gated}


def archive_dump() -> dict[str, Any]:
    """The archive's content without ids and timestamps, to compare two ways of writing it."""
    return {
        "tags": sorted([t.type, t.name] for t in Tag.objects.all()),
        "works": [_work_dump(work) for work in _dump_queryset()],
    }


def _dump_queryset() -> Any:
    return (
        Work.objects.order_by("pk")
        .select_related("poster")
        .prefetch_related("tags", "chapters", "creatorships__pseud", "creatorships__invited_by")
    )


def _work_dump(work: Work) -> dict[str, Any]:
    fields = ("title", "summary", "notes", "end_notes", "rating", "language", "complete",
              "restricted", "status", "word_count", "chapter_count")  # fmt: skip
    dump: dict[str, Any] = {name: getattr(work, name) for name in fields}
    dump["poster"] = work.poster.username
    dump["published_at"] = work.published_at.isoformat() if work.published_at else None
    dump["revised_at"] = work.revised_at.isoformat() if work.revised_at else None
    dump["tags"] = sorted([t.type, t.name] for t in work.tags.all())
    dump["creatorships"] = [
        [c.pseud.name, c.accepted, c.invited_by.username if c.invited_by else None]
        for c in work.creatorships.all()
    ]
    dump["chapters"] = [
        [c.position, c.title, c.summary, c.notes, c.end_notes, c.text, c.text_format, c.html,
         c.word_count]
        for c in work.chapters.all()
    ]  # fmt: skip
    return dump
