"""Each work's precomputed filter tags follow its tags by every path that changes them."""

from ficfest.tags.models import Tag, TagType
from ficfest.tags.wrangling import tag_merge, tag_parent_add
from ficfest.works import filtertags
from ficfest.works.filtertags import filter_tags_refresh
from ficfest.works.models import FilterTagging, Work
from ficfest.works.services import WorkTags, work_update
from tests.factories import make_work


def filters_of(work: Work) -> set[str]:
    return set(work.filter_tags.values_list("name", flat=True))


def test_it_follows_a_work_s_tags_as_they_are_edited(author):
    work = make_work(author, fandoms=["Firefly"], characters=["Kaylee Frye"])
    assert filters_of(work) == {"Firefly", "Kaylee Frye", "No Archive Warnings Apply"}
    work_update(
        work=work,
        editor=author,
        tags=WorkTags(fandoms=["Firefly"], warnings=[], characters=["River Tam"]),
    )
    assert filters_of(work) == {"Firefly", "River Tam"}


def test_it_follows_tags_added_and_removed_from_the_tag_s_side(author):
    first, second = make_work(author, title="One"), make_work(author, title="Two")
    rain = Tag.objects.create(type=TagType.FREEFORM, name="Rain")
    rain.works.add(first, second)
    assert set(rain.filtered_works.values_list("title", flat=True)) == {"One", "Two"}
    rain.works.remove(first)
    assert set(rain.filtered_works.values_list("title", flat=True)) == {"Two"}
    rain.works.clear()
    assert not rain.filtered_works.exists() and filters_of(second)


def test_clearing_a_work_s_tags_clears_its_filters(author):
    work = make_work(author)
    work.tags.clear()
    assert not FilterTagging.objects.filter(work=work).exists()


def test_a_refresh_puts_back_what_was_lost_and_can_run_twice(author):
    work = make_work(author, characters=["Spike"])
    FilterTagging.objects.filter(work=work).delete()
    FilterTagging.objects.create(work=work, tag=Tag.objects.create(type="freeform", name="x"))
    filter_tags_refresh([work.pk])
    filter_tags_refresh([work.pk])
    assert filters_of(work) == {"Buffy the Vampire Slayer", "Spike", "No Archive Warnings Apply"}


def test_a_refresh_works_through_many_works_in_chunks(author, monkeypatch):
    monkeypatch.setattr(filtertags, "CHUNK", 2)
    works = [make_work(author, title=f"W{n}", characters=["Spike"]) for n in range(5)]
    FilterTagging.objects.all().delete()
    filter_tags_refresh([work.pk for work in works])
    spike = Tag.objects.get(name="Spike")
    assert spike.filtered_works.count() == 5


def test_wrangling_refreshes_only_after_commit(author, django_capture_on_commit_callbacks):
    canonical = Tag.objects.create(type=TagType.CHARACTER, name="William", canonical=True)
    meta = Tag.objects.create(type=TagType.CHARACTER, name="Vampires", canonical=True)
    work = make_work(author, characters=["Spike"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tag_merge(tag=Tag.objects.get(name="Spike"), into=canonical)
        tag_parent_add(child=canonical, parent=meta)
    assert "William" not in filters_of(work)  # the worker has not run yet
    for callback in callbacks:
        callback()
    assert {"William", "Vampires"} <= filters_of(work) and "Spike" not in filters_of(work)
