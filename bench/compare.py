#!/usr/bin/env python3
"""Runs the import/export comparison and prints Markdown tables.

  compare.py SPANMARK_BIN PLAINLOOP_BIN WORKDIR RUNS CORPUS.jsonl...

For each corpus, `spanmark import` and the lean Python import (the
yardstick: python_baseline.py import, the same relational rows) run RUNS
times alternately (spanmark, Python, spanmark, ...) on fresh databases so
that drift of a shared machine cancels; then the same for export. The other
rows (plain Go loop, Prodigy-style Python) run RUNS times after them. Then
both exports run again, alternately, with another CPU-bound process busy on
the machine (one per core, minus one).

Each figure is the median wall time of the whole process, with the spread
(min-max) and the peak RSS (ru_maxrss, the largest of the runs). The load
average before and after each batch is printed: figures measured under load
say so.
"""
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PY = [sys.executable, os.path.join(HERE, "python_baseline.py")]


def run_rss(cmd):
    """Runs cmd under /usr/bin/time -f %M to read its peak RSS (KiB)."""
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit("failed: %s\n%s" % (" ".join(cmd), p.stderr.decode()))
    rss_kib = int(p.stderr.decode().strip().splitlines()[-1])
    return dt, rss_kib / 1024, p.stdout.decode()


def rm(path):
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.remove(path + suffix)
        except FileNotFoundError:
            pass


def load():
    return os.getloadavg()[0]


class Row:
    def __init__(self, name):
        self.name, self.times, self.rss = name, [], []

    def add(self, dt, mb):
        self.times.append(dt)
        self.rss.append(mb)

    @property
    def median(self):
        return statistics.median(self.times)

    def cell(self):
        return "%.3f (%.3f–%.3f)" % (self.median, min(self.times), max(self.times))


def alternate(runs, steps):
    """steps: (row, prepare, cmd, timed_out). Runs them in turn, runs times."""
    l0 = load()
    for _ in range(runs):
        for row, prepare, cmd, timed_out in steps:
            prepare()
            dt, mb, out = run_rss(cmd)
            row.add(float(out.strip()) if timed_out else dt, mb)
            print("  %s: %.3f s, %.0f MB" % (row.name, row.times[-1], mb), file=sys.stderr)
    return "%.1f→%.1f" % (l0, load())


def hogs():
    """Starts CPU-bound processes, one per core minus one (at least one)."""
    n = max(1, (os.cpu_count() or 2) - 1)
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]


def measure(spanmark, plainloop, work, runs, corpus):
    os.makedirs(work, exist_ok=True)
    sm_db, py_db, pl_db, pp_db = (os.path.join(work, n) for n in ("spanmark.db", "python.db", "plain.db", "prodigy.db"))
    out_sm, out_py = os.path.join(work, "export.jsonl"), os.path.join(work, "export-py.jsonl")
    with open(corpus, "rb") as f:
        articles = sum(1 for _ in f)
    r = {n: Row(n) for n in (
        "spanmark import", "Python, lean relational import",
        "spanmark export", "Python, lean relational export",
        "plain Go loop (insert only)", "Python, Prodigy db-in style", "Python, Prodigy db-out style",
        "spanmark export, CPU busy", "Python, lean export, CPU busy")}
    print("corpus: %d articles, %.0f MB" % (articles, os.path.getsize(corpus) / 1e6), file=sys.stderr)
    loads = {}
    loads["import"] = alternate(runs, [
        (r["spanmark import"], lambda: rm(sm_db), [spanmark, "import", "--db", sm_db, corpus], False),
        (r["Python, lean relational import"], lambda: rm(py_db), PY + ["import", corpus, py_db], False),
    ])
    loads["export"] = alternate(runs, [
        (r["spanmark export"], lambda: None, [spanmark, "export", "--db", sm_db, "--out", out_sm], False),
        (r["Python, lean relational export"], lambda: None, PY + ["export", py_db, out_py], False),
    ])
    loads["others"] = alternate(runs, [
        (r["plain Go loop (insert only)"], lambda: rm(pl_db), [plainloop, corpus, pl_db], True),
        (r["Python, Prodigy db-in style"], lambda: rm(pp_db), PY + ["prodigy-import", corpus, pp_db], False),
        (r["Python, Prodigy db-out style"], lambda: None, PY + ["prodigy-export", pp_db, out_py], False),
    ])
    hs = hogs()
    try:
        time.sleep(0.5)
        loads["busy"] = alternate(runs, [
            (r["spanmark export, CPU busy"], lambda: None, [spanmark, "export", "--db", sm_db, "--out", out_sm], False),
            (r["Python, lean export, CPU busy"], lambda: None, PY + ["export", py_db, out_py], False),
        ])
    finally:
        for h in hs:
            h.kill()
            h.wait()
    return articles, r, loads


def main():
    if len(sys.argv) < 6:
        raise SystemExit(__doc__)
    spanmark, plainloop, work, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    results = []
    for corpus in sys.argv[5:]:
        articles, r, loads = measure(spanmark, plainloop, os.path.join(work, os.path.basename(corpus)), runs, corpus)
        results.append((articles, r, loads))
        print("\n### %d articles (medians of %d alternating runs, s; spread in brackets)\n" % (articles, runs))
        print("| step | median s (min–max) | articles/s | peak RSS MB | load avg before→after |")
        print("|---|---:|---:|---:|---|")
        batch = {"spanmark import": "import", "Python, lean relational import": "import",
                 "spanmark export": "export", "Python, lean relational export": "export",
                 "spanmark export, CPU busy": "busy", "Python, lean export, CPU busy": "busy"}
        for name, row in r.items():
            print("| %s | %s | %.0f | %.0f | %s |" % (name, row.cell(), articles / row.median, max(row.rss),
                                                     loads[batch.get(name, "others")]))
        sys.stdout.flush()

    print("\n### spanmark against the lean Python script (yardstick; target ≥ 5×, busy ≥ 3×)\n")
    print("| articles | import: spanmark vs Python | ratio | export: spanmark vs Python | ratio | export, CPU busy | ratio | peak RSS import / export MB |")
    print("|---:|---|---:|---|---:|---|---:|---:|")
    for articles, r, _ in results:
        si, pi = r["spanmark import"], r["Python, lean relational import"]
        se, pe = r["spanmark export"], r["Python, lean relational export"]
        sb, pb = r["spanmark export, CPU busy"], r["Python, lean export, CPU busy"]
        print("| %d | %.3f vs %.3f s | %.1f× | %.3f vs %.3f s | %.1f× | %.3f vs %.3f s | %.1f× | %.0f / %.0f |" % (
            articles, si.median, pi.median, pi.median / si.median, se.median, pe.median, pe.median / se.median,
            sb.median, pb.median, pb.median / sb.median, max(si.rss), max(se.rss)))
    print("\n### the other rows\n")
    print("| articles | import rate / plain Go loop rate | import vs Prodigy db-in style | export vs Prodigy db-out style |")
    print("|---:|---:|---:|---:|")
    for articles, r, _ in results:
        t = {n: row.median for n, row in r.items()}
        print("| %d | %.0f%% | %.1f× | %.1f× |" % (
            articles, 100 * t["plain Go loop (insert only)"] / t["spanmark import"],
            t["Python, Prodigy db-in style"] / t["spanmark import"],
            t["Python, Prodigy db-out style"] / t["spanmark export"]))


if __name__ == "__main__":
    main()
