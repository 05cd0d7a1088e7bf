import os
from datetime import datetime

import pytest
import time_machine

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
