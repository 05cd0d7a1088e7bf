"""Named users every test can ask for, and the community chain most community tests start
from: an owner's community with one challenge, its open period and a member. A test module
changes what it needs by overriding ``community_fields``, ``challenge_fields`` or
``period_fields`` (the keyword arguments of the factories) rather than the chain itself."""

import os
from datetime import datetime
from typing import Any

import pytest
import time_machine

from tests.communities.factories import add_member, make_challenge, make_community, make_period
from tests.factories import make_user

# `make test-moments` runs the date-sensitive tests with the session's clock set to a moment
# where calendars turn, e.g. FICFEST_TEST_NOW=2028-02-29T23:30:00Z; the clock ticks on from
# there. Tests that set their own clock with time_machine still do, inside it.
TEST_NOW = os.environ.get("FICFEST_TEST_NOW", "")
_CLOCK = pytest.StashKey[time_machine.travel]()


def pytest_configure(config: pytest.Config) -> None:
    if TEST_NOW:
        moment = datetime.fromisoformat(TEST_NOW)
        if moment.tzinfo is None:
            raise pytest.UsageError(f"FICFEST_TEST_NOW={TEST_NOW} needs a UTC offset or Z")
        config.stash[_CLOCK] = time_machine.travel(moment, tick=True)
        config.stash[_CLOCK].start()


def pytest_unconfigure(config: pytest.Config) -> None:
    if _CLOCK in config.stash:
        config.stash[_CLOCK].stop()


def pytest_report_header() -> str | None:
    return f"clock set to FICFEST_TEST_NOW={TEST_NOW}, ticking" if TEST_NOW else None


@pytest.fixture(autouse=True)
def _empty_cache():
    """Attempt counts live in the cache: each test starts with none, and with no rendered
    fragments (their keys make a stale one unreadable anyway; this keeps tests independent)."""
    from django.core.cache import cache, caches

    cache.clear()
    caches["fragments"].clear()


@pytest.fixture
def author(db):
    return make_user("author")


@pytest.fixture
def coauthor(db):
    return make_user("coauthor")


@pytest.fixture
def stranger(db):
    return make_user("stranger")


@pytest.fixture
def moderator(db):
    return make_user("moderator", is_staff=True)


@pytest.fixture
def author_client(client, author):
    client.force_login(author)
    return client


# -- The community chain: owner -> community -> challenge -> period, and a member -----------


@pytest.fixture
def owner(db):
    return make_user("owner")


@pytest.fixture
def community_fields() -> dict[str, Any]:
    return {}


@pytest.fixture
def challenge_fields() -> dict[str, Any]:
    return {}


@pytest.fixture
def period_fields() -> dict[str, Any]:
    return {}


@pytest.fixture
def community(owner, community_fields):
    return make_community(owner, **community_fields)


@pytest.fixture
def challenge(community, challenge_fields):
    return make_challenge(community, **challenge_fields)


@pytest.fixture
def period(challenge, period_fields):
    return make_period(challenge, **period_fields)


@pytest.fixture
def member(community, author):
    """The author, as an active member of the community."""
    add_member(community, author)
    return author


@pytest.fixture(autouse=True)
def _secrecy_matches_the_fills(request):
    """After every test that wrote to the database, each work's own secrecy fields must say
    what its fills say: whatever service, admin action or cascade the test went through."""
    names = set(request.fixturenames)
    if not (request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & names):
        yield
        return
    # Asked for here, the database outlives this check's teardown.
    request.getfixturevalue("transactional_db" if "transactional_db" in names else "db")
    yield
    from ficfest.communities.secrecy import SECRECY_FIELDS, secrecy_of
    from ficfest.works.models import Work

    stored = {row["pk"]: row for row in Work.objects.values("pk", *SECRECY_FIELDS)}
    for pk, fields in secrecy_of(stored).items():
        assert {name: stored[pk][name] for name in SECRECY_FIELDS} == fields, (
            f"work {pk}'s secrecy fields no longer match its fills"
        )


@pytest.fixture(autouse=True)
def _filters_match_the_tags(request):
    """After every test that wrote to the database, each work's precomputed filter tags must
    be what its tags and the wrangling say, whichever path the test changed them by."""
    names = set(request.fixturenames)
    if not (request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & names):
        yield
        return
    request.getfixturevalue("transactional_db" if "transactional_db" in names else "db")
    yield
    from ficfest.tags.selectors import filter_ids_by_tag
    from ficfest.works.models import FilterTagging, Work

    pairs = list(Work.tags.through.objects.values_list("work_id", "tag_id"))
    filters = filter_ids_by_tag(tag_id for _, tag_id in pairs)
    wanted = {(work_id, f) for work_id, tag_id in pairs for f in filters[tag_id]}
    stored = set(FilterTagging.objects.values_list("work_id", "tag_id"))
    assert stored == wanted, "the works' filter tags no longer match their tags and wrangling"
