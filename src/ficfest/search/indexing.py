"""Keeping the index in step with the works and prompts: every change queues the rewrite of
the rows it touched, after its transaction commits (a task reloads the rows by id, so running
it twice or late writes the same thing); a deleted work leaves the index in its own
transaction. Reveals happen by time, with no save to hear: the periodic tick writes again the
rows whose creators were withheld once their secret no longer holds.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from ficfest.accounts.models import Pseud
from ficfest.communities.models import Challenge, Fill, Prompt
from ficfest.lib.gathering import after_commit
from ficfest.lib.ticks import periodic
from ficfest.search.backends import backend
from ficfest.search.backends.base import WORKS
from ficfest.search.documents import prompt_texts, work_texts
from ficfest.search.models import IndexedWork
from ficfest.tags.models import Tag
from ficfest.tags.signals import tags_rewrangled
from ficfest.works.filtertags import works_with_tags
from ficfest.works.models import Chapter, Creatorship, FilterTagging, Work, secret_now

BATCH = 200


def works_index(*, ids: Iterable[int]) -> int:
    """Write the rows of these works as they are now; a draft or a deleted work leaves the
    index. The number of rows written. In batches: a big tag renamed touches many works, and
    a batch's texts are all in memory at once."""
    wanted = sorted(set(ids))
    return sum(_works_batch(wanted[at : at + BATCH]) for at in range(0, len(wanted), BATCH))


def _works_batch(wanted: list[int]) -> int:
    texts = work_texts(wanted)
    written = {t.pk for t in texts}
    gone = [pk for pk in wanted if pk not in written]
    with transaction.atomic():
        backend().works_delete(gone)
        IndexedWork.objects.filter(work_id__in=gone).delete()
        backend().works_write(texts)
        IndexedWork.objects.bulk_create(
            [IndexedWork(work_id=t.pk, creators_withheld=t.creators_withheld) for t in texts],
            update_conflicts=True, unique_fields=["work"], update_fields=["creators_withheld"],
        )  # fmt: skip
    return len(texts)


def works_rebuild(*, ids: list[int], batch: int = 1000,
                  progress: Callable[[int], None] | None = None) -> int:  # fmt: skip
    """Write the index of works from nothing: the tables emptied, then each batch's rows
    inserted without looking for rows to replace, the backend's own bulk path around it
    (SQLite merges FTS5's segments once at the end; PostgreSQL builds its GIN indexes once
    from all the rows). Searches find less until it ends: ``ficfest reindex --clear``."""
    backend().bulk_start(WORKS)  # empty tables (on PostgreSQL, without their GIN indexes)
    IndexedWork.objects.all().delete()
    written = 0
    try:
        for at in range(0, len(ids), batch):
            texts = work_texts(ids[at : at + batch])
            with transaction.atomic():
                backend().works_write(texts, fresh=True)
                IndexedWork.objects.bulk_create(
                    IndexedWork(work_id=t.pk, creators_withheld=t.creators_withheld) for t in texts
                )
            written += len(texts)
            if progress is not None:
                progress(len(ids[at : at + batch]))
    finally:
        backend().bulk_finish(WORKS)
    return written


def prompts_index(*, ids: Iterable[int]) -> int:
    wanted = sorted(set(ids))
    texts = prompt_texts(wanted)
    written = {t.pk for t in texts}
    with transaction.atomic():
        backend().prompts_delete([pk for pk in wanted if pk not in written])
        backend().prompts_write(texts)
    return len(texts)


def _secret_works() -> Any:
    now = timezone.now()
    return Work.objects.filter(secret_now("anonymous", now) | secret_now("unrevealed", now))


@periodic
def search_reveals_catch_up() -> None:
    """Rows whose creators were withheld and whose secret has ended get their names; rows of
    works that became secret since they were written (should a change have been missed) lose
    them. Idempotent, and it catches up on whatever passed while no worker ran."""
    secret = _secret_works().values("pk")
    stale = IndexedWork.objects.filter(
        Q(creators_withheld=True) & ~Q(work__in=secret)
        | Q(creators_withheld=False) & Q(work__in=secret)
    ).values_list("work_id", flat=True)
    works_index(ids=list(stale))


# -- Queueing after commit --------------------------------------------------------------


def queue_works(ids: Iterable[int]) -> None:
    after_commit(_send_works, ids)  # an import's batch gathers them: one task for all


def _send_works(ids: list[int]) -> None:
    from ficfest.search.tasks import index_works  # tasks import this module

    index_works.enqueue(ids)


def queue_prompts(ids: Iterable[int]) -> None:
    after_commit(_send_prompts, ids)


def _send_prompts(ids: list[int]) -> None:
    from ficfest.search.tasks import index_prompts

    index_prompts.enqueue(ids)


def _work_saved(sender: Any, instance: Work, **kwargs: Any) -> None:
    queue_works([instance.pk])


def _work_deleted(sender: Any, instance: Work, **kwargs: Any) -> None:
    # At once, in the deleting transaction: the row would otherwise wait for the queue.
    backend().works_delete([instance.pk])


def _part_changed(sender: Any, instance: Chapter | Creatorship | Fill, **kwargs: Any) -> None:
    queue_works([instance.work_id])


def _tags_changed(sender: Any, instance: Any, action: str, reverse: bool,
                  pk_set: set[int] | None, **kwargs: Any) -> None:  # fmt: skip
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if isinstance(instance, Work):
        queue_works([instance.pk])
    elif isinstance(instance, Prompt):
        queue_prompts([instance.pk])
    elif reverse and pk_set:  # works or prompts added to a tag, from the tag's side
        (queue_works if sender is Work.tags.through else queue_prompts)(pk_set)


def _pseud_saved(sender: Any, instance: Pseud, **kwargs: Any) -> None:
    if not kwargs.get("created"):
        queue_works(Creatorship.objects.filter(pseud=instance).values_list("work_id", flat=True))


def _challenge_saved(sender: Any, instance: Challenge, **kwargs: Any) -> None:
    # Its anonymity or reveal time may have changed the secrecy of its works.
    queue_works(instance.fills.values_list("work_id", flat=True))


def _prompt_saved(sender: Any, instance: Prompt, **kwargs: Any) -> None:
    queue_prompts([instance.pk])


def _prompt_deleted(sender: Any, instance: Prompt, **kwargs: Any) -> None:
    backend().prompts_delete([instance.pk])


def _rewrangled(sender: Any, tag_ids: list[int], **kwargs: Any) -> None:
    queue_works(works_with_tags(tag_ids))


def _tag_saved(sender: Any, instance: Tag, **kwargs: Any) -> None:
    """A renamed tag: the works carrying it, or filtering as it (a canonical's synonyms')."""
    fields = kwargs.get("update_fields")
    if kwargs.get("created") or (fields is not None and "name" not in fields):
        return  # new, or wrangled (tags_rewrangled brings those)
    filtered = FilterTagging.objects.filter(tag=instance).values_list("work_id", flat=True)
    queue_works([*works_with_tags([instance.pk]), *filtered])
    queue_prompts(
        Prompt.tags.through.objects.filter(tag=instance).values_list("prompt_id", flat=True)
    )


def connect() -> None:
    """Called once from ``SearchConfig.ready``."""
    post_save.connect(_work_saved, sender=Work, dispatch_uid="search_work")
    post_delete.connect(_work_deleted, sender=Work, dispatch_uid="search_work_deleted")
    for model in (Chapter, Creatorship, Fill):
        post_save.connect(_part_changed, sender=model, dispatch_uid=f"search_{model.__name__}")
        post_delete.connect(_part_changed, sender=model, dispatch_uid=f"search_{model.__name__}_d")
    m2m_changed.connect(_tags_changed, sender=Work.tags.through, dispatch_uid="search_work_tags")
    m2m_changed.connect(_tags_changed, sender=Prompt.tags.through, dispatch_uid="search_ptags")
    post_save.connect(_pseud_saved, sender=Pseud, dispatch_uid="search_pseud")
    post_save.connect(_challenge_saved, sender=Challenge, dispatch_uid="search_challenge")
    post_save.connect(_prompt_saved, sender=Prompt, dispatch_uid="search_prompt")
    post_delete.connect(_prompt_deleted, sender=Prompt, dispatch_uid="search_prompt_deleted")
    tags_rewrangled.connect(_rewrangled, dispatch_uid="search_rewrangled")
    post_save.connect(_tag_saved, sender=Tag, dispatch_uid="search_tag")
