import pytest

from tests.factories import make_user


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
