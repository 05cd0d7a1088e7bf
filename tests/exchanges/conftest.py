import pytest
import time_machine

from ficfest.communities.models import Anonymity, ChallengeKind
from tests.communities.factories import make_member
from tests.exchanges.factories import AFTER, CLOSES, DUE, DURING, OPENS, REVEAL
from tests.factories import make_user


@pytest.fixture
def during():
    with time_machine.travel(DURING, tick=False):
        yield


@pytest.fixture
def after_close():
    with time_machine.travel(AFTER, tick=False):
        yield


@pytest.fixture
def owner(db):
    """The community's owner: a moderator by membership, not site staff."""
    return make_user("mod")


@pytest.fixture
def mod(owner):
    return owner


@pytest.fixture
def community_fields():
    return {"slug": "winterfest", "name": "Winterfest"}


@pytest.fixture
def challenge_fields():
    return {
        "slug": "ficathon", "title": "Winter Ficathon", "kind": ChallengeKind.FICATHON,
        "signups_open_at": OPENS, "signups_close_at": CLOSES, "assignments_due_at": DUE,
        "anonymity": Anonymity.ANONYMOUS, "reveal_at": REVEAL,
    }  # fmt: skip


@pytest.fixture
def ficathon(challenge):
    return challenge


@pytest.fixture
def alice(community):
    return make_member(community, "alice")


@pytest.fixture
def bob(community):
    return make_member(community, "bob")


@pytest.fixture
def carol(community):
    return make_member(community, "carol")
