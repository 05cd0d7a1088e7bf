"""Kudos from many guests at once, against a real server: none lost, none counted twice.

    .venv/bin/python bench/kudos_bench.py [--clients 100] [--seconds 60] [--repeat-every 10]

Makes a fresh SQLite archive (WAL) in a temporary folder with one work, serves it with gunicorn
as ``make run`` and ``bench/run.py`` do (two sync workers, production settings, DEBUG off), and
has ``--clients`` threads post guest kudos on that work over loopback for ``--seconds``.

Each kudos comes from a new guest: a new connection from its own loopback address (Linux answers
on all of 127.0.0.0/8, so client ``i`` binds 127.<i+1>.x.y, a new address each time) with no
session. The server is told to trust no proxy (``THROTTLE_TRUSTED_PROXIES=0``), so the address
it hashes is the connection's own, not a header the client chose. Every ``--repeat-every``-th
guest tries a second time from the same address with a fresh session: the server must refuse
it. A client holds a CSRF cookie and sends the same token in the header, as a browser does with
the cookie it was given on the work page (fetching the page first would time the page, not the
kudos). What the server answered is read from its message cookie.

Prints sent, accepted, refused and errors, the kudos stored and the work's kept count, the
throughput and latency, and the load average before and after. Exit status 1 unless stored ==
accepted == the work's count and no repeat was accepted.
"""

import argparse
import base64
import http.client
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections import Counter
from http.cookies import SimpleCookie
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(BENCH), str(ROOT / "src"), str(ROOT)]

import run as served  # noqa: E402 (bench/run.py: the server as the benchmarks start it)


def prepare(data_dir: Path) -> int:
    """Migrate a fresh archive and post one work; its id."""
    os.environ.update(served.server_env(data_dir))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.db import connection
    from tests.factories import make_user, make_work

    work = make_work(make_user("kudosauthor"), title="Thank me")
    connection.close()
    return work.pk


def answer(response: http.client.HTTPResponse) -> str:
    """What the server said, from the messages cookie of its redirect."""
    cookies = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    if response.status != 302 or "messages" not in cookies:
        return f"error {response.status}"
    data = cookies["messages"].value.strip('"').split(":")[0]
    raw = base64.urlsafe_b64decode(data.lstrip(".") + "=" * (-len(data.lstrip(".")) % 4))
    text = json.dumps(json.loads(zlib.decompress(raw) if data.startswith(".") else raw))
    if "Thank you" in text:
        return "accepted"
    return "refused" if "already" in text else f"other {text[:80]}"


class Guests:
    def __init__(self, port: int, work_id: int, repeat_every: int) -> None:
        self.port, self.path, self.repeat_every = port, f"/works/{work_id}/kudos/", repeat_every
        self.tally: Counter[str] = Counter()
        self.latencies: list[float] = []
        self.lock = threading.Lock()

    def post(self, address: str) -> str:
        token = secrets.token_hex(16)  # 32 characters: an unmasked CSRF secret
        conn = http.client.HTTPConnection(
            served.HOST, self.port, timeout=30, source_address=(address, 0)
        )
        start = time.perf_counter()
        try:
            conn.request("POST", self.path, body="", headers={
                "Cookie": f"csrftoken={token}", "X-CSRFToken": token,
                "Content-Type": "application/x-www-form-urlencoded",
            })  # fmt: skip
            result = answer(conn.getresponse())
        except (OSError, http.client.HTTPException) as error:
            result = f"error {type(error).__name__}"
        finally:
            conn.close()
        with self.lock:
            self.latencies.append((time.perf_counter() - start) * 1000)
        return result

    def client(self, index: int, stop: float) -> None:
        n = 0
        while time.monotonic() < stop:
            n += 1
            address = f"127.{index + 1}.{n // 250 % 250}.{n % 250 + 1}"
            results = [("first", self.post(address))]
            if n % self.repeat_every == 0:
                results.append(("repeat", self.post(address)))
            with self.lock:
                self.tally.update(f"{kind} {result}" for kind, result in results)


def stored(work_id: int) -> tuple[int, int]:
    from ficfest.social.models import Kudo
    from ficfest.works.models import Work

    kept = Work.objects.values_list("kudos_count", flat=True).get(pk=work_id)
    return Kudo.objects.filter(work_id=work_id).count(), kept


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--repeat-every", type=int, default=10)
    args = parser.parse_args()
    os.environ["THROTTLE_TRUSTED_PROXIES"] = "0"  # the connection's address, no header
    data_dir = Path(tempfile.mkdtemp(prefix="kudos-bench-"))
    work_id = prepare(data_dir)
    subprocess.run([str(served.BIN / "ficfest"), "collectstatic", "--noinput", "-v", "0"],
                   env=served.server_env(data_dir), check=True)  # fmt: skip
    load_before = os.getloadavg()
    with served.Server(data_dir, served.free_port()) as server:
        guests = Guests(server.port, work_id, args.repeat_every)
        stop = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=guests.client, args=(i, stop)) for i in range(args.clients)
        ]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began
    load_after = os.getloadavg()
    rows, kept = stored(work_id)
    shutil.rmtree(data_dir, ignore_errors=True)
    tally = guests.tally
    sent = sum(tally.values())
    accepted = tally["first accepted"] + tally["repeat accepted"]
    lat = guests.latencies
    print(f"{args.clients} guest clients × {args.seconds:.0f} s on loopback, gunicorn "
          f"{served.WORKERS} sync workers, SQLite WAL, DEBUG off")  # fmt: skip
    print(f"load average before {load_before[0]:.2f} {load_before[1]:.2f}, "
          f"after {load_after[0]:.2f} {load_after[1]:.2f} ({os.cpu_count()} CPUs)")  # fmt: skip
    print(f"sent {sent} ({tally['first accepted'] + tally['first refused']} first tries, "
          f"{tally['repeat accepted'] + tally['repeat refused']} repeats), accepted {accepted}, "
          f"refused {tally['first refused'] + tally['repeat refused']} "
          f"(repeats refused {tally['repeat refused']}, repeats accepted "
          f"{tally['repeat accepted']})")  # fmt: skip
    others = {k: v for k, v in tally.items() if "accepted" not in k and "refused" not in k}
    print(f"errors {sum(others.values())} {others or ''}")
    print(f"stored {rows} kudos; the work's count says {kept}")
    print(f"throughput {sent / elapsed:.0f} requests/s, {accepted / elapsed:.0f} kudos/s; "
          f"latency p50 {statistics.median(lat):.0f} ms, "
          f"p95 {statistics.quantiles(lat, n=20)[-1]:.0f} ms")  # fmt: skip
    ok = rows == accepted == kept and not tally["repeat accepted"] and tally["first refused"] == 0
    print("OK: every accepted kudos stored once" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
