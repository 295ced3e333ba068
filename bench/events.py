#!/usr/bin/env python3
"""Events leaving the building (issue #15): outbox -> RabbitMQ -> consumer, and webhook deliveries.

  python3 bench/events.py [--rate 2500] [--duration 20] [--webhooks 5000]

On PostgreSQL, with the release binary as two processes (`--roles api` and `--roles worker`,
`INNEXAR_AMQP_URL` set) and RabbitMQ at BENCH_AMQP_URL (default the local broker):

1. events: a steady write load of `--rate` events per second for `--duration` seconds, committed
   in transactions of 10 rows into the tenant's outbox (`vehicle.created` envelopes), each commit
   followed by the wake-up the api role sends (`NOTIFY innexar_wake`). The worker's relay publishes
   them to the exchange and the `webhooks` consumer handles each (the tenant has an endpoint, for
   other types, so each event is a transaction with its handled mark). Reported: events handled
   per second while the load runs, and the latency from the commit (`occurred_at`) to the
   consumer's commit (`handled_at`), p50/p95/p99/max, and to the broker's confirm (`dispatched_at`).
2. webhooks: `--webhooks` events of a type an endpoint takes, committed at once; the worker queues
   a delivery per event and POSTs each, signed, to a local receiver. Reported: deliveries per
   second (first to last 2xx) and the delivery latency from the event's commit.

The HTTP write path is not the load here: on this 2-core machine it tops out near 700 creates/s
(bench/results/load.md) with the client beside it; rows written as the api's transactions write
them let the pipeline be driven past 2,000 events/s. Results: bench/results/events.json and .md.
"""

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402

AMQP = os.environ.get("BENCH_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2f")
API_PORT, WORKER_PORT, RECEIVER_PORT = 3911, 3912, 3913


def uuid7():
    ms = int(time.time() * 1000)
    rand = random.getrandbits(74)
    value = (ms << 80) | (0x7 << 76) | ((rand >> 62) << 64) | (0b10 << 62) | (rand & ((1 << 62) - 1))
    return str(uuid.UUID(int=value))


class Receiver:
    """A webhook receiver on RECEIVER_PORT: answers 200 and notes when each POST arrived."""

    def __init__(self):
        self.arrivals = []
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self):
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", RECEIVER_PORT))
        self.loop.run_until_complete(server.serve_forever())

    async def _serve(self, reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                await reader.readexactly(length)
                self.arrivals.append(time.time())
                writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


class Writer:
    """A psql session on the tenant database and one on the control database, fed statements."""

    def __init__(self, tenant_db, control_db, tenant_id):
        self.tenant_id = tenant_id
        self.rows = subprocess.Popen(["psql", f"{bench.PG_SERVER}/{tenant_db}", "-q", "-v", "ON_ERROR_STOP=1"],
                                     stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        self.wake = subprocess.Popen(["psql", f"{bench.PG_SERVER}/{control_db}", "-q"],
                                     stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)

    def commit(self, n, event_type="vehicle.created"):
        values = []
        for _ in range(n):
            vid = uuid7()
            data = json.dumps({"vehicleId": vid, "placa": f"BEN{random.randrange(10000):04d}", "make": "VW",
                               "model": "Polo", "year": 2024, "priceCents": 9_890_000})
            values.append(f"('{uuid7()}', '{event_type}', '/tenants/{self.tenant_id}/vehicles', '{vid}', now(), "
                          f"'{data}', NULL, 0, NULL)")
        self.rows.stdin.write("INSERT INTO core_outbox (id, event_type, source, subject, occurred_at, data, "
                              "dispatched_at, attempts, last_error) VALUES " + ", ".join(values) + ";\n")
        self.rows.stdin.flush()
        self.notify()

    def notify(self):
        self.wake.stdin.write(f"SELECT pg_notify('innexar_wake', 'e:{self.tenant_id}');\n")
        self.wake.stdin.flush()

    def close(self):
        for p in (self.rows, self.wake):
            p.stdin.close()
            p.wait()


def percentiles(values):
    if not values:
        return {}
    values = sorted(values)
    pick = lambda q: values[min(len(values) - 1, int(q * len(values)))]  # noqa: E731
    return {"p50": pick(0.50), "p95": pick(0.95), "p99": pick(0.99), "max": values[-1],
            "mean": round(statistics.fmean(values), 1)}


def millis(db, sql):
    return [float(x) for x in bench.psql(sql, db=db).split()]


def wait_until(what, check, limit):
    started = time.time()
    while not check():
        if time.time() - started > limit:
            sys.exit(f"{what}: not within {limit} s")
        time.sleep(0.2)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rate", type=int, default=2500, help="events per second written")
    p.add_argument("--duration", type=int, default=20, help="seconds of steady load")
    p.add_argument("--webhooks", type=int, default=5000, help="events of the webhook run")
    a = p.parse_args()

    exchange = f"innexar.bench.{int(time.time())}"
    api = bench.Server("postgres", "events", {
        "INNEXAR_AMQP_URL": AMQP, "INNEXAR_AMQP_EXCHANGE": exchange,
        "INNEXAR_WEBHOOKS_ALLOW_PRIVATE_TARGETS": "true", "INNEXAR_ROLES": "api",
        "INNEXAR_DATABASE_MAX_CONNECTIONS_PER_TENANT": "10",
    }, port=API_PORT)
    receiver = Receiver()
    worker = None
    try:
        api.cli("tenant", "create", "bench", "--name", "Benchmark", "--cnpj", bench.valid_cnpj(random.Random(7)),
                "--admin-email", "owner@bench.com.br", "--admin-password", bench.PASSWORD)
        api.start()
        worker_env = dict(api.env, INNEXAR_ROLES="worker")
        worker = subprocess.Popen([bench.binary(), "serve", "--addr", f"127.0.0.1:{WORKER_PORT}"], env=worker_env,
                                  stdout=subprocess.DEVNULL, stderr=open(os.path.join(api.dir, "worker.log"), "w"))
        def worker_ready():
            if worker.poll() is not None:
                sys.exit(f"the worker exited; see {api.dir}/worker.log")
            try:
                return bench.call("GET", "/readyz", port=WORKER_PORT)[0] == 200
            except OSError:
                return False

        wait_until("the worker", worker_ready, 60)
        token = bench.login("bench", "owner@bench.com.br", port=API_PORT)
        status, endpoint = bench.call("POST", "/api/v1/webhooks/endpoints", {
            "url": f"http://127.0.0.1:{RECEIVER_PORT}/hook", "eventTypes": ["sale.completed"]},
            token=token, tenant="bench", port=API_PORT)
        assert status == 201, endpoint
        db = bench.tenant_database(api)
        tenant_id = bench.psql("SELECT id FROM control_tenants WHERE slug = 'bench'", db=f"{api.prefix}ctl").strip()
        writer = Writer(db, f"{api.prefix}ctl", tenant_id)
        handled = lambda: int(bench.psql("SELECT count(*) FROM core_handled_events WHERE handler = 'webhooks'",  # noqa: E731
                                         db=db))

        # 1. A steady load.
        batch = 10
        commits = a.rate * a.duration // batch
        t0 = time.time()
        for i in range(commits):
            writer.commit(batch)
            lag = t0 + (i + 1) * batch / a.rate - time.time()
            if lag > 0:
                time.sleep(lag)
        written_in = time.time() - t0
        total = commits * batch
        at_end = handled()
        wait_until("every event handled", lambda: handled() >= total, 300)
        drained_in = time.time() - t0
        lat = millis(db, "SELECT EXTRACT(EPOCH FROM h.handled_at - o.occurred_at) * 1000 FROM core_handled_events h "
                         "JOIN core_outbox o ON o.id = h.event_id WHERE h.handler = 'webhooks'")
        relay = millis(db, "SELECT EXTRACT(EPOCH FROM dispatched_at - occurred_at) * 1000 FROM core_outbox")
        span = bench.psql("SELECT EXTRACT(EPOCH FROM max(handled_at) - min(handled_at)) FROM core_handled_events",
                          db=db).strip()
        events = {
            "rate_asked": a.rate, "events": total, "written_in_s": round(written_in, 2),
            "written_per_s": round(total / written_in), "handled_by_end_of_load": at_end,
            "all_handled_in_s": round(drained_in, 2), "handled_per_s": round(total / max(float(span), 0.001)),
            "commit_to_consumer_ms": {k: round(v, 1) for k, v in percentiles(lat).items()},
            "commit_to_broker_confirm_ms": {k: round(v, 1) for k, v in percentiles(relay).items()},
        }
        print(json.dumps(events, indent=2))

        # 2. Webhook deliveries.
        r = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PATCH",
                            f"http://127.0.0.1:{API_PORT}/api/v1/webhooks/endpoints/{endpoint['id']}",
                            "-H", f"authorization: Bearer {token}", "-H", "x-tenant: bench", "-H", "if-match: \"1\"",
                            "-H", "content-type: application/json", "-d", '{"eventTypes": ["*"]}'],
                           capture_output=True, text=True)
        assert r.stdout == "200", r.stdout
        receiver.arrivals.clear()
        t1 = time.time()
        for _ in range(a.webhooks // 100):
            writer.commit(100)
        wait_until("every delivery", lambda: len(receiver.arrivals) >= a.webhooks, 600)
        first, last = min(receiver.arrivals), max(receiver.arrivals)
        sent = millis(db, "SELECT EXTRACT(EPOCH FROM d.delivered_at - o.occurred_at) * 1000 FROM webhooks_deliveries d "
                          "JOIN core_outbox o ON o.id = d.event_id WHERE d.status = 'succeeded'")
        webhooks = {
            "events": a.webhooks, "deliveries_received": len(receiver.arrivals),
            "deliveries_per_s": round(len(receiver.arrivals) / max(last - first, 0.001)),
            "all_delivered_in_s": round(last - t1, 2),
            "commit_to_delivered_ms": {k: round(v, 1) for k, v in percentiles(sent).items()},
            "failed_attempts": int(bench.psql("SELECT count(*) FROM webhooks_attempts WHERE status IS NULL OR status >= 300",
                                              db=db)),
        }
        print(json.dumps(webhooks, indent=2))
        writer.close()
    finally:
        if worker:
            bench.stop_process(worker)
        api.stop()
        for q in ["webhooks", "webhooks.dlq"] + [f"webhooks.retry.{n}" for n in range(1, 5)]:
            subprocess.run(["rabbitmqctl", "-q", "delete_queue", f"{exchange}.{q}"], capture_output=True)
        subprocess.run(["rabbitmqadmin", "delete", "exchange", f"name={exchange}"], capture_output=True)

    result = {"machine": bench.machine(), "events": events, "webhooks": webhooks,
              "setup": {"backend": "postgres", "processes": "api + worker (release)", "broker": "RabbitMQ (local)",
                        "batch_per_commit": batch, "duration_s": a.duration}}
    os.makedirs(bench.RESULTS, exist_ok=True)
    with open(os.path.join(bench.RESULTS, "events.json"), "w") as f:
        json.dump(result, f, indent=2)
    e, w, m = events, webhooks, result["machine"]
    lc, lb, ld = e["commit_to_consumer_ms"], e["commit_to_broker_confirm_ms"], w["commit_to_delivered_ms"]
    md = f"""# Events: outbox -> RabbitMQ -> consumer, and webhook deliveries

`python3 bench/events.py` on {m['date']}: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; {m['postgresql']};
RabbitMQ on the same machine; Innexar release build as two processes (`--roles api`, `--roles worker`).
The load is written into the tenant's outbox in transactions of {batch} rows, each followed by the api
role's wake-up, at a steady {e['rate_asked']} events/s for {a.duration} s (see the script's header for why not
over HTTP).

## Events (target: >= 2,000 events/s, p99 <= 250 ms)

| events | written/s | handled/s | commit -> consumer p50 | p95 | p99 | max | commit -> broker confirm p50 | p99 |
|---|---|---|---|---|---|---|---|---|
| {e['events']} | {e['written_per_s']} | {e['handled_per_s']} | {lc['p50']} ms | {lc['p95']} ms | {lc['p99']} ms | {lc['max']} ms | {lb['p50']} ms | {lb['p99']} ms |

Handled when the load stopped: {e['handled_by_end_of_load']} of {e['events']}; all handled {e['all_handled_in_s']} s after it began.

## Webhook deliveries to a local receiver

| events | deliveries received | deliveries/s | commit -> delivered p50 | p95 | p99 | failed attempts |
|---|---|---|---|---|---|---|
| {w['events']} | {w['deliveries_received']} | {w['deliveries_per_s']} | {ld['p50']} ms | {ld['p95']} ms | {ld['p99']} ms | {w['failed_attempts']} |

Each delivery is signed, sent to the address checked, logged as an attempt, and marked in one
transaction; the sender sends up to 8 at once per tenant.
"""
    with open(os.path.join(bench.RESULTS, "events.md"), "w") as f:
        f.write(md)
    print(md)


if __name__ == "__main__":
    main()
