"""Muted tags and creators leave a reader's listings; hidden creators are never muted out."""

from ficfest.tags.models import Tag, TagMute, TagType
from ficfest.tags.wrangling import tag_merge
from ficfest.works.models import Work
from tests.factories import make_work


def titles(user) -> set[str]:
    works = Work.objects.visible_to(user).unmuted_for(user)
    return set(works.values_list("title", flat=True))


def test_a_muted_tag_hides_its_synonyms_works_too(
    author, stranger, django_capture_on_commit_callbacks
):
    canonical = Tag.objects.create(type=TagType.RELATIONSHIP, name="B/S", canonical=True)
    make_work(author, title="Nickname", relationships=["Spuffy"])
    make_work(author, title="Other", relationships=["Willow/Tara"])
    with django_capture_on_commit_callbacks(execute=True):
        tag_merge(tag=Tag.objects.get(name="Spuffy"), into=canonical)
    TagMute.objects.create(user=stranger, tag=canonical)
    assert titles(stranger) == {"Other"}
    assert titles(author) == {"Nickname", "Other"}
