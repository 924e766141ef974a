#!/usr/bin/env python3
"""How much a flood of sign-ins from a locked-out address costs the server.

Starts `roots serve` (the binary given) on a fresh SQLite database, locks
out this address with 20 failed sign-ins, then sends sign-ins with wrong
passwords from 16 threads at once while timing GET /healthz every 50 ms.
Prints /healthz latency (mean, median, p95, max) at rest and under the
flood, and how many sign-ins were answered. A figure, not a test: see
docs/security.md ("Sign-in").

    python3 bench/scripts/locked_out_sign_ins.py target/release/roots [seconds]
"""

import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

BIN = sys.argv[1]
SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 10.0
PORT = 18000 + os.getpid() % 1000
BASE = f"http://127.0.0.1:{PORT}"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def client():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(jar), NoRedirect()
    )


def sign_in(opener, email):
    page = opener.open(BASE + "/staff/sign-in").read().decode()
    token = re.search(r'name="csrf" value="([0-9a-f]{64})"', page).group(1)
    body = urllib.parse.urlencode(
        {"csrf": token, "email": email, "password": "not the password at all"}
    ).encode()
    try:
        opener.open(BASE + "/staff/sign-in", body)
    except urllib.error.HTTPError as e:
        return e.code
    return 200


def healthz_ms():
    t = time.perf_counter()
    urllib.request.urlopen(BASE + "/healthz").read()
    return (time.perf_counter() - t) * 1000


def sample(seconds):
    out = []
    end = time.time() + seconds
    while time.time() < end:
        out.append(healthz_ms())
        time.sleep(0.05)
    return out


def show(name, xs):
    xs = sorted(xs)
    p95 = xs[int(len(xs) * 0.95) - 1]
    print(
        f"{name}: n={len(xs)} mean={statistics.mean(xs):.1f} ms "
        f"median={statistics.median(xs):.1f} ms p95={p95:.1f} ms max={xs[-1]:.1f} ms"
    )


def main():
    d = tempfile.mkdtemp()
    env = dict(os.environ)
    env.update(
        ROOTS_DATABASE_URL=f"sqlite://{d}/roots.sqlite",
        ROOTS_LISTEN=f"127.0.0.1:{PORT}",
        RUST_LOG="error",
    )
    subprocess.run([BIN, "service", "add", "--slug", "demo", "--name", "Demo"],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen([BIN, "serve"], env=env)
    try:
        for _ in range(100):
            try:
                healthz_ms()
                break
            except OSError:
                time.sleep(0.1)
        show("at rest", sample(3))
        c = client()
        codes = [sign_in(c, f"nobody{i}@example.invalid") for i in range(21)]
        assert codes[-1] == 429, codes
        stop = threading.Event()
        answered = [0]

        def flood():
            o = client()
            while not stop.is_set():
                sign_in(o, "someone@example.invalid")
                answered[0] += 1

        threads = [threading.Thread(target=flood) for _ in range(16)]
        for t in threads:
            t.start()
        time.sleep(0.5)
        show("16 locked-out sign-ins at once", sample(SECONDS))
        stop.set()
        for t in threads:
            t.join()
        print(f"sign-ins answered: {answered[0]} in about {SECONDS + 0.5:.0f} s")
    finally:
        server.terminate()
        server.wait()


main()
