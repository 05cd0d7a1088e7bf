"""Reads for works pages. Visibility always comes from Work.objects.visible_to."""

from django.core.paginator import Page, Paginator
from django.http import Http404

from ficfest.accounts.auth import AnyUser
from ficfest.works.models import Chapter, Work, WorkQuerySet

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


def listing_page(works: WorkQuerySet, page: str | None) -> Page:
    return Paginator(works.for_listing(), PAGE_SIZE).get_page(page)


def works_listed_for(user: AnyUser) -> WorkQuerySet:
    return Work.objects.visible_to(user).published().newest()
