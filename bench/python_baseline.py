#!/usr/bin/env python3
"""The benchmark's Python baselines, standard library only.

  python_baseline.py import CORPUS.jsonl OUT.db           lean, relational
  python_baseline.py export DB OUT.jsonl
  python_baseline.py prodigy-import CORPUS.jsonl OUT.db   the way Prodigy's db-in/db-out work
  python_baseline.py prodigy-export DB OUT.jsonl

lean import: json.loads each line, checks text[start:end] == span text,
inserts the article and its spans as rows in one transaction (the same rows
spanmark writes). lean export: reads articles and spans back, one json.dumps
line per article.

prodigy-import follows Prodigy's documented database design: each example
gets an input hash (of its "text"/"image"/"html"/"input" keys) and a task
hash (input hash + "spans"/"label"/"options"/"arc"), is stored whole as a
JSON blob in an `example` table and linked to its dataset in a `link`
table, all in one transaction (Prodigy uses murmurhash and peewee; this uses
hashlib and plain sqlite3, which can only be faster). prodigy-export reads
the dataset's blobs back, json.loads and json.dumps each.
"""
import hashlib
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


INPUT_KEYS = ("text", "image", "html", "input")
TASK_KEYS = ("spans", "label", "options", "arc")


def _hash(s):
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=4).digest(), "little", signed=True)


def set_hashes(eg):
    input_hash = _hash(json.dumps({k: eg[k] for k in INPUT_KEYS if k in eg}, sort_keys=True))
    task_hash = _hash(str(input_hash) + json.dumps({k: eg[k] for k in TASK_KEYS if k in eg}, sort_keys=True))
    eg["_input_hash"], eg["_task_hash"] = input_hash, task_hash
    return eg


def prodigy_import(corpus, db_path):
    db = sqlite3.connect(db_path)
    db.executescript("""
        CREATE TABLE dataset (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, created INTEGER, meta BLOB, session INTEGER);
        CREATE TABLE example (id INTEGER PRIMARY KEY, input_hash INTEGER NOT NULL, task_hash INTEGER NOT NULL, content BLOB NOT NULL);
        CREATE TABLE link (id INTEGER PRIMARY KEY, example_id INTEGER NOT NULL REFERENCES example(id),
            dataset_id INTEGER NOT NULL REFERENCES dataset(id));
        CREATE INDEX link_dataset ON link(dataset_id);
    """)
    with open(corpus, encoding="utf-8") as f, db:
        set_id = db.execute("INSERT INTO dataset (name, created, meta, session) VALUES ('bench', 0, '{}', 0)").lastrowid
        for line in f:
            if not line.strip():
                continue
            eg = set_hashes(json.loads(line))
            eg.setdefault("answer", "accept")
            ex = db.execute("INSERT INTO example (input_hash, task_hash, content) VALUES (?, ?, ?)",
                            (eg["_input_hash"], eg["_task_hash"], json.dumps(eg).encode("utf-8"))).lastrowid
            db.execute("INSERT INTO link (example_id, dataset_id) VALUES (?, ?)", (ex, set_id))
    db.close()


def prodigy_export(db_path, out):
    db = sqlite3.connect(db_path)
    with open(out, "w", encoding="utf-8") as f:
        for (content,) in db.execute(
                "SELECT e.content FROM example e JOIN link l ON l.example_id = e.id "
                "JOIN dataset d ON d.id = l.dataset_id WHERE d.name = 'bench' ORDER BY e.id"):
            f.write(json.dumps(json.loads(content)))
            f.write("\n")
    db.close()


MODES = {"import": do_import, "export": do_export, "prodigy-import": prodigy_import, "prodigy-export": prodigy_export}

if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in MODES:
        raise SystemExit(__doc__)
    MODES[sys.argv[1]](sys.argv[2], sys.argv[3])
