"""Load test: gunicorn (2 workers) on loopback against a fresh PostgreSQL database.

    DATABASE_URL=postgres://styrkort:styrkort@127.0.0.1:5432/styrkort \\
        .venv/bin/python bench/load.py [--seconds 60] [--users 50]

DATABASE_URL names the server and a role with CREATEDB; the test creates its own
database next to it (migrate + loaddemo + one controller per virtual user on Division
Länsteknik) and drops it at the end. Each virtual user logs in through the login form
and then, until time is up, opens a scorecard, opens the entry page, or saves a figure
(GET the row for its current version, then the htmx POST). The saves go to a handful
of measures so that users collide: a 409 (someone saved in between) is a correct answer,
counted apart, neither an error nor an acknowledged save.

Between two actions a user waits a think time drawn uniformly from --think-min to
--think-max seconds (default 1–5 s, locust's customary ``between(1, 5)``): a controller
reads the page before the next click. ``--think-max 0`` turns the users into a closed
loop without pauses, a stress test of throughput rather than of 50 people.

Afterwards every acknowledged (200) save is checked against the database: per row, no
two acknowledged saves may start from the same version (that would be a lost update),
and the stored value must be the last acknowledged one. Prints p50/p95/p99 per kind,
errors, and `ratio: p95_ms / 300` (p95 over every request; goal ≤ 1).

The load generator is one Python process with a thread per virtual user on the same
machine as the server, so the figures include its own overhead.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import io
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "last-test-losen-42"
UNIT = "lansteknik"
PERIOD = "2021-T1"
CONTENDED_MEASURES = 6  # saves go to this many rows, so that users collide
VERSION_RE = re.compile(r'name="version" value="(\d*)"')


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------ database set-up


def create_database(base_url: str) -> tuple[str, str]:
    import psycopg

    parts = urllib.parse.urlsplit(base_url)
    name = f"styrkort_load_{os.getpid()}"
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name, parts._replace(path=f"/{name}").geturl()


def drop_database(base_url: str, name: str) -> None:
    import psycopg

    admin = urllib.parse.urlsplit(base_url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def prepare(n_users: int) -> list[int]:
    """Migrate, load the demo, add the controllers; return the contended measure ids."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("STYRKORT_ALLOW_DEMO", "1")  # a throwaway database of its own
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from scorecards import selectors
    from scorecards.models import Period, Role, Unit, UnitMembership

    call_command("migrate", verbosity=0)
    call_command("loaddemo", verbosity=0, stdout=io.StringIO())
    unit = Unit.objects.get(slug=UNIT)
    template = User(username="x")
    template.set_password(PASSWORD)  # hash once, not 50 times
    users = User.objects.bulk_create(
        [User(username=f"last{i:02d}", password=template.password) for i in range(n_users)]
    )
    UnitMembership.objects.bulk_create(
        [UnitMembership(user=u, unit=unit, role=Role.CONTROLLER) for u in users]
    )
    period = Period.objects.get(year__organisation=unit.organisation, key=PERIOD)
    measures = list(
        selectors.measures_followed_up(unit, period).order_by("pk").values_list("pk", flat=True)
    )
    from django.db import connections

    connections.close_all()
    return measures[:CONTENDED_MEASURES]


def start_gunicorn(port: int, static_root: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback
        "DJANGO_SESSION_COOKIE_SECURE": "0",
        "DJANGO_STATIC_ROOT": static_root,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": os.environ.get("GUNICORN_WORKERS", "2"),
        "GUNICORN_ACCESSLOG": "",
        "GUNICORN_LOGLEVEL": "warning",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen(
        [str(gunicorn), "portal.wsgi:application", "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10)
            return proc
        except OSError:  # URLError, refused, timed out
            if proc.poll() is not None:
                raise SystemExit("gunicorn did not start") from None
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


# ------------------------------------------------------------------ virtual users


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    conflicts: int = 0
    # (measure id, expected version, value) of every save answered 200
    acks: list[tuple[int, int, int]] = field(default_factory=list)

    def time(self, kind: str, ms: float) -> None:
        with self.lock:
            self.timings[kind].append(ms)

    def error(self, what: str) -> None:
        with self.lock:
            self.errors[what] += 1


class VirtualUser(threading.Thread):
    def __init__(
        self,
        n: int,
        base: str,
        measures: list[int],
        seconds: float,
        res: Results,
        logged_in: threading.Barrier,
        think: tuple[float, float],
    ):
        super().__init__(daemon=True)
        self.n, self.base, self.measures, self.seconds, self.res = n, base, measures, seconds, res
        self.logged_in = logged_in
        self.think = think
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            NoRedirect(),
        )
        self.rng = random.Random(n)
        self.counter = 0

    def request(
        self, kind: str, path: str, data: dict[str, str] | None = None, htmx: bool = False
    ) -> tuple[int, str]:
        headers = {"X-CSRFToken": self.csrf_cookie()} if data is not None else {}
        if htmx:
            headers["HX-Request"] = "true"
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, headers=headers)
        start = time.perf_counter()
        try:
            # Logins queue behind each other's PBKDF2 at start-up: give them longer.
            with self.opener.open(req, timeout=120 if kind == "login" else 30) as resp:
                status, text = resp.status, resp.read().decode()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode(errors="replace")
        except (urllib.error.URLError, OSError) as e:
            self.res.error(f"{kind}: {type(e).__name__}")
            return 0, ""
        self.res.time(kind, (time.perf_counter() - start) * 1000)
        return status, text

    def csrf_cookie(self) -> str:
        """The CSRF secret from the cookie jar (Django accepts it unmasked in the header).

        It changes at login, so it is read afresh for every POST.
        """
        return next((c.value for c in self.opener_cookies() if c.name == "csrftoken"), "")

    def login(self) -> None:
        self.request("login_page", "/logga-in/")
        status, _ = self.request(
            "login",
            "/logga-in/",
            {"username": f"last{self.n:02d}", "password": PASSWORD},
        )
        if status != 302:
            raise RuntimeError(f"login of last{self.n:02d} answered {status}")

    def opener_cookies(self) -> http.cookiejar.CookieJar:
        for handler in self.opener.handlers:
            if isinstance(handler, urllib.request.HTTPCookieProcessor):
                return handler.cookiejar
        raise RuntimeError("no cookie jar")

    def save(self) -> None:
        measure = self.rng.choice(self.measures)
        url = f"/styrkort/{UNIT}/{PERIOD}/registrera/styrmatt/{measure}/"
        status, text = self.request("row", url, htmx=True)
        if status != 200 or not (m := VERSION_RE.search(text)):
            self.res.error(f"row: {status}")
            return
        version = int(m.group(1) or 0)
        self.counter += 1
        value = self.n * 1_000_000 + self.counter  # unique per save
        status, _ = self.request(
            "save", url, {"value": str(value), "version": str(version)}, htmx=True
        )
        if status == 200:
            with self.res.lock:
                self.res.acks.append((measure, version, value))
        elif status == 409:
            with self.res.lock:
                self.res.conflicts += 1
        else:
            self.res.error(f"save: {status}")

    def run(self) -> None:
        try:
            self.login()
        except Exception as e:  # one user failing to log in is an error, not a crash
            self.res.error(f"login: {e}")
            return
        finally:
            self.logged_in.wait()  # everybody logged in: the measured phase starts together
        stop_at = time.monotonic() + self.seconds
        while time.monotonic() < stop_at:
            if self.think[1] > 0:
                time.sleep(self.rng.uniform(*self.think))
                if time.monotonic() >= stop_at:
                    break
            roll = self.rng.random()
            if roll < 0.4:
                period = self.rng.choice([PERIOD, "2019-T1", "2019"])
                status, _ = self.request("scorecard", f"/styrkort/{UNIT}/{period}/")
                if status != 200:
                    self.res.error(f"scorecard: {status}")
            elif roll < 0.7:
                status, _ = self.request("entry", f"/styrkort/{UNIT}/{PERIOD}/registrera/")
                if status != 200:
                    self.res.error(f"entry: {status}")
            else:
                self.save()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


# ------------------------------------------------------------------ verification


def verify(acks: list[tuple[int, int, int]]) -> tuple[int, int]:
    """Return (lost writes, rows with writes nobody was told about)."""
    from scorecards.models import MeasureOutcome

    by_row: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for measure, version, value in acks:
        by_row[measure].append((version, value))
    lost = unacknowledged = 0
    for measure, saves in by_row.items():
        saves.sort()
        versions = [v for v, _ in saves]
        # Two acknowledged saves from the same version: the first was overwritten unseen.
        lost += len(versions) - len(set(versions))
        row = MeasureOutcome.objects.get(measure_id=measure, period__key=PERIOD)
        last_version, last_value = saves[-1]
        if row.version == last_version + 1:
            lost += row.value != Decimal(last_value)
        elif row.version > last_version + 1:
            unacknowledged += 1  # a save committed whose answer never arrived
        else:
            lost += 1
    return lost, unacknowledged


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("LOAD_SECONDS", 60)))
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOAD_USERS", 50)))
    parser.add_argument("--think-min", type=float, default=1.0, help="seconds between actions")
    parser.add_argument("--think-max", type=float, default=5.0, help="0: no pauses (stress)")
    args = parser.parse_args()

    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith(("postgres://", "postgresql://")):
        print(
            "bench/load.py needs PostgreSQL: set DATABASE_URL, e.g. "
            "postgres://styrkort:styrkort@127.0.0.1:5432/styrkort (a role with CREATEDB)",
            file=sys.stderr,
        )
        return 2
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    db_name, db_url = create_database(base_url)
    os.environ["DATABASE_URL"] = db_url
    proc = None
    try:
        measures = prepare(args.users)
        port = free_port()
        with tempfile.TemporaryDirectory() as static_root:
            proc = start_gunicorn(port, static_root)
            res = Results()
            logged_in = threading.Barrier(args.users + 1)
            users = [
                VirtualUser(
                    n,
                    f"http://127.0.0.1:{port}",
                    measures,
                    args.seconds,
                    res,
                    logged_in,
                    (args.think_min, args.think_max),
                )
                for n in range(args.users)
            ]
            for u in users:
                u.start()
            # Logging in (PBKDF2, deliberately slow) is a ramp-up, not part of the mix.
            logged_in.wait()
            started = time.monotonic()
            for u in users:
                u.join(args.seconds + 120)
            elapsed = time.monotonic() - started
            proc.terminate()
            proc.wait(30)

        print(
            f"database: PostgreSQL ({db_name}), gunicorn workers: 2, users: {args.users}, "
            f"think time: {args.think_min}–{args.think_max} s"
        )
        print(f"duration_s: {elapsed:.1f}")
        everything: list[float] = []
        total = 0
        for kind in ("login", "scorecard", "entry", "row", "save"):
            t = res.timings.get(kind, [])
            total += len(t)
            if kind != "login":
                everything += t
            if t:
                print(
                    f"{kind}: n={len(t)} p50_ms={percentile(t, 50):.0f} "
                    f"p95_ms={percentile(t, 95):.0f} p99_ms={percentile(t, 99):.0f} "
                    f"mean_ms={statistics.fmean(t):.0f}"
                )
        print(f"requests_per_s: {total / elapsed:.1f}")
        print(f"saves_acknowledged: {len(res.acks)}")
        print(f"saves_conflict_409: {res.conflicts}")
        errors = sum(res.errors.values())
        print(f"errors: {errors}" + (f" {dict(res.errors)}" if errors else ""))
        lost, unacknowledged = verify(res.acks)
        print(f"lost_writes: {lost}")
        print(f"rows_with_unacknowledged_commits: {unacknowledged}")
        p95 = percentile(everything, 95)
        print(f"p95_ms: {p95:.0f}")
        print(f"ratio: {p95 / 300:.2f}")
        return 1 if lost or errors else 0
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
        from django.db import connections

        connections.close_all()
        drop_database(base_url, db_name)


if __name__ == "__main__":
    sys.exit(main())
