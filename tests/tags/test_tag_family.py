"""A tag's family on its page: synonyms, its canonical, parents by type, meta and sub tags,
children by type, and the wrangle link for wranglers only."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ficfest.tags.models import Tag, TagType
from ficfest.tags.selectors import tag_family
from tests.factories import client_for, make_user, make_work
from tests.html import main, main_text


def canon(name: str, tag_type: str) -> Tag:
    return Tag.objects.create(type=tag_type, name=name, canonical=True)


def family_tree():
    fandom = canon("Buffy the Vampire Slayer", TagType.FANDOM)
    spike = canon("Spike", TagType.CHARACTER)
    ship = canon("Buffy Summers/Spike", TagType.RELATIONSHIP)
    spuffy = Tag.objects.create(type=TagType.RELATIONSHIP, name="Spuffy", merger=ship)
    meta = canon("Buffy/Vampires", TagType.RELATIONSHIP)
    sub = canon("Buffy Summers/Spike (Season 7)", TagType.RELATIONSHIP)
    spike.parents.add(fandom)
    ship.parents.add(fandom, spike, meta)
    sub.parents.add(ship)
    return fandom, spike, ship, spuffy


def test_it_shows_a_canonicals_synonyms_parents_meta_and_sub_tags(author, client):
    ship = family_tree()[2]
    make_work(author, relationships=["Buffy Summers/Spike"])
    page = client.get(ship.get_absolute_url())
    said = main_text(page)
    assert "This is a canonical tag: filters on it include its synonyms and sub tags." in said
    assert "Synonyms Spuffy" in said
    assert "Fandom Buffy the Vampire Slayer" in said and "Character Spike" in said
    assert "Meta tag Buffy/Vampires" in said and "Sub tag Buffy Summers/Spike (Season 7)" in said
    assert "Wrangle this tag" not in said


def test_a_fandoms_page_lists_what_belongs_to_it_by_type(author, client):
    fandom, *_ = family_tree()
    make_work(author)
    said = main_text(client.get(fandom.get_absolute_url()))
    assert "Characters" not in said and "Character Spike" in said
    assert "Relationship Buffy Summers/Spike" in said


def test_a_synonyms_page_leads_to_its_canonical_where_wranglers_can_wrangle_it(author):
    *_, ship, spuffy = family_tree()
    make_work(author, relationships=["Spuffy"])
    wrangler = make_user("wrangler", is_wrangler=True)
    response = client_for(wrangler).get(spuffy.get_absolute_url(), follow=True)
    assert response.redirect_chain[-1][0] == ship.get_absolute_url()
    html = main(response.content.decode())
    assert f'href="/tags/{spuffy.pk}/wrangle/" aria-label="Wrangle Spuffy">Spuffy</a>' in html
    assert f'href="/tags/{ship.pk}/wrangle/">Wrangle this tag</a>' in html
    reader = main(client_for(author).get(ship.get_absolute_url()).content.decode())
    assert "<span>Spuffy</span>" in reader and "/wrangle/" not in reader


def test_it_reads_a_family_in_two_queries(db):
    fandom, _, ship, spuffy = family_tree()
    with CaptureQueriesContext(connection) as queries:
        family = tag_family(ship)
    assert len(queries) == 2
    assert family.synonyms == [spuffy] and family.merger is None
    assert [t.name for t in family.meta] == ["Buffy/Vampires"]
    assert [(label, [t.name for t in tags]) for label, tags in family.parents] == [
        ("Fandom", ["Buffy the Vampire Slayer"]),
        ("Character", ["Spike"]),
    ]
    assert tag_family(spuffy).merger == ship
    assert [label for label, _ in tag_family(fandom).children] == ["Relationship", "Character"]
