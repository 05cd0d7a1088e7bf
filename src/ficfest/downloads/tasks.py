"""Files built by the worker: a work's files when it changes, an anthology when asked for.
Both reload their rows by id and skip what is already built, so running one twice is harmless."""

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from django_tasks import task

from ficfest.communities.models import Fill
from ficfest.downloads.anthologies import anthology_build_run
from ficfest.downloads.formats import BUILT_IN_FORMATS
from ficfest.downloads.works import work_files_build
from ficfest.lib.gathering import after_commit
from ficfest.works.models import Chapter, Creatorship, Work, WorkImage


@task()
def build_work_files(work_id: int) -> None:
    work_files_build(work_id=work_id, formats=BUILT_IN_FORMATS)


@task()
def build_works_files(work_ids: list[int]) -> None:
    """The files of many works changed in one transaction (an import's batch)."""
    for work_id in work_ids:
        work_files_build(work_id=work_id, formats=BUILT_IN_FORMATS)


def work_changed(work_id: int) -> None:
    """Queue the work's files once its change is committed (a rolled-back change queues none)."""
    if settings.DOWNLOADS_PREBUILD:
        after_commit(_send_builds, [work_id])  # an import's batch gathers them: one task


def _send_builds(work_ids: list[int]) -> None:
    if len(work_ids) == 1:
        build_work_files.enqueue(work_ids[0])
    else:
        build_works_files.enqueue(work_ids)


def _on_work(sender: object, instance: Work, **kwargs: object) -> None:
    if not kwargs.get("raw"):
        work_changed(instance.pk)


def _on_part(sender: object, instance: Chapter | WorkImage | Creatorship | Fill,
             **kwargs: object) -> None:  # fmt: skip
    if not kwargs.get("raw"):
        work_changed(instance.work_id)


def _on_tags(sender: object, instance: object, action: str, **kwargs: object) -> None:
    if action.startswith("post_") and isinstance(instance, Work):
        work_changed(instance.pk)


def connect() -> None:
    post_save.connect(_on_work, sender=Work, dispatch_uid="downloads-work")
    for model in (Chapter, WorkImage, Creatorship, Fill):
        post_save.connect(_on_part, sender=model, dispatch_uid=f"downloads-{model.__name__}")
        post_delete.connect(_on_part, sender=model, dispatch_uid=f"downloads-del-{model.__name__}")
    m2m_changed.connect(_on_tags, sender=Work.tags.through, dispatch_uid="downloads-tags")


@task()
def build_anthology(build_id: int) -> None:
    anthology_build_run(build_id)
