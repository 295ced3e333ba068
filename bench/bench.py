#!/usr/bin/env python3
"""Innexar benchmarks (standard library only; wrk drives the load).

  python3 bench/bench.py load  [--backend sqlite|postgres|both] [--vehicles 100000] [--duration 10]
  python3 bench/bench.py scale [--backend sqlite|postgres|both] [--tenants 1000]
  python3 bench/bench.py crm   [--backends sqlite,postgres] [--customers 200000] [--open-leads 5000] [--duration 10]
  python3 bench/bench.py sales [--backends sqlite,postgres] [--duration 10]
  python3 bench/bench.py peer  [--backends postgres,sqlite] [--vehicles 100000] [--connections 16,64] [--duration 10]
                               [--repeat 3] [--scenarios get,list,search,create] [--out peer]

Both start the release binary (target dir from CARGO_TARGET_DIR or ./target) against a fresh data
directory or fresh PostgreSQL databases, and write JSON and a markdown table to bench/results/.
"""

import argparse
import datetime
import hashlib
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
import urllib.parse
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

    def __init__(self, backend, name, extra_env=None, port=PORT):
        self.backend = backend
        self.port = port
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
            # `_` is LIKE's any-character: escaped, `bench_crm_` does not match `bench_crma_...`.
            ["psql", f"{PG_SERVER}/postgres", "-Atc",
             f"SELECT datname FROM pg_database WHERE datname LIKE '{self.prefix.replace('_', chr(92) + '_')}%'"],
            capture_output=True, text=True, check=True).stdout.split()
        for db in out:
            subprocess.run(["psql", f"{PG_SERVER}/postgres", "-qc", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'], check=True)

    def cli(self, *args):
        r = subprocess.run([binary(), *args], env=self.env, capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"innexar {' '.join(args)} failed: {r.stderr}{r.stdout}")
        return r.stdout

    def provision(self, vehicles):
        """The tenant `bench` with `vehicles` demo vehicles; returns the seconds it took."""
        t0 = time.time()
        self.cli("tenant", "create", "bench", "--name", "Benchmark", "--cnpj", valid_cnpj(random.Random(7)),
                 "--admin-email", "owner@bench.com.br", "--admin-password", PASSWORD)
        self.cli("demo", "seed", "--tenant", "bench", "--vehicles", str(vehicles))
        return time.time() - t0

    def spawn(self, env=None, log="server.log"):
        """Starts `innexar serve` without waiting for it (see wait_ready)."""
        self.proc = subprocess.Popen([binary(), "serve", "--addr", f"127.0.0.1:{self.port}"], env=env or self.env,
                                     stdout=subprocess.DEVNULL, stderr=open(os.path.join(self.dir, log), "w"))

    def wait_ready(self):
        for _ in range(600):
            if self.proc.poll() is not None:
                sys.exit(f"innexar ({self.backend}) exited with {self.proc.returncode}; see {self.dir}/server.log")
            try:
                if call("GET", "/readyz", port=self.port)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        sys.exit("the server did not become ready")

    def start(self):
        self.spawn()
        self.wait_ready()

    def rss(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            s = f.read()
        return {k: int(re.search(rf"{k}:\s+(\d+)", s).group(1)) // 1024 for k in ("VmRSS", "VmHWM")}

    def stop(self, drop=True):
        if self.proc:
            stop_process(self.proc)
        if drop and self.backend == "postgres":
            self.drop_pg()


def stop_process(proc):
    """SIGTERM, then SIGKILL if it is still there 30 s later."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def call(method, path, body=None, token=None, tenant=None, timeout=30, port=PORT):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method)
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


def login(tenant, email, password=PASSWORD, port=PORT):
    status, body = call("POST", "/api/v1/auth/login", {"email": email, "password": password}, tenant=tenant, port=port)
    if status != 200:
        sys.exit(f"login failed: {status} {body}")
    return body["accessToken"]


def wrk(scenario, connections, duration, env, script="scenario.lua", threads=None, between=None):
    """Runs wrk for a 2 s warm-up, then `between()` if given (a scenario that uses up its data
    prepares fresh data there), then the measured `duration`."""
    e = dict(os.environ)
    e.update(env)
    e["BENCH_SCENARIO"] = scenario
    threads = str(threads or min(connections, 2))
    e["BENCH_THREADS"] = threads
    script = os.path.join(BENCH, "wrk", script)
    url = f"http://127.0.0.1:{PORT}"
    subprocess.run(["wrk", "-t", threads, "-c", str(connections), "-d", "2s", "-s", script, url],
                   env=e, capture_output=True, text=True)  # warm-up
    if between:
        between()
    out = subprocess.run(["wrk", "-t", threads, "-c", str(connections), "-d", f"{duration}s", "--timeout", "10s",
                          "-s", script, url], env=e, capture_output=True, text=True, check=True).stdout
    line = [l for l in out.splitlines() if l.startswith("{")][-1]
    r = json.loads(line)
    secs = r["duration_us"] / 1e6
    errors = r["errors_status"] + r["errors_connect"] + r["errors_read"] + r["errors_timeout"]
    row = {
        "scenario": scenario, "connections": connections, "requests": r["requests"], "errors": errors,
        "non_2xx": r["errors_status"], "rps": round(r["requests"] / secs, 1), "p50_ms": r["p50_us"] / 1000, "p95_ms": r["p95_us"] / 1000,
        "p99_ms": r["p99_us"] / 1000, "max_ms": r["max_us"] / 1000,
    }
    if "flows" in r:
        row.update(flows=r["flows"], refused=r["refused"], flows_per_s=round(r["flows"] / secs, 1))
    return row


def load(backend, vehicles, duration, connections, scenarios):
    print(f"== load, {backend}: provisioning a tenant with {vehicles} vehicles", flush=True)
    srv = Server(backend, "load", {"INNEXAR_DATABASE_MAX_CONNECTIONS_PER_TENANT": "10"})
    seed_secs = srv.provision(vehicles)
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


# --- peer: the same vehicle endpoints served by the seed's stack (NestJS + Prisma), side by side ---

PEER_DIR = os.path.normpath(os.environ.get("PEER_DIR") or os.path.join(ROOT, "..", "shared", "peers", "nest-prisma"))
PEER_WORK = os.path.join(WORK, "peer")
PEER_DB = "bench_peer"
PEER_PORT = 3903
SQLITE_PORT = 3902
# The first of the three store ids the peer's seed uses (the peer has no stores table to check it against).
PEER_STORE = "1a6e0f0c-3c2b-4d7e-9a51-2f8b7c6d5e41"
# Not copied from the peer's folder (build and run outputs), nor part of its stamp.
PEER_SKIP = {"node_modules", "dist", ".git", os.path.join("src", "generated"), os.path.join("bench", "ids.txt"),
             os.path.join("bench", "results")}
SCENARIO_ORDER = ["get", "list", "search", "create"]
GET_IDS = 4000
# "list and search keep their ratios at 1,000,000 vehicles": the ratio at 1M at least this share of the ratio at 100k.
KEEP_RATIO = 0.9


def psql(sql, db="postgres", stdin=None):
    r = subprocess.run(["psql", f"{PG_SERVER}/{db}", "-X", "-v", "ON_ERROR_STOP=1", "-Atq", *([] if stdin else ["-c", sql])],
                       input=stdin, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"psql failed on {db}: {r.stderr.strip()}")
    return r.stdout


def peer_database_url():
    """The peer's DATABASE_URL: BENCH_PG_URL's server with a user name (the peer's driver needs one)."""
    u = urllib.parse.urlsplit(PG_SERVER)
    netloc = u.netloc if "@" in u.netloc else f"postgres@{u.netloc}"
    return f"postgresql://{netloc}/{PEER_DB}"


def proc_cpu_seconds(pid):
    """User + system CPU seconds of a process, all its threads (/proc/<pid>/stat fields 14 and 15)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_mem(pid):
    with open(f"/proc/{pid}/status") as f:
        s = f.read()
    return {k: round(int(re.search(rf"{k}:\s+(\d+)", s).group(1)) / 1024, 1) for k in ("VmRSS", "VmHWM")}


def spread(items, n):
    """n items evenly spread over the list (all of them when it is shorter)."""
    return list(items) if len(items) <= n else [items[i * len(items) // n] for i in range(n)]


def tree_files(top):
    for dirpath, dirnames, filenames in os.walk(top):
        rel = os.path.relpath(dirpath, top)
        dirnames[:] = sorted(d for d in dirnames if os.path.normpath(os.path.join(rel, d)) not in PEER_SKIP)
        for name in sorted(filenames):
            path = os.path.normpath(os.path.join(rel, name))
            if path not in PEER_SKIP:
                yield path


class Peer:
    """The peer (../shared/peers/nest-prisma), copied to bench/work/peer, built there and run on its own database."""

    label = "peer"

    def __init__(self, port=PEER_PORT):
        self.port, self.proc, self.dir = port, None, PEER_WORK
        self.env = dict(os.environ)
        self.env.update({"DATABASE_URL": peer_database_url(), "PORT": str(port), "HOST": "127.0.0.1"})
        self.env.pop("NODE_ENV", None)  # npm ci must install the dev dependencies (prisma, typescript)
        self.seed_seconds = None

    def log(self, name):
        return os.path.join(WORK, f"peer-{name}.log")

    def npm(self, *args, log):
        with open(self.log(log), "w") as f:
            r = subprocess.run(["npm", *args], cwd=self.dir, env=self.env, stdout=f, stderr=subprocess.STDOUT)
        if r.returncode != 0:
            with open(self.log(log)) as f:
                tail = "".join(f.readlines()[-20:])
            sys.exit(f"npm {' '.join(args)} failed in {self.dir} (log: {self.log(log)}):\n{tail}")

    def install(self):
        """Copies the peer and runs `npm ci` and `npm run build`, unless that copy is already built from these sources."""
        if not os.path.isfile(os.path.join(PEER_DIR, "package.json")):
            sys.exit(f"the peer is not at {PEER_DIR} (set PEER_DIR)")
        h = hashlib.sha256()
        for rel in tree_files(PEER_DIR):
            h.update(rel.encode() + b"\0")
            with open(os.path.join(PEER_DIR, rel), "rb") as f:
                h.update(f.read())
        digest = h.hexdigest()
        stamp = os.path.join(self.dir, ".bench-built")
        if os.path.exists(os.path.join(self.dir, "dist", "main.js")) and os.path.exists(stamp):
            with open(stamp) as f:
                if f.read().strip() == digest:
                    print(f"== peer: {self.dir} already built from {PEER_DIR}", flush=True)
                    return
        print(f"== peer: copying {PEER_DIR} to {self.dir}, npm ci, npm run build", flush=True)
        shutil.rmtree(self.dir, ignore_errors=True)
        for rel in tree_files(PEER_DIR):
            os.makedirs(os.path.join(self.dir, os.path.dirname(rel)), exist_ok=True)
            # copyfile, not copy: the source may be read-only, the copy must not be.
            shutil.copyfile(os.path.join(PEER_DIR, rel), os.path.join(self.dir, rel))
        for rel in tree_files(self.dir):  # keep the scripts' execute bits (no-schema-engine.sh)
            if os.access(os.path.join(PEER_DIR, rel), os.X_OK):
                os.chmod(os.path.join(self.dir, rel), 0o755)
        self.npm("ci", "--no-audit", "--no-fund", log="npm-ci")
        self.npm("run", "build", log="build")
        with open(stamp, "w") as f:
            f.write(digest + "\n")

    def prepare(self, vehicles):
        """A fresh database, the peer's migrations and `vehicles` rows from its seed; the ids for `get`."""
        print(f"== peer: database {PEER_DB}, seeding {vehicles} vehicles", flush=True)
        self.drop()
        self.npm("run", "db:migrate", log="migrate")
        t0 = time.time()
        self.npm("run", "db:seed", "--", "--count", str(vehicles), log="seed")
        self.seed_seconds = round(time.time() - t0, 1)
        with open(os.path.join(self.dir, "bench", "ids.txt")) as f:
            ids = [line.strip() for line in f if line.strip()]
        if len(ids) != vehicles:
            sys.exit(f"the peer's seed wrote {len(ids)} ids, not {vehicles}")
        self.ids = spread(ids, GET_IDS)
        self.ids_path = os.path.join(WORK, "peer-ids.txt")
        with open(self.ids_path, "w") as f:
            f.write("\n".join(self.ids) + "\n")
        self.wrk_env = {"BENCH_TARGET": "peer", "BENCH_IDS": self.ids_path, "BENCH_STORE": PEER_STORE}

    def spawn(self):
        env = dict(self.env, NODE_ENV="production")
        self.proc = subprocess.Popen(["node", "dist/main.js"], cwd=self.dir, env=env, stdout=subprocess.DEVNULL,
                                     stderr=open(self.log("server"), "w"))

    def wait_ready(self):
        for _ in range(1200):
            if self.proc.poll() is not None:
                sys.exit(f"the peer exited with {self.proc.returncode}; see {self.log('server')}")
            try:
                if call("GET", f"/api/v1/vehicles/{self.ids[0]}", port=self.port)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        sys.exit("the peer did not become ready")

    def drop(self):
        psql(f'DROP DATABASE IF EXISTS "{PEER_DB}" WITH (FORCE)')

    def stop(self):
        if self.proc:
            stop_process(self.proc)
        self.drop()


def innexar_prepare(backend, vehicles, port):
    print(f"== innexar, {backend}: provisioning a tenant with {vehicles} vehicles", flush=True)
    srv = Server(backend, "vs", {"INNEXAR_DATABASE_MAX_CONNECTIONS_PER_TENANT": "10"}, port=port)
    srv.label = "innexar-pg" if backend == "postgres" else "innexar-sqlite"
    srv.seed_seconds = round(srv.provision(vehicles), 1)
    return srv


def innexar_ids(srv, vehicles):
    """A token, the store and GET_IDS ids spread across the stock (pages of 100 in stock-number order)."""
    token = login("bench", "owner@bench.com.br", port=srv.port)
    _, stores = call("GET", "/api/v1/stores", token=token, tenant="bench", port=srv.port)
    pages = max(1, -(-vehicles // 100))
    ids = []
    for page in sorted({1 + i * pages // (GET_IDS // 100) for i in range(GET_IDS // 100)}):
        status, body = call("GET", f"/api/v1/vehicles?pageSize=100&page={page}&sort=stockNumber",
                            token=token, tenant="bench", port=srv.port)
        if status != 200:
            sys.exit(f"innexar ({srv.backend}): listing vehicles failed: {status} {body}")
        ids += [v["id"] for v in body["items"]]
    srv.ids = ids
    path = os.path.join(srv.dir, "ids.txt")
    with open(path, "w") as f:
        f.write("\n".join(ids) + "\n")
    srv.wrk_env = {"BENCH_TARGET": "innexar", "BENCH_TOKEN": token, "BENCH_TENANT": "bench", "BENCH_IDS": path,
                   "BENCH_STORE": stores["items"][0]["id"]}


def tenant_database(srv):
    dbs = psql(f"SELECT datname FROM pg_database WHERE starts_with(datname, '{srv.prefix}') "
               f"AND datname <> '{srv.prefix}ctl'").split()
    if len(dbs) != 1:
        sys.exit(f"expected one tenant database named {srv.prefix}*, found {dbs}")
    return dbs[0]


def innexar_get_statement(srv, vehicles):
    """The statements `GET /vehicles/{id}` runs, from a short run of the server with sqlx's statement log on (the
    measured servers run without it); it also reads the get ids (innexar_ids), which the pgbench table holds."""
    env = dict(srv.env, RUST_LOG="warn,sqlx::query=trace", INNEXAR_LOG_FORMAT="json")
    log = os.path.join(srv.dir, "statements.log")
    saved = srv.proc
    srv.spawn(env=env, log="statements.log")
    proc = srv.proc
    try:
        srv.wait_ready()
        innexar_ids(srv, vehicles)
        vid, token = srv.ids[0], srv.wrk_env["BENCH_TOKEN"]
        call("GET", f"/api/v1/vehicles/{vid}", token=token, tenant="bench", port=srv.port)  # pools and caches warm
        time.sleep(0.3)
        mark = os.path.getsize(log)
        status, _ = call("GET", f"/api/v1/vehicles/{vid}", token=token, tenant="bench", port=srv.port)
        time.sleep(0.3)
        if status != 200:
            sys.exit(f"GET /vehicles/{vid} answered {status}")
    finally:
        stop_process(proc)
        srv.proc = saved
    statements = []
    with open(log) as f:
        f.seek(mark)
        for line in f:
            try:
                fields = json.loads(line).get("fields", {})
                # sqlx leaves db.statement empty when the summary is already the whole statement.
                sql = (fields.get("db.statement") or "").strip() or fields.get("summary")
            except ValueError:
                continue
            if sql:
                statements.append(" ".join(sql.split()))
    return statements


def pgbench_prepare(srv, db, statements):
    """bench_ids(n, id) in the tenant database with the get ids, and a pgbench script running the SELECT Innexar runs,
    its id looked up by a random n. Returns (script path, statement) or (None, reason)."""
    reads = [s for s in statements if re.search(r'\binventory_vehicles\b', s) and "$1" in s and s.upper().startswith("SELECT")]
    if not reads:
        return None, f"no SELECT on inventory_vehicles found in the get request's statements: {statements}"
    if len(reads) > 1:
        return None, f"the get request runs {len(reads)} statements on inventory_vehicles: {reads}"
    statement = reads[0]
    sql = re.sub(r"\bLIMIT \$(\d+)", "LIMIT 1", statement)
    sql = re.sub(r"\$1\b", "(SELECT id FROM bench_ids WHERE n = :n)", sql)
    if re.search(r"\$\d", sql):
        return None, f"the statement has parameters other than the id and LIMIT: {statement}"
    id_type = psql("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                   "WHERE attrelid = 'inventory_vehicles'::regclass AND attname = 'id'", db).strip()
    values = ",\n".join(f"({i + 1}, '{v}')" for i, v in enumerate(srv.ids))
    psql(None, db, stdin=f"DROP TABLE IF EXISTS bench_ids;\nCREATE TABLE bench_ids (n int PRIMARY KEY, id {id_type});\n"
                         f"INSERT INTO bench_ids VALUES\n{values};\nANALYZE bench_ids;\n")
    check = psql(None, db, stdin="SELECT count(*) FROM (" + sql.replace(":n", "1") + ") t;\n").strip()
    if check != "1":
        return None, f"the pgbench statement returned {check} rows, not 1: {sql}"
    path = os.path.join(srv.dir, "get.pgbench")
    with open(path, "w") as f:
        f.write(f"\\set n random(1, {len(srv.ids)})\n{sql};\n")
    return path, statement


def pgbench_cell(db, script, clients, duration, rep):
    base = ["pgbench", "-n", "-M", "prepared", "-j", str(min(2, clients)), "-c", str(clients), "-f", script,
            f"{PG_SERVER}/{db}"]
    subprocess.run(base[:1] + ["-T", "2"] + base[1:], capture_output=True, text=True)  # warm-up
    r = subprocess.run(base[:1] + ["-T", str(duration)] + base[1:], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"pgbench failed: {r.stderr.strip()}")
    tps = float(re.search(r"^tps = ([\d.]+)", r.stdout, re.M).group(1))
    lat = re.search(r"^latency average = ([\d.]+) ms", r.stdout, re.M)
    failed = re.search(r"^number of failed transactions: (\d+)", r.stdout, re.M)
    row = {"side": "pgbench", "scenario": "get", "connections": clients, "repeat": rep, "tps": round(tps, 1),
           "latency_avg_ms": float(lat.group(1)) if lat else None, "failed": int(failed.group(1)) if failed else 0}
    print(f"  get     c={clients:<3} #{rep + 1} {'pgbench':<14} {row['tps']:>9.1f} tps      "
          f"latency avg {row['latency_avg_ms']} ms", flush=True)
    return row


def wait_quiet(limit=60):
    """Waits until no query of the benchmark's databases is running (a slow peer leaves some behind), up to limit s."""
    sql = ("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND state = 'active' "
           f"AND pid <> pg_backend_pid() AND (datname = '{PEER_DB}' OR starts_with(datname, 'bench_vs_'))")
    t0 = time.time()
    while time.time() - t0 < limit and int(psql(sql).strip() or 0) > 0:
        time.sleep(0.2)
    return round(time.time() - t0, 1)


def wrk_json(url, connections, seconds, env):
    e = dict(os.environ)
    e.update(env)
    script = os.path.join(BENCH, "wrk", "peer.lua")
    r = subprocess.run(["wrk", "-t", str(min(connections, 2)), "-c", str(connections), "-d", f"{seconds}s", "--timeout",
                        "10s", "-s", script, url], env=e, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"wrk failed: {r.stderr.strip()}")
    return json.loads([line for line in r.stdout.splitlines() if line.startswith("{")][-1])


def peer_cell(side, scenario, connections, duration, rep):
    if side.proc.poll() is not None:
        sys.exit(f"{side.label} exited with {side.proc.returncode} before {scenario} c={connections}")
    quiet = wait_quiet()
    env = dict(side.wrk_env, BENCH_SCENARIO=scenario)
    url = f"http://127.0.0.1:{side.port}"
    wrk_json(url, connections, 2, env)  # warm-up
    cpu0 = proc_cpu_seconds(side.proc.pid)
    r = wrk_json(url, connections, duration, env)
    cpu = proc_cpu_seconds(side.proc.pid) - cpu0
    mem = proc_mem(side.proc.pid)
    secs = r["duration_us"] / 1e6
    ok = r["requests"] - r["errors_status"]
    row = {
        "side": side.label, "scenario": scenario, "connections": connections, "repeat": rep,
        "requests": r["requests"], "ok": ok, "non_2xx": r["errors_status"],
        "socket_errors": r["errors_connect"] + r["errors_read"] + r["errors_write"] + r["errors_timeout"],
        "rps": round(ok / secs, 1), "p50_ms": r["p50_us"] / 1000, "p95_ms": r["p95_us"] / 1000,
        "p99_ms": r["p99_us"] / 1000, "max_ms": r["max_us"] / 1000,
        "cpu_seconds": round(cpu, 2), "cpu_percent": round(100 * cpu / secs, 1),
        "rss_mib": mem["VmRSS"], "peak_rss_mib": mem["VmHWM"], "waited_for_quiet_s": quiet,
    }
    print(f"  {scenario:<7} c={connections:<3} #{rep + 1} {side.label:<14} {row['rps']:>9.1f} req/s  "
          f"p99 {row['p99_ms']:.2f} ms  non-2xx {row['non_2xx']}  socket errors {row['socket_errors']}  "
          f"CPU {row['cpu_seconds']} s", flush=True)
    return row


class AfterLoad:
    """Each server's RSS 10 s after its last cell (a timer re-armed after every cell)."""

    def __init__(self, delay=10):
        self.delay, self.timers, self.samples = delay, {}, {}

    def arm(self, side):
        if side.label in self.timers:
            self.timers[side.label].cancel()
        ended = time.time()
        t = threading.Timer(self.delay, self.sample, (side, ended))
        t.daemon = True
        self.timers[side.label] = t
        t.start()

    def sample(self, side, ended):
        try:
            self.samples[side.label] = {"rss_mib": proc_mem(side.proc.pid)["VmRSS"],
                                        "seconds_after_last_cell": round(time.time() - ended, 1)}
        except OSError:
            pass

    def wait(self):
        for t in self.timers.values():
            t.join()

    def cancel(self):
        for t in self.timers.values():
            t.cancel()


def peer_run(a):
    scenarios = a.scenarios.split(",")
    unknown = [s for s in scenarios if s not in SCENARIO_ORDER]
    if unknown:
        sys.exit(f"unknown scenarios {unknown} (known: {SCENARIO_ORDER})")
    scenarios = [s for s in SCENARIO_ORDER if s in scenarios]  # reads before create
    conns = [int(c) for c in a.connections.split(",")]
    backends = [] if a.backends == "none" else a.backends.split(",")
    if any(b not in ("postgres", "sqlite") for b in backends):
        sys.exit("--backends: postgres, sqlite, both (postgres,sqlite) or none")
    if backends:
        binary()  # fail now, not after seeding the peer
    for tool in ("wrk", "psql", "node", "npm") + (("pgbench",) if "postgres" in backends else ()):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing")
    os.makedirs(WORK, exist_ok=True)
    m = machine()
    peer = Peer()
    peer.install()
    sides, rows, after = [], [], AfterLoad()
    pgbench = {"script": None, "note": "no PostgreSQL backend, or no get scenario"}
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        sides.append(peer)
        peer.prepare(a.vehicles)
        for b in backends:
            sides.append(innexar_prepare(b, a.vehicles, PORT if b == "postgres" else SQLITE_PORT))
        pg = next((s for s in sides if getattr(s, "backend", None) == "postgres"), None)
        if pg and "get" in scenarios:
            db = tenant_database(pg)
            statements = innexar_get_statement(pg, a.vehicles)
            script, what = pgbench_prepare(pg, db, statements)
            pgbench = {"script": script, "database": db, "statement": what if script else None,
                       "note": None if script else what}
            if script:
                with open(script) as f:
                    pgbench["script_text"] = f.read()
            else:
                print(f"  pgbench skipped: {what}", flush=True)
        for s in sides:
            s.spawn()
        for s in sides:
            s.wait_ready()
        time.sleep(5)
        idle = {s.label: proc_mem(s.proc.pid)["VmRSS"] for s in sides}
        print(f"  idle RSS after start-up (5 s settle): {idle}", flush=True)
        for s in sides:
            if s is not peer:
                innexar_ids(s, a.vehicles)
        for scenario in scenarios:
            for c in conns:
                for rep in range(a.repeat):
                    for s in sides:
                        rows.append(peer_cell(s, scenario, c, a.duration, rep))
                        after.arm(s)
                    if scenario == "get" and pgbench["script"]:
                        wait_quiet()
                        rows.append(pgbench_cell(pgbench["database"], pgbench["script"], c, a.duration, rep))
        print("  waiting 10 s after each server's last cell for its RSS", flush=True)
        after.wait()
        memory = {s.label: {"idle_rss_mib": idle[s.label], "peak_rss_mib": proc_mem(s.proc.pid)["VmHWM"],
                            "rss_10s_after_mib": after.samples.get(s.label, {}).get("rss_mib"),
                            "seconds_after_last_cell": after.samples.get(s.label, {}).get("seconds_after_last_cell")}
                  for s in sides}
    finally:
        after.cancel()
        for s in reversed(sides):
            try:
                s.stop()
            except BaseException as e:  # stop the others all the same
                print(f"  stopping {s.label} failed: {e}", flush=True)
    with open(os.path.join(PEER_DIR, "package.json")) as f:
        deps = json.load(f)["dependencies"]
    m["node"] = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    payload = {
        "machine": m,
        "settings": {"vehicles": a.vehicles, "duration_s": a.duration, "warmup_s": 2, "repeat": a.repeat,
                     "connections": conns, "scenarios": scenarios, "backends": backends, "get_ids": GET_IDS},
        "peer": {"dir": os.path.relpath(PEER_DIR, ROOT), "nestjs": deps.get("@nestjs/core"),
                 "prisma_client": deps.get("@prisma/client"), "pool": 10, "database": PEER_DB},
        "seed_seconds": {s.label: s.seed_seconds for s in sides},
        "memory": memory, "pgbench": pgbench, "cells": rows,
    }
    return payload


PEER_SIDES = ["peer", "innexar-pg", "innexar-sqlite"]


def peer_stats(cells, side, scenario, connections):
    xs = [x for x in cells if x["side"] == side and x["scenario"] == scenario and x["connections"] == connections]
    if not xs:
        return None
    if side == "pgbench":
        tps = [x["tps"] for x in xs]
        return {"rps": statistics.median(tps), "rps_min": min(tps), "rps_max": max(tps),
                "latency_avg_ms": statistics.median(x["latency_avg_ms"] or 0 for x in xs),
                "failed": sum(x["failed"] for x in xs)}
    rps, p99 = [x["rps"] for x in xs], [x["p99_ms"] for x in xs]
    return {"rps": statistics.median(rps), "rps_min": min(rps), "rps_max": max(rps),
            "p99": statistics.median(p99), "p99_min": min(p99), "p99_max": max(p99),
            "requests": sum(x["requests"] for x in xs), "non_2xx": sum(x["non_2xx"] for x in xs),
            "socket_errors": sum(x["socket_errors"] for x in xs), "cpu_s": statistics.median(x["cpu_seconds"] for x in xs),
            "cpu_ms_per_ok": (1000 * sum(x["cpu_seconds"] for x in xs) / sum(x["ok"] for x in xs))
            if sum(x["ok"] for x in xs) else None}


def fmt_num(v):
    if v is None:
        return "–"
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.1f}" if abs(v) >= 10 else f"{v:.2f}"


def fmt_range(st, key):
    if st is None:
        return "–"
    if st[f"{key}_min"] == st[f"{key}_max"]:
        return fmt_num(st[key])
    return f"{fmt_num(st[key])} ({fmt_num(st[f'{key}_min'])}–{fmt_num(st[f'{key}_max'])})"


def ratio(a, b):
    """a / b; infinite when only b is 0 (the peer answered no request with a 2xx)."""
    if a is None or b is None:
        return None
    if b == 0:
        return float("inf") if a > 0 else None
    return a / b


def fmt_ratio(r):
    return "–" if r is None else "∞" if r == float("inf") else f"{r:.2f}×" if r < 10 else f"{r:.0f}×"


def peer_targets(p, partner):
    """Issue #12's targets, each (target, measured, met: True/False/None for not measured)."""
    cells = p["cells"]
    st = lambda side, sc, c: peer_stats(cells, side, sc, c)  # noqa: E731
    out = []
    for c in (16, 64):
        pg, peer = st("innexar-pg", "create", c), st("peer", "create", c)
        if pg and peer and peer["rps"]:
            r = pg["rps"] / peer["rps"]
            out.append((f"create, PostgreSQL, {c} connections: ≥ 3× the peer's req/s, p99 ≤ the peer's",
                        f"{fmt_ratio(r)}; p99 {fmt_num(pg['p99'])} ms vs {fmt_num(peer['p99'])} ms",
                        r >= 3 and pg["p99"] <= peer["p99"]))
        else:
            out.append((f"create, PostgreSQL, {c} connections: ≥ 3× the peer's req/s, p99 ≤ the peer's", "not measured", None))
    for c in (16, 64):
        sq, peer = st("innexar-sqlite", "create", c), st("peer", "create", c)
        r = ratio(sq and sq["rps"], peer and peer["rps"])
        out.append((f"create, SQLite, {c} connections: ≥ 2× the peer's req/s",
                    fmt_ratio(r) if r is not None else "not measured", None if r is None else r >= 2))
    pg, peer, bench = st("innexar-pg", "get", 64), st("peer", "get", 64), st("pgbench", "get", 64)
    r = ratio(pg and pg["rps"], peer and peer["rps"])
    sq = st("innexar-sqlite", "get", 64)
    extra = f" (SQLite: {fmt_ratio(ratio(sq['rps'], peer['rps']))})" if sq and r is not None else ""
    out.append(("get by id, PostgreSQL, 64 connections: ≥ 6× the peer's req/s",
                fmt_ratio(r) + extra if r is not None else "not measured", None if r is None else r >= 6))
    r = ratio(pg and pg["rps"], bench and bench["rps"])
    out.append(("get by id, PostgreSQL, 64 connections: ≥ 0.5× pgbench running the same SELECT",
                f"{fmt_ratio(r)} ({fmt_num(pg['rps'])} req/s vs {fmt_num(bench['rps'])} tps)" if r is not None
                else "not measured", None if r is None else r >= 0.5))
    for scenario in ("list", "search"):
        target = (f"{scenario}: Innexar/peer req/s ratios kept at 1,000,000 vehicles "
                  f"(at least {KEEP_RATIO:.0%} of the ratio at the smaller run)")
        if not partner:
            out.append((target, "needs both runs: `--vehicles 1000000 --scenarios get,list,search --out peer-1m`", None))
            continue
        small, big = (p, partner) if p["settings"]["vehicles"] < partner["settings"]["vehicles"] else (partner, p)
        parts, kept = [], []
        for side, name in (("innexar-pg", "PostgreSQL"), ("innexar-sqlite", "SQLite")):
            for c in small["settings"]["connections"]:
                a = [peer_stats(small["cells"], s, scenario, c) for s in (side, "peer")]
                b = [peer_stats(big["cells"], s, scenario, c) for s in (side, "peer")]
                ra = ratio(a[0] and a[0]["rps"], a[1] and a[1]["rps"])
                rb = ratio(b[0] and b[0]["rps"], b[1] and b[1]["rps"])
                if ra is None or rb is None:
                    continue
                parts.append(f"{name} c={c}: {fmt_ratio(ra)} → {fmt_ratio(rb)}")
                kept.append(rb >= KEEP_RATIO * ra)
        out.append((target, ("; ".join(parts) + f" ({small['settings']['vehicles']:,} → {big['settings']['vehicles']:,})")
                    if parts else "not measured", all(kept) if kept else None))
    for side, name in (("innexar-pg", "PostgreSQL"), ("innexar-sqlite", "SQLite")):
        mem = p["memory"].get(side)
        out.append((f"memory, {name}: idle RSS ≤ 50 MiB before load",
                    f"{mem['idle_rss_mib']} MiB" if mem else "not measured", None if not mem else mem["idle_rss_mib"] <= 50))
        after = mem and mem["rss_10s_after_mib"]
        out.append((f"memory, {name}: RSS ≤ 80 MiB ten seconds after the load",
                    f"{after} MiB" if after is not None else "not measured", None if after is None else after <= 80))
    return out


def peer_md(p, partner=None):
    s, m, cells = p["settings"], p["machine"], p["cells"]
    sides = [x for x in PEER_SIDES if any(c["side"] == x for c in cells)]
    title = "Side by side: Innexar and the seed's stack (NestJS + Prisma)"
    md = f"# {title}, {s['vehicles']:,} vehicles\n\n" + machine_md(m) + f"Node.js {m.get('node', '?')}.\n\n"
    seeds = ", ".join(f"{k} {v} s" for k, v in p["seed_seconds"].items())
    md += (f"The peer (`{p['peer']['dir']}`: NestJS {p['peer']['nestjs']}, Prisma {p['peer']['prisma_client']} with "
           f"`@prisma/adapter-pg`, pool of {p['peer']['pool']}, `NODE_ENV=production node dist/main.js`) on database "
           f"`{p['peer']['database']}`; Innexar's release binary on the same PostgreSQL (tenant database, pool of 10) "
           f"and on SQLite. Each side holds {s['vehicles']:,} vehicles from its own seed (seeding: {seeds}). "
           f"wrk ({', '.join(map(str, s['connections']))} connections, 2 threads) runs each cell {s['duration_s']} s "
           f"after a {s['warmup_s']} s warm-up, with every server running, interleaved "
           f"({' → '.join(sides)}, then again; rounds: {s['repeat']}), reads before create. Figures are the median of "
           f"the rounds (min–max). req/s counts 2xx responses only; wrk's latencies include the non-2xx ones. "
           f"Innexar requests carry a bearer token and `X-Tenant` (token check, tenant resolution and permissions "
           f"included); the peer has no authentication.\n\n")
    md += ("Requests (`bench/wrk/peer.lua`): `get` a random one of 4,000 ids spread over that side's stock; `list` "
           "`status=available`, one of 8 makes both seeds use, a 5-year model-year window from 2015–2020, "
           "`sort=-price`, `pageSize=20`, page 1–3 (Innexar `yearMin`/`yearMax`, the peer `minYear`/`maxYear`); "
           "`search` `q=` one of 16 words both data sets contain (models and the `9bw` VIN prefix), `pageSize=20`; "
           "`create` a used Fiat Argo at a random price (Innexar's full record with store, fuel, transmission; the "
           "peer's `CreateVehicleDto` fields). The two sides' data and search differ in kind: the peer's list and "
           "search scan (its schema's indexes do not serve them; `ILIKE '%q%'` over four columns and an exact "
           "count), Innexar uses its own indexes and search.\n\n")
    for key, label in (("rps", "Requests per second (2xx)"), ("p99", "p99 latency, ms")):
        md += f"## {label}\n\n| scenario | connections | " + " | ".join(sides)
        others = [x for x in sides if x != "peer"]
        md += "".join(f" | {x.replace('innexar-', '')}/peer" for x in others) + " |\n"
        md += "|---|---|" + "---|" * (len(sides) + len(others)) + "\n"
        for scenario in s["scenarios"]:
            for c in s["connections"]:
                stats = {x: peer_stats(cells, x, scenario, c) for x in sides}
                md += f"| {scenario} | {c} | " + " | ".join(fmt_range(stats[x], key) for x in sides)
                md += "".join(f" | {fmt_ratio(ratio(stats[x] and stats[x][key], stats['peer'] and stats['peer'][key]))}"
                              for x in others) + " |\n"
        md += "\n"
        if key == "rps" and any(x["side"] == "peer" and x["ok"] == 0 for x in cells):
            md += ("∞: the peer answered none of that cell's requests with a 2xx (its `$transaction` waits at most "
                   "2 s for a pooled connection, then answers 500; see the non-2xx column below).\n\n")
    md += ("## Errors and server CPU\n\nNon-2xx responses and socket errors over all rounds (of all requests); "
           "the server process's CPU seconds per cell (median; user + system, all threads, from /proc/<pid>/stat) and "
           "its CPU milliseconds per 2xx response. 2 cores: 100 % is one core.\n\n"
           "| scenario | connections | side | non-2xx | socket errors | CPU s per cell | CPU ms per 2xx |\n"
           "|---|---|---|---|---|---|---|\n")
    for scenario in s["scenarios"]:
        for c in s["connections"]:
            for x in sides:
                st = peer_stats(cells, x, scenario, c)
                if st:
                    md += (f"| {scenario} | {c} | {x} | {st['non_2xx']:,} of {st['requests']:,} | {st['socket_errors']} | "
                           f"{st['cpu_s']:.1f} | {fmt_num(st['cpu_ms_per_ok'])} |\n")
    md += "\n## Memory\n\n| | " + " | ".join(sides) + " |\n|---|" + "---|" * len(sides) + "\n"
    mem = p["memory"]
    md += "| idle RSS after start-up (5 s settle), MiB | " + " | ".join(str(mem[x]["idle_rss_mib"]) for x in sides) + " |\n"
    md += "| peak RSS (VmHWM), MiB | " + " | ".join(str(mem[x]["peak_rss_mib"]) for x in sides) + " |\n"
    md += ("| RSS 10 s after its last cell, MiB | " +
           " | ".join(f"{mem[x]['rss_10s_after_mib']}" for x in sides) + " |\n\n")
    pgb = p["pgbench"]
    md += "## pgbench: the get SELECT alone\n\n"
    if pgb.get("script"):
        md += ("pgbench (`-M prepared -j 2 -T duration -n`, same warm-up and rounds, run after each round of get "
               "cells) on Innexar's tenant database, with the statement Innexar's `GET /vehicles/{id}` runs (read "
               "from its statement log) and the id looked up from `bench_ids(n, id)`, the same 4,000 ids: that "
               "lookup is an extra primary-key probe per transaction, so pgbench does a little more work than "
               "Innexar's database side.\n\n```sql\n" + pgb["script_text"] + "```\n\n"
               "| connections | pgbench tps | latency avg ms | innexar-pg get req/s | innexar-pg / pgbench |\n"
               "|---|---|---|---|---|\n")
        for c in s["connections"]:
            b, g = peer_stats(cells, "pgbench", "get", c), peer_stats(cells, "innexar-pg", "get", c)
            if b:
                md += (f"| {c} | {fmt_range(b, 'rps')} | {b['latency_avg_ms']:.3f} | {fmt_range(g, 'rps')} | "
                       f"{fmt_ratio(ratio(g and g['rps'], b['rps']))} |\n")
        md += "\n"
    else:
        md += f"Not run: {pgb.get('note')}\n\n"
    md += "## Targets (issue #12)\n\n| target | measured | met |\n|---|---|---|\n"
    for target, value, met in peer_targets(p, partner):
        md += f"| {target} | {value} | {'yes' if met else '–' if met is None else '**no**'} |\n"
    cmd = (f"python3 bench/bench.py peer --vehicles {s['vehicles']} --connections {','.join(map(str, s['connections']))} "
           f"--duration {s['duration_s']} --repeat {s['repeat']} --scenarios {','.join(s['scenarios'])} "
           f"--backends {','.join(s['backends']) or 'none'}" + (f" --out {p['out']}" if p.get("out", "peer") != "peer" else ""))
    md += (f"\n## How to rerun\n\n`make bench-peer` (builds the release binary, then `bench.py peer`), or `{cmd}`; "
           "bench/README.md says what it needs.\n")
    return md


def peer_partner(out, vehicles):
    """The run the list/search target compares with: peer-1m for the 100k run (`peer`), and the other way round."""
    name = "peer" if vehicles >= 1_000_000 else "peer-1m"
    path = os.path.join(RESULTS, f"{name}.json")
    if name == out or not os.path.exists(path):
        return None, name
    with open(path) as f:
        other = json.load(f)
    if (other["settings"]["vehicles"] >= 1_000_000) == (vehicles >= 1_000_000):
        return None, name
    return other, name


# --- crm: customer search, the pipeline board and lead intake (issue #13) ---

CRM_TERMS = ["silva", "ana paula", "SOUZA", "Conceição", "conceicao", "JOÃO", "jose", "Oliveira", "maria",
             "pereira", "GONÇALVES", "Santos", "lima", "ferreira", "araujo", "Costa", "rodrigues", "almeida"]
CRM_TARGETS = {"search_p99_ms": 30, "board_p99_ms": 50, "intake_leads_per_s": 1000}
CRM_KEYS = 200  # intake keys: each may post 600 leads a minute


def strip_accents(text):
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def crm_queries(token, rng, wanted=300):
    """Search terms from real customers read through the API: name fragments (accents and case
    mixed), CPFs (masked or not) and phones (`(11) 98765-4321`, digits, `+55…`), one each in turn."""
    _, first = call("GET", "/api/v1/customers?pageSize=100&page=1", token=token, tenant="bench")
    pages = max(1, first["total"] // 100)
    customers = list(first["items"])
    for page in sorted(rng.sample(range(2, pages + 1), min(pages - 1, wanted // 100))):
        _, body = call("GET", f"/api/v1/customers?pageSize=100&page={page}", token=token, tenant="bench", timeout=120)
        customers.extend(body["items"])
    rng.shuffle(customers)
    names, cpfs, phones = [], [], []
    for i, c in enumerate(customers[:wanted]):
        words = c["name"].split()
        if len(words) >= 2:
            w = words[-1] if i % 3 == 0 else " ".join(words[:2]) if i % 3 == 1 else words[0][:4] + " " + words[-1][:4]
            w = strip_accents(w) if i % 2 else w
            names.append(w.upper() if i % 5 == 0 else w.lower() if i % 5 in (1, 2) else w)
        if c.get("cpf"):
            d = c["cpf"]
            cpfs.append(f"{d[:3]}.{d[3:6]}.{d[6:9]}-{d[9:]}" if i % 2 else d)
        if c.get("phones"):
            e164 = c["phones"][0]["number"]
            n = e164[3:]
            phones.append(f"({n[:2]}) {n[2:-4]}-{n[-4:]}" if i % 3 == 0 else n if i % 3 == 1 else e164)
    names += CRM_TERMS
    kinds = {"name": names, "cpf": cpfs, "phone": phones}
    queries = []
    for i in range(max(len(v) for v in kinds.values())):
        for v in kinds.values():
            if i < len(v):
                queries.append(v[i])
    return queries, {k: len(v) for k, v in kinds.items()}, len(customers)


def crm_hits(token, queries, rng, n=60):
    """How many results a sample of the queries finds (a search that finds nothing is cheap)."""
    sample = rng.sample(queries, min(n, len(queries)))
    found = []
    for q in sample:
        _, body = call("GET", f"/api/v1/customers?q={urllib.parse.quote(q)}&pageSize=25", token=token, tenant="bench")
        found.append(body["total"] if isinstance(body, dict) else -1)
    return {"sampled": len(found), "with_no_result": sum(1 for f in found if f == 0),
            "median_total": statistics.median(found) if found else None}


def crm_settle(srv, limit=180):
    """Waits until the server is idle (under 5 % of a core for 2 s): at start it scores every open
    lead again (the hourly rescoring task), which would otherwise run under the first cells."""
    tick = os.sysconf("SC_CLK_TCK")

    def cpu():
        with open(f"/proc/{srv.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick

    t0 = time.time()
    quiet = 0
    last = cpu()
    while time.time() - t0 < limit and quiet < 2:
        time.sleep(1)
        now = cpu()
        quiet = quiet + 1 if now - last < 0.05 else 0
        last = now
    return round(time.time() - t0, 1)


def crm(backend, customers, open_leads, vehicles, duration, connections, intake_connections):
    print(f"== crm, {backend}: provisioning a tenant with {customers} customers, {open_leads} open leads per store",
          flush=True)
    srv = Server(backend, "crm", {"INNEXAR_DATABASE_MAX_CONNECTIONS_PER_TENANT": "10"})
    t0 = time.time()
    srv.cli("tenant", "create", "bench", "--name", "Benchmark", "--cnpj", valid_cnpj(random.Random(7)),
            "--admin-email", "owner@bench.com.br", "--admin-password", PASSWORD)
    out = srv.cli("demo", "seed", "--tenant", "bench", "--vehicles", str(vehicles), "--customers", str(customers),
                  "--open-leads-per-store", str(open_leads))
    seed_secs = time.time() - t0
    print("  " + out.strip().replace("\n", "\n  "), flush=True)
    srv.start()
    rng = random.Random(13)
    try:
        token = login("bench", "owner@bench.com.br")
        _, stores = call("GET", "/api/v1/stores", token=token, tenant="bench")
        boards = {}
        for st in stores["items"]:
            _, b = call("GET", f"/api/v1/leads/board?storeId={st['id']}&perStage=50", token=token, tenant="bench")
            boards[st["id"]] = {c["stage"]: c["total"] for c in b["columns"]}
        closed = ("won", "lost")
        store = max(boards, key=lambda k: sum(v for s, v in boards[k].items() if s not in closed))
        board_totals = boards[store]
        queries, kinds, read = crm_queries(token, rng)
        hits = crm_hits(token, queries, rng)
        _, total = call("GET", "/api/v1/customers?pageSize=1", token=token, tenant="bench")
        qpath = os.path.join(srv.dir, "queries.txt")
        with open(qpath, "w") as f:
            f.writelines(urllib.parse.quote(q) + "\n" for q in queries)
        keys = []
        for i in range(CRM_KEYS):
            status, body = call("POST", "/api/v1/crm/intake-keys",
                                {"name": f"Site {i}", "source": "website", "storeId": store}, token=token, tenant="bench")
            if status != 201:
                sys.exit(f"intake key: {status} {body}")
            keys.append(body["key"])
        kpath = os.path.join(srv.dir, "keys.txt")
        with open(kpath, "w") as f:
            f.writelines(k + "\n" for k in keys)
        print(f"  {total['total']} customers; board store {store}: {board_totals}; {len(queries)} queries {kinds}, "
              f"sample hits {hits}", flush=True)
        env = {"BENCH_TOKEN": token, "BENCH_TENANT": "bench", "BENCH_QUERIES": qpath, "BENCH_STORE": store,
               "BENCH_KEYS": kpath}
        settle = crm_settle(srv)
        print(f"  server quiet after {settle} s (the start-up rescoring of open leads)", flush=True)
        rows = []
        cells = [(s, c) for s in ("search", "board") for c in connections] + [("intake", c) for c in intake_connections]
        for scenario, c in cells:
            row = wrk(scenario, c, duration, env, script="crm.lua")
            row["ok_per_s"] = round(row["rps"] * (row["requests"] - row["non_2xx"]) / max(row["requests"], 1), 1)
            print(f"  {scenario:<7} c={c:<3} {row['rps']:>9.1f} req/s  2xx/s {row['ok_per_s']:>9.1f}  "
                  f"p50 {row['p50_ms']:.2f} ms  p99 {row['p99_ms']:.2f} ms  non-2xx {row['non_2xx']}  "
                  f"errors {row['errors']}", flush=True)
            rows.append(row)
        _, after = call("GET", f"/api/v1/leads/board?storeId={store}&perStage=1", token=token, tenant="bench")
        mem = srv.rss()
    finally:
        srv.stop()
    return {"backend": backend, "customers": total["total"], "vehicles": vehicles, "board_store": store,
            "board_totals": board_totals, "board_totals_after_intake": {c["stage"]: c["total"] for c in after["columns"]},
            "queries": {"count": len(queries), "by_kind": kinds, "customers_read": read, "sample": hits},
            "intake_keys": len(keys), "settle_seconds": settle, "seed_seconds": round(seed_secs, 1), "duration_s": duration,
            "server_rss_mib": mem["VmRSS"], "server_peak_rss_mib": mem["VmHWM"], "results": rows}


def crm_targets(runs):
    out = []
    for r in runs:
        cell = {(x["scenario"], x["connections"]): x for x in r["results"]}
        for scenario, key in (("search", "search_p99_ms"), ("board", "board_p99_ms")):
            x = cell.get((scenario, 4))
            t = CRM_TARGETS[key]
            out.append((f"{scenario}, {r['backend']}, 4 connections: p99 ≤ {t} ms",
                        f"{x['p99_ms']:.1f} ms ({x['non_2xx']} non-2xx)" if x else "not measured",
                        None if not x else x["p99_ms"] <= t and x["non_2xx"] == 0))
        x = cell.get(("intake", 16))
        t = CRM_TARGETS["intake_leads_per_s"]
        label = f"intake, {r['backend']}, 16 connections: ≥ {t:,} leads/s" + ("" if r["backend"] == "postgres" else
                                                                              " (the target is PostgreSQL's)")
        out.append((label, f"{x['ok_per_s']:,.0f} leads/s ({x['non_2xx']} non-2xx)" if x else "not measured",
                    None if not x or r["backend"] != "postgres" else x["ok_per_s"] >= t))
    return out


def crm_md(payload):
    m, runs = payload["machine"], payload["runs"]
    md = "# CRM benchmark (issue #13)\n\n" + machine_md(m) + "\n"
    md += ("Method: `python3 bench/bench.py crm` provisions the tenant `bench`, runs `innexar demo seed --customers N "
           "--open-leads-per-store M` (the demo's stores, users and vehicles, then customers with valid CPFs and E.164 "
           "phones and leads across every stage, half as many closed as open), starts the release server (pool of 10 "
           "per tenant) and drives it with wrk (`bench/wrk/crm.lua`, 2 threads) for "
           f"{runs[0]['duration_s'] if runs else '?'} s per cell after a 2 s warm-up, signed in as the Owner:\n\n"
           "- `search`: `GET /api/v1/customers?q=…&pageSize=25`, in turn over name fragments (surnames, first names, "
           "`ana paula`-style pairs and 4-letter prefixes, with and without accents, upper/lower/mixed case), CPFs "
           "(masked and not) and phones (`(11) 98765-4321`, 11 digits, `+55…`) of a few hundred customers read "
           "through the API;\n"
           "- `board`: `GET /api/v1/leads/board?storeId=<the store with the most open leads>&perStage=50`;\n"
           "- `intake`: `POST /api/v1/intake/leads` with an `X-Api-Key` (no user token), a fresh `externalId` per "
           f"request and a random valid mobile phone. Keys are limited to 600 leads a minute each, so the run makes "
           f"{CRM_KEYS} keys and takes them in turn: the throughput measured is the server's, not the per-key limit's. "
           "leads/s counts 2xx answers only.\n\n"
           "Before the first cell the run waits until the server is idle (under 5 % of a core for 2 s): at start-up "
           "it scores every open lead again (the hourly rescoring task), ~10,000 leads here.\n\n"
           "wrk's latencies include non-2xx answers; `non-2xx` is wrk's status-error count (≥ 400).\n\n")
    md += "## Targets\n\n| target | measured | met |\n|---|---|---|\n"
    for target, value, met in crm_targets(runs):
        md += f"| {target} | {value} | {'yes' if met else '–' if met is None else '**no**'} |\n"
    md += "\n"
    for r in runs:
        open_leads = sum(v for k, v in r["board_totals"].items() if k not in ("won", "lost"))
        md += (f"## {r['backend']}: {r['customers']:,} customers, board store with {open_leads:,} open leads "
               f"(seeded in {r['seed_seconds']} s, quiet {r.get('settle_seconds', '?')} s after start), server RSS {r['server_rss_mib']} MiB (peak {r['server_peak_rss_mib']})\n\n"
               f"Board columns before the run (totals; closed ones: the last 30 days): "
               + ", ".join(f"{k} {v:,}" for k, v in r["board_totals"].items()) + ". "
               f"Search queries: {r['queries']['count']} ({', '.join(f'{k} {v}' for k, v in r['queries']['by_kind'].items())}); "
               f"of {r['queries']['sample']['sampled']} sampled, {r['queries']['sample']['with_no_result']} found nothing, "
               f"median total {r['queries']['sample']['median_total']}.\n\n"
               "| scenario | connections | req/s | 2xx/s | p50 ms | p95 ms | p99 ms | max ms | non-2xx | socket errors |\n"
               "|---|---|---|---|---|---|---|---|---|---|\n")
        for x in r["results"]:
            md += (f"| {x['scenario']} | {x['connections']} | {x['rps']:.0f} | {x['ok_per_s']:.0f} | {x['p50_ms']:.2f} | "
                   f"{x['p95_ms']:.2f} | {x['p99_ms']:.2f} | {x['max_ms']:.0f} | {x['non_2xx']} | "
                   f"{x['errors'] - x['non_2xx']} |\n")
        md += "\n"
    md += "## How to rerun\n\n`make bench-crm` (builds the release binary, then `bench.py crm`).\n"
    return md


# --- sales: the financing simulation (issue #14; complete quote -> sale flows come with quotes) ---

SALES_TARGETS = {"simulate_p99_ms": 2, "flows_per_s": 200}
# Demo vehicles for the flows: each cell (its warm-up included) sells a few thousand.
SALES_VEHICLES = 16_000


def available_vehicles(token):
    """Every available vehicle with an asking price, as (id, price), oldest stock number first."""
    cars, page = [], 1
    while True:
        status, body = call("GET", f"/api/v1/vehicles?status=available&sort=stockNumber&pageSize=100&page={page}",
                            token=token, tenant="bench")
        if status != 200:
            sys.exit(f"vehicles: {status} {body}")
        cars += [(v["id"], v["priceCents"]) for v in body["items"] if v.get("priceCents")]
        if len(body["items"]) < 100:
            return cars
        page += 1


def sales(backend, duration, connections):
    print(f"== sales, {backend}: provisioning {SALES_VEHICLES} demo vehicles", flush=True)
    srv = Server(backend, "sales")
    seed_secs = srv.provision(SALES_VEHICLES)
    srv.start()
    try:
        token = login("bench", "owner@bench.com.br")
        env = {"BENCH_TOKEN": token, "BENCH_TENANT": "bench"}
        rows = []
        for c in connections:
            row = wrk("simulate", c, duration, env, script="sales.lua")
            print(f"  simulate c={c:<3} {row['rps']:>9.1f} req/s  p50 {row['p50_ms']:.2f} ms  p99 {row['p99_ms']:.2f} ms  "
                  f"non-2xx {row['non_2xx']}", flush=True)
            rows.append(row)
        # Complete deals: quote -> send -> accepted at the desk -> sale, each on its own vehicle.
        cars = available_vehicles(token)
        customers = []
        for i in range(max(connections)):
            status, body = call("POST", "/api/v1/customers", {"kind": "person", "name": f"Cliente Bench {i}"},
                                token=token, tenant="bench")
            if status != 201:
                sys.exit(f"customer: {status} {body}")
            customers.append(body["id"])
        valid_until = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 20 * 86400))
        flows_file = os.path.join(srv.dir, "flows.txt")
        used = 0

        def deal(n):
            """Writes the flows file with the next `n` unsold vehicles."""
            nonlocal used
            n = min(len(cars) - used, n)
            with open(flows_file, "w") as f:
                f.write(",".join(customers) + "\n")
                for vid, price in cars[used:used + n]:
                    f.write(f"{vid} {price}\n")
            used += n
            return n

        for c in connections:
            # The warm-up's vehicles, then the measured run's: enough at well above the target.
            deal(max(150, c * 60))
            # Never the limit: a connection does under 100 flows a second.
            share = max(1000, c * 80 * duration)
            e = dict(env, BENCH_FLOWS=flows_file, BENCH_VALID_UNTIL=valid_until)
            row = wrk("flows", c, duration, e, script="flows.lua", threads=c, between=lambda: deal(share))
            print(f"  flows    c={c:<3} {row['flows_per_s']:>9.1f} flows/s ({row['rps']:.0f} req/s)  p50 {row['p50_ms']:.2f} ms  "
                  f"p99 {row['p99_ms']:.2f} ms  refused {row['refused']}  vehicles {share}", flush=True)
            rows.append(row)
    finally:
        srv.stop()
    return {"backend": backend, "duration_s": duration, "seed_seconds": round(seed_secs, 1), "results": rows}


def sales_md(payload):
    m, runs = payload["machine"], payload["runs"]
    t = SALES_TARGETS["simulate_p99_ms"]
    md = "# Sales benchmark (issue #14)\n\n" + machine_md(m) + "\n"
    md += ("Method: `python3 bench/bench.py sales` creates the tenant `bench`, starts the release server and drives "
           "it with wrk (`bench/wrk/sales.lua`) for "
           f"{runs[0]['duration_s'] if runs else '?'} s per cell after a 2 s warm-up, signed in as the Owner:\n\n"
           "- `simulate`: `POST /api/v1/financing/simulations`, Tabela Price in 72 installments, IOF and fees "
           "financed (the principal found by iterating on its own IOF), the CET solved; the whole request, from "
           "the access token's check to the 72-row answer.\n\n"
           "- `flows`: complete deals, each connection in a wrk thread of its own walking one vehicle at a time "
           "through `POST /quotes` (paid in full down), `POST /quotes/{id}/send` (If-Match), `POST /quotes/{id}/answer` "
           "(accepted at the desk, If-Match) and `POST /quotes/{id}/sale` (`bench/wrk/flows.lua`), over "
           f"{SALES_VEHICLES:,} demo vehicles (each cell on vehicles of its own); a flow counts when its sale answers "
           "201. Latencies are per request.\n\n")
    md += "## Targets\n\n| target | measured | met |\n|---|---|---|\n"
    f = SALES_TARGETS["flows_per_s"]
    for r in runs:
        x = next((x for x in r["results"] if x["scenario"] == "flows" and x["connections"] == 16), None)
        if r["backend"] == "postgres":
            md += (f"| flows, postgres, 16 connections: ≥ {f} flows/s | "
                   + (f"{x['flows_per_s']:.0f} flows/s ({x['refused']} refused) | "
                      f"{'yes' if x['flows_per_s'] >= f and not x['refused'] else '**no**'} |\n" if x else "not measured | – |\n"))
    for r in runs:
        x = next((x for x in r["results"] if x["scenario"] == "simulate" and x["connections"] == 4), None)
        md += (f"| simulate, {r['backend']}, 4 connections: p99 ≤ {t} ms | "
               + (f"{x['p99_ms']:.2f} ms ({x['non_2xx']} non-2xx) | {'yes' if x['p99_ms'] <= t and not x['non_2xx'] else '**no**'} |\n"
                  if x else "not measured | – |\n"))
    md += "\n"
    for r in runs:
        md += (f"## {r['backend']}\n\n| scenario | connections | req/s | p50 ms | p95 ms | p99 ms | max ms | non-2xx |\n"
               "|---|---|---|---|---|---|---|---|\n")
        for x in r["results"]:
            md += (f"| {x['scenario']} | {x['connections']} | {x['rps']:.0f} | {x['p50_ms']:.2f} | {x['p95_ms']:.2f} | "
                   f"{x['p99_ms']:.2f} | {x['max_ms']:.1f} | {x['non_2xx']} |\n")
        flows = [x for x in r["results"] if x["scenario"] == "flows"]
        if flows:
            md += "\n| flows: connections | flows/s | sales | refused steps |\n|---|---|---|---|\n"
            for x in flows:
                md += f"| {x['connections']} | {x['flows_per_s']:.0f} | {x['flows']} | {x['refused']} |\n"
        md += f"\nDemo tenant seeded in {r.get('seed_seconds', '?')} s.\n\n"
    md += "## How to rerun\n\n`make bench-sales` (builds the release binary, then `bench.py sales`).\n"
    return md


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
    ap.add_argument("kind", choices=["load", "scale", "peer", "crm", "sales"])
    ap.add_argument("--backend", default="both", choices=["sqlite", "postgres", "both"])
    ap.add_argument("--vehicles", type=int, default=100_000)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", default=None, help="default 1,16,64 (load), 16,64 (peer)")
    ap.add_argument("--backends", default="postgres,sqlite", help="peer: Innexar's backends beside the peer, or none")
    ap.add_argument("--repeat", type=int, default=3, help="peer: rounds of interleaved cells")
    ap.add_argument("--scenarios", default="get,list,search,create")
    ap.add_argument("--tenants", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--customers", type=int, default=200_000, help="crm: customers in the tenant")
    ap.add_argument("--open-leads", type=int, default=5_000, help="crm: open leads per store")
    ap.add_argument("--out", default=None, help="results file name (default: the kind, e.g. load)")
    a = ap.parse_args()
    out = a.out or a.kind
    if a.kind == "peer":
        a.connections = a.connections or "16,64"
        payload = peer_run(a)
        payload["out"] = out
        partner, partner_name = peer_partner(out, a.vehicles)
        write(out, payload, peer_md(payload, partner))
        if partner and out in ("peer", "peer-1m"):  # the partner's list/search target needs this run too
            write(partner_name, partner, peer_md(partner, payload))
        print(f"results in bench/results/{out}.md", flush=True)
        return
    if a.kind == "crm":
        conns = [int(c) for c in (a.connections or "1,4,16").split(",")]
        m = machine()
        payload = {"machine": m, "targets": CRM_TARGETS, "runs": []}
        for b in [b for b in a.backends.split(",") if b]:
            payload["runs"].append(crm(b, a.customers, a.open_leads, 1000, a.duration, conns, [16]))
            write(out, payload, crm_md(payload))  # after each backend: a later failure keeps the first
        print(f"results in bench/results/{out}.md", flush=True)
        return
    if a.kind == "sales":
        conns = [int(c) for c in (a.connections or "1,4,16").split(",")]
        payload = {"machine": machine(), "targets": SALES_TARGETS, "runs": []}
        for b in [b for b in a.backends.split(",") if b]:
            payload["runs"].append(sales(b, a.duration, conns))
            write(out, payload, sales_md(payload))
        print(f"results in bench/results/{out}.md", flush=True)
        return
    a.connections = a.connections or "1,16,64"
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
