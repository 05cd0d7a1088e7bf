"""``ficfest reindex`` rebuilds the index from the works and prompts."""

from io import StringIO

from django.core.management import call_command

from ficfest.search.engine import PROMPTS
from ficfest.works.models import Status
from tests.communities.factories import make_prompt
from tests.factories import make_work
from tests.search.index import index_ids


def test_it_indexes_what_no_task_indexed(author, period):
    # No commit callbacks run here: nothing reached the index on the way.
    work = make_work(author, title="Late", text="A harbour at night.")
    draft = make_work(author, title="Draft", text="A harbour by day.", status=Status.DRAFT)
    prompt = make_prompt(period, "A harbour in winter.")
    assert index_ids("harbour") == []
    out = StringIO()
    call_command("reindex", stdout=out)
    assert index_ids("harbour") == [work.pk]
    assert draft.pk not in index_ids("harbour")
    assert index_ids("harbour", PROMPTS) == [prompt.pk]
    assert "Indexed 1 work and 1 prompt" in out.getvalue()


def test_it_can_start_from_an_empty_index(author, indexed):
    with indexed():
        work = make_work(author, title="Kept", text="A harbour at night.")
    call_command("reindex", "--clear", stdout=StringIO())
    assert index_ids("harbour") == [work.pk]


def test_it_rebuilds_from_nothing_in_bulk_and_still_finds_phrases(author, indexed):
    with indexed():
        kept = [
            make_work(author, title=f"Kept {n}", text="The harbour at night.") for n in range(3)
        ]
        gone = make_work(author, title="Gone", text="The harbour at night.")
    gone.delete()
    call_command("reindex", "--clear", "--batch", "2", stdout=StringIO())
    assert sorted(index_ids("harbour")) == sorted(work.pk for work in kept)
    assert sorted(index_ids('"harbour at night"')) == sorted(work.pk for work in kept)
    call_command("reindex", "--clear", stdout=StringIO())  # twice: the same rows
    assert sorted(index_ids("harbour")) == sorted(work.pk for work in kept)
