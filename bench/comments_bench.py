"""The work page with 2,000 comments, in server time.

    .venv/bin/python bench/comments_bench.py [--comments 2000] [--runs 40]

Runs in a fresh SQLite archive in a temporary folder (or PostgreSQL with DATABASE_URL), with
DEBUG off. The pages are read through Django's test client in this process, so the time is the
server's alone (no network, no client): p50/p95 of the framework floor (``/healthz/``, no
database, no template), the same work with no comments, and the work with ``--comments`` (500
threads of four: the first and the last page of threads). The load average is printed with
them: on a shared machine, figures taken under load say little. Kudos under load are measured
against a real server by ``bench/kudos_bench.py``.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("FICFEST_DATA_DIR", tempfile.mkdtemp(prefix="comments-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ficfest.settings")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.dummy.DummyBackend")
os.environ.setdefault("DEBUG", "false")


def setup() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def seed(comments: int) -> tuple[int, int]:
    """A work with no comments and one with ``comments``; their ids."""
    from tests.factories import make_user, make_work

    from ficfest.social.counts import counts_recount
    from ficfest.social.models import Comment

    author, reader = make_user("benchauthor"), make_user("benchreader")
    quiet = make_work(author, title="No comments")
    work = make_work(author, title="Two thousand comments")
    roots = Comment.objects.bulk_create(
        Comment(work=work, user=reader, pseud=reader.default_pseud, body=f"Thread {n}",
                html=f"<p>Thread {n}</p>")
        for n in range(comments // 4)
    )  # fmt: skip
    Comment.objects.bulk_create(
        Comment(work=work, user=reader, pseud=reader.default_pseud, parent=root, root=root,
                depth=1, body="Reply", html="<p>Reply</p>")
        for root in roots
        for _ in range(3)
    )  # fmt: skip
    counts_recount()  # bulk_create went around the services
    return quiet.pk, work.pk


def timed(path: str, runs: int) -> list[float]:
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.get(path)  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return times


def describe(name: str, times: list[float]) -> str:
    p95 = statistics.quantiles(times, n=20)[-1]
    return f"{name}: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms ({len(times)} runs)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    setup()
    from django.conf import settings

    quiet, work = seed(args.comments)
    last = (args.comments // 4 + 19) // 20
    before = os.getloadavg()
    floor = timed("/healthz/", args.runs)
    empty = timed(f"/works/{quiet}/", args.runs)
    first = timed(f"/works/{work}/", args.runs)
    late = timed(f"/works/{work}/?comments_page={last}", args.runs)
    after = os.getloadavg()
    print(
        f"DEBUG={settings.DEBUG}, {settings.DATABASES['default']['ENGINE']}, "
        f"{os.cpu_count()} CPUs, load average {before[0]:.2f} before, {after[0]:.2f} after"
    )
    print(describe("framework floor /healthz/", floor))
    print(describe("work page, no comments", empty))
    print(describe(f"work page with {args.comments} comments, first page of threads", first))
    print(describe(f"the same, page {last} of threads", late))
    share = statistics.median(floor) / statistics.median(first) * 100
    print(f"the 2,000-comment page's share of the floor: {share:.2f} %")


if __name__ == "__main__":
    main()
