"""Setting up a community from the web: the list, the form, the home page, editing."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from ficfest.communities.models import (
    Anonymity,
    Community,
    FormLimit,
    Membership,
    MembershipMode,
    Role,
)
from ficfest.tags.models import Tag, TagType
from tests.communities.factories import (
    add_member,
    make_challenge,
    make_community,
    make_fill,
    set_limits,
)
from tests.factories import make_user, make_work
from tests.html import text

RULES = "Every work must be Spike/Buffy.\nAny rating, any genre.\n\nMembers only."


def form_data(**overrides):
    """The seed's community, as a moderator would fill in the form."""
    data = {
        "name": "Fag Ends",
        "slug": "fag-ends",
        "description": "A short-work challenge for Spike and Buffy.",
        "rules": RULES,
        "membership": "open",
        "members_only_posting": "on",
        "required_tags_raw": "Buffy Summers/Spike\nfandom: Buffy the Vampire Slayer",
        "overflow_of": "",
        **{f"accept_{form}": "on" for form in ["fic", "meta", "art", "picspam", "vid", "fanmix"]},
        "limit_fic": "1000",
        "limit_meta": "1000",
        "limit_art": "8",
        "limit_picspam": "8",
        "limit_vid": "60",
        "limit_fanmix": "5",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_it_creates_a_community_whose_creator_is_its_owner(author_client, author):
    response = author_client.post("/c/new/", form_data())
    community = Community.objects.get()
    assert response.status_code == 302 and response.url == "/c/fag-ends/"
    assert community.name == "Fag Ends" and community.rules == RULES
    assert community.membership == MembershipMode.OPEN and community.members_only_posting
    assert not community.moderated
    owner = Membership.objects.get(community=community)
    assert owner.user == author and owner.role == Role.OWNER and owner.is_moderator
    limits = dict(FormLimit.objects.values_list("form", "limit"))
    assert limits == {"fic": 1000, "meta": 1000, "art": 8, "picspam": 8, "vid": 60, "fanmix": 5}
    required = {(tag.type, tag.name) for tag in community.required_tags.all()}
    assert required == {
        (TagType.RELATIONSHIP, "Buffy Summers/Spike"),
        (TagType.FANDOM, "Buffy the Vampire Slayer"),
    }


def test_it_accepts_only_the_ticked_forms_and_any_size_without_a_limit(author_client):
    data = form_data(accept_art=None, accept_picspam=None, limit_art="", limit_picspam="",
                     limit_fanmix="", moderated="on", membership="approval")  # fmt: skip
    author_client.post("/c/new/", data)
    community = Community.objects.get()
    limits = dict(FormLimit.objects.values_list("form", "limit"))
    assert limits == {"fic": 1000, "meta": 1000, "vid": 60, "fanmix": None}
    assert community.moderated and community.membership == MembershipMode.APPROVAL


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"slug": "taken"}, "The address /c/taken/ is taken"),
        ({"slug": "TAKEN"}, "The address /c/taken/ is taken"),
        ({"slug": "fag ends!"}, "Enter a valid “slug”"),
        ({"slug": "new"}, "“new” is reserved"),
        ({"slug": "", "name": "!!!"}, "Choose an address"),
        ({"name": ""}, "This field is required"),
        ({"name": "x" * 101}, "at most 100 characters"),
        ({"membership": "secret"}, "Select a valid choice"),
        ({"limit_fic": "-5"}, "A limit must be at least 1 word"),
        ({"limit_fic": "0"}, "A limit must be at least 1 word"),
        ({"limit_vid": "a minute"}, "whole number of seconds"),
        ({"limit_art": "2.5"}, "whole number of images"),
        ({"limit_fanmix": "99999999999"}, "less than or equal to 1000000"),
        ({"accept_fanmix": None}, "Tick “Fanmix” to accept it, or clear its limit"),
        ({f"accept_{f}": None for f in ["fic", "meta", "art", "picspam", "vid", "fanmix"]}
         | {f"limit_{f}": "" for f in ["fic", "meta", "art", "picspam", "vid", "fanmix"]},
         "Accept at least one form of work"),
        ({"required_tags_raw": "x" * 151}, "at most 150 characters"),
    ],
)  # fmt: skip
def test_it_refuses_bad_input_by_the_field_and_saves_nothing(
    author_client, stranger, overrides, message
):
    make_community(stranger, slug="taken")
    before = (Community.objects.count(), Membership.objects.count(), FormLimit.objects.count())
    tags_before = Tag.objects.count()
    response = author_client.post("/c/new/", form_data(**overrides))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in text(page)
    assert "Nothing was saved" in page
    after = (Community.objects.count(), Membership.objects.count(), FormLimit.objects.count())
    assert after == before and Tag.objects.count() == tags_before


def test_it_refuses_an_overflow_of_a_community_the_creator_does_not_moderate(
    author_client, stranger
):
    other = make_community(stranger, slug="someone-elses")
    response = author_client.post("/c/new/", form_data(overflow_of=other.pk))
    assert "Select a valid choice" in response.content.decode()
    assert not Community.objects.filter(slug="fag-ends").exists()


def test_it_links_an_overflow_community_and_its_main_community_both_ways(author_client, author):
    main = make_community(author, slug="fag-ends", name="Fag Ends")
    author_client.post("/c/new/", form_data(name="Fag Ends Overflow", slug="overflow",
                                            overflow_of=main.pk))  # fmt: skip
    overflow = Community.objects.get(slug="overflow")
    assert overflow.overflow_of == main
    page = text(author_client.get("/c/overflow/").content.decode())
    assert "This is the overflow community of Fag Ends" in page
    page = text(author_client.get("/c/fag-ends/").content.decode())
    assert "Overflow community for longer works and other forms: Fag Ends Overflow" in page


def test_it_asks_logged_out_visitors_to_log_in_before_starting_a_community(client, db):
    response = client.get("/c/new/")
    assert response.status_code == 302 and response.url.startswith("/login/")
    assert client.post("/c/new/", form_data()).status_code == 302
    assert not Community.objects.exists()


def test_it_lists_communities_with_excerpts_and_member_counts(client, author, stranger):
    community = make_community(author, description="word " * 100)
    add_member(community, stranger)
    add_member(community, make_user("hopeful"), status="pending")
    make_community(stranger, slug="kink-meme", name="Kink Meme")
    page = text(client.get("/c/").content.decode())
    assert "Fag Ends" in page and "Kink Meme" in page
    assert "2 members" in page and "1 member" in page
    assert ("word " * 40) + "…" in page and "word " * 41 not in page
    assert "Start a community" not in page
    client.force_login(stranger)
    assert "Start a community" in text(client.get("/c/").content.decode())


def test_it_shows_the_home_page_with_rules_forms_limits_and_challenges(client, author):
    community = make_community(author, rules="No crossovers.\nShort works only.",
                               description="Spike & Buffy.")  # fmt: skip
    set_limits(community, fic=1000, vid=60, fanmix=5, art=None)
    make_challenge(community, title="Monthly prompts")
    page = client.get("/c/fag-ends/").content.decode()
    assert "<h1>Fag Ends</h1>" in page
    assert "No crossovers.<br>Short works only." in page
    assert "Spike &amp; Buffy." in page
    words = text(page)
    assert "Fic up to 1,000 words" in words and "Vid up to 60 seconds" in words
    assert "Fanmix up to 5 tracks" in words and "Art, any size" in words
    assert "Meta" not in words
    assert "Monthly prompts" in words and "Log in to join" in words


def test_it_escapes_the_rules_instead_of_running_them(client, author):
    make_community(author, rules="<script>alert(1)</script>")
    page = client.get("/c/fag-ends/").content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_it_answers_404_for_a_community_that_does_not_exist(client, db):
    assert client.get("/c/nowhere/").status_code == 404


def test_it_lists_the_newest_fills_and_never_names_an_anonymous_creator(client, author):
    community = make_community(author)
    open_challenge = make_challenge(community, slug="open")
    secret = make_challenge(community, slug="anon", anonymity=Anonymity.ANONYMOUS,
                            reveal_at=timezone.now() + timedelta(days=7))  # fmt: skip
    creator = make_user("secretwriter")
    make_fill(make_work(author, title="Named Fill"), open_challenge)
    make_fill(make_work(creator, title="Masked Fill"), secret)
    make_fill(make_work(author, title="Draft Fill", status="draft"), open_challenge)
    page = client.get("/c/fag-ends/").content.decode()
    assert "Named Fill" in page and "Masked Fill" in page and "Draft Fill" not in page
    assert "secretwriter" not in page and "Anonymous" in page


def test_it_lets_moderators_edit_the_community_but_not_its_address(client, author):
    community = make_community(author, name="Fag Ends")
    set_limits(community, fic=1000)
    mod = make_user("mod")
    add_member(community, mod, role=Role.MODERATOR)
    client.force_login(mod)
    form = client.get("/c/fag-ends/edit/")
    assert form.status_code == 200 and 'value="1000"' in form.content.decode()
    data = form_data(name="Fag Ends Renamed", slug="hijacked", limit_fic="500",
                     accept_meta=None, limit_meta="", required_tags_raw="Buffy/Spike")  # fmt: skip
    response = client.post("/c/fag-ends/edit/", data)
    assert response.status_code == 302 and response.url == "/c/fag-ends/"
    community.refresh_from_db()
    assert community.name == "Fag Ends Renamed" and community.slug == "fag-ends"
    limits = dict(community.form_limits.values_list("form", "limit"))
    assert limits["fic"] == 500 and "meta" not in limits
    assert [t.name for t in community.required_tags.all()] == ["Buffy/Spike"]


def test_it_keeps_the_settings_when_an_edit_is_refused(client, author):
    community = make_community(author, name="Fag Ends")
    set_limits(community, fic=1000)
    client.force_login(author)
    response = client.post("/c/fag-ends/edit/", form_data(name="", limit_fic="-1"))
    assert response.status_code == 200
    assert "<h1>Edit “Fag Ends”</h1>" in response.content.decode()
    community.refresh_from_db()
    assert community.name == "Fag Ends" and community.form_limits.get().limit == 1000


def test_it_refuses_the_edit_page_to_strangers_and_plain_members(client, author, stranger):
    community = make_community(author)
    member = make_user("member")
    add_member(community, member)
    for user in (stranger, member):
        client.force_login(user)
        assert client.get("/c/fag-ends/edit/").status_code == 403
        assert client.post("/c/fag-ends/edit/", form_data(name="Taken over")).status_code == 403
    assert Community.objects.get().name == "Fag Ends"
    assert Client().get("/c/fag-ends/edit/").status_code == 302


def test_it_shows_the_moderator_links_only_to_moderators(client, author, stranger):
    make_community(author)
    client.force_login(stranger)
    page = client.get("/c/fag-ends/").content.decode()
    assert "/c/fag-ends/queue/" not in page and "/c/fag-ends/edit/" not in page
    client.force_login(author)
    page = client.get("/c/fag-ends/").content.decode()
    assert "/c/fag-ends/queue/" in page and "/c/fag-ends/edit/" in page
