"""Catalogs are files apps keep: before the reveal, no catalog of anyone (a stranger, a
member, the creator, the challenge's moderator) names the creator of an anonymous or
unrevealed work, and only those who may see an unrevealed gift find it listed at all."""

import base64
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ficfest.communities.models import Anonymity, ChallengeKind
from ficfest.downloads.opds_access import catalog_key_renew, catalog_key_text
from ficfest.social.bookmarks import bookmark_save, reading_mark_later
from ficfest.tags.models import TagType
from tests.communities.factories import add_member, make_challenge, make_fill, make_period
from tests.downloads.opds_xml import get_feed
from tests.factories import make_user, make_work

NAME = "hiddenhand"
MASKED, GIFT = "Masked Ball", "Tea for the Watcher"
REVEAL = timedelta(days=3)


@pytest.fixture
def scene(community, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # indexed for search, as on commit
        return _scene(community, owner)


def _scene(community, owner):
    writer = make_user(NAME)
    add_member(community, writer)
    reveal_at = timezone.now() + REVEAL
    anon = make_challenge(community, slug="anonfest", title="Anonfest",
                          anonymity=Anonymity.ANONYMOUS, reveal_at=reveal_at)  # fmt: skip
    fest = make_challenge(community, slug="giftfest", title="Giftfest",
                          kind=ChallengeKind.FICATHON, anonymity=Anonymity.UNREVEALED,
                          reveal_at=reveal_at)  # fmt: skip
    masked = make_work(writer, title=MASKED, summary="A dance.", freeforms=["Masquerade"],
                       relationships=["Buffy/Spike"])  # fmt: skip
    gift = make_work(writer, title=GIFT, freeforms=["Masquerade"])
    make_fill(masked, anon, period=make_period(anon, slug="round"))
    make_fill(gift, fest, period=make_period(fest, slug="round"))
    for work in (masked, gift):  # the creator keeps their own works on their shelves
        reading_mark_later(user=writer, work=work, later=True)
        bookmark_save(user=writer, work=work, notes="", tags="", private=False, rec=False)
    return {"writer": writer, "owner": owner, "community": community, "masked": masked,
            "gift": gift, "challenges": [anon, fest]}  # fmt: skip


def catalog_paths(scene, prefix: str = "/opds/") -> list[str]:
    """Every feed that could list the works, under ``prefix`` (public or a reader's key)."""
    slug = scene["community"].slug
    paths = ["", "new/", "tags/", "c/", f"c/{slug}/", f"c/{slug}/works/", "search.xml",
             "search/?q=masked", "search/?q=tea", "search/?q=dance",
             "later/", "bookmarks/"]  # fmt: skip
    paths += [f"tags/{value}/" for value in TagType.values]
    paths += [f"tag/{tag.pk}/" for tag in scene["masked"].tags.all()]
    paths += [f"c/{slug}/{c.slug}/round/" for c in scene["challenges"]]
    return [f"{prefix}{path}" for path in paths]


def key_prefix(user) -> str:
    return reverse("opds_root", kwargs={"key": catalog_key_text(catalog_key_renew(user=user))})


def bodies(client: Client, paths: list[str]) -> dict[str, str]:
    found = {}
    for path in paths:
        response = client.get(path)
        if path.endswith(("later/", "bookmarks/")) and "/u/" not in path:
            assert response.status_code == 401
            continue
        assert response.status_code == 200, f"{path} answered {response.status_code}"
        found[path] = response.content.decode()
    return found


def test_no_catalog_names_a_hidden_creator_before_the_reveal(client, scene):
    member = make_user("member")
    add_member(scene["community"], member)
    readers = {"logged out": "/opds/"}
    keyed = [("member", member), ("creator", scene["writer"]), ("moderator", scene["owner"])]
    readers |= {who: key_prefix(user) for who, user in keyed}
    for who, prefix in readers.items():
        for path, body in bodies(client, catalog_paths(scene, prefix)).items():
            assert NAME not in body, f"{who}'s catalog names the creator at {path}"
            if who in {"logged out", "member"}:
                assert GIFT not in body, f"{who}'s catalog lists the unrevealed gift at {path}"
    masked = get_feed(client, "/opds/new/").entry(MASKED)
    assert masked.authors == ["Anonymous"]
    own = get_feed(client, f"{readers['creator']}later/")
    assert sorted(own.titles()) == sorted([MASKED, GIFT])
    assert {author for e in own.entries for author in e.authors} == {"Anonymous"}


def test_no_catalog_search_finds_a_hidden_work_by_its_creators_name(client, scene):
    assert get_feed(client, "/opds/search/?q=dance").titles() == [MASKED]  # indexed
    keyed = key_prefix(scene["writer"])  # not even the creator's own catalog
    for prefix in ("/opds/", keyed):
        for query in (NAME, f"creator:{NAME}"):
            assert get_feed(client, f"{prefix}search/?q={query}").titles() == [], (prefix, query)


def test_a_password_catalog_names_no_hidden_creator_either(client, scene):
    pair = base64.b64encode(f"{NAME}:correct horse battery".encode()).decode()
    for path in catalog_paths(scene):
        response = client.get(path, HTTP_AUTHORIZATION=f"Basic {pair}")
        assert response.status_code == 200, path
        assert NAME not in response.content.decode(), path


def test_catalogs_name_the_creator_after_the_reveal(client, scene):
    with time_machine.travel(timezone.now() + REVEAL + timedelta(hours=1)):
        newest = get_feed(client, "/opds/new/")
        assert newest.entry(MASKED).authors == [NAME]
        assert newest.entry(GIFT).authors == [NAME]
