from ficfest.tags.models import Tag, TagType
from ficfest.tags.services import tags_get_or_create, tags_get_or_create_many


def test_it_finds_existing_tags_whatever_their_case(db):
    rain = Tag.objects.create(type=TagType.FREEFORM, name="Rain")
    assert tags_get_or_create(tag_type=TagType.FREEFORM, names=["rain", "RAIN"]) == [rain, rain]
    assert Tag.objects.count() == 1


def test_it_creates_only_the_missing_tags_and_keeps_the_order(db):
    spike = Tag.objects.create(type=TagType.CHARACTER, name="Spike")
    tags = tags_get_or_create_many({
        TagType.CHARACTER: ["Buffy Summers", "spike"], TagType.FANDOM: ["Buffy the Vampire Slayer"],
    })  # fmt: skip
    assert [t.name for t in tags] == ["Buffy Summers", "Spike", "Buffy the Vampire Slayer"]
    assert tags[1] == spike and all(t.pk for t in tags)
    assert Tag.objects.count() == 3


def test_it_keeps_the_same_name_apart_in_different_types(db):
    tags = tags_get_or_create_many({TagType.CHARACTER: ["Angel"], TagType.FANDOM: ["Angel"]})
    assert len({t.pk for t in tags}) == 2


def test_it_matches_non_ascii_names(db):
    first = tags_get_or_create(tag_type=TagType.FANDOM, names=["魔道祖师", "Ästhetik"])
    again = tags_get_or_create(tag_type=TagType.FANDOM, names=["魔道祖师", "Ästhetik"])
    assert first == again and Tag.objects.count() == 2
