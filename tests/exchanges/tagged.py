"""Tagged exchanges for tests: canonical tags, the moderators' rules, and sign-ups with tagged
requests and offers written straight to the database (the window need not be open)."""

from ficfest.exchanges import rules as exchange_rules
from ficfest.exchanges.models import SignUp
from ficfest.exchanges.signup_tags import Choice, signup_tags_set
from ficfest.tags.models import Tag, TagType
from tests.exchanges.factories import sign_up

F, C, R, A = TagType.FANDOM, TagType.CHARACTER, TagType.RELATIONSHIP, TagType.FREEFORM


def canon(name: str, tag_type: str = F) -> Tag:
    tag, _ = Tag.objects.get_or_create(name=name, type=tag_type, defaults={"canonical": True})
    return tag


def set_rules(challenge, *, tag_sets=None, allow_mutual=True, requests_max=1, **counts):
    """Yuletide's defaults, with the tag sets ({type: [names]}) and counts ({"fandom_overlap":
    2, ...}) given."""
    tag_sets = tag_sets or {}
    types = []
    for rule in exchange_rules.DEFAULT_TYPES.values():
        changes = {
            "with_fandoms": counts.get(f"{rule.type}_with_fandoms", False),
        } | {
            name: counts[f"{rule.type}_{name}"]
            for name in ["request_min", "request_max", "offer_min", "offer_max", "overlap"]
            if f"{rule.type}_{name}" in counts
        }
        tags = tuple(canon(n, rule.type) for n in tag_sets.get(rule.type, []))
        types.append(exchange_rules.TypeRule(**{**rule.__dict__, **changes, "tags": tags}))
    return exchange_rules.exchange_rules_set(
        challenge=challenge, types=types, requests_max=requests_max, allow_mutual=allow_mutual
    )


def choice(*, any_types=(), letter="", wont=(), **names) -> Choice:
    """choice(fandom=["Firefly"], character=["Kaylee"]): tags made canonical as needed."""
    tags = {t: [canon(n, t) for n in names.get(t, [])] for t in [F, C, R, A]}
    return Choice(
        tags=tags,
        any_types=list(any_types),
        letter=letter,
        wont_write=[canon(n, t) for t, n in wont],
    )


def tagged_sign_up(challenge, user, *, wants: Choice, gives: Choice, **fields) -> SignUp:
    signup = sign_up(challenge, user, **fields)
    signup_tags_set(signup=signup, requests=[wants], offer=gives)
    return signup
