#!/usr/bin/env python3
"""Peak server memory while it reads hostile (and honest) spreadsheet uploads (issue #8, items 1-2).

  python3 bench/imports.py --label after  [--binary PATH] [--backend sqlite|postgres]
  python3 bench/imports.py --label before --binary /path/to/an/older/innexar

Starts `innexar serve` (the release binary unless --binary), provisions a tenant, and for each
file: resets the server's peak resident size (`/proc/<pid>/clear_refs`), uploads the file to
POST /api/v1/vehicles/imports, then reads `VmHWM` from `/proc/<pid>/status` and checks that
/healthz still answers. A server that died is recorded as such and started again. The results
of each label are kept in bench/results/imports.json; bench/results/imports.md shows them side
by side. Standard library only; the files are generated into bench/work/imports/.
"""

import argparse
import http.client
import json
import os
import sys
import threading
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench as b  # noqa: E402

FILES = os.path.join(b.WORK, "imports")
MIB = 1024 * 1024

WORKBOOK = (b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            b'<sheets><sheet name="Estoque" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        b'Target="worksheets/sheet1.xml"/></Relationships>')
TYPES = (b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         b'<Default Extension="xml" ContentType="application/xml"/></Types>')


def xlsx(path, parts):
    """parts: (name, writer) where writer(write) writes the part's bytes in pieces."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("[Content_Types].xml", TYPES), ("xl/workbook.xml", WORKBOOK),
                           ("xl/_rels/workbook.xml.rels", RELS)):
            z.writestr(name, data)
        for name, writer in parts:
            with z.open(name, "w", force_zip64=True) as f:
                writer(f.write)


def repeated(head, unit, total, tail):
    def writer(write):
        write(head)
        block = unit * max(1, (1 << 20) // len(unit))
        for _ in range(-(-total // len(block))):
            write(block)
        write(tail)
    return writer


def sheet(rows_xml, dimension=None):
    dim = f'<dimension ref="{dimension}"/>'.encode() if dimension else b""
    return (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + dim
            + b"<sheetData>" + rows_xml + b"</sheetData></worksheet>")


def inline(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


HEADERS = ["Placa", "Chassi", "Marca", "Modelo", "Versão", "Ano", "Cor", "Km", "Combustível", "Câmbio", "Condição",
           "Preço", "Custo", "Descrição", "Opcionais", "Localização"]


def col(c):
    s = ""
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def placa(n):
    """A distinct Mercosul placa (LLLNLNN) for each n."""
    digits, n = f"{n % 10}", n // 10
    last, n = f"{n % 100:02}", n // 100
    fourth, n = chr(65 + n % 26), n // 26
    letters = ""
    for _ in range(3):
        letters, n = chr(65 + n % 26) + letters, n // 26
    return f"{letters}{digits}{fourth}{last}"


def dealer_rows(n):
    def writer(write):
        write(b'<worksheet><sheetData><row r="1">')
        write(b"".join(inline(f"{col(i + 1)}1", h) for i, h in enumerate(HEADERS)))
        write(b"</row>")
        for r in range(2, n + 2):
            cells = [placa(r), f"9BWZZZ377VT{r:06}", "Volkswagen", "Polo", "1.0 TSI Highline",
                     "2023/2024", "Prata", f"{r * 7} km", "Flex", "Automático", "Usado", f"R$ {90000 + r},00",
                     f"R$ {80000 + r},00", f"Único dono, revisões na concessionária, carro {r} do lote",
                     "Teto solar; Couro; Multimídia", f"Pátio B{r % 40}"]
            write(f'<row r="{r}">'.encode() + b"".join(inline(f"{col(i + 1)}{r}", v) for i, v in enumerate(cells))
                  + b"</row>")
        write(b"</sheetData></worksheet>")
    return writer


def make_files():
    """(name, what it is, path or None for the streamed form field)."""
    os.makedirs(FILES, exist_ok=True)
    cases = []

    def add(name, what, build, ext="xlsx"):
        path = os.path.join(FILES, f"{name}.{ext}")
        if not os.path.exists(path):
            build(path)
        cases.append((name, what, path))

    add("two_corners", "the issue's 1.5 KB file: A1 and XFD1048576",
        lambda p: xlsx(p, [("xl/worksheets/sheet1.xml", lambda w: w(sheet(
            b'<row r="1">' + inline("A1", "Placa") + b'</row><row r="1048576">' + inline("XFD1048576", "ABC1D23")
            + b"</row>", "A1:XFD1048576")))]))
    add("huge_unique_count", "1 KB: shared strings declaring 4e12 strings",
        lambda p: xlsx(p, [("xl/sharedStrings.xml", lambda w: w(b'<sst uniqueCount="4000000000000"><si><t>Placa</t></si></sst>')),
                           ("xl/worksheets/sheet1.xml", lambda w: w(sheet(b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>')))]))
    add("repeated_rows_bomb", "300 MiB of the same vehicle row",
        lambda p: xlsx(p, [("xl/worksheets/sheet1.xml", repeated(
            b'<worksheet><sheetData><row r="1">' + inline("A1", "Placa") + b"</row>",
            b'<row r="2">' + inline("A2", "ABC1D23") + b"</row>", 300 * MIB, b"</sheetData></worksheet>"))]))
    add("repeated_rows_bomb_large", "2.8 GiB of the same vehicle row",
        lambda p: xlsx(p, [("xl/worksheets/sheet1.xml", repeated(
            b'<worksheet><sheetData><row r="1">' + inline("A1", "Placa") + b"</row>",
            b'<row r="2">' + inline("A2", "ABC1D23") + b"</row>", 2800 * MIB, b"</sheetData></worksheet>"))]))
    add("empty_rows_bomb", "300 MiB of rows holding nothing",
        lambda p: xlsx(p, [("xl/worksheets/sheet1.xml", repeated(b"<worksheet><sheetData>", b'<row r="2"/>', 300 * MIB,
                                                                  b"</sheetData></worksheet>"))]))
    add("shared_strings_bomb", "300 MiB of shared strings",
        lambda p: xlsx(p, [("xl/sharedStrings.xml", repeated(b"<sst>", b"<si><t>Placa ABC1D23</t></si>", 300 * MIB, b"</sst>")),
                           ("xl/worksheets/sheet1.xml", lambda w: w(sheet(b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>')))]))
    add("one_huge_cell", "one cell of 300 MiB of text",
        lambda p: xlsx(p, [("xl/worksheets/sheet1.xml", repeated(
            b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>', b"x", 300 * MIB,
            b"</t></is></c></row></sheetData></worksheet>"))]))

    def many_entries(p):
        with zipfile.ZipFile(p, "w", zipfile.ZIP_STORED) as z:
            for name, data in (("xl/workbook.xml", WORKBOOK), ("xl/_rels/workbook.xml.rels", RELS)):
                z.writestr(name, data)
            z.writestr("xl/worksheets/sheet1.xml", sheet(b'<row r="1">' + inline("A1", "Placa") + b"</row>"))
            for i in range(100_000):
                z.writestr(f"x/{i}", b"")
    add("many_entries", "a ZIP of 100,000 empty parts", many_entries)
    def csv_rows(p):
        with open(p, "wb") as f:
            f.write(b"placa\n" + b"a\n" * 5_200_000)
    add("many_short_rows", "10 MiB CSV of 5.2 million rows", csv_rows, "csv")
    cases.append(("huge_dry_run_field", "a 768 MiB dryRun form field", None))
    add("dealer_sheet_20001", "20,001 honest rows, one more than max_rows",
        lambda p: xlsx(p, [("xl/worksheets/sheet1.xml", dealer_rows(20_001))]))
    add("dealer_sheet", "20,000 honest rows: accepted; peak includes the job applying them",
        lambda p: xlsx(p, [("xl/worksheets/sheet1.xml", dealer_rows(20_000))]))
    return cases


def post_form(token, tenant, field, filename, body_iter, length, timeout=120):
    boundary = "bench-boundary-3e1f"
    disposition = f'form-data; name="{field}"' + (f'; filename="{filename}"' if filename else "")
    head = f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n".encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    conn = http.client.HTTPConnection("127.0.0.1", b.PORT, timeout=timeout)
    try:
        conn.putrequest("POST", "/api/v1/vehicles/imports")
        conn.putheader("authorization", f"Bearer {token}")
        conn.putheader("x-tenant", tenant)
        conn.putheader("content-type", f"multipart/form-data; boundary={boundary}")
        conn.putheader("content-length", str(len(head) + length + len(tail)))
        conn.endheaders()
        try:
            conn.send(head)
            for chunk in body_iter:
                conn.send(chunk)
            conn.send(tail)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered before taking the whole body
        r = conn.getresponse()
        raw = r.read()
        try:
            body = json.loads(raw)
        except ValueError:
            body = raw.decode(errors="replace")
        return r.status, body
    except (OSError, http.client.HTTPException) as e:
        return None, str(e)
    finally:
        conn.close()


def upload(token, tenant, path):
    size = os.path.getsize(path)

    def chunks():
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                yield chunk
    return post_form(token, tenant, "file", os.path.basename(path), chunks(), size)


def big_field(token, tenant):
    size = 768 * MIB
    block = b"x" * MIB
    return post_form(token, tenant, "dryRun", None, (block for _ in range(size // MIB)), size)


class Run:
    def __init__(self, backend):
        self.srv = b.Server(backend, "imports")
        self.srv.cli("tenant", "create", "bench", "--name", "Bench", "--cnpj", b.valid_cnpj(__import__("random").Random(8)),
                     "--admin-email", "dono@bench.com.br", "--admin-password", b.PASSWORD)
        self.start()
        status, body = b.call("POST", "/api/v1/stores", {"name": "Matriz"}, self.token, "bench")
        if status not in (200, 201):
            sys.exit(f"store: {status} {body}")

    def start(self):
        self.srv.start()
        self.token = b.login("bench", "dono@bench.com.br")

    def restart(self):
        if self.alive():
            self.srv.proc.kill()
            self.srv.proc.wait()
        self.start()

    def settle(self, quiet_s=1.0, limit_s=180):
        """Waits until the server uses no CPU for a while (a parse left running by an earlier
        request would otherwise count towards the next file)."""
        def cpu():
            with open(f"/proc/{self.srv.proc.pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return int(fields[11]) + int(fields[12])
        end = time.time() + limit_s
        last, quiet_since = cpu(), time.time()
        while time.time() < end:
            time.sleep(0.25)
            now = cpu()
            if now != last:
                last, quiet_since = now, time.time()
            elif time.time() - quiet_since >= quiet_s:
                return

    def alive(self):
        return self.srv.proc.poll() is None

    def reset_peak(self):
        with open(f"/proc/{self.srv.proc.pid}/clear_refs", "w") as f:
            f.write("5")
        return self.srv.rss()["VmRSS"]

    def finish_job(self, job_id, deadline_s=900):
        end = time.time() + deadline_s
        while time.time() < end:
            status, body = b.call("GET", f"/api/v1/vehicles/imports/{job_id}", token=self.token, tenant="bench")
            if status == 200 and body["status"] in ("succeeded", "failed"):
                return body
            time.sleep(0.5)
        return None


def measure(run, name, what, path):
    print(f"  {name}: {what}", flush=True)
    # A server of its own for each file: what an earlier one left running or allocated does not
    # count towards this one.
    run.restart()
    idle = run.reset_peak()
    started = time.time()
    if name == "huge_dry_run_field":
        status, body = big_field(run.token, "bench")
    elif name == "dealer_sheet_20001":
        # Eight at once: only imports.max_concurrent are read together.
        results = [None] * 8
        threads = [threading.Thread(target=lambda i=i: results.__setitem__(i, upload(run.token, "bench", path)))
                   for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        status, body = results[0]
        statuses = sorted({str(r[0]) for r in results})
        what += "; 8 uploads at once"
    else:
        status, body = upload(run.token, "bench", path)
    seconds = round(time.time() - started, 2)
    job = None
    if name == "dealer_sheet" and status == 202:
        job = run.finish_job(body["id"])
    # Work a timed-out request left running counts too: the peak is read once the server is quiet.
    if run.alive():
        run.settle(limit_s=600)
    busy_seconds = round(time.time() - started, 2)
    alive = run.alive()
    peak = run.srv.rss()["VmHWM"] if alive else None
    healthz = None
    if alive:
        try:
            healthz = b.call("GET", "/healthz", timeout=10)[0]
        except OSError:
            healthz = None
    code = None
    if isinstance(body, dict):
        errors = body.get("errors")
        code = (errors[0].get("code") if isinstance(errors, list) and errors else None) or body.get("code")
    result = {
        "file": name, "what": what, "bytes": os.path.getsize(path) if path else 768 * MIB,
        "status": status, "code": code, "seconds": seconds, "busy_seconds": busy_seconds,
        "server": "alive" if alive else f"died (exit {run.srv.proc.returncode})",
        "healthz": healthz, "idle_rss_mib": idle, "peak_rss_mib": peak,
        "peak_above_idle_mib": (peak - idle) if peak is not None else None,
    }
    if job:
        result["job"] = {k: job[k] for k in ("status", "created", "rejected")}
    if name == "dealer_sheet_20001":
        result["statuses"] = statuses
    print(f"    {json.dumps(result, ensure_ascii=False)}", flush=True)
    return result


def markdown(all_runs, m):
    md = ("# Imports: peak server memory per upload\n\n" + b.machine_md(m) + "\n"
          "`bench/imports.py` uploads each file to a fresh `innexar serve` and reads the server's `VmHWM` after "
          "resetting it (`/proc/<pid>/clear_refs`) just before the upload: *peak above idle* is how far the peak rose "
          "while the server took in and read that one file. Default settings (`imports.max_file_bytes` 10 MiB, "
          "`max_rows` 20,000, `max_unpacked_bytes` 128 MiB, `max_text_bytes` 32 MiB, 2 files read at once, 1 per tenant).\n\n")
    labels = list(all_runs)
    files = []
    for label in labels:
        for r in all_runs[label]["results"]:
            if r["file"] not in files:
                files.append(r["file"])
    for label in labels:
        run = all_runs[label]
        md += f"- **{label}**: {run['binary']} ({run['backend']}), {run['date']}\n"
    md += ("\n*answer*: the status and code the upload got; *s*: seconds until it answered, and (in brackets) until "
           "the server was quiet again, when work went on after the answer.\n")
    md += "\n| file | what | " + " | ".join(f"{l}: answer | {l}: peak above idle (MiB) | {l}: s" for l in labels) + " |\n"
    md += "|---|---|" + "---|---|---|" * len(labels) + "\n"
    for f in files:
        row = None
        cells = []
        for label in labels:
            r = next((x for x in all_runs[label]["results"] if x["file"] == f), None)
            if r is None:
                cells += ["", "", ""]
                continue
            row = row or r
            if r["server"] != "alive":
                answer = f"**server {r['server']}**"
            else:
                answer = f"{r['status']} {r['code'] or ''}".strip()
                if r.get("statuses"):
                    answer = "/".join(r["statuses"]) + (f" {r['code']}" if r["code"] else "")
                if r.get("job"):
                    answer += f"; job {r['job']['status']}, {r['job']['created']} created"
            peak = "—" if r["peak_above_idle_mib"] is None else str(r["peak_above_idle_mib"])
            secs = str(r["seconds"])
            if r.get("busy_seconds") and r["busy_seconds"] - r["seconds"] > 2:
                secs += f" ({r['busy_seconds']})"
            cells += [answer, peak, secs]
        size = f"{row['bytes'] / 1024:,.0f} KiB" if row else ""
        md += f"| {f} | {row['what'] if row else ''} ({size}) | " + " | ".join(cells) + " |\n"
    md += ("\nThe target (issue #8): under 200 MiB above idle for any upload within the limits, and no more than the "
           "limits allow for hostile ones: the shared strings may hold `max_text_bytes`, a file is copied about twice as "
           "it is received, everything else is a few MiB. *before* is a build of the commit before the bounds; the debug "
           "columns compare like with like, the release one is what ships.\n")
    return md


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--label", required=True, help="before, after, ...: the column of the results")
    ap.add_argument("--binary", default=None, help="innexar binary (default: the release build)")
    ap.add_argument("--backend", default="sqlite", choices=["sqlite", "postgres"])
    ap.add_argument("--only", default=None, help="comma-separated file names")
    a = ap.parse_args()
    if a.binary:
        b.binary = lambda: a.binary
    binary = b.binary()
    cases = make_files()
    if a.only:
        cases = [c for c in cases if c[0] in a.only.split(",")]
    print(f"imports benchmark ({a.label}): {binary}", flush=True)
    # Away from the checkout's config/default.toml: every binary runs on its built-in defaults
    # (an older one would refuse the newer file's keys).
    os.makedirs(b.WORK, exist_ok=True)
    os.chdir(b.WORK)
    run = Run(a.backend)
    try:
        results = [measure(run, *c) for c in cases]
    finally:
        if run.alive():
            run.srv.stop()
        elif a.backend == "postgres":
            run.srv.drop_pg()
    m = b.machine()
    path = os.path.join(b.RESULTS, "imports.json")
    all_runs = {}
    if os.path.exists(path):
        with open(path) as f:
            all_runs = json.load(f).get("runs", {})
    if a.only and a.label in all_runs:
        # A partial run replaces only the files it measured.
        kept = [r for r in all_runs[a.label]["results"] if r["file"] not in {x["file"] for x in results}]
        order = [c[0] for c in make_files()]
        results = sorted(kept + results, key=lambda r: order.index(r["file"]) if r["file"] in order else len(order))
    all_runs[a.label] = {"binary": os.path.relpath(binary, b.ROOT) if binary.startswith(b.ROOT) else binary,
                         "backend": a.backend, "date": m["date"], "results": results}
    b.write("imports", {"machine": m, "runs": all_runs}, markdown(all_runs, m))


if __name__ == "__main__":
    main()
