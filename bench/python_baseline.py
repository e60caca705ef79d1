#!/usr/bin/env python3
"""The benchmark's Python baseline: what a Python annotation tool (such as
Prodigy's db-in / db-out) does with the standard library.

  python_baseline.py import CORPUS.jsonl OUT.db
  python_baseline.py export DB OUT.jsonl

import: json.loads each line, checks text[start:end] == span text, inserts
the article and its spans in one transaction. export: reads articles and
their spans back and writes one json.dumps line per article.
"""
import json
import sqlite3
import sys


def do_import(corpus, db_path):
    db = sqlite3.connect(db_path)
    db.executescript("""
        CREATE TABLE articles (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL, meta TEXT, status TEXT NOT NULL);
        CREATE TABLE spans (rowid INTEGER PRIMARY KEY, article INTEGER NOT NULL REFERENCES articles(rowid),
            span_id TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
            label TEXT NOT NULL, kind TEXT NOT NULL, UNIQUE(article, start, end, label, kind));
    """)
    with open(corpus, encoding="utf-8") as f, db:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            text = rec["text"]
            for s in rec.get("spans", []):
                if text[s["start"]:s["end"]] != s["text"]:
                    raise SystemExit("span text mismatch in " + rec["id"])
            cur = db.execute("INSERT INTO articles (id, text, meta, status) VALUES (?, ?, ?, 'todo')",
                             (rec["id"], text, json.dumps(rec.get("meta"))))
            aid = cur.lastrowid
            db.executemany(
                "INSERT INTO spans (article, span_id, start, end, label, kind) VALUES (?, ?, ?, ?, ?, 'entity')",
                [(aid, "s%d" % (i + 1), s["start"], s["end"], s["label"]) for i, s in enumerate(rec.get("spans", []))])
    db.close()


def do_export(db_path, out):
    db = sqlite3.connect(db_path)
    spans = {}
    for aid, sid, start, end, label, kind in db.execute(
            "SELECT article, span_id, start, end, label, kind FROM spans ORDER BY article, start"):
        spans.setdefault(aid, []).append((sid, start, end, label, kind))
    with open(out, "w", encoding="utf-8") as f:
        for rowid, aid, text, meta, status in db.execute(
                "SELECT rowid, id, text, meta, status FROM articles ORDER BY id"):
            rec = {"id": aid, "text": text, "meta": json.loads(meta) if meta else None, "status": status,
                   "spans": [{"id": sid, "start": s, "end": e, "text": text[s:e], "label": l, "kind": k}
                             for sid, s, e, l, k in spans.get(rowid, [])]}
            f.write(json.dumps(rec, ensure_ascii=False))
            f.write("\n")
    db.close()


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("import", "export"):
        raise SystemExit(__doc__)
    (do_import if sys.argv[1] == "import" else do_export)(sys.argv[2], sys.argv[3])
