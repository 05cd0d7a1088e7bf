"""Loading the whole demo in one transaction: the accounts and works, then the communities
around the seed fill, then the ficathon, then comments and kudos, then the search index of
all of it (written here, not by the task queue: the demo is searchable at once, with no
worker running)."""

from django.db import transaction

from ficfest.communities.models import Prompt
from ficfest.demo.communities import communities_load
from ficfest.demo.ficathon import ficathon_load
from ficfest.demo.social import social_load
from ficfest.demo.users_works import users_load, works_load
from ficfest.demo.wrangling import wrangling_load
from ficfest.search.indexing import prompts_index, works_index
from ficfest.works.models import Work


@transaction.atomic
def load() -> Work:
    users = users_load()
    wrangling_load(users["mod"])
    seed = works_load()
    communities_load(users, seed)
    ficathon_load(users)
    social_load(users, seed)
    works_index(ids=Work.objects.values_list("pk", flat=True))
    prompts_index(ids=Prompt.objects.values_list("pk", flat=True))
    return seed
