"""The unwrangled queue: per fandom, the unwrangled tags used on its works with their counts,
and the fandoms with counts of them; quick actions that come back to the queue."""

import pytest

from ficfest.tags.models import Tag, TagType
from ficfest.works.models import Status
from tests.factories import client_for, make_user, make_work
from tests.html import main, main_text

BUFFY = "Buffy the Vampire Slayer"


@pytest.fixture
def wrangler(db):
    return make_user("wrangler", is_wrangler=True)


@pytest.fixture
def works(author):
    make_work(author, title="One", relationships=["Spuffy"], characters=["Spike"],
              freeforms=["Rain"])  # fmt: skip
    make_work(author, title="Two", relationships=["spuffy"], freeforms=["Snow"])
    make_work(author, title="Elsewhere", fandoms=["Firefly"], freeforms=["Rain", "Vera"])
    make_work(author, title="Draft", relationships=["Secret/Ship"], status=Status.DRAFT)
    return Tag.objects.get(type=TagType.FANDOM, name=BUFFY)


def test_it_lists_only_the_unwrangled_tags_of_the_fandoms_works_with_their_counts(works, wrangler):
    page = client_for(wrangler).get(f"/tags/unwrangled/{works.pk}/")
    said = main_text(page)
    assert page.status_code == 200 and "Unwrangled tags in Buffy the Vampire Slayer" in said
    assert "4 unwrangled tags" in said
    assert "Spuffy Relationship used on 2 works" in said
    assert "Rain Additional Tags used on 1 work" in said and "Spike Character" in said
    assert "Vera" not in said and "Secret/Ship" not in said  # another fandom, a draft
    assert said.index("Spuffy") < said.index("Rain")  # most used first


def test_it_filters_the_queue_by_kind_and_says_when_a_kind_is_unknown(works, wrangler):
    client = client_for(wrangler)
    said = main_text(client.get(f"/tags/unwrangled/{works.pk}/?type=freeform"))
    assert "2 unwrangled tags" in said and "Rain" in said and "Spuffy" not in said
    said = main_text(client.get(f"/tags/unwrangled/{works.pk}/?type=<script>"))
    assert "There is no such kind of tag in the queue" in said and "Spuffy" in said
    said = main_text(client.get(f"/tags/unwrangled/{works.pk}/?page=99999999999999999999"))
    assert "Spuffy" in said


def test_the_fandom_list_counts_unwrangled_tags_per_fandom(works, wrangler):
    page = client_for(wrangler).get("/tags/unwrangled/")
    said = main_text(page)
    assert "Buffy the Vampire Slayer (4 unwrangled)" in said
    assert "Firefly (2 unwrangled)" in said
    assert "Fandom tags to wrangle" in said and "Firefly Fandom used on 1 work" in said


def test_a_tag_wrangled_from_the_queue_leaves_it_and_the_page_comes_back(
    works, wrangler, django_capture_on_commit_callbacks
):
    client = client_for(wrangler)
    queue = f"/tags/unwrangled/{works.pk}/"
    html = main(client.get(queue).content.decode())
    assert 'data-tag-autocomplete="relationship"' in html
    spuffy, rain = Tag.objects.get(name="Spuffy"), Tag.objects.get(name="Rain")
    snow, spike = Tag.objects.get(name="Snow"), Tag.objects.get(name="Spike")
    Tag.objects.create(type=TagType.RELATIONSHIP, name="Buffy Summers/Spike", canonical=True)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(f"/tags/{rain.pk}/wrangle/",
                           {"action": "canonical", "canonical": "yes", "next": queue})  # fmt: skip
        assert done.status_code == 302 and done["Location"] == queue
        client.post(f"/tags/{spuffy.pk}/wrangle/",
                    {"action": "merge", "into": "Buffy Summers/Spike", "next": queue})  # fmt: skip
        put_in = {"action": "parent", "parent": BUFFY, "parent_type": "fandom", "next": queue}
        client.post(f"/tags/{spike.pk}/wrangle/", put_in)
    said = main_text(client.get(queue))  # the messages say what was done
    assert "“Spuffy” is now a synonym of “Buffy Summers/Spike”." in said
    said = main_text(client.get(queue))
    assert "1 unwrangled tag" in said and "Snow" in said
    assert "Spuffy" not in said and "Rain" not in said and "Spike" not in said
    assert list(spike.parents.all()) == [works]
    # Firefly's work still carries Rain, now canonical: it left that queue too.
    assert "Firefly (1 unwrangled)" in main_text(client.get("/tags/unwrangled/"))
    assert not Tag.objects.get(pk=snow.pk).canonical


def test_a_synonym_fandoms_queue_is_its_canonicals(works, wrangler, author):
    make_work(author, title="Abbrev", fandoms=["BtVS"], freeforms=["Hail"])
    Tag.objects.filter(pk=works.pk).update(canonical=True)
    btvs = Tag.objects.get(name="BtVS")
    from ficfest.tags.wrangling import tag_merge
    from ficfest.works.filtertags import filter_tags_refresh
    from ficfest.works.models import Work

    tag_merge(tag=btvs, into=Tag.objects.get(pk=works.pk))
    filter_tags_refresh(Work.objects.values_list("pk", flat=True))
    client = client_for(wrangler)
    response = client.get(f"/tags/unwrangled/{btvs.pk}/")
    assert response["Location"] == f"/tags/unwrangled/{works.pk}/"
    assert "Hail" in main_text(client.get(response["Location"]))


def test_only_wranglers_and_staff_see_the_queue(works, client, stranger, moderator):
    for url in ["/tags/unwrangled/", f"/tags/unwrangled/{works.pk}/"]:
        assert client.get(url)["Location"].startswith("/login/")
        assert client_for(stranger).get(url).status_code == 403
        assert client_for(moderator).get(url).status_code == 200
    spike = Tag.objects.get(name="Spike")
    assert client_for(moderator).get(f"/tags/unwrangled/{spike.pk}/").status_code == 404
