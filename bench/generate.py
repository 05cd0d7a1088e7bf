"""Generate the benchmark archive: 10,000 works by ~200 users in ~50 fandoms, by default.

    .venv/bin/python bench/generate.py [--works N] [--force]   # cached under bench/out/data/
    .venv/bin/python bench/generate.py --verify [--works 300]  # bulk rows == services rows?

The cache is keyed by the number of works and a hash of every migration and of the generator's
own source, so a schema or generator change regenerates and a rerun reuses. Generation goes
into a ``.tmp`` folder, under a lock, that is renamed only once complete, so an interrupted or
concurrent run leaves no half-built archive behind.
"""

import argparse
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DATA_CACHE = BENCH_DIR / "out" / "data"
GENERATOR_FILES = ("generate.py", "plan.py", "populate.py")
DB_NAME = "ficfest.sqlite3"
META_NAME = "generated.json"
SEED = 9212
METHODS = ("bulk", "services")


def source_hash() -> str:
    """What the generated data depends on: the schema (migrations) and the generator."""
    digest = hashlib.sha256()
    migrations = sorted((ROOT / "src" / "ficfest").glob("*/migrations/*.py"))
    for path in [*migrations, *(BENCH_DIR / name for name in GENERATOR_FILES)]:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cache_dir(works: int) -> Path:
    return DATA_CACHE / f"works{works}-{source_hash()}"


def read_meta(data_dir: Path) -> dict[str, Any]:
    meta: dict[str, Any] = json.loads((data_dir / META_NAME).read_text())
    return meta


# Generating is always into SQLite in the data folder, with no task queue and no query log.
GENERATION_SETTINGS = {
    "DJANGO_SETTINGS_MODULE": "ficfest.settings",
    "FICFEST_MODE": "local",
    "DEBUG": "false",
    "SECRET_KEY": "bench-generate",
    "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
    "LOG_LEVEL": "WARNING",
}


def _setup_django(data_dir: Path) -> None:
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(GENERATION_SETTINGS, FICFEST_DATA_DIR=str(data_dir))
    import django

    django.setup()


def build_archive(data_dir: Path, *, works: int, method: str, now: datetime) -> dict[str, Any]:
    """Migrate a fresh database in data_dir and fill it. Once per process: Django is set up
    for data_dir here."""
    started = time.perf_counter()
    _setup_django(data_dir)
    from django.core.management import call_command
    from django.db import connections

    import populate as writers
    from plan import archive_plan

    call_command("migrate", interactive=False, verbosity=0)
    plan = archive_plan(works, seed=SEED, now=now)
    planned = time.perf_counter()
    write = writers.write_in_bulk if method == "bulk" else writers.write_with_services
    write(plan)
    written = time.perf_counter()
    fixtures = writers.reader_fixtures()
    connections.close_all()
    return {
        "works": works,
        "method": method,
        "generated_at": now.isoformat(),
        "seconds": round(time.perf_counter() - started, 2),
        "plan_seconds": round(planned - started, 2),
        "write_seconds": round(written - planned, 2),
        "fixtures": fixtures,
    }


def _describe(meta: dict[str, Any]) -> str:
    fixtures = meta["fixtures"]
    return (
        f"{meta['works']:,} works by {meta['method']} in {meta['seconds']:.1f} s "
        f"(plan {meta['plan_seconds']:.1f} s, write {meta['write_seconds']:.1f} s); "
        f"{len(fixtures['readable_work_ids']):,} open to logged-out readers, "
        f"{len(fixtures['adult_work_ids']):,} behind the adult notice"
    )


def _prune(works: int, keep: Path) -> None:
    """Archives (or failed builds) for an older schema or generator: never used again."""
    for stale in DATA_CACHE.glob(f"works{works}-*"):
        if stale != keep:
            shutil.rmtree(stale)


def ensure(works: int, *, method: str = "bulk", force: bool = False) -> Path:
    """The cached archive of this size, generated first if missing (or if force)."""
    DATA_CACHE.mkdir(parents=True, exist_ok=True)
    with (DATA_CACHE / ".lock").open("w") as lock:
        # Two benchmarks started together: the second waits for, then reuses, the first's.
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _ensure_locked(works, method=method, force=force)


def _ensure_locked(works: int, *, method: str, force: bool) -> Path:
    target = cache_dir(works)
    if (target / META_NAME).exists() and not force:
        print(f"generate: reusing {target.relative_to(ROOT)}: {_describe(read_meta(target))}")
        return target
    building = target.with_name(target.name + ".tmp")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    print(f"generate: building {works:,} works into {target.relative_to(ROOT)} …", flush=True)
    meta = build_archive(building, works=works, method=method, now=datetime.now(UTC))
    (building / META_NAME).write_text(json.dumps(meta))
    shutil.rmtree(target, ignore_errors=True)
    building.rename(target)
    _prune(works, keep=target)
    print(f"generate: {_describe(meta)}")
    return target


def _populate_in_subprocess(data_dir: Path, works: int, method: str, now: datetime) -> None:
    command = [sys.executable, __file__, "--works", str(works), "--method", method,
               "--into", str(data_dir), "--now", now.isoformat()]  # fmt: skip
    subprocess.run(command, check=True)


def _first_difference(bulk: dict[str, Any], services: dict[str, Any]) -> str | None:
    if bulk["tags"] != services["tags"]:
        return "the tag tables differ"
    for index, (a, b) in enumerate(zip(bulk["works"], services["works"], strict=True)):
        if a != b:
            fields = sorted(name for name in a if a[name] != b[name])
            return f"work #{index + 1} differs in {', '.join(fields)}"
    return None


def verify(works: int) -> int:
    """Write the same plan both ways and compare what ends up in the database."""
    now = datetime.now(UTC).replace(microsecond=0)
    scratch = DATA_CACHE.parent / "verify"
    shutil.rmtree(scratch, ignore_errors=True)
    dumps = {}
    for method in METHODS:
        _populate_in_subprocess(scratch / method, works, method, now)
        dumps[method] = json.loads((scratch / method / "dump.json").read_text())
    difference = _first_difference(dumps["bulk"], dumps["services"])
    shutil.rmtree(scratch)
    print(f"verify: {difference}" if difference else f"verify: {works} works identical")
    return 1 if difference else 0


def _into(args: argparse.Namespace) -> int:
    data_dir = Path(args.into)
    now = datetime.fromisoformat(args.now) if args.now else datetime.now(UTC)
    meta = build_archive(data_dir, works=args.works, method=args.method, now=now)
    from populate import archive_dump

    (data_dir / "dump.json").write_text(json.dumps(archive_dump(), ensure_ascii=False))
    print(f"generate ({data_dir}): {_describe(meta)}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--works", type=int, default=None, help="works to generate (10,000)")
    parser.add_argument("--method", choices=METHODS, default="bulk")
    parser.add_argument("--force", action="store_true", help="regenerate even if cached")
    parser.add_argument("--verify", action="store_true", help="compare bulk with services")
    parser.add_argument("--into", help=argparse.SUPPRESS)  # uncached, used by --verify
    parser.add_argument("--now", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.verify:
        return verify(args.works or 300)
    args.works = args.works or 10_000
    if args.into:
        return _into(args)
    ensure(args.works, method=args.method, force=args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
