"""Community tests name the community's owner ``mod``; ``writer`` is someone who posts there."""

import pytest

from tests.factories import make_user


@pytest.fixture
def mod(owner):
    return owner


@pytest.fixture
def writer(db):
    return make_user("zeldaquill")
