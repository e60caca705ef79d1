#!/usr/bin/env python3
"""Runs the import/export comparison and prints a Markdown table.

  compare.py SPANMARK_BIN PLAINLOOP_BIN CORPUS.jsonl WORKDIR [RUNS]

Each command runs RUNS times (default 3) on a fresh database; the table
shows the median wall time and the peak RSS (ru_maxrss of that process).
"""
import os
import statistics
import subprocess
import sys
import time


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


def main():
    if len(sys.argv) not in (5, 6):
        raise SystemExit(__doc__)
    spanmark, plainloop, corpus, work = sys.argv[1:5]
    runs = int(sys.argv[5]) if len(sys.argv) == 6 else 3
    here = os.path.dirname(os.path.abspath(__file__))
    py = [sys.executable, os.path.join(here, "python_baseline.py")]
    os.makedirs(work, exist_ok=True)
    sm_db, py_db, pl_db = (os.path.join(work, n) for n in ("spanmark.db", "python.db", "plain.db"))
    rows = {}

    def measure(name, prepare, cmd, timed_out=None):
        times, rss = [], []
        for _ in range(runs):
            prepare()
            dt, mb, out = run_rss(cmd)
            times.append(float(out.strip()) if timed_out else dt)
            rss.append(mb)
            print("  %s: %.2f s, %.0f MB" % (name, times[-1], mb), file=sys.stderr)
        rows[name] = (statistics.median(times), max(rss))

    size = os.path.getsize(corpus)
    with open(corpus, "rb") as f:
        articles = sum(1 for _ in f)
    print("corpus: %d articles, %.0f MB" % (articles, size / 1e6), file=sys.stderr)

    pp_db = os.path.join(work, "prodigy.db")
    measure("spanmark import", lambda: rm(sm_db), [spanmark, "import", "--db", sm_db, corpus])
    measure("plain Go loop (insert only)", lambda: rm(pl_db), [plainloop, corpus, pl_db], timed_out=True)
    measure("Python, Prodigy db-in style", lambda: rm(pp_db), py + ["prodigy-import", corpus, pp_db])
    measure("Python, lean relational import", lambda: rm(py_db), py + ["import", corpus, py_db])
    out_sm, out_py = os.path.join(work, "export.jsonl"), os.path.join(work, "export-py.jsonl")
    measure("spanmark export", lambda: None, [spanmark, "export", "--db", sm_db, "--out", out_sm])
    measure("Python, Prodigy db-out style", lambda: None, py + ["prodigy-export", pp_db, out_py])
    measure("Python, lean relational export", lambda: None, py + ["export", py_db, out_py])

    t = {name: row[0] for name, row in rows.items()}
    print("| step | median s (of %d) | articles/s | peak RSS MB |" % runs)
    print("|---|---:|---:|---:|")
    for name, (sec, mb) in rows.items():
        print("| %s | %.2f | %.0f | %.0f |" % (name, sec, articles / sec, mb))
    print()
    print("| ratio | value | target |")
    print("|---|---:|---|")
    print("| import rate / plain Go loop rate | %.0f%% | ≥ 50%% |" % (100 * t["plain Go loop (insert only)"] / t["spanmark import"]))
    print("| import speed-up over Python, Prodigy style | %.1f× | ≥ 5× |" % (t["Python, Prodigy db-in style"] / t["spanmark import"]))
    print("| import speed-up over Python, lean | %.1f× | (no target) |" % (t["Python, lean relational import"] / t["spanmark import"]))
    print("| export speed-up over Python, Prodigy style | %.1f× | ≥ 5× |" % (t["Python, Prodigy db-out style"] / t["spanmark export"]))
    print("| export speed-up over Python, lean | %.1f× | (no target) |" % (t["Python, lean relational export"] / t["spanmark export"]))
    print("| peak RSS import / export | %.0f / %.0f MB | < 150 MB |" % (rows["spanmark import"][1], rows["spanmark export"][1]))


if __name__ == "__main__":
    main()
