#!/usr/bin/env python3
"""Innexar benchmarks (standard library only; wrk drives the load).

  python3 bench/bench.py load  [--backend sqlite|postgres|both] [--vehicles 100000] [--duration 10]
  python3 bench/bench.py scale [--backend sqlite|postgres|both] [--tenants 1000]

Both start the release binary (target dir from CARGO_TARGET_DIR or ./target) against a fresh data
directory or fresh PostgreSQL databases, and write JSON and a markdown table to bench/results/.
"""

import argparse
import datetime
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
WORK = os.path.join(BENCH, "work")
RESULTS = os.path.join(BENCH, "results")
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
PASSWORD = "senha-de-benchmark"
PORT = 3901


def binary():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    path = os.path.join(target, "release", "innexar")
    if not os.path.exists(path):
        sys.exit(f"{path} missing: run `cargo build --release -p innexar` first (make bench does)")
    return path


def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem_kb = 0
    with open("/proc/meminfo") as f:
        mem_kb = int(re.search(r"MemTotal:\s+(\d+)", f.read()).group(1))
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "rustc": rustc,
        "postgresql": pg,
        "load_generator": "wrk 4.1 on the same machine",
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def valid_cnpj(rng):
    base = [rng.randrange(10) for _ in range(12)]

    def dv(digits):
        weights = [2, 3, 4, 5, 6, 7, 8, 9]
        total = sum(d * weights[(len(digits) - 1 - i) % 8] for i, d in enumerate(digits))
        rest = total % 11
        return 0 if rest < 2 else 11 - rest

    d1 = dv(base)
    d2 = dv(base + [d1])
    return "".join(map(str, base + [d1, d2]))


class Server:
    """A running `innexar serve` with its own settings."""

    def __init__(self, backend, name, extra_env=None):
        self.backend = backend
        self.dir = os.path.join(WORK, f"{name}-{backend}")
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)
        self.prefix = f"bench_{name}_"
        self.env = dict(os.environ)
        self.env.update({
            "INNEXAR_DATA_DIR": self.dir,
            "INNEXAR_LOG_LEVEL": "warn",
            "INNEXAR_AUTH_ACCESS_TOKEN_TTL_SECS": "7200",
            # The load comes from one address; the throttle is not what is measured.
            "INNEXAR_AUTH_LOGIN_MAX_FAILURES_PER_IP": "100000",
        })
        if backend == "postgres":
            self.drop_pg()
            self.env["INNEXAR_DATABASE_URL"] = f"{PG_SERVER}/{self.prefix}ctl"
            self.env["INNEXAR_DATABASE_TENANT_DB_PREFIX"] = self.prefix
        self.env.update(extra_env or {})
        self.proc = None

    def drop_pg(self):
        out = subprocess.run(
            ["psql", f"{PG_SERVER}/postgres", "-Atc", f"SELECT datname FROM pg_database WHERE datname LIKE '{self.prefix}%'"],
            capture_output=True, text=True, check=True).stdout.split()
        for db in out:
            subprocess.run(["psql", f"{PG_SERVER}/postgres", "-qc", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'], check=True)

    def cli(self, *args):
        r = subprocess.run([binary(), *args], env=self.env, capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"innexar {' '.join(args)} failed: {r.stderr}{r.stdout}")
        return r.stdout

    def start(self):
        self.proc = subprocess.Popen([binary(), "serve", "--addr", f"127.0.0.1:{PORT}"], env=self.env,
                                     stdout=subprocess.DEVNULL, stderr=open(os.path.join(self.dir, "server.log"), "w"))
        for _ in range(200):
            try:
                if call("GET", "/readyz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        sys.exit("the server did not become ready")

    def rss(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            s = f.read()
        return {k: int(re.search(rf"{k}:\s+(\d+)", s).group(1)) // 1024 for k in ("VmRSS", "VmHWM")}

    def stop(self, drop=True):
        if self.proc:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=30)
        if drop and self.backend == "postgres":
            self.drop_pg()


def call(method, path, body=None, token=None, tenant=None, timeout=30):
    req = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", method=method)
    if body is not None:
        req.data = json.dumps(body).encode()
        req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", f"Bearer {token}")
    if tenant:
        req.add_header("x-tenant", tenant)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            raw = r.read()
            return r.status, (json.loads(raw) if raw[:1] in (b"{", b"[") else raw.decode())
    except urllib.error.HTTPError as e:
        raw = e.read()
        return e.code, (json.loads(raw) if raw[:1] == b"{" else raw.decode())


def login(tenant, email, password=PASSWORD):
    status, body = call("POST", "/api/v1/auth/login", {"email": email, "password": password}, tenant=tenant)
    if status != 200:
        sys.exit(f"login failed: {status} {body}")
    return body["accessToken"]


def wrk(scenario, connections, duration, env):
    e = dict(os.environ)
    e.update(env)
    e["BENCH_SCENARIO"] = scenario
    threads = str(min(connections, 2))
    script = os.path.join(BENCH, "wrk", "scenario.lua")
    url = f"http://127.0.0.1:{PORT}"
    subprocess.run(["wrk", "-t", threads, "-c", str(connections), "-d", "2s", "-s", script, url],
                   env=e, capture_output=True, text=True)  # warm-up
    out = subprocess.run(["wrk", "-t", threads, "-c", str(connections), "-d", f"{duration}s", "--timeout", "10s",
                          "-s", script, url], env=e, capture_output=True, text=True, check=True).stdout
    line = [l for l in out.splitlines() if l.startswith("{")][-1]
    r = json.loads(line)
    secs = r["duration_us"] / 1e6
    errors = r["errors_status"] + r["errors_connect"] + r["errors_read"] + r["errors_timeout"]
    return {
        "scenario": scenario, "connections": connections, "requests": r["requests"], "errors": errors,
        "rps": round(r["requests"] / secs, 1), "p50_ms": r["p50_us"] / 1000, "p95_ms": r["p95_us"] / 1000,
        "p99_ms": r["p99_us"] / 1000, "max_ms": r["max_us"] / 1000,
    }


def load(backend, vehicles, duration, connections, scenarios):
    print(f"== load, {backend}: provisioning a tenant with {vehicles} vehicles", flush=True)
    srv = Server(backend, "load", {"INNEXAR_DATABASE_MAX_CONNECTIONS_PER_TENANT": "10"})
    rng = random.Random(7)
    t0 = time.time()
    srv.cli("tenant", "create", "bench", "--name", "Benchmark", "--cnpj", valid_cnpj(rng),
            "--admin-email", "owner@bench.com.br", "--admin-password", PASSWORD)
    srv.cli("demo", "seed", "--tenant", "bench", "--vehicles", str(vehicles))
    seed_secs = time.time() - t0
    srv.start()
    try:
        token = login("bench", "owner@bench.com.br")
        _, stores = call("GET", "/api/v1/stores", token=token, tenant="bench")
        store = stores["items"][0]["id"]
        ids_path = os.path.join(srv.dir, "ids.txt")
        with open(ids_path, "w") as f:
            for page in range(1, 41):
                _, body = call("GET", f"/api/v1/vehicles?pageSize=100&page={page * 20}&sort=stockNumber",
                               token=token, tenant="bench")
                for v in body["items"]:
                    f.write(v["id"] + "\n")
        env = {"BENCH_TOKEN": token, "BENCH_TENANT": "bench", "BENCH_IDS": ids_path, "BENCH_STORE": store}
        rows = []
        for scenario in scenarios:
            for c in connections:
                row = wrk(scenario, c, duration, env)
                print(f"  {scenario:<7} c={c:<3} {row['rps']:>9.1f} req/s  p50 {row['p50_ms']:.2f} ms  "
                      f"p95 {row['p95_ms']:.2f} ms  p99 {row['p99_ms']:.2f} ms  errors {row['errors']}", flush=True)
                rows.append(row)
        mem = srv.rss()
    finally:
        srv.stop()
    return {"backend": backend, "vehicles": vehicles, "seed_seconds": round(seed_secs, 1), "duration_s": duration,
            "server_rss_mib": mem["VmRSS"], "server_peak_rss_mib": mem["VmHWM"], "results": rows}


class ConnectionSampler(threading.Thread):
    """Samples the open connections to tenant databases, from the database's point of view."""

    def __init__(self, srv):
        super().__init__(daemon=True)
        self.srv, self.peak, self.running = srv, 0, True

    def count(self):
        if self.srv.backend == "postgres":
            out = subprocess.run(["psql", f"{PG_SERVER}/postgres", "-Atc",
                                  f"SELECT count(*) FROM pg_stat_activity WHERE datname LIKE '{self.srv.prefix}%' "
                                  f"AND datname <> '{self.srv.prefix}ctl'"], capture_output=True, text=True)
            return int(out.stdout.strip() or 0)
        # SQLite: file descriptors of the server on tenant database files (one per connection).
        fd_dir = f"/proc/{self.srv.proc.pid}/fd"
        n = 0
        for fd in os.listdir(fd_dir):
            try:
                target = os.readlink(os.path.join(fd_dir, fd))
            except OSError:
                continue
            if "/tenants/" in target and target.endswith(".db"):
                n += 1
        return n

    def run(self):
        while self.running:
            self.peak = max(self.peak, self.count())
            time.sleep(0.05)


def scale(backend, tenants, workers):
    print(f"== scale, {backend}: provisioning {tenants} tenants", flush=True)
    srv = Server(backend, "scale")
    srv.cli("platform-admin", "create", "--email", "ops@bench.com.br", "--password", PASSWORD)
    srv.start()
    try:
        status, body = call("POST", "/api/v1/platform/auth/login", {"email": "ops@bench.com.br", "password": PASSWORD})
        admin = body["accessToken"]
        rng = random.Random(11)
        times = []
        for i in range(tenants):
            slug = f"t{i:04d}"
            t0 = time.perf_counter()
            status, body = call("POST", "/api/v1/platform/tenants", {
                "slug": slug, "name": f"Revenda {i}", "cnpj": valid_cnpj(rng),
                "adminEmail": f"dono@{slug}.com.br", "adminPassword": PASSWORD}, token=admin, timeout=120)
            times.append(time.perf_counter() - t0)
            if status != 201:
                sys.exit(f"provisioning {slug}: {status} {body}")
            if (i + 1) % 100 == 0:
                print(f"  {i + 1} tenants, median {statistics.median(times) * 1000:.0f} ms", flush=True)
        sampler = ConnectionSampler(srv)
        sampler.start()
        errors = []
        lock = threading.Lock()

        def touch(indexes):
            for i in indexes:
                slug = f"t{i:04d}"
                token = login(slug, f"dono@{slug}.com.br")
                for path in ("/api/v1/me", "/api/v1/vehicles", "/api/v1/stores"):
                    s, _ = call("GET", path, token=token, tenant=slug)
                    if s != 200:
                        with lock:
                            errors.append((slug, path, s))

        t0 = time.time()
        pool = [threading.Thread(target=touch, args=(range(w, tenants, workers),)) for w in range(workers)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        touch_secs = time.time() - t0
        sampler.running = False
        sampler.join()
        _, metrics = call("GET", "/metrics")
        cap = int(float(re.search(r"^innexar_db_tenant_connections_max (\S+)$", metrics, re.M).group(1)))
        mem = srv.rss()
    finally:
        srv.stop()
    times_ms = sorted(t * 1000 for t in times)
    result = {
        "backend": backend, "tenants": tenants, "touch_workers": workers,
        "provision_ms_median": round(statistics.median(times_ms), 1),
        "provision_ms_p95": round(times_ms[int(len(times_ms) * 0.95) - 1], 1),
        "provision_ms_max": round(times_ms[-1], 1),
        "touch_seconds": round(touch_secs, 1), "touch_errors": len(errors),
        "peak_open_connections": sampler.peak, "connection_cap": cap,
        "within_cap": sampler.peak <= cap,
        "server_rss_mib": mem["VmRSS"], "server_peak_rss_mib": mem["VmHWM"],
    }
    print(f"  {json.dumps(result)}", flush=True)
    return result


def write(kind, payload, md):
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, f"{kind}.json"), "w") as f:
        json.dump(payload, f, indent=2)
        f.write("\n")
    with open(os.path.join(RESULTS, f"{kind}.md"), "w") as f:
        f.write(md)


def machine_md(m):
    return (f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; Linux {m['kernel']}; {m['rustc']}; "
            f"{m['postgresql']}; load from {m['load_generator']}; {m['date']}.\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=["load", "scale"])
    ap.add_argument("--backend", default="both", choices=["sqlite", "postgres", "both"])
    ap.add_argument("--vehicles", type=int, default=100_000)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", default="1,16,64")
    ap.add_argument("--scenarios", default="get,list,search,create")
    ap.add_argument("--tenants", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--out", default=None, help="results file name (default: the kind, e.g. load)")
    a = ap.parse_args()
    out = a.out or a.kind
    backends = ["sqlite", "postgres"] if a.backend == "both" else [a.backend]
    m = machine()
    if a.kind == "load":
        conns = [int(c) for c in a.connections.split(",")]
        runs = [load(b, a.vehicles, a.duration, conns, a.scenarios.split(",")) for b in backends]
        title = "Load benchmark" if out == "load" else f"Load benchmark: {a.scenarios} at {a.connections} connections"
        md = f"# {title}\n\n" + machine_md(m) + "\n"
        for r in runs:
            md += (f"## {r['backend']}: {r['vehicles']:,} vehicles (seeded in {r['seed_seconds']} s), "
                   f"{r['duration_s']} s per cell, server RSS {r['server_rss_mib']} MiB (peak {r['server_peak_rss_mib']})\n\n"
                   "| scenario | connections | req/s | p50 ms | p95 ms | p99 ms | errors |\n|---|---|---|---|---|---|---|\n")
            for x in r["results"]:
                md += (f"| {x['scenario']} | {x['connections']} | {x['rps']:.0f} | {x['p50_ms']:.2f} | {x['p95_ms']:.2f} | "
                       f"{x['p99_ms']:.2f} | {x['errors']} |\n")
            md += "\n"
        write(out, {"machine": m, "runs": runs}, md)
    else:
        runs = [scale(b, a.tenants, a.workers) for b in backends]
        md = "# Scale benchmark: many tenants\n\n" + machine_md(m) + "\n"
        md += ("| backend | tenants | provision median ms | p95 ms | max ms | touch s | errors | peak connections | cap | "
               "RSS MiB | peak RSS MiB |\n|---|---|---|---|---|---|---|---|---|---|---|\n")
        for r in runs:
            md += (f"| {r['backend']} | {r['tenants']} | {r['provision_ms_median']} | {r['provision_ms_p95']} | "
                   f"{r['provision_ms_max']} | {r['touch_seconds']} | {r['touch_errors']} | {r['peak_open_connections']} | "
                   f"{r['connection_cap']} | {r['server_rss_mib']} | {r['server_peak_rss_mib']} |\n")
        write("scale", {"machine": m, "runs": runs}, md)


if __name__ == "__main__":
    main()
