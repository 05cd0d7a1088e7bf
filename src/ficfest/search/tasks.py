"""Index updates, queued after commit. They reload the rows by id, so they are safe to run twice
and in any order: each writes what the rows are when it runs."""

from django_tasks import task

from ficfest.search.indexing import prompts_index, works_index


@task()
def index_works(work_ids: list[int]) -> None:
    works_index(ids=work_ids)


@task()
def index_prompts(prompt_ids: list[int]) -> None:
    prompts_index(ids=prompt_ids)
