"""The wrangle page of a tag and the staff page naming wranglers, through the client: who may
open them, what each form does, and each refusal shown by its field with what was typed."""

import pytest

from ficfest.accounts.models import User
from ficfest.tags.models import Tag, TagType
from ficfest.works.models import Work
from tests.factories import client_for, make_user, make_work
from tests.html import main, main_text

REL = TagType.RELATIONSHIP


def canon(name: str, tag_type: str = REL) -> Tag:
    return Tag.objects.create(type=tag_type, name=name, canonical=True)


def loose(name: str, tag_type: str = REL) -> Tag:
    return Tag.objects.create(type=tag_type, name=name)


@pytest.fixture
def wrangler(db) -> User:
    return make_user("wrangler", is_wrangler=True)


@pytest.fixture
def post(wrangler, django_capture_on_commit_callbacks):
    """Post a wrangling form as the wrangler, running the refresh queued after commit."""
    client = client_for(wrangler)

    def run(tag: Tag, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"/tags/{tag.pk}/wrangle/", data, follow=True)

    return run


def test_it_sends_guests_to_log_in_and_refuses_readers_without_the_role(client, stranger):
    tag = loose("Spuffy")
    for url in [f"/tags/{tag.pk}/wrangle/", "/tags/wranglers/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")
        refused = client_for(stranger).get(url)
        assert refused.status_code == 403
        assert "You can’t do that here" in main_text(refused)


def test_it_opens_the_wrangle_page_to_wranglers_and_staff_but_names_wranglers_for_staff_only(
    wrangler, moderator
):
    tag = loose("Spuffy")
    for user in [wrangler, moderator]:
        page = client_for(user).get(f"/tags/{tag.pk}/wrangle/")
        assert page.status_code == 200 and "Wrangle “Spuffy”" in main_text(page)
        assert "Unwrangled: not canonical" in main_text(page)
    assert client_for(wrangler).get("/tags/wranglers/").status_code == 403
    assert client_for(moderator).get("/tags/wranglers/").status_code == 200


def test_staff_grant_and_revoke_the_role_by_username(moderator, stranger):
    staff = client_for(moderator)
    page = staff.post("/tags/wranglers/", {"action": "grant", "username": "STRANGER"}, follow=True)
    assert "stranger is now a tag wrangler." in main_text(page)
    assert User.objects.get(pk=stranger.pk).is_wrangler
    assert "stranger" in main_text(staff.get("/tags/wranglers/"))
    page = staff.post("/tags/wranglers/", {"action": "revoke", "user_id": stranger.pk}, follow=True)
    assert "stranger is no longer a tag wrangler." in main_text(page)
    assert not User.objects.get(pk=stranger.pk).is_wrangler
    assert "Nobody has the wrangler role yet." in main_text(page)


def test_it_says_what_is_wrong_with_a_grant_or_a_revoke(moderator, wrangler):
    staff = client_for(moderator)
    page = staff.post("/tags/wranglers/", {"action": "grant", "username": "nobody<b>"})
    assert page.status_code == 200
    assert "There is no user called “nobody<b>”." in main_text(page)
    assert 'value="nobody&lt;b&gt;"' in main(page.content.decode())
    page = staff.post("/tags/wranglers/", {"action": "grant", "username": "wrangler"})
    assert "wrangler is already a tag wrangler." in main_text(page)
    for bad in ["abc", "²", "9" * 40, str(moderator.pk)]:
        page = staff.post("/tags/wranglers/", {"action": "revoke", "user_id": bad}, follow=True)
        assert "is not a tag wrangler (any more): nothing changed." in main_text(page)
    assert User.objects.get(pk=wrangler.pk).is_wrangler


def test_it_renames_a_tag_and_keeps_a_refused_name_in_the_field(post):
    tag = loose("spufy")
    canon("Buffy Summers/Spike")
    page = post(tag, action="rename", name="  Spuffy ")
    assert "Renamed to “Spuffy”." in main_text(page)
    assert Tag.objects.get(pk=tag.pk).name == "Spuffy"
    page = post(tag, action="rename", name="buffy summers/spike")
    html = main(page.content.decode())
    assert "There is already a relationship tag “buffy summers/spike”" in main_text(page)
    assert 'value="buffy summers/spike"' in html
    assert Tag.objects.get(pk=tag.pk).name == "Spuffy"
    page = post(tag, action="rename", name="x" * 400)
    assert "at most 150 characters" in main_text(page)


def test_it_makes_a_tag_canonical_and_refuses_to_unmake_one_with_synonyms(post):
    tag = loose("Buffy Summers/Spike")
    page = post(tag, action="canonical", canonical="yes")
    assert "“Buffy Summers/Spike” is now canonical." in main_text(page)
    assert Tag.objects.get(pk=tag.pk).canonical
    Tag.objects.create(type=REL, name="Spuffy", merger=tag)
    page = post(tag, action="canonical", canonical="no")
    assert "has synonyms or sub tags" in main_text(page)
    assert Tag.objects.get(pk=tag.pk).canonical
    page = post(tag, action="canonical", canonical="maybe")
    assert "Select a valid choice" in main_text(page)


def test_a_synonym_made_on_the_page_filters_as_its_canonical(author, post):
    canonical = canon("Buffy Summers/Spike")
    work = make_work(author, title="Short name", relationships=["Spuffy"])
    spuffy = Tag.objects.get(name="Spuffy")
    page = post(spuffy, action="merge", into="buffy summers/spike")
    assert "“Spuffy” is now a synonym of “Buffy Summers/Spike”." in main_text(page)
    assert list(Work.objects.filter(filter_tags=canonical)) == [work]
    assert "A synonym of Buffy Summers/Spike" in main_text(page)
    # A second synonym named by the first one's name means the canonical.
    nick = loose("B/S")
    post(nick, action="merge", into="Spuffy")
    assert Tag.objects.get(pk=nick.pk).merger == canonical
    page = post(spuffy, action="unmerge")
    assert "“Spuffy” is no longer a synonym." in main_text(page)
    assert list(Work.objects.filter(filter_tags=canonical)) == []


def test_it_shows_why_a_synonym_was_refused_with_what_was_typed(post):
    spuffy = loose("Spuffy")
    loose("Buffy/Spike")
    page = post(spuffy, action="merge", into="Nobody/Nothing")
    assert "There is no relationship tag called “Nobody/Nothing”." in main_text(page)
    assert 'value="Nobody/Nothing"' in main(page.content.decode())
    page = post(spuffy, action="merge", into="buffy/spike")
    assert "“Buffy/Spike” is not canonical: only a canonical tag has synonyms." in main_text(page)
    page = post(spuffy, action="unmerge")
    assert "“Spuffy” is not a synonym of another tag." in main_text(page)
    assert Tag.objects.get(pk=spuffy.pk).merger is None


def test_it_adds_and_removes_parents_named_as_typed(post):
    fandom = canon("Buffy the Vampire Slayer", TagType.FANDOM)
    spike = canon("Spike", TagType.CHARACTER)
    page = post(spike, action="parent", parent="buffy the vampire slayer")
    assert "“Buffy the Vampire Slayer” is now a parent of “Spike”." in main_text(page)
    assert list(spike.parents.all()) == [fandom]
    page = post(spike, action="parent_remove", parent_id=fandom.pk)
    assert "is no longer a parent of “Spike”." in main_text(page)
    assert not spike.parents.exists()
    page = post(spike, action="parent_remove", parent_id=fandom.pk)
    assert "That tag is not a parent of this one (any more)." in main_text(page)
    page = post(spike, action="parent_remove", parent_id="x")
    assert "Enter a whole number." in main_text(page)


def test_it_asks_which_tag_a_shared_name_means_and_refuses_links_that_make_no_sense(post):
    canon("Spike", TagType.FANDOM)
    canon("Spike", TagType.CHARACTER)
    ship = canon("Buffy Summers/Spike")
    page = post(ship, action="parent", parent="Spike")
    assert "More than one tag is called “Spike”: choose its type." in main_text(page)
    page = post(ship, action="parent", parent="Spike", parent_type="character")
    assert "“Spike” is now a parent of “Buffy Summers/Spike”." in main_text(page)
    page = post(ship, action="parent", parent="Nobody")
    assert "There is no tag called “Nobody” that can be its parent." in main_text(page)
    au = canon("AU", TagType.FREEFORM)
    page = post(au, action="parent", parent="AU")
    assert "A tag cannot be its own parent." in main_text(page)
    page = post(au, action="parent", parent="Spike", parent_type="character")
    assert "Select a valid choice" in main_text(page)


def test_it_refuses_an_unknown_action_and_goes_back_only_to_this_site(post, wrangler):
    tag = loose("Spuffy")
    page = client_for(wrangler).post(f"/tags/{tag.pk}/wrangle/", {"action": "drop"})
    assert page.status_code == 400 and "nothing was changed" in main_text(page)
    for bad in ["https://example.org/", "//example.org/", "javascript:alert(1)"]:
        response = client_for(wrangler).post(
            f"/tags/{tag.pk}/wrangle/", {"action": "canonical", "canonical": "yes", "next": bad}
        )
        assert response["Location"] == f"/tags/{tag.pk}/wrangle/"
    response = client_for(wrangler).post(
        f"/tags/{tag.pk}/wrangle/",
        {"action": "canonical", "canonical": "no", "next": "/tags/unwrangled/"},
    )
    assert response["Location"] == "/tags/unwrangled/"


def test_a_fixed_tag_says_it_is_not_wrangled(wrangler, author):
    make_work(author)
    warning = Tag.objects.filter(type=TagType.WARNING).first()
    page = client_for(wrangler).get(f"/tags/{warning.pk}/wrangle/")
    assert "tags are fixed choices" in main_text(page)
    assert "Make it canonical" not in main_text(page) and "Rename" in main_text(page)


def test_the_wrangle_fields_ask_for_the_autocomplete(wrangler):
    tag = canon("Spike", TagType.CHARACTER)
    html = main(client_for(wrangler).get(f"/tags/{tag.pk}/wrangle/").content.decode())
    assert 'name="into"' in html and 'data-tag-autocomplete="character"' in html
    assert 'name="parent"' in html and 'data-tag-autocomplete=""' in html
