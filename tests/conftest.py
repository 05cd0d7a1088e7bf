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
