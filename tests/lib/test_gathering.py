"""after_commit: a task per committed change, or one for many inside gathered()."""

import pytest
from django.db import transaction

from ficfest.lib.gathering import after_commit, gathered, send_gathered

sent: list[list[int]] = []


def send(ids: list[int]) -> None:
    sent.append(ids)


@pytest.fixture(autouse=True)
def cleared():
    sent.clear()


@pytest.mark.django_db(transaction=True)
def test_it_sends_each_change_once_its_transaction_commits():
    with transaction.atomic():
        after_commit(send, [3, 1, 3])
        after_commit(send, [])
        assert sent == []
    assert sent == [[1, 3]]


@pytest.mark.django_db(transaction=True)
def test_it_sends_what_a_batch_gathered_once_after_its_commit():
    with transaction.atomic(), gathered() as gathering:
        after_commit(send, [2])
        after_commit(send, [1, 2])
    assert sent == []
    send_gathered(gathering)
    assert sent == [[1, 2]]
    send_gathered(gathering)  # sent once only
    assert sent == [[1, 2]]
