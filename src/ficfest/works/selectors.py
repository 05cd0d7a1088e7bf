"""Reads for works pages. Visibility always comes from Work.objects.visible_to."""

from django.db.models import Q
from django.http import Http404

from ficfest.accounts.auth import AnyUser
from ficfest.tags.models import Tag
from ficfest.works.models import Chapter, FilterTagging, Work, WorkQuerySet

PAGE_SIZE = 20


def work_for_reader(*, user: AnyUser, pk: int) -> Work:
    work = Work.objects.visible_to(user).for_blurbs().filter(pk=pk).first()
    if work is None:
        raise Http404("No such work, or you can't see it.")
    return work


def chapter_of(*, work: Work, position: int) -> Chapter:
    chapter = work.chapters.filter(position=position).first()
    if chapter is None:
        raise Http404("This work has no such chapter.")
    return chapter


def works_listed_for(user: AnyUser) -> WorkQuerySet:
    return Work.objects.visible_to(user).published().newest()


def carrying(tag_ids: set[int]) -> Q:
    """Works carrying one of these filter tags: ``id IN (the tags' works)``, which both
    databases can start from, reading the tags' works from the (tag, work) index (SQLite walks
    a correlated EXISTS once per work of the whole archive instead)."""
    return Q(pk__in=FilterTagging.objects.filter(tag_id__in=tag_ids).values("work_id"))


def works_tagged(works: WorkQuerySet, tag: Tag) -> WorkQuerySet:
    """Works a filter on this tag finds: its synonyms' and sub tags' works too."""
    return works.filter(carrying({tag.filter_tag.pk}))
