"""Community tests name the community's owner ``mod``; ``writer`` is someone who posts there."""

import pytest

from ficfest.communities.models import Anonymity
from tests.communities.factories import add_member, make_challenge, make_period
from tests.factories import make_user


@pytest.fixture
def mod(owner):
    return owner


@pytest.fixture
def writer(db):
    return make_user("zeldaquill")


@pytest.fixture
def fest(request, mod, writer, community):
    """An anonymous ficathon of the community, with ``writer`` a member, revealed at the test
    module's ``REVEAL``."""
    add_member(community, writer)
    challenge = make_challenge(community, slug="fest", anonymity=Anonymity.ANONYMOUS,
                               reveal_at=request.module.REVEAL, kind="ficathon")  # fmt: skip
    make_period(challenge)
    return challenge
