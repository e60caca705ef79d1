// Command plainloop is the benchmark's baseline: the same article and span
// rows as `spanmark import`, decoded into memory first (not timed), then
// inserted by a plain loop of prepared statements with go-sqlite3, default
// settings, in one transaction. It prints the seconds the insert loop took.
package main

import (
	"bufio"
	"database/sql"
	"fmt"
	"os"
	"time"

	json "github.com/goccy/go-json"
	_ "github.com/mattn/go-sqlite3"
)

type span struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	Label string `json:"label"`
}

type record struct {
	ID    string          `json:"id"`
	Text  string          `json:"text"`
	Meta  json.RawMessage `json:"meta"`
	Spans []span          `json:"spans"`
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: plainloop CORPUS.jsonl OUT.db")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "plainloop:", err)
		os.Exit(1)
	}
}

func run(corpus, dbPath string) error {
	f, err := os.Open(corpus)
	if err != nil {
		return err
	}
	defer f.Close()
	var recs []record
	r := bufio.NewReaderSize(f, 1<<20)
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 1 {
			var rec record
			if err := json.Unmarshal(line, &rec); err != nil {
				return err
			}
			recs = append(recs, rec)
		}
		if err != nil {
			break
		}
	}
	db, err := sql.Open("sqlite3", dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, s := range []string{
		`CREATE TABLE articles (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, text TEXT NOT NULL, meta TEXT, status TEXT NOT NULL)`,
		`CREATE TABLE spans (rowid INTEGER PRIMARY KEY, article INTEGER NOT NULL REFERENCES articles(rowid), span_id TEXT NOT NULL,
			start INTEGER NOT NULL, end INTEGER NOT NULL, label TEXT NOT NULL, kind TEXT NOT NULL,
			UNIQUE(article, start, end, label, kind))`,
	} {
		if _, err := db.Exec(s); err != nil {
			return err
		}
	}
	t0 := time.Now()
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	insA, err := tx.Prepare(`INSERT INTO articles (id, text, meta, status) VALUES (?, ?, ?, 'todo')`)
	if err != nil {
		return err
	}
	insS, err := tx.Prepare(`INSERT INTO spans (article, span_id, start, end, label, kind) VALUES (?, ?, ?, ?, ?, 'entity')`)
	if err != nil {
		return err
	}
	for _, rec := range recs {
		res, err := insA.Exec(rec.ID, rec.Text, string(rec.Meta))
		if err != nil {
			return err
		}
		aid, _ := res.LastInsertId()
		for i, s := range rec.Spans {
			if _, err := insS.Exec(aid, fmt.Sprintf("s%d", i+1), s.Start, s.End, s.Label); err != nil {
				return err
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	fmt.Printf("%.3f\n", time.Since(t0).Seconds())
	return nil
}
