"""Mutation testing of the rules that must never break (``make mutation``).

Each module below is mutated by cosmic-ray, one small change at a time (``<`` for ``<=``,
``and`` for ``or``, ``not`` added, a number changed…), and its own test files run against every
mutant. A mutant the tests still pass is a *survivor*: a change to the rule no test notices.
Prints a score per module and every survivor; exits non-zero when a module is below the bar.

Modules run in parallel (``-j``, two by default), each in its own copy of the tree, because
cosmic-ray writes each mutant into the source file itself. Only mutants inside functions count:
class bodies and module constants are model fields and settings, which the migration check
and the type checker guard. Binary operators are mutated to their counterpart (``+``/``-``,
``*``/``/``, ``|``/``&``) rather than to all twelve, which would mostly just raise TypeError;
comparisons to their negation and their boundary neighbour (``<`` for ``<=``), not to all seven.

    python scripts/mutation.py                 # every module
    python scripts/mutation.py claims text     # some of them
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BAR = 85.0
COUNTERPARTS = {"Add_Sub", "Sub_Add", "Mul_Div", "Div_Mul", "FloorDiv_Div", "Mod_Mul",
                "Pow_Mul", "BitOr_BitAnd", "BitAnd_BitOr"}  # fmt: skip
# A comparison becomes its negation or moves its boundary by one (< for <=), as rules go wrong.
COMPARISONS = {"Eq_NotEq", "NotEq_Eq", "Lt_LtE", "LtE_Lt", "Gt_GtE", "GtE_Gt", "Lt_GtE",
               "GtE_Lt", "LtE_Gt", "Gt_LtE", "Is_IsNot", "IsNot_Is", "In_NotIn",
               "NotIn_In"}  # fmt: skip


@dataclass
class Target:
    """A module (a file, or a package once it is split up) and the tests that guard it."""

    name: str
    path: str
    tests: list[str]
    # Only these functions are mutated (empty: every function of the module).
    functions: set[str] = field(default_factory=set)


TARGETS = [
    Target("claims", "src/ficfest/communities/services/claims.py",
           ["tests/communities/test_claims.py", "tests/communities/test_claims_edges.py",
            "tests/communities/test_claims_awaiting.py"]),
    Target("text", "src/ficfest/lib/text.py",
           ["tests/lib/test_text.py", "tests/lib/test_text_edges.py"]),
    Target("fills", "src/ficfest/communities/services/fills.py",
           ["tests/communities/test_fills.py", "tests/communities/test_fills_edges.py",
            "tests/communities/test_claims_awaiting.py"]),
    Target("release", "src/ficfest/communities/models.py",
           ["tests/communities/test_release_edges.py", "tests/communities/test_prompts.py",
            "tests/communities/test_reveals.py", "tests/communities/test_polls.py",
            "tests/communities/test_two_reveals.py"],
           {"is_revealed", "names_revealed_at", "open_at", "is_open", "current_theme",
            "is_closed", "tally", "winner", "released", "is_released", "is_expired", "moderating",
            "active", "is_moderator"}),
    Target("reveals", "src/ficfest/communities/reveals.py",
           ["tests/communities/test_reveals.py", "tests/communities/test_release_edges.py",
            "tests/exchanges/test_gift_notices.py"]),
    Target("headers", "src/ficfest/importer/headers.py",
           ["tests/importer/test_headers.py", "tests/importer/test_headers_edges.py"]),
    # The labels a header line may start with, and what each one means.
    Target("labels", "src/ficfest/importer/labels.py",
           ["tests/importer/test_headers.py", "tests/importer/test_headers_edges.py"]),
    Target("visibility", "src/ficfest/works/models.py",
           ["tests/works/test_visibility.py", "tests/works/test_visibility_edges.py",
            "tests/works/test_visibility_moments.py", "tests/communities/test_anonymity_walk.py"],
           {"visible_to", "named_creators", "published", "by_user", "_credited_work_ids",
            "secret_now", "is_published", "is_scheduled", "creators_are_hidden",
            "is_creator", "credited_pseuds"}),
    # What keeps each work's secrecy in step with its fills, and who sees through it.
    Target("secrecy", "src/ficfest/communities/secrecy.py",
           ["tests/communities/test_secrecy.py", "tests/communities/test_secrecy_edges.py",
            "tests/works/test_visibility_edges.py",
            "tests/communities/test_anonymity_walk.py", "tests/exchanges/test_fulfil.py",
            "tests/communities/test_two_reveals.py"]),
    # Wrangling: what a filter on a tag means, and the precomputed filters that follow it.
    Target("wrangling", "src/ficfest/tags/wrangling.py",
           ["tests/tags/test_wrangling.py"]),
    Target("tagfilters", "src/ficfest/tags/selectors.py",
           ["tests/tags/test_wrangling.py", "tests/works/test_muting.py"],
           {"_meta_above", "filter_ids_by_tag", "tags_affected_by"}),
    Target("filtertags", "src/ficfest/works/filtertags.py",
           ["tests/tags/test_wrangling.py", "tests/works/test_filter_tags.py"]),
    Target("muting", "src/ficfest/works/models.py",
           ["tests/works/test_muting.py", "tests/communities/test_muting.py"],
           {"unmuted_for"}),
    # Listings: what a filter keeps, and the counts beside it.
    Target("listing", "src/ficfest/works/listing.py",
           ["tests/works/test_listing.py", "tests/works/test_listing_input.py",
            "tests/communities/test_listings.py"],
           {"_tagged", "_day_start", "_fandom_count", "_crossover", "filter_apply",
            "listed_works", "narrowed", "_page_links"}),
    Target("facets", "src/ficfest/works/facets.py",
           ["tests/works/test_listing.py", "tests/works/test_listing_input.py",
            "tests/communities/test_listings.py"]),
    # The exchange matcher joins here once it exists.
]  # fmt: skip


def module_path(target: Target, tree: Path) -> Path:
    """The module's file, or the package it became when it was split into smaller modules."""
    path = tree / target.path
    package = path.with_suffix("")
    return package if package.is_dir() else path


def copy_tree(dest: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("src", "tests"):
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", dest / "pyproject.toml")


def write_config(target: Target, tree: Path) -> Path:
    tests = " ".join(t for t in target.tests if (tree / t).exists())
    command = (f"{sys.executable} -m pytest -x -q -p no:cacheprovider -p no:randomly "
               f"--reuse-db {tests}")  # fmt: skip
    config = tree / "cosmic-ray.toml"
    config.write_text(
        "[cosmic-ray]\n"
        f'module-path = "{module_path(target, tree).relative_to(tree)}"\n'
        "timeout = 120.0\n"
        "excluded-modules = []\n"
        f'test-command = "{command}"\n'
        "[cosmic-ray.distributor]\n"
        'name = "local"\n'
    )
    return config


def in_scope(target: Target, operator: str, definition: str | None) -> bool:
    binary = operator.removeprefix("core/ReplaceBinaryOperator_")
    if binary != operator and binary not in COUNTERPARTS:
        return False
    comparison = operator.removeprefix("core/ReplaceComparisonOperator_")
    if comparison != operator and comparison not in COMPARISONS:
        return False
    if definition is None or definition[:1].isupper():
        return False  # module level or a class body
    return not target.functions or definition in target.functions


def skip_out_of_scope(target: Target, session: Path) -> None:
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    with use_db(str(session), WorkDB.Mode.open) as db:
        for item in db.pending_work_items:
            mutation = item.mutations[0]
            if not in_scope(target, mutation.operator_name, mutation.definition_name):
                result = WorkResult(output="out of scope", worker_outcome=WorkerOutcome.SKIPPED)
                db.set_result(item.job_id, result)


@dataclass
class Score:
    name: str
    killed: int = 0
    total: int = 0
    seconds: float = 0.0
    survivors: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def percent(self) -> float:
        return 100.0 * self.killed / self.total if self.total else 0.0


def collect(target: Target, session: Path, tree: Path, score: Score) -> None:
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome

    with use_db(str(session), WorkDB.Mode.open) as db:
        for item, result in db.completed_work_items:
            if result.worker_outcome == WorkerOutcome.SKIPPED:
                continue
            score.total += 1
            if result.test_outcome != TestOutcome.SURVIVED:
                score.killed += 1
                continue
            mutation = item.mutations[0]
            where = Path(mutation.module_path)
            where = where.relative_to(tree) if where.is_absolute() else where
            line = mutation.start_pos[0]
            source = (tree / where).read_text().splitlines()[line - 1].strip()
            operator = mutation.operator_name.removeprefix("core/")
            score.survivors.append(f"{where}:{line} {mutation.definition_name}() "
                                   f"{operator}#{mutation.occurrence}: {source}")  # fmt: skip
    score.survivors.sort(key=_by_line)


def _by_line(survivor: str) -> tuple[str, int]:
    path, line = survivor.split()[0].split(":")
    return path, int(line)


def run(target: Target, workdir: Path) -> Score:
    score, start = Score(target.name), time.monotonic()
    tree = workdir / target.name
    copy_tree(tree)
    data = tree / "data"
    data.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    # The copy's source, not the installed one; no stale bytecode between mutants.
    env.update(PYTHONPATH=str(tree / "src"), PYTHONDONTWRITEBYTECODE="1",
               FICFEST_DATA_DIR=str(data),
               DATABASE_TEST_NAME=str(data / "test.sqlite3"))  # fmt: skip
    config, session = write_config(target, tree), tree / "session.sqlite"
    cosmic_ray = [sys.executable, "-m", "cosmic_ray.cli"]
    for step in (["baseline", config.name], ["init", config.name, session.name]):
        done = subprocess.run([*cosmic_ray, *step], cwd=tree, env=env, capture_output=True,
                              text=True)  # fmt: skip
        if done.returncode:
            score.error = f"{step[0]} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
            return score
    skip_out_of_scope(target, session)
    subprocess.run([*cosmic_ray, "exec", config.name, session.name], cwd=tree, env=env,
                   capture_output=True, check=True)  # fmt: skip
    collect(target, session, tree, score)
    score.seconds = time.monotonic() - start
    return score


def report(scores: list[Score]) -> bool:
    print(f"\n{'module':<12} {'killed':>7} {'total':>6} {'score':>7} {'time':>7}")
    for s in scores:
        print(f"{s.name:<12} {s.killed:>7} {s.total:>6} {s.percent:>6.1f}% {s.seconds:>6.0f}s")
    for s in scores:
        if s.error:
            print(f"\n{s.name}: {s.error}")
        if s.survivors:
            print(f"\nSurvivors in {s.name}:")
            for survivor in s.survivors:
                print(f"  {survivor}")
    return all(not s.error and s.percent >= BAR for s in scores)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("modules", nargs="*", help=", ".join(t.name for t in TARGETS))
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args()
    chosen = [t for t in TARGETS if not args.modules or t.name in args.modules]
    if not chosen:
        parser.error(f"no such module; choose from {', '.join(t.name for t in TARGETS)}")
    start = time.monotonic()
    with (
        tempfile.TemporaryDirectory(prefix="mutation-") as workdir,
        ThreadPoolExecutor(args.jobs) as pool,
    ):
        scores = list(pool.map(lambda t: run(t, Path(workdir)), chosen))
    ok = report(scores)
    print(f"\n{len(chosen)} modules in {(time.monotonic() - start) / 60:.1f} minutes; "
          f"bar {BAR:.0f} % per module: {'met' if ok else 'NOT met'}.")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
