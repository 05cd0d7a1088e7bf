"""The work page with 2,000 comments, and kudos from many clients at once.

    .venv/bin/python bench/comments_bench.py [--comments 2000] [--runs 40] [--clients 100]
                                             [--seconds 10]

Runs in a fresh SQLite archive in a temporary folder (or PostgreSQL with DATABASE_URL). The page
is read through Django's test client in this process, so the time is the server's alone: it is
printed as p50/p95 beside the framework floor (``/healthz/``, no database, no template). The
kudos run has ``--clients`` threads, each its own client and database connection, post kudos as
guests from ever new addresses for ``--seconds``; the count in the database must equal the kudos
the server said it counted.
"""

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("FICFEST_DATA_DIR", tempfile.mkdtemp(prefix="comments-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ficfest.settings")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.dummy.DummyBackend")
os.environ.setdefault("THROTTLE_TRUSTED_PROXIES", "1")  # each guest's address from the header


def setup() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def seed(comments: int) -> int:
    from tests.factories import make_user, make_work

    from ficfest.social.models import Comment

    author, reader = make_user("benchauthor"), make_user("benchreader")
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
    return work.pk


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


def kudos_storm(work_id: int, clients: int, seconds: float) -> tuple[int, int]:
    from django.db import connection
    from django.test import Client

    from ficfest.social.models import Kudo

    counted = [0] * clients
    stop = time.monotonic() + seconds

    def run(index: int) -> None:
        client, n = Client(HTTP_HOST="localhost"), 0
        while time.monotonic() < stop:
            n += 1
            address = f"10.{index}.{n // 250 % 250}.{n % 250}"
            client.cookies.clear()  # a new guest each time: a new session too
            response = client.post(
                f"/works/{work_id}/kudos/", HTTP_X_FORWARDED_FOR=address, follow=False
            )
            if response.status_code == 302 and "Thank you" in str(
                [m.message for m in response.wsgi_request._messages]
            ):
                counted[index] += 1
        connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counted), Kudo.objects.filter(work_id=work_id).count()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    setup()
    work_id = seed(args.comments)
    floor = timed("/healthz/", args.runs)
    page = timed(f"/works/{work_id}/", args.runs)
    print(describe("framework floor /healthz/", floor))
    print(describe(f"work page with {args.comments} comments", page))
    share = statistics.median(floor) / statistics.median(page) * 100
    print(f"the work page's share of the floor: {share:.1f} %")
    sent, stored = kudos_storm(work_id, args.clients, args.seconds)
    print(
        f"kudos: {args.clients} clients for {args.seconds:.0f} s: counted {sent}, stored {stored}"
    )
    sys.exit(0 if sent == stored else 1)


if __name__ == "__main__":
    main()
