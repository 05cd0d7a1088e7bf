"""The demo's tags as a wrangler left them: the main fandoms, characters and relationships
canonical, characters and relationships under their fandoms, and one meta tag, so filters and
tag pages show what wrangling does. "Spuffy" is left unwrangled on purpose: making it a synonym
of "Buffy Summers/Spike" is the first thing a wrangler can try (``mod`` is one).
"""

from ficfest.accounts.models import User
from ficfest.tags.models import Tag, TagType
from ficfest.tags.services import tags_get_or_create_many

FANDOMS: dict[str, dict[str, list[str]]] = {
    "Buffy the Vampire Slayer": {
        TagType.CHARACTER: [
            "Buffy Summers", "Spike", "Dawn Summers", "Willow Rosenberg", "Tara Maclay",
            "Xander Harris", "Rupert Giles", "Angel",
        ],
        TagType.RELATIONSHIP: ["Buffy Summers/Spike", "Tara Maclay/Willow Rosenberg"],
    },
    "Firefly": {TagType.CHARACTER: ["Kaylee Frye", "Malcolm Reynolds"]},
    "Good Omens": {
        TagType.CHARACTER: ["Aziraphale", "Crowley"],
        TagType.RELATIONSHIP: ["Aziraphale/Crowley"],
    },
}  # fmt: skip
# A meta tag over its sub tags: a filter on "Hurt/Comfort" finds works tagged with either.
META = ("Hurt/Comfort", ["Angst", "Fluff"])


def _canonical(names_by_type: dict[str, list[str]]) -> list[Tag]:
    tags = tags_get_or_create_many(names_by_type)
    Tag.objects.filter(pk__in=[tag.pk for tag in tags]).update(canonical=True)
    return tags


def wrangling_load(wrangler: User) -> None:
    """Before the works are posted, so their filters are right from the start."""
    User.objects.filter(pk=wrangler.pk).update(is_wrangler=True)
    for fandom_name, children in FANDOMS.items():
        [fandom] = _canonical({TagType.FANDOM: [fandom_name]})
        for child in _canonical(children):
            child.parents.add(fandom)
    [meta] = _canonical({TagType.FREEFORM: [META[0]]})
    for sub in _canonical({TagType.FREEFORM: META[1]}):
        sub.parents.add(meta)
