"""The matcher against an exhaustive search on every small exchange hypothesis can think of.

The reference below reads the rules from docs/exchanges.md ("Matching") afresh rather than
calling the matcher's own helpers, so a misreading in one shows up against the other.
"""

from collections.abc import Mapping

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from ficfest.exchanges import matching_mutual
from ficfest.exchanges.matching import (
    MUTUAL,
    NO_COMPATIBLE_PARTNER,
    PARTNERS_TAKEN,
    Participant,
    Rules,
    compatibility,
    match,
)
from ficfest.exchanges.matching_graph import build_graph

FIREFLY, BUFFY, LEVERAGE = 1, 2, 3
MAL, SPIKE, PARKER = 11, 21, 31
NAMES = {FIREFLY: "Firefly", BUFFY: "Buffy", LEVERAGE: "Leverage"}
YULETIDE = Rules(overlap={"fandom": 1, "character": 1})


def person(pid: int, *, asks=(), asks_chars=(), offers=(), offers_chars=(), **kw) -> Participant:
    return Participant(
        id=pid,
        requests={"fandom": frozenset(asks), "character": frozenset(asks_chars)},
        offers={"fandom": frozenset(offers), "character": frozenset(offers_chars)},
        **kw,
    )


# --- the reference --------------------------------------------------------------------------


def ref_overlap(giver: Participant, recipient: Participant, tag_type: str) -> int:
    asked = recipient.requests.get(tag_type, frozenset())
    if tag_type in giver.any_offer:
        given_ = {t for t in asked if t not in giver.wont_write}
    else:
        given_ = {
            t for t in asked if t in giver.offers.get(tag_type, ()) and t not in giver.wont_write
        }
    writes_some = tag_type in giver.any_offer or any(
        t not in giver.wont_write for t in giver.offers.get(tag_type, ())
    )
    if not given_ and tag_type in recipient.any_request and writes_some:
        return 1
    return len(given_)


def ref_score(giver: Participant, recipient: Participant, rules: Rules) -> int | None:
    if giver.id == recipient.id or recipient.id in giver.excluded or giver.id in recipient.excluded:
        return None
    for tag_type, needed in rules.overlap.items():
        writes_some = tag_type in giver.any_offer or bool(
            giver.offers.get(tag_type, frozenset()) - giver.wont_write
        )
        met_by_any = tag_type in recipient.any_request and writes_some
        if ref_overlap(giver, recipient, tag_type) < needed and not met_by_any:
            return None
    types = set(recipient.requests) | set(recipient.any_request) | set(rules.overlap)
    return sum(ref_overlap(giver, recipient, t) for t in types)


def best(people, rules, locked=None, forbidden=(), *, mutual_allowed=True) -> tuple[int, int]:
    """(pairs, total score of the free pairs) of the best assignment, by trying them all: each
    free giver gives to an unused compatible recipient or to nobody."""
    locked = locked or {}
    edges = {
        g.id: [(r.id, s) for r in people
               if (s := ref_score(g, r, rules)) is not None and (g.id, r.id) not in forbidden]
        for g in people if g.id not in locked
    }  # fmt: skip
    givers = list(edges)
    gives_to = dict(locked)
    used = set(locked.values())
    top = (-1, -1)

    def extend(i: int, count: int, score: int) -> None:
        nonlocal top
        if i == len(givers):
            top = max(top, (count, score))
            return
        extend(i + 1, count, score)
        g = givers[i]
        for r, s in edges[g]:
            if r in used or (not mutual_allowed and gives_to.get(r) == g):
                continue
            used.add(r)
            gives_to[g] = r
            extend(i + 1, count + 1, score + s)
            del gives_to[g]
            used.discard(r)

    extend(0, len(locked), 0)
    return top


def ref_missing(recipient: Participant, people, rules: Rules) -> dict[str, frozenset[int]]:
    """Per required type, the requested tags that no eligible participant offers."""
    eligible = [
        p for p in people
        if p.id != recipient.id and p.id not in recipient.excluded
        and recipient.id not in p.excluded
    ]  # fmt: skip

    def offered(p: Participant, tag_type: str, tag: int) -> bool:
        named = tag_type in p.any_offer or tag in p.offers.get(tag_type, ())
        return named and tag not in p.wont_write

    missing = {}
    for tag_type, needed in rules.overlap.items():
        if needed and tag_type not in recipient.any_request:
            asked = recipient.requests.get(tag_type, frozenset())
            nobody = {t for t in asked if not any(offered(p, tag_type, t) for p in eligible)}
            if nobody:
                missing[tag_type] = frozenset(nobody)
    return missing


def assert_reasons(result, people, rules) -> None:
    """Each one left out is told why: their compatible partners, all assigned elsewhere, or
    what nobody offers."""
    by_id = {p.id: p for p in people}
    for left in result.unmatched_recipients:
        partners = {g.id for g in people if ref_score(g, by_id[left.id], rules) is not None}
        assert set(left.candidates) == partners
        assert partners <= set(result.pairs)
        if not partners:
            assert left.reason == NO_COMPATIBLE_PARTNER
            assert left.missing == ref_missing(by_id[left.id], people, rules)
    for left in result.unmatched_givers:
        partners = {r.id for r in people if ref_score(by_id[left.id], r, rules) is not None}
        assert set(left.candidates) == partners
        assert partners <= set(result.pairs.values())
        assert (left.reason == NO_COMPATIBLE_PARTNER) == (not partners)


def mutual_free(pairs: Mapping[int, int], locked: Mapping[int, int]) -> bool:
    return all(pairs.get(r) != g or (g in locked and r in locked) for g, r in pairs.items())


# --- generated exchanges ---------------------------------------------------------------------

FANDOMS = [1, 2, 3, 4]
CHARACTERS = [10 * f + c for f in FANDOMS for c in (1, 2, 3)]
FREEFORMS = [101, 102]  # no rule asks for these: they only raise scores


@st.composite
def exchanges(draw: st.DrawFn, max_people: int = 8) -> list[Participant]:
    n = draw(st.integers(min_value=0, max_value=max_people))
    tags = {"fandom": FANDOMS, "character": CHARACTERS, "freeform": FREEFORMS}
    out = []
    for pid in range(1, n + 1):

        def some(kind: str) -> frozenset[int]:
            return frozenset(draw(st.lists(st.sampled_from(tags[kind]), max_size=3)))

        types = st.frozensets(st.sampled_from(["fandom", "character"]))
        out.append(
            Participant(
                id=pid,
                requests={
                    "fandom": some("fandom"),
                    "character": some("character"),
                    "freeform": some("freeform"),
                },
                offers={
                    "fandom": some("fandom"),
                    "character": some("character"),
                    "freeform": some("freeform"),
                },
                any_request=draw(types),
                any_offer=draw(types),
                wont_write=frozenset(
                    draw(st.lists(st.sampled_from(FANDOMS + CHARACTERS), max_size=2))
                ),
                excluded=frozenset(draw(st.lists(st.integers(1, n), max_size=1))),
            )
        )
    return out


rule_sets = st.builds(
    Rules,
    overlap=st.fixed_dictionaries({"fandom": st.integers(0, 1), "character": st.integers(0, 2)}),
    allow_mutual=st.booleans(),
)
SMALL = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_valid(result, people, rules, locked=None, forbidden=()) -> None:
    locked = locked or {}
    by_id = {p.id: p for p in people}
    assert len(set(result.pairs.values())) == len(result.pairs), "a recipient has two givers"
    for g, r in result.pairs.items():
        if g in locked:
            assert locked[g] == r
            continue
        assert (g, r) not in forbidden
        assert ref_score(by_id[g], by_id[r], rules) == result.scores[g]
        assert compatibility(by_id[g], by_id[r], rules).ok
    assert result.total_score == sum(result.scores.values())
    assert result.complete == (len(result.pairs) == len(people))
    assert {u.id for u in result.unmatched_givers} == set(by_id) - set(result.pairs)
    assert {u.id for u in result.unmatched_recipients} == set(by_id) - set(result.pairs.values())


@SMALL
@given(people=exchanges(), rules=rule_sets)
def test_it_finds_every_compatible_pair_and_no_other(people, rules):
    graph = build_graph(people, people, rules)
    found = {
        (graph.givers[g].id, graph.recipients[r].id): int(s)
        for g, r, s in zip(*graph.arrays(), strict=True)
    }
    expected = {
        (g.id, r.id): s for g in people for r in people
        if (s := ref_score(g, r, rules)) is not None
    }  # fmt: skip
    assert found == expected


@SMALL
@given(people=exchanges(), rules=rule_sets)
def test_it_covers_as_many_as_possible_with_the_best_score(people, rules):
    rules = Rules(overlap=rules.overlap, allow_mutual=True)
    result = match(people, rules)
    assert_valid(result, people, rules)
    assert_reasons(result, people, rules)
    assert result.optimal
    assert (len(result.pairs), result.total_score) == best(people, rules)


@SMALL
@given(data=st.data(), people=exchanges(), rules=rule_sets)
def test_it_keeps_locked_pairs_and_avoids_forbidden_ones(data, people, rules):
    rules = Rules(overlap=rules.overlap, allow_mutual=True)
    ids = [p.id for p in people]
    order = data.draw(st.permutations(ids))
    locked = {g: r for g, r in zip(ids, order, strict=True) if g != r and data.draw(st.booleans())}
    someone = st.integers(1, max(1, len(ids)))
    pairs = st.tuples(someone, someone)
    forbidden = set(data.draw(st.lists(pairs, max_size=4)))
    result = match(people, rules, locked=locked, forbidden=forbidden)
    assert_valid(result, people, rules, locked, forbidden)
    assert (len(result.pairs), result.total_score - sum(result.scores[g] for g in locked)) == best(
        people, rules, locked, forbidden
    )


@SMALL
@given(data=st.data(), people=exchanges(), rules=rule_sets)
def test_it_finds_the_best_assignment_without_mutual_pairs_when_the_rules_forbid_them(
    data, people, rules
):
    rules = Rules(overlap=rules.overlap, allow_mutual=False)
    ids = [p.id for p in people]
    order = data.draw(st.permutations(ids))
    locked = {g: r for g, r in zip(ids, order, strict=True) if g != r and data.draw(st.booleans())}
    result = match(people, rules, locked=locked)
    assert_valid(result, people, rules, locked)
    assert mutual_free(result.pairs, locked)
    assert result.optimal  # small exchanges are always searched to the end
    free_score = result.total_score - sum(result.scores[g] for g in locked)
    assert (len(result.pairs), free_score) == best(people, rules, locked, mutual_allowed=False)


@SMALL
@given(people=exchanges(), rules=rule_sets)
def test_it_still_avoids_mutual_pairs_when_the_search_runs_out_of_budget(people, rules):
    rules = Rules(overlap=rules.overlap, allow_mutual=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(matching_mutual, "MIN_SOLVES", 0)
        patch.setattr(matching_mutual, "MAX_SOLVES", 0)
        result = match(people, rules)
    assert_valid(result, people, rules)
    assert mutual_free(result.pairs, {})
    if result.optimal:
        assert (len(result.pairs), result.total_score) == best(people, rules, mutual_allowed=False)


def test_it_merges_a_mutual_pair_into_another_cycle_rather_than_drop_anyone():
    # 1 and 2 share Buffy and Firefly, 3 and 4 Buffy and Leverage: the best assignment is
    # 1 <-> 2 and 3 <-> 4 (four tags in common each). Without the search, the repair alone
    # joins the two pairs into one cycle through Buffy, and nobody goes without.
    def pal(pid: int, fandom: int, character: int) -> Participant:
        return person(pid, asks=[BUFFY, fandom], asks_chars=[SPIKE, character],
                      offers=[BUFFY, fandom], offers_chars=[SPIKE, character])  # fmt: skip

    people = [pal(1, FIREFLY, MAL), pal(2, FIREFLY, MAL), pal(3, LEVERAGE, PARKER),
              pal(4, LEVERAGE, PARKER)]  # fmt: skip
    assert match(people, YULETIDE).total_score == 16
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(matching_mutual, "MIN_SOLVES", 0)
        patch.setattr(matching_mutual, "MAX_SOLVES", 0)
        result = match(people, Rules(overlap=YULETIDE.overlap, allow_mutual=False))
    assert result.complete
    assert mutual_free(result.pairs, {})
    assert result.total_score == 12  # two pairs of four tags, two of two
    assert not result.optimal


@settings(max_examples=40, deadline=None)
@given(people=exchanges(max_people=40), rules=rule_sets)
def test_it_agrees_with_a_dense_assignment_solver_on_bigger_exchanges(people, rules):
    # Too many for the exhaustive search: SciPy's dense solver on the whole matrix, where a
    # pair is worth a bonus bigger than any total score plus its score, and a pair the rules
    # refuse is worth nothing, must find the same number of pairs and the same total.
    rules = Rules(overlap=rules.overlap, allow_mutual=True)
    bonus = 1 + sum(max((ref_score(g, r, rules) or 0) for g in people) for r in people)
    worth = np.array(
        [[(s + bonus if (s := ref_score(g, r, rules)) is not None else 0) for r in people]
         for g in people]
    ).reshape(len(people), len(people))  # fmt: skip
    rows, cols = linear_sum_assignment(worth, maximize=True)
    chosen = worth[rows, cols]
    result = match(people, rules)
    assert_valid(result, people, rules)
    assert len(result.pairs) == int((chosen > 0).sum())
    assert result.total_score == int(chosen.sum() - bonus * (chosen > 0).sum())


def test_it_never_gives_a_firefly_request_to_someone_who_wont_write_firefly():
    asks_firefly = person(1, asks=[FIREFLY], asks_chars=[MAL], offers=[BUFFY], offers_chars=[SPIKE])
    writes_anything_but = person(
        2, asks=[BUFFY], asks_chars=[SPIKE], any_offer=frozenset({"fandom", "character"}),
        wont_write=frozenset({FIREFLY}),
    )  # fmt: skip
    result = match([asks_firefly, writes_anything_but], YULETIDE)
    assert result.pairs == {1: 2}
    assert not compatibility(writes_anything_but, asks_firefly, YULETIDE).ok
    (left,) = result.unmatched_recipients
    assert left.id == 1
    assert left.reason == NO_COMPATIBLE_PARTNER
    assert left.missing == {"fandom": frozenset({FIREFLY})}
    assert left.explain(NAMES.__getitem__, as_giver=False) == "Nobody offers Firefly."


def test_it_says_whose_partners_are_all_taken():
    # Two recipients want only what giver 3 writes; one of them goes without.
    people = [
        person(1, asks=[LEVERAGE], asks_chars=[PARKER], offers=[BUFFY], offers_chars=[SPIKE]),
        person(2, asks=[LEVERAGE], asks_chars=[PARKER], offers=[BUFFY], offers_chars=[SPIKE]),
        person(3, asks=[BUFFY], asks_chars=[SPIKE], offers=[LEVERAGE], offers_chars=[PARKER]),
    ]
    result = match(people, YULETIDE)
    assert len(result.pairs) == 2
    assert not result.complete
    (left,) = result.unmatched_recipients
    assert left.reason == PARTNERS_TAKEN
    assert left.candidates == (3,)


def test_it_finds_the_complete_cycle_when_greedy_choices_would_miss_it():
    # 1 could write for 2 or 3; only 1 -> 3 lets everyone receive a gift.
    people = [
        person(1, asks=[FIREFLY], asks_chars=[MAL], offers=[BUFFY, LEVERAGE],
               offers_chars=[SPIKE, PARKER]),
        person(2, asks=[BUFFY], asks_chars=[SPIKE], offers=[FIREFLY], offers_chars=[MAL]),
        person(3, asks=[LEVERAGE, BUFFY], asks_chars=[PARKER, SPIKE], offers=[BUFFY],
               offers_chars=[SPIKE]),
    ]  # fmt: skip
    result = match(people, YULETIDE)
    assert result.complete
    assert result.pairs == {1: 3, 3: 2, 2: 1}


def test_it_takes_an_any_request_as_met_by_a_giver_who_offers_the_type():
    wants_anyone = person(1, asks=[BUFFY], any_request=frozenset({"character"}))
    writes_spike = person(2, offers=[BUFFY], offers_chars=[SPIKE])
    writes_buffy_only = person(3, offers=[BUFFY])
    compat = compatibility(writes_spike, wants_anyone, YULETIDE)
    assert compat.ok
    assert compat.overlap == {"character": 1, "fandom": 1}
    assert not compatibility(writes_buffy_only, wants_anyone, YULETIDE).ok
    two_characters = Rules(overlap={"fandom": 1, "character": 2})
    assert compatibility(writes_spike, wants_anyone, two_characters).ok  # "any" meets any minimum


def test_it_refuses_self_pairs_and_exclusions_with_reasons():
    a = person(1, asks=[BUFFY], asks_chars=[SPIKE], offers=[BUFFY], offers_chars=[SPIKE],
               excluded=frozenset({2}))  # fmt: skip
    b = person(2, asks=[BUFFY], asks_chars=[SPIKE], offers=[BUFFY], offers_chars=[SPIKE])
    assert compatibility(a, a, YULETIDE).why_not == ("Nobody can write their own gift.",)
    assert compatibility(b, a, YULETIDE).why_not == ("These two are excluded from being paired.",)
    assert match([a, b], YULETIDE).pairs == {}


def test_it_keeps_an_incompatible_locked_pair_and_says_so():
    a = person(1, asks=[BUFFY], asks_chars=[SPIKE], offers=[FIREFLY], offers_chars=[MAL])
    b = person(2, asks=[LEVERAGE], asks_chars=[PARKER], offers=[BUFFY], offers_chars=[SPIKE])
    result = match([a, b], YULETIDE, locked={1: 2})
    assert result.pairs == {1: 2, 2: 1}
    assert result.incompatible_locked == ((1, 2),)


def test_it_reports_a_pair_dropped_only_for_being_mutual():
    a = person(1, asks=[BUFFY], asks_chars=[SPIKE], offers=[FIREFLY], offers_chars=[MAL])
    b = person(2, asks=[FIREFLY], asks_chars=[MAL], offers=[BUFFY], offers_chars=[SPIKE])
    result = match([a, b], Rules(overlap=YULETIDE.overlap, allow_mutual=False))
    assert len(result.pairs) == 1
    assert {u.reason for u in result.unmatched_givers + result.unmatched_recipients} == {MUTUAL}


def test_it_keeps_a_locked_pair_even_when_it_is_also_forbidden():
    a = person(1, asks=[BUFFY], asks_chars=[SPIKE], offers=[FIREFLY], offers_chars=[MAL])
    b = person(2, asks=[FIREFLY], asks_chars=[MAL], offers=[BUFFY], offers_chars=[SPIKE])
    result = match([a, b], YULETIDE, locked={1: 2}, forbidden=[(1, 2), (2, 1)])
    assert result.pairs == {1: 2}
    assert [u.id for u in result.unmatched_givers] == [2]


@pytest.mark.parametrize(
    ("locked", "message"),
    [({1: 1}, "themselves"), ({1: 2, 3: 2}, "one recipient"), ({1: 9}, "not a participant")],
)
def test_it_refuses_impossible_locks(locked, message):
    people = [person(i) for i in (1, 2, 3)]
    with pytest.raises(ValueError, match=message):
        match(people, YULETIDE, locked=locked)
