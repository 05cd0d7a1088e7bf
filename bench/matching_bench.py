"""The gift-exchange matcher on generated exchanges, beside a greedy matcher in the same run.

    .venv/bin/python bench/matching_bench.py [--sizes 500 2000 5000] [--seed 1] [--no-mutual]

Each exchange is drawn with a fixed seed: as many fandoms as half the participants, of
Zipf-like popularity (a few big ones, a long tail of rare ones) with 3-15 characters each; a
participant asks for 1-3 fandoms in 1-4 requests of 1-3 characters and offers 2-8 fandoms with
some of their characters (a quarter offer "any character"), a few offer "any fandom" but won't
write 1-3 fandoms, a tenth ask for "any character", one in a hundred excludes someone. Rules:
Yuletide's (a fandom and a character in common). Then exchanges of one fandom with 30
characters (``--one-fandom-sizes``), where each writer offers a fifth of them: a dense graph,
with many more pairs who could write for each other.

For each size it prints the time to build the compatibility graph, its edges, the time to
match and in all (wall clock, as the result's timings say) and the CPU time of the whole call
(which the load of a shared machine disturbs far less); the coverage (people who receive a
gift), the largest coverage possible (from Hopcroft-Karp alone) and the total score; then the
same for a greedy matcher in the spirit of AO3's (recipients with the fewest compatible givers
first, each given the free giver with the best score) on the same graph; with mutual pairs
forbidden (``--no-mutual`` leaves this out) how many mutual pairs the best assignment had, the
CPU time, coverage and score, and whether the result is proven best; and with ``--all-pairs``
the CPU time to build the graph by checking every pair, as a matcher without indexes must
(timed on 200 givers against everyone, scaled to all givers).
"""

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ficfest.exchanges.matching import Participant, Rules, compatibility, match  # noqa: E402
from ficfest.exchanges.matching_graph import Graph, build_graph  # noqa: E402

RULES = Rules(overlap={"fandom": 1, "character": 1})
T = TypeVar("T")


class Exchange:
    """Fandom ids 1..F; character ids from 100,000 up, a block per fandom."""

    def __init__(self, size: int, seed: int, *, one_fandom: bool = False) -> None:
        self.rng = random.Random(seed)
        # As many fandoms as half the participants; the biggest is offered by about one
        # participant in seven, the last ones by one or two.
        fandoms = 1 if one_fandom else max(20, size // 2)
        self.fandoms = list(range(1, fandoms + 1))
        self.weights = [1 / (rank + 5) for rank in self.fandoms]
        self.characters = {
            f: [100_000 + 40 * f + c for c in range(30 if one_fandom else self.rng.randint(3, 15))]
            for f in self.fandoms
        }
        self.people = [self.participant(pid) for pid in range(1, size + 1)]

    def pick_fandoms(self, count: int) -> list[int]:
        count = min(count, len(self.fandoms))
        chosen: set[int] = set()
        while len(chosen) < count:
            chosen.add(self.rng.choices(self.fandoms, self.weights)[0])
        return sorted(chosen)

    def participant(self, pid: int) -> Participant:
        rng = self.rng
        asked = self.pick_fandoms(rng.randint(1, 3))
        asked_chars: set[int] = set()
        for _ in range(rng.randint(max(1, len(asked)), 4)):
            fandom = rng.choice(asked)
            asked_chars.update(rng.sample(self.characters[fandom], rng.randint(1, 3)))
        offered = self.pick_fandoms(rng.randint(2, 8))
        offered_chars = {c for f in offered for c in self.characters[f] if rng.random() < 0.6} | {
            rng.choice(self.characters[f]) for f in offered
        }
        any_offer = {"character"} if rng.random() < 0.25 else set()
        wont: set[int] = set()
        if rng.random() < 0.02 and len(self.fandoms) > 1:
            any_offer.add("fandom")
            wont = set(self.pick_fandoms(rng.randint(1, 3)))
        return Participant(
            id=pid,
            requests={"fandom": frozenset(asked), "character": frozenset(asked_chars)},
            offers={"fandom": frozenset(offered), "character": frozenset(offered_chars)},
            any_request=frozenset({"character"} if rng.random() < 0.1 else ()),
            any_offer=frozenset(any_offer),
            wont_write=frozenset(wont),
            excluded=frozenset({rng.randint(1, pid)} if rng.random() < 0.01 and pid > 1 else ()),
        )


def greedy(graph: Graph) -> tuple[int, int]:
    """Pairs and total score of a greedy assignment: recipients with the fewest compatible
    givers first, each given the free giver with the best score."""
    rows, cols, scores = graph.arrays()
    order = np.lexsort((-scores, cols))  # by recipient, best score first
    starts = np.searchsorted(cols[order], np.arange(len(graph.recipients) + 1))
    givers, best_first = rows[order].tolist(), scores[order].tolist()
    used: set[int] = set()
    pairs = score = 0
    for ri in np.argsort(np.diff(starts), kind="stable").tolist():
        for at in range(starts[ri], starts[ri + 1]):
            if givers[at] not in used:
                used.add(givers[at])
                pairs += 1
                score += best_first[at]
                break
    return pairs, score


def all_pairs_seconds(people: list[Participant], sample: int = 200) -> float:
    """Checking every pair: timed on the first `sample` givers against everyone, then scaled
    to all givers (each giver costs the same len(people) checks)."""
    givers = people[:sample]
    started = time.process_time()
    for giver in givers:
        for recipient in people:
            compatibility(giver, recipient, RULES)
    return (time.process_time() - started) * len(people) / len(givers)


def mutual_pairs(pairs: dict[int, int]) -> int:
    return sum(1 for g, r in pairs.items() if g < r and pairs.get(r) == g)


def most_possible(graph: Graph) -> int:
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import maximum_bipartite_matching

    rows, cols, _ = graph.arrays()
    shape = (len(graph.givers), len(graph.recipients))
    structure = csr_matrix(([1] * rows.size, (rows, cols)), shape=shape)
    return int((maximum_bipartite_matching(structure, perm_type="column") >= 0).sum())


def timed(work: Callable[[], T]) -> tuple[T, float]:
    """The result and the CPU seconds of this process it took: on a shared machine the wall
    clock measures the neighbours too."""
    started = time.process_time()
    out = work()
    return out, time.process_time() - started


def run(size: int, seed: int, *, one: bool, mutual: bool, all_pairs: bool) -> dict[str, str]:
    people = Exchange(size, seed, one_fandom=one).people
    result, cpu = timed(lambda: match(people, RULES))
    graph = build_graph(people, people, RULES)
    (g_pairs, g_score), greedy_cpu = timed(lambda: greedy(graph))
    top = sum(1 in p.offers["fandom"] for p in people) / size
    row = {
        "participants": f"{size:,}" + (" in one fandom" if one else ""),
        "top fandom offered by": f"{top:.0%}",
        "edges": f"{result.edges:,}",
        "graph s": f"{result.timings['graph']:.2f}",
        "match s": f"{result.timings['matching']:.2f}",
        "total s": f"{result.timings['total']:.2f}",
        "total CPU s": f"{cpu:.2f}",
        "covered": f"{len(result.pairs):,}",
        "possible": f"{most_possible(graph):,}",
        "score": f"{result.total_score:,}",
        "greedy CPU s": f"{greedy_cpu:.2f}",
        "greedy covered": f"{g_pairs:,}",
        "greedy score": f"{g_score:,}",
    }
    if mutual:
        strict, strict_cpu = timed(
            lambda: match(people, Rules(overlap=RULES.overlap, allow_mutual=False))
        )
        row["mutual pairs to undo"] = f"{mutual_pairs(result.pairs):,}"
        row["no-mutual CPU s"] = f"{strict_cpu:.2f}"
        row["no-mutual covered"] = f"{len(strict.pairs):,}"
        row["no-mutual score"] = f"{strict.total_score:,}"
        row["proven best"] = "yes" if strict.optimal else "no"
    if all_pairs:
        row["all-pairs graph CPU s"] = f"{all_pairs_seconds(people):.1f}"
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--one-fandom-sizes", type=int, nargs="*", default=[500, 2000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-mutual", action="store_true")
    parser.add_argument("--all-pairs", action="store_true")
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    kinds = [(size, False) for size in args.sizes] + [
        (size, True) for size in args.one_fandom_sizes
    ]
    rows = [
        run(size, args.seed, one=one, mutual=not args.no_mutual, all_pairs=args.all_pairs)
        for size, one in kinds
    ]
    print("| " + " | ".join(rows[0]) + " |")
    print("|" + "---|" * len(rows[0]))
    for row in rows:
        print("| " + " | ".join(row.values()) + " |")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
