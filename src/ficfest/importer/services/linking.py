"""Linking an imported work to the community and the prompt its header names."""

from dataclasses import dataclass

from django.utils import timezone

from ficfest.communities.models import Challenge, Community, Period, Prompt
from ficfest.communities.selectors import current_period
from ficfest.communities.services.fills import PROMPT_KINDS
from ficfest.communities.services.prompts import PROMPT_MAX
from ficfest.importer.prompts import community_key, prompt_key
from ficfest.importer.services.lookups import Lookups
from ficfest.importer.services.plan import ImportOptions, Plan
from ficfest.tags.models import Tag


@dataclass
class Target:
    """The challenge a work is a fill in, and its prompt."""

    challenge: Challenge
    prompt: Prompt
    tags: list[Tag]  # the community's required tags


def find_target(
    plan: Plan, options: ImportOptions, lookups: Lookups, warnings: list[str]
) -> Target | None:
    community = _community(plan, options, lookups, warnings)
    if community is None:
        return None
    if not plan.prompt:
        warnings.append(f"The file names no prompt: the work is not a fill in {community.name}.")
        return None
    prompt = _existing_prompt(plan.prompt, community, lookups)
    if prompt is None:
        prompt = _missing_prompt(plan.prompt, community, options, lookups, warnings)
    else:
        warnings.append(f"Linked to the prompt “{prompt.text}” of {community.name}.")
    if prompt is None:
        return None
    challenge = _challenge_for(prompt, community)
    if challenge is None:
        warnings.append(f"{community.name} has no challenge to post fills to.")
        return None
    return Target(challenge=challenge, prompt=prompt, tags=lookups.required_tags(community))


def _community(
    plan: Plan, options: ImportOptions, lookups: Lookups, warnings: list[str]
) -> Community | None:
    named = plan.community_name
    if options.community is not None:
        chosen = options.community
        if named and community_key(named) not in {
            community_key(chosen.name),
            community_key(chosen.slug.replace("-", " ")),
        }:
            warnings.append(f"The file names “{named}” as its community; it goes to "
                            f"{chosen.name}, as asked.")  # fmt: skip
        return chosen
    if not named:
        return None
    community = lookups.community_named(named)
    if community is None:
        warnings.append(f"No community here is called “{named}”: the work is not linked to "
                        "its prompt.")  # fmt: skip
    return community


def _existing_prompt(text: str, community: Community, lookups: Lookups) -> Prompt | None:
    """The community's released prompt with this text (ignoring case, quotes, punctuation and
    spacing); for an overflow community, the prompts of the one it overflows too."""
    key = prompt_key(text)
    prompt = lookups.prompts_of(community).get(key)
    if prompt is None and community.overflow_of is not None:
        prompt = lookups.prompts_of(community.overflow_of).get(key)
    return prompt


def _missing_prompt(
    text: str, community: Community, options: ImportOptions, lookups: Lookups, warnings: list[str]
) -> Prompt | None:
    if not options.create_prompts:
        warnings.append(f"Prompt not found: {community.name} has no prompt “{text}” (with "
                        "--create-prompts a moderator can create it).")  # fmt: skip
        return None
    if not lookups.is_moderator(options.owner, community):
        warnings.append(f"Prompt not found: {community.name} has no prompt “{text}”, and only "
                        "its moderators can create prompts.")  # fmt: skip
        return None
    return _create_prompt(text, community, options, lookups, warnings)


def _create_prompt(
    text: str, community: Community, options: ImportOptions, lookups: Lookups, warnings: list[str]
) -> Prompt | None:
    period = prompt_period(community)
    if period is None or len(text) > PROMPT_MAX:
        warnings.append(f"Prompt not found, and it cannot be created: {community.name} has no "
                        "prompt challenge with a period to put it in.")  # fmt: skip
        return None
    prompt = Prompt.objects.create(period=period, text=text, release_at=timezone.now(),
                                   posted_by=options.owner)  # fmt: skip
    lookups.prompts_of(community)[prompt_key(text)] = prompt
    lookups.created_in.add(community.pk)
    verb = "will be created" if options.dry_run else "created"
    warnings.append(f"The prompt “{text}” {verb} in {community.name} ({period.title}).")
    return prompt


def prompt_period(community: Community) -> Period | None:
    """Where an imported prompt goes: its prompt challenge's current period, else the latest
    one that has started, else its last."""
    challenge = community.challenges.filter(kind__in=PROMPT_KINDS).order_by("pk").first()
    if challenge is None:
        return None
    now = timezone.now()
    started = challenge.periods.filter(opens_at__lte=now).order_by("-opens_at").first()
    return current_period(challenge) or started or challenge.periods.last()


def _challenge_for(prompt: Prompt, community: Community) -> Challenge | None:
    """The prompt's own challenge; for a prompt of the community an overflow takes fills for,
    the overflow's own prompt challenge."""
    if prompt.period.challenge.community_id == community.pk:
        return prompt.period.challenge
    return community.challenges.filter(kind__in=PROMPT_KINDS).order_by("pk").first()
