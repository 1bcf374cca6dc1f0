"""`frontscope serve` on the 247-report database: latency per endpoint, 50 concurrent clients, screenshots.

    python benchmarks/bench_serve.py [--db /tmp/isw247.db] [--seconds 30] [--clients 50]

Builds the database from ../shared/data/reports/isw when --db does not exist yet (kept for the next run),
starts `frontscope serve` on a free loopback port in a child process, and measures from the client side
(httpx on 127.0.0.1) and the server side (the `Server-Timing` header the app sets). Then `--clients`
threads each loop over the endpoints for `--seconds` (bounded: every loop checks the clock and every
request has a timeout) and counts errors. Screenshots of the web map (1400×900 and 400×800) go to
benchmarks/out/ when Debian's chromium and Playwright are installed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
REPORTS = HERE.parent.parent / "shared" / "data" / "reports" / "isw"
OUT = HERE / "out"


def build_db(path: Path) -> None:
    from frontscope.ingest.runner import ingest
    from frontscope.store.db import Store

    t = time.perf_counter()
    summary = ingest([REPORTS], Store.open(path), workers=2)
    print(f"built {path}: {summary.line()} in {time.perf_counter() - t:.1f} s")


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] if xs else float("nan")


def endpoints(first: str, last: str, gid: int) -> dict[str, str]:
    return {
        "control (geojson, a date)": f"/api/control?as_of={last}",
        "changes (2 weeks)": "/api/changes?since=2022-09-01&until=2022-09-15",
        "claims (RU, page 1)": "/api/claims?side=RU&since=2022-09-01&until=2022-09-15&limit=50",
        "claims (full-text q)": "/api/claims?q=Kupyansk&limit=50",
        "place timeline": f"/api/places/{gid}/timeline?as_of={last}",
        "place search": "/api/places/search?q=Kupiansk",
        "sources": "/api/sources?limit=100",
        "brief (json)": "/api/brief?date=2022-09-11&since=2022-09-06",
        "exposure": "/api/exposure?date=2022-09-30&since=2022-09-06&limit=50",
        "meta": "/api/meta",
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default=str(Path(tempfile.gettempdir()) / "frontscope_isw247.db"))
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=40, help="Warm requests per endpoint for the percentiles.")
    args = ap.parse_args()

    from frontscope.serve.live import free_port
    from frontscope.store.db import Store

    db = Path(args.db)
    if not db.exists():
        if not REPORTS.is_dir():
            sys.exit(f"no database at {db} and no reports at {REPORTS}")
        build_db(db)
    docs = Store.open(db).documents()
    first, last = docs[0]["published"], docs[-1]["published"]
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "frontscope.cli.main", "serve", "--db", str(db),
                               "--port", str(port)], stderr=subprocess.DEVNULL)
    try:
        wait_up(url)
        measure(url, first, last, len(docs), args)
        screenshots(url)
        print(f"server peak memory (VmHWM): {peak_mb(server.pid)}")
    finally:
        server.terminate()
        server.wait(30)


def peak_mb(pid: int) -> str:
    try:
        line = next(x for x in Path(f"/proc/{pid}/status").read_text().splitlines() if x.startswith("VmHWM"))
    except (OSError, StopIteration):
        return "unknown"
    return f"{int(line.split()[1]) / 1024:.0f} MB"


def wait_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/meta", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    sys.exit(f"the server at {url} did not come up")


def server_ms(r: httpx.Response) -> float:
    timing = r.headers.get("server-timing", "")
    return float(timing.split("dur=")[1]) if "dur=" in timing else float("nan")


def measure(url: str, first: str, last: str, n_docs: int, args: argparse.Namespace) -> None:
    with httpx.Client(base_url=url, timeout=60) as client:
        gid = client.get("/api/places/search", params={"q": "Kupyansk"}).json()["items"][0]["geonameid"]
        eps = endpoints(first, last, gid)
        print(f"{n_docs} reports {first}..{last}; server {url} (child process)\n")
        print(f"{'endpoint':28} {'cold ms':>8} {'p50 ms':>8} {'p95 ms':>8} {'server p95':>10} {'bytes':>9}")
        for name, path in eps.items():
            t = time.perf_counter()
            r = client.get(path)
            cold = (time.perf_counter() - t) * 1000
            r.raise_for_status()
            lat, srv = [], []
            for _ in range(args.rounds):
                t = time.perf_counter()
                again = client.get(path)
                again.raise_for_status()
                lat.append((time.perf_counter() - t) * 1000)
                srv.append(server_ms(again))
            print(f"{name:28} {cold:8.0f} {pct(lat, 50):8.1f} {pct(lat, 95):8.1f} {pct(srv, 95):10.1f} "
                  f"{len(r.content):9d}")

        # Control layer for dates the cache has not seen: the first view of each day (cold per date).
        days = [(dt.date.fromisoformat(first) + dt.timedelta(days=k)).isoformat() for k in range(3, 240, 10)]
        cold_days, warm_days = [], []
        for d in days:
            r = client.get(f"/api/control?as_of={d}")
            r.raise_for_status()
            cold_days.append(server_ms(r))
            warm_days.append(server_ms(client.get(f"/api/control?as_of={d}")))
        print(f"\ncontrol layer, server time over {len(days)} dates: first request p50 {pct(cold_days, 50):.0f} ms, "
              f"p95 {pct(cold_days, 95):.0f} ms; warm p50 {pct(warm_days, 50):.1f} ms, p95 {pct(warm_days, 95):.1f} ms "
              "(cached per date and database fingerprint)")
        etag = client.get(eps["control (geojson, a date)"]).headers["etag"]
        t = time.perf_counter()
        for _ in range(50):
            assert client.get(eps["control (geojson, a date)"], headers={"If-None-Match": etag}).status_code == 304
        print(f"revalidation with If-None-Match → 304: {(time.perf_counter() - t) * 20:.1f} ms per request")

        load(url, list(eps.values()), args.clients, args.seconds)


def load(url: str, paths: list[str], clients: int, seconds: float) -> None:
    """`clients` threads, each looping over `paths` until `seconds` have passed (loopback only)."""
    lat: list[float] = []
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(k: int) -> None:
        mine, bad = [], defaultdict(int)
        with httpx.Client(base_url=url, timeout=30) as c:
            i = k
            while time.monotonic() < stop:
                path = paths[i % len(paths)]
                i += 1
                t = time.perf_counter()
                try:
                    r = c.get(path)
                    if r.status_code >= 400:
                        bad[f"HTTP {r.status_code}"] += 1
                except httpx.HTTPError as e:
                    bad[type(e).__name__] += 1
                mine.append((time.perf_counter() - t) * 1000)
        with lock:
            lat.extend(mine)
            for k2, v in bad.items():
                errors[k2] += v

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join(seconds + 60)
    took = time.perf_counter() - t0
    print(f"\n{clients} concurrent clients for {seconds:.0f} s on loopback: {len(lat)} requests "
          f"({len(lat) / took:.0f}/s), latency p50 {pct(lat, 50):.0f} ms, p95 {pct(lat, 95):.0f} ms, "
          f"p99 {pct(lat, 99):.0f} ms, max {max(lat):.0f} ms; errors: {dict(errors) or 0}")


def screenshots(url: str) -> None:
    import shutil

    exe = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if not exe or sync_playwright is None:
        print("\nno screenshot: needs Debian chromium and playwright")
        return
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=["--no-sandbox"])
        for name, (w, h), view in [("serve_wide.png", (1400, 900), "date=2022-09-15&since=2022-09-06&z=7.4&c=37.2,49.3"
                                                                     "&place=703656"),
                                   ("serve_400px.png", (400, 800), "date=2022-09-15&since=2022-09-06&z=6.6&c=37.3,49.1"
                                                                   "&place=703656")]:
            for visit in ("first visit", "again"):  # the first visit may find the server cold for this date
                page = browser.new_page(viewport={"width": w, "height": h})
                t = time.perf_counter()
                page.goto(f"{url}/#{view}")
                page.wait_for_selector("body[data-ready='1']", timeout=60_000)
                ready = time.perf_counter() - t
                marks = dict(page.evaluate("() => performance.getEntriesByType('mark').map(m => [m.name, m.startTime])"))
                page.wait_for_selector("#evidence li", timeout=30_000)
                page.screenshot(path=str(OUT / name))
                print(f"{name} {w}x{h}, {visit}: control data on the page at {marks['frontscope-data'] / 1000:.2f} s, "
                      f"first frame {marks['frontscope-first-render'] / 1000:.2f} s, map idle (all drawn, software "
                      f"WebGL) {marks['frontscope-idle'] / 1000:.2f} s, wall {ready:.2f} s")
                page.close()
            print(f"screenshot: {OUT / name}")
        browser.close()


if __name__ == "__main__":
    main()
