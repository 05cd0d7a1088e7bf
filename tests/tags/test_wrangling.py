"""Wrangling: what a filter on a tag means once tags are canonical, synonyms or meta tags."""

import pytest
from django.core.exceptions import ValidationError

from ficfest.tags.models import Tag, TagType
from ficfest.tags.wrangling import (
    tag_canonical_set,
    tag_merge,
    tag_parent_add,
    tag_parent_remove,
    tag_rename,
    tag_unmerge,
)
from ficfest.works.models import Work
from tests.factories import make_work

REL = TagType.RELATIONSHIP


def canon(name: str, tag_type: str = REL) -> Tag:
    return Tag.objects.create(type=tag_type, name=name, canonical=True)


def filtered(tag: Tag) -> set[str]:
    return set(Work.objects.filter(filter_tags=tag).values_list("title", flat=True))


@pytest.fixture
def wrangle(django_capture_on_commit_callbacks):
    """Run a wrangling change and the after-commit refresh it queues, as the worker would."""

    def run(change, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            change(**kwargs)

    return run


def test_it_filters_a_synonym_as_its_canonical_both_ways(author, wrangle):
    canonical = canon("Buffy Summers/Spike")
    make_work(author, title="Long name", relationships=["Buffy Summers/Spike"])
    make_work(author, title="Short name", relationships=["Spuffy"])
    spuffy = Tag.objects.get(name="Spuffy")
    assert filtered(canonical) == {"Long name"}
    wrangle(tag_merge, tag=spuffy, into=canonical)
    assert filtered(canonical) == {"Long name", "Short name"}
    assert Tag.objects.get(pk=spuffy.pk).filter_tag == canonical
    # A work tagged later with the synonym is found by the canonical at once.
    make_work(author, title="Later", relationships=["spuffy"])
    assert filtered(canonical) == {"Long name", "Short name", "Later"}


def test_it_undoes_a_synonym(author, wrangle):
    canonical = canon("Buffy Summers/Spike")
    make_work(author, title="Short name", relationships=["Spuffy"])
    spuffy = Tag.objects.get(name="Spuffy")
    wrangle(tag_merge, tag=spuffy, into=canonical)
    wrangle(tag_unmerge, tag=spuffy)
    assert filtered(canonical) == set() and filtered(spuffy) == {"Short name"}


def test_a_meta_tag_filter_includes_its_sub_tags_all_the_way_down(author, wrangle):
    au = canon("Alternate Universe", TagType.FREEFORM)
    human = canon("Alternate Universe - Human", TagType.FREEFORM)
    college = canon("Alternate Universe - College", TagType.FREEFORM)
    make_work(author, title="Campus", freeforms=["AU college"])
    wrangle(tag_merge, tag=Tag.objects.get(name="AU college"), into=college)
    wrangle(tag_parent_add, child=human, parent=au)
    wrangle(tag_parent_add, child=college, parent=human)
    assert filtered(au) == filtered(human) == filtered(college) == {"Campus"}
    wrangle(tag_parent_remove, child=college, parent=human)
    assert filtered(au) == set() and filtered(college) == {"Campus"}


def test_a_fandom_parent_says_where_a_tag_belongs_without_filtering(author, wrangle):
    fandom = canon("Buffy the Vampire Slayer", TagType.FANDOM)
    spike = canon("Spike", TagType.CHARACTER)
    make_work(author, title="Spike only", characters=["Spike"], fandoms=["Angel"])
    wrangle(tag_parent_add, child=spike, parent=fandom)
    assert list(fandom.children.all()) == [spike]
    assert filtered(fandom) == set()


def test_it_refuses_links_that_make_no_sense(db):
    au, sub = canon("AU", TagType.FREEFORM), canon("AU - Human", TagType.FREEFORM)
    tag_parent_add(child=sub, parent=au)
    with pytest.raises(ValidationError, match="already below"):
        tag_parent_add(child=au, parent=sub)
    with pytest.raises(ValidationError, match="own parent"):
        tag_parent_add(child=au, parent=au)
    with pytest.raises(ValidationError, match="cannot be a parent"):
        tag_parent_add(child=canon("Fandom", TagType.FANDOM), parent=canon("Spike", "character"))
    with pytest.raises(ValidationError, match="both be canonical"):
        tag_parent_add(child=Tag.objects.create(type=REL, name="x"), parent=canon("y"))


def test_a_synonym_needs_a_canonical_of_its_own_type(db):
    loose = Tag.objects.create(type=REL, name="Spuffy")
    with pytest.raises(ValidationError, match="not canonical"):
        tag_merge(tag=loose, into=Tag.objects.create(type=REL, name="B/S"))
    with pytest.raises(ValidationError, match="same type"):
        tag_merge(tag=loose, into=canon("Spike", TagType.CHARACTER))
    with pytest.raises(ValidationError, match="fixed"):
        tag_merge(tag=Tag.objects.create(type=TagType.WARNING, name="w"), into=canon("y"))


def test_merging_a_canonical_moves_its_synonyms_and_links(author, wrangle):
    old, new = canon("Buffy/Spike"), canon("Buffy Summers/Spike")
    fandom = canon("BtVS", TagType.FANDOM)
    make_work(author, title="Nickname", relationships=["Spuffy"])
    spuffy = Tag.objects.get(name="Spuffy")
    wrangle(tag_merge, tag=spuffy, into=old)
    wrangle(tag_parent_add, child=old, parent=fandom)
    wrangle(tag_merge, tag=old, into=new)
    assert Tag.objects.get(pk=spuffy.pk).merger == new
    assert list(new.parents.all()) == [fandom] and not old.parents.exists()
    assert filtered(new) == {"Nickname"}


def test_a_canonical_with_synonyms_stays_canonical(db):
    canonical = canon("Buffy Summers/Spike")
    tag_merge(tag=Tag.objects.create(type=REL, name="Spuffy"), into=canonical)
    with pytest.raises(ValidationError, match="has synonyms"):
        tag_canonical_set(tag=canonical, canonical=False)


def test_renaming_keeps_names_unique_per_type_but_allows_a_new_case(db):
    spuffy = Tag.objects.create(type=REL, name="spuffy")
    canon("Buffy Summers/Spike")
    tag_rename(tag=spuffy, name="Spuffy")
    assert Tag.objects.get(pk=spuffy.pk).name == "Spuffy"
    with pytest.raises(ValidationError, match="already"):
        tag_rename(tag=spuffy, name="buffy summers/spike")
    with pytest.raises(ValidationError, match="without commas"):
        tag_rename(tag=spuffy, name="a, b")


def test_new_warnings_are_canonical_and_new_fandoms_wait_for_a_wrangler(author):
    make_work(author, fandoms=["Firefly"])
    assert Tag.objects.get(name="No Archive Warnings Apply").canonical
    assert not Tag.objects.get(name="Firefly").canonical
    assert Tag.objects.unwrangled().filter(name="Firefly").exists()


def test_a_synonym_made_canonical_stands_on_its_own(author, wrangle):
    canonical = canon("Buffy Summers/Spike")
    make_work(author, title="Nickname", relationships=["Spuffy"])
    spuffy = Tag.objects.get(name="Spuffy")
    wrangle(tag_merge, tag=spuffy, into=canonical)
    wrangle(tag_canonical_set, tag=spuffy, canonical=True)
    spuffy.refresh_from_db()
    assert spuffy.canonical and spuffy.merger is None
    assert filtered(canonical) == set() and filtered(spuffy) == {"Nickname"}


def test_a_canonical_with_synonyms_can_be_marked_canonical_again(db):
    canonical = canon("Buffy Summers/Spike")
    tag_merge(tag=Tag.objects.create(type=REL, name="Spuffy"), into=canonical)
    tag_canonical_set(tag=canonical, canonical=True)
    assert Tag.objects.get(pk=canonical.pk).canonical


def test_a_canonical_merged_into_another_is_no_longer_canonical(db):
    old, new = canon("Buffy/Spike"), canon("Buffy Summers/Spike")
    tag_merge(tag=old, into=new)
    old.refresh_from_db()
    assert not old.canonical and old.merger == new


def test_a_cycle_that_slipped_in_does_not_hang_the_filters(author, wrangle):
    first, second = canon("AU", TagType.FREEFORM), canon("AU - Human", TagType.FREEFORM)
    second.parents.add(first)
    first.parents.add(second)  # bypassing the services, as a bad admin edit might
    make_work(author, title="Loop", freeforms=["AU"])
    assert filtered(first) == filtered(second) == {"Loop"}
