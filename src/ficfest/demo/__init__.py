"""The demo archive that ``make run`` loads (``ficfest demo``): a dozen works, the seed fill and
the communities around it, built relative to the moment it is loaded, so it holds on any day.

- ``users_works``: the demo accounts, the seed fill's work and the other works;
- ``months``: the months of a monthly challenge, counted from now;
- ``communities``: Fag Ends (last month, this month, next month), its overflow, a prompt meme;
- ``ficathon``: Slayerfest, this year's fest before its reveal and last year's after it.

Loading is idempotent: users are found by name, works by title and communities by address, so
running it again changes nothing. Django imports this package before the models are ready, so
only model-free names live here and ``demo_load`` imports the loaders when it is called.
"""

from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ficfest.works.models import Work

DEMO_PASSWORD = "ficfest-demo"
DEMO_USERS = ["mod", "demo", "willowtree", "ripperfan", "serenitysky"]
# The seed is titled after the prompt it fills.
SEED_PROMPT = "From the world below, to the world above."
SEED_TITLE = SEED_PROMPT
SEED_NOTE_LABELS = ("Disclaimer:", "A/N:")


def seed_text() -> str:
    return files("ficfest.demo").joinpath("seed_fill.txt").read_text(encoding="utf-8")


def split_seed(text: str) -> tuple[str, str]:
    """The seed's header paragraphs (Disclaimer, A/N) become notes; the rest is the story."""
    paragraphs = text.split("\n\n")
    header = 0
    while header < len(paragraphs) and paragraphs[header].startswith(SEED_NOTE_LABELS):
        header += 1
    return "\n\n".join(paragraphs[:header]), "\n\n".join(paragraphs[header:])


def demo_load() -> "Work":
    """Load the demo archive and its communities; returns the seed fill's work."""
    from ficfest.demo.load import load

    return load()
