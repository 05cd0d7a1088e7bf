"""`make bench`: serve the archive as in production and measure its pages against the floor.

    .venv/bin/python bench/run.py [--works N] [--seconds S] [--concurrency C] [--only NAME] [--json]

Generates (or reuses) the benchmark archive, starts gunicorn (DEBUG off, two sync workers) on a
free port on 127.0.0.1, and drives each scenario with C client threads for S seconds. Figures
are printed beside those of the floor, a view with no database and no template, so a page
reads as "costs this many framework round trips" whatever the machine. Not a test: it fails
only when a request does not come back 200.

A scenario is one entry in SCENARIOS: a name, what it measures, and a generator of paths.
"""

import argparse
import http.client
import itertools
import json
import math
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

import generate

HOST = "127.0.0.1"
WORKERS = 2
RUN_DIR = generate.BENCH_DIR / "out" / "run"
BIN = Path(sys.executable).parent  # the venv's bin, where gunicorn and ficfest live
REQUEST_TIMEOUT = 10.0
STARTUP_TIMEOUT = 30.0
BUSY_LOAD = 0.5  # 1-minute load average above which other work skews the figures


@dataclass(frozen=True)
class Fixtures:
    """What the generator recorded for scenarios to request (see populate.reader_fixtures)."""

    readable_work_ids: list[int]
    adult_work_ids: list[int]

    @classmethod
    def from_meta(cls, meta: dict[str, Any]) -> "Fixtures":
        return cls(**{f.name: meta["fixtures"][f.name] for f in fields(cls)})


# Called once per client thread, with that thread's own random generator; yields paths forever.
PathGenerator = Callable[[Fixtures, random.Random], Iterator[str]]


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    paths: PathGenerator


def same_path(path: str) -> PathGenerator:
    return lambda fixtures, rng: itertools.repeat(path)


def readable_works(fixtures: Fixtures, rng: random.Random) -> Iterator[str]:
    if not fixtures.readable_work_ids:
        raise ValueError("the archive has no works a logged-out reader can open")
    ids = list(fixtures.readable_work_ids)
    rng.shuffle(ids)
    return (f"/works/{pk}/" for pk in itertools.cycle(ids))


FLOOR = Scenario(
    "floor", "/healthz/: the framework alone, no database, no template", same_path("/healthz/")
)
SCENARIOS = [
    FLOOR,
    Scenario("home", "/: the newest 20 works as blurbs", same_path("/")),
    Scenario("works", "/works/: 20 blurbs, the count and the page links", same_path("/works/")),
    Scenario(
        "work",
        "/works/<id>/: a work page, cycling over every work a logged-out reader "
        "can open without the adult notice",
        readable_works,
    ),
    Scenario("opds", "/opds/new/: the newest 30 works as OPDS entries", same_path("/opds/new/")),
    Scenario(
        "opds-fandoms",
        "/opds/tags/fandom/: every fandom with its count of visible works",
        same_path("/opds/tags/fandom/"),
    ),
]


@dataclass
class Tally:
    """One client thread's results."""

    latencies: list[float] = field(default_factory=list)  # seconds, 200 responses only
    errors: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)  # error -> first path that had it

    def error(self, kind: str, path: str) -> None:
        self.errors[kind] += 1
        self.examples.setdefault(kind, path)


@dataclass(frozen=True)
class Result:
    name: str
    requests: int
    errors: dict[str, int]
    error_examples: dict[str, str]
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    rps_ratio: float = 1.0  # req/s divided by the floor's
    p50_ratio: float = 1.0  # p50 divided by the floor's


def percentile(ordered: list[float], q: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not ordered:
        return math.nan
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def _fetch(conn: http.client.HTTPConnection, path: str) -> int:
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    return response.status


def _drive(
    port: int, paths: Iterator[str], until: float, stop: threading.Event, tally: Tally
) -> None:
    # gunicorn's sync workers close every connection; http.client reconnects by itself.
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        while not stop.is_set() and time.perf_counter() < until:
            path = next(paths)
            started = time.perf_counter()
            try:
                status = _fetch(conn, path)
            except (OSError, http.client.HTTPException) as exc:
                tally.error(type(exc).__name__, path)
                conn.close()
                continue
            if status == 200:
                tally.latencies.append(time.perf_counter() - started)
            else:
                tally.error(f"HTTP {status}", path)
    finally:
        conn.close()


def load(
    scenario: Scenario,
    *,
    port: int,
    fixtures: Fixtures,
    seconds: float,
    concurrency: int,
    stop: threading.Event,
) -> Result:
    """Drive one scenario with `concurrency` threads for `seconds`; bounded by the clock."""
    tallies = [Tally() for _ in range(concurrency)]
    started = time.perf_counter()
    threads = [
        threading.Thread(
            target=_drive,
            args=(port, scenario.paths(fixtures, random.Random(n)), started + seconds, stop, t),
            daemon=True,
        )
        for n, t in enumerate(tallies)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return _result(scenario.name, tallies, time.perf_counter() - started)


def _result(name: str, tallies: list[Tally], seconds: float) -> Result:
    latencies = sorted(x for t in tallies for x in t.latencies)
    errors: Counter[str] = sum((t.errors for t in tallies), Counter())
    return Result(
        name=name,
        requests=len(latencies) + errors.total(),
        errors=dict(errors),
        error_examples={kind: path for t in tallies for kind, path in t.examples.items()},
        seconds=round(seconds, 2),
        rps=len(latencies) / seconds,
        p50_ms=percentile(latencies, 0.50) * 1000,
        p95_ms=percentile(latencies, 0.95) * 1000,
    )


def _ratio(a: float, b: float) -> float:
    return a / b if b else math.nan  # nan stays nan: no successful floor request, no ratio


def against_floor(results: list[Result]) -> list[Result]:
    floor = next(r for r in results if r.name == FLOOR.name)
    return [
        replace(r, rps_ratio=_ratio(r.rps, floor.rps), p50_ratio=_ratio(r.p50_ms, floor.p50_ms))
        for r in results
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def server_env(data_dir: Path) -> dict[str, str]:
    """Production settings, minus HTTPS: the client talks plain HTTP to 127.0.0.1."""
    env = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="ficfest.settings",
        FICFEST_MODE="production",
        DEBUG="false",
        SECRET_KEY="bench-not-secret-" + "x" * 40,
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        FICFEST_DATA_DIR=str(data_dir),
        LOG_LEVEL="WARNING",
    )
    return env


def prepare_run_dir(archive: Path) -> Path:
    """A copy of the cached database, so nothing a scenario does changes the cache; static
    files stay between runs so collectstatic has little to do."""
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    for leftover in RUN_DIR.glob(generate.DB_NAME + "*"):
        leftover.unlink()
    shutil.copyfile(archive / generate.DB_NAME, RUN_DIR / generate.DB_NAME)
    command = [str(BIN / "ficfest"), "collectstatic", "--noinput", "--verbosity", "0"]
    subprocess.run(command, env=server_env(RUN_DIR), check=True)
    return RUN_DIR


class ServerError(RuntimeError):
    """gunicorn would not start; the message ends with its log."""


class Server:
    """gunicorn in its own process group, always stopped on the way out."""

    def __init__(self, data_dir: Path, port: int) -> None:
        self.data_dir = data_dir
        self.port = port
        self.log_path = data_dir / "gunicorn.log"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> "Server":
        command = [
            str(BIN / "gunicorn"),
            "ficfest.wsgi:application",
            "--workers",
            str(WORKERS),
            "--bind",
            f"{HOST}:{self.port}",
            "--graceful-timeout",
            "5",
            "--no-control-socket",
        ]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command,
                env=server_env(self.data_dir),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise ServerError(f"gunicorn exited while starting:\n{self.log_tail()}")
            if self._healthy():
                return
            time.sleep(0.1)
        raise ServerError(
            f"gunicorn did not answer /healthz/ in {STARTUP_TIMEOUT:.0f} s:\n{self.log_tail()}"
        )

    def _healthy(self) -> bool:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=1)
        try:
            return _fetch(conn, "/healthz/") == 200
        except (OSError, http.client.HTTPException):
            return False
        finally:
            conn.close()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # the master stops its workers
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)  # the group this script started
            self.process.wait()

    def log_tail(self, lines: int = 30) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    sys.exit(128 + signum)  # unwinds through Server.__exit__, so gunicorn is stopped


COLUMNS = ("scenario", "requests", "errors", "req/s", "p50 ms", "p95 ms", "req/s ÷ floor",
           "p50 ÷ floor")  # fmt: skip


def _row(r: Result) -> list[str]:
    errors = sum(r.errors.values())
    return [r.name, f"{r.requests:,}", f"{errors:,}", f"{r.rps:,.0f}", f"{r.p50_ms:.2f}",
            f"{r.p95_ms:.2f}", f"{r.rps_ratio:.3f}", f"{r.p50_ratio:.1f}×"]  # fmt: skip


def print_table(results: list[Result], settings: str, out: TextIO) -> None:
    table = Table()
    for heading in COLUMNS:
        table.add_column(heading, justify="left" if heading == "scenario" else "right")
    for r in results:
        table.add_row(*_row(r))
    console = Console(file=out, width=120)
    console.print(settings, highlight=False)
    console.print(table)


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--works", type=int, default=10_000, help="works in the archive")
    parser.add_argument("--seconds", type=float, default=8.0, help="measured time per scenario")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured time before each")
    parser.add_argument(
        "--concurrency", type=int, default=WORKERS, help="client threads (default: one a worker)"
    )
    names = [s.name for s in SCENARIOS if s is not FLOOR]
    parser.add_argument(
        "--only",
        action="append",
        choices=names,
        help="run only this scenario (repeatable); the floor always runs",
    )
    parser.add_argument("--json", action="store_true", help="print results as JSON")
    args = parser.parse_args()
    if args.seconds <= 0 or args.warmup < 0 or args.concurrency < 1:
        parser.error("--seconds must be > 0, --warmup >= 0 and --concurrency >= 1")
    return args


def _measure(
    args: argparse.Namespace, server: Server, fixtures: Fixtures, log: TextIO
) -> list[Result]:
    chosen = [s for s in SCENARIOS if s is FLOOR or not args.only or s.name in args.only]
    stop = threading.Event()
    results = []
    try:
        for scenario in chosen:
            print(f"bench: {scenario.name}: {scenario.description}", file=log, flush=True)
            options = {
                "port": server.port,
                "fixtures": fixtures,
                "concurrency": args.concurrency,
                "stop": stop,
            }
            if args.warmup:
                load(scenario, seconds=args.warmup, **options)
            results.append(load(scenario, seconds=args.seconds, **options))
    finally:
        stop.set()  # on Ctrl-C, client threads stop at their next request
    return against_floor(results)


def _generate(works: int, log: TextIO) -> dict[str, Any] | None:
    """The archive's metadata, generating it first if it is not cached."""
    command = [sys.executable, str(generate.BENCH_DIR / "generate.py"), "--works", str(works)]
    if subprocess.run(command, stdout=log).returncode:
        print("bench: generating the archive failed (traceback above)", file=sys.stderr)
        return None
    return generate.read_meta(generate.cache_dir(works))


def _serve_and_measure(
    args: argparse.Namespace, meta: dict[str, Any], load_before: float, log: TextIO
) -> int:
    data_dir = prepare_run_dir(generate.cache_dir(args.works))
    try:
        with Server(data_dir, free_port()) as server:
            print(f"bench: gunicorn on http://{HOST}:{server.port}/, log {server.log_path}",
                  file=log)  # fmt: skip
            results = _measure(args, server, Fixtures.from_meta(meta), log)
    except ServerError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    loads = (load_before, os.getloadavg()[0])
    if args.json:
        print(json.dumps(_report(args, meta, results, loads), indent=2))
    else:
        print_table(results, _settings_line(args, loads), sys.stdout)
    return _report_errors(results, server)


def main() -> int:
    args = _parse_args()
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    log = sys.stderr if args.json else sys.stdout
    # Taken first: generating the archive would raise it by itself.
    load_before = os.getloadavg()[0]
    if load_before > BUSY_LOAD:
        print(f"bench: the machine is busy (load {load_before:.1f}): figures will be low "
              "and noisy", file=log)  # fmt: skip
    meta = _generate(args.works, log)
    return 1 if meta is None else _serve_and_measure(args, meta, load_before, log)


def _finite(value: float) -> float | None:
    return None if math.isnan(value) else value


def _report(
    args: argparse.Namespace, meta: dict[str, Any], results: list[Result], loads: tuple[float, ...]
) -> dict:
    return {
        "works": args.works,
        "workers": WORKERS,
        "concurrency": args.concurrency,
        "seconds": args.seconds,
        "cpus": os.cpu_count(),
        "load_average": {"before": loads[0], "after": loads[1]},
        "generation": {k: v for k, v in meta.items() if k != "fixtures"},
        "results": [
            {k: _finite(v) if isinstance(v, float) else v for k, v in asdict(r).items()}
            for r in results
        ],
    }


def _settings_line(args: argparse.Namespace, loads: tuple[float, ...]) -> str:
    return (
        f"{args.works:,} works · gunicorn, {WORKERS} sync workers, DEBUG off, SQLite · "
        f"{args.concurrency} client threads × {args.seconds:g} s\n"
        f"{os.cpu_count()} CPUs · 1-minute load average {loads[0]:.1f} before, {loads[1]:.1f} after"
    )


def _report_errors(results: list[Result], server: Server) -> int:
    if not any(r.errors for r in results):
        return 0
    for r in results:
        for error, count in r.errors.items():
            example = r.error_examples[error]
            print(f"bench: {r.name}: {count:,} × {error} (one was {example})", file=sys.stderr)
    print(f"bench: the server's log:\n{server.log_tail()}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("\nbench: interrupted; the server is stopped", file=sys.stderr)
        sys.exit(130)
