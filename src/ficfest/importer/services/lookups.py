"""What every file of one import run looks up, asked once per run."""

from dataclasses import dataclass, field

from ficfest.accounts.models import Pseud, User
from ficfest.communities.models import Community, Prompt
from ficfest.communities.permissions import is_moderator
from ficfest.communities.services.fills import PROMPT_KINDS
from ficfest.importer.models import ImportedFile
from ficfest.importer.prompts import community_key, prompt_key
from ficfest.tags.memo import TagMemo
from ficfest.tags.models import Tag


@dataclass
class Lookups:
    """What every file of one run looks up, asked once per run: 10,000 files from the same
    community must not read its prompts 10,000 times. Pass one to every ``import_file`` call of
    a batch; a fresh one (the default) works, only slower."""

    communities: dict[str, Community] | None = None
    prompts: dict[int, dict[str, Prompt]] = field(default_factory=dict)
    moderates: dict[int, bool] = field(default_factory=dict)
    own_names: dict[int, set[str]] = field(default_factory=dict)
    # Hashes a dry run has seen: the real run would skip a second copy of the same file.
    seen: set[tuple[int, str]] = field(default_factory=set)
    # Hashes of the files each owner imported before: most files of a run are new, and need
    # no query to find that out.
    hashes: dict[int, set[str]] = field(default_factory=dict)
    required: dict[int, list[Tag]] = field(default_factory=dict)
    # Communities whose cached prompts include one created in the running file's transaction.
    created_in: set[int] = field(default_factory=set)
    # The tags the last committed batch knew (import_files): the next batch starts from them.
    tag_memo: TagMemo | None = None

    def community_named(self, name: str) -> Community | None:
        if self.communities is None:
            self.communities = {}
            for community in Community.objects.order_by("pk"):
                for spelling in (community.name, community.slug.replace("-", " ")):
                    self.communities.setdefault(community_key(spelling), community)
        return self.communities.get(community_key(name))

    def prompts_of(self, community: Community) -> dict[str, Prompt]:
        if community.pk not in self.prompts:
            found = (
                Prompt.objects.released()
                .filter(period__challenge__community=community,
                        period__challenge__kind__in=PROMPT_KINDS)
                .select_related("period__challenge__community")
                .order_by("release_at", "pk")
            )  # fmt: skip
            # The latest prompt with a text wins: a prompt a community repeats is most likely
            # answered by a fill for its latest round.
            self.prompts[community.pk] = {prompt_key(p.text): p for p in found}
        return self.prompts[community.pk]

    def is_moderator(self, user: User, community: Community) -> bool:
        if community.pk not in self.moderates:
            self.moderates[community.pk] = is_moderator(user, community)
        return self.moderates[community.pk]

    def names_of(self, user: User) -> set[str]:
        if user.pk not in self.own_names:
            names = set(Pseud.objects.filter(user=user).values_list("name", flat=True))
            self.own_names[user.pk] = {n.casefold() for n in {*names, user.username}}
        return self.own_names[user.pk]

    def imported_before(self, owner: User, sha256: str) -> bool:
        if owner.pk not in self.hashes:
            owned = ImportedFile.objects.filter(owner=owner).values_list("sha256", flat=True)
            self.hashes[owner.pk] = set(owned)
        return sha256 in self.hashes[owner.pk]

    def required_tags(self, community: Community) -> list[Tag]:
        if community.pk not in self.required:
            self.required[community.pk] = list(community.required_tags.all())
        return self.required[community.pk]

    def rolled_back(self) -> None:
        """The running file's transaction was undone: forget the prompts it created."""
        for pk in self.created_in:
            self.prompts.pop(pk, None)
        self.created_in.clear()
