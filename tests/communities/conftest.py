"""The community most community tests start from: a moderator's, with one open period."""

import pytest

from tests.communities.factories import make_challenge, make_community, make_period
from tests.factories import make_user


@pytest.fixture
def mod(db):
    return make_user("modmira")


@pytest.fixture
def writer(db):
    return make_user("zeldaquill")


@pytest.fixture
def community(mod):
    return make_community(mod)


@pytest.fixture
def period(community):
    return make_period(make_challenge(community))
