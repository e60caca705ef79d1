package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/spanmark/spanmark/annotate"
)

// OpenMergeSources checks and opens the databases paths, to be merged into
// the database at target: a path that does not exist, is not a file, or is
// the target itself is refused, and a file that is not a spanmark database
// too, before anything is written (Open would create a missing file). A
// source, like the target, may be a postgres:// URL (opened read-only: a
// database without spanmark's schema is refused). The caller closes the
// sources.
func OpenMergeSources(target string, paths []string) ([]*DB, error) {
	for _, p := range paths {
		if err := checkMergeSource(target, p); err != nil {
			return nil, err
		}
	}
	srcs := make([]*DB, 0, len(paths))
	for _, p := range paths {
		src, err := OpenReadOnly(p, Options{})
		if err != nil {
			for _, s := range srcs {
				s.Close()
			}
			if IsURL(p) {
				if have, _, verr := SchemaVersion(p); verr == nil && have == 0 {
					return nil, fmt.Errorf("merge: database %s is empty, not a spanmark database", redact(p))
				}
			}
			return nil, fmt.Errorf("merge: %w", err)
		}
		srcs = append(srcs, src)
	}
	return srcs, nil
}

// checkMergeSource refuses a source that does not exist, is not a file, or
// is the target itself (for URLs: the same server address and database;
// Merge also asks the servers).
func checkMergeSource(target, src string) error {
	if IsURL(src) {
		if sameURL(target, src) {
			return fmt.Errorf("merge: %s is the target database itself; nothing to merge", redact(src))
		}
		return nil
	}
	fi, err := os.Stat(src)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("merge: database %s does not exist", src)
		}
		return fmt.Errorf("merge: database %s: %w", src, err)
	}
	if fi.IsDir() {
		return fmt.Errorf("merge: %s is a folder, not a database file", src)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("merge: %s is not a database file", src)
	}
	if ti, err := os.Stat(target); err == nil && os.SameFile(fi, ti) {
		return fmt.Errorf("merge: %s is the target database itself; nothing to merge", src)
	}
	return nil
}

// Merge brings the articles, spans, relations and labels of srcs into db,
// all articles in one import transaction (Import merges an article that
// exists with the same text: identical spans are not duplicated, colliding
// span ids are renamed and their relations follow). An article whose id
// exists with another text stops the merge with nothing merged. Labels of
// srcs that db does not define are added after the articles; db's own
// definitions win where names collide. progress (may be nil) is called
// with the source being read and how many of its articles were read.
//
// Either side may be an SQLite file or a PostgreSQL database: the sources
// are read by Export (a server-side cursor on PostgreSQL) and written by
// Import (COPY for new articles on PostgreSQL), so the outcome is the same
// on every pair of engines.
func (db *DB) Merge(ctx context.Context, srcs []*DB, progress func(src string, articles int)) (ImportResult, error) {
	for _, s := range srcs {
		if same, err := db.sameDatabase(ctx, s); err != nil {
			return ImportResult{}, fmt.Errorf("merge: %s: %w", s.Path(), err)
		} else if same {
			return ImportResult{}, fmt.Errorf("merge: %s is the target database itself; nothing to merge", s.Path())
		}
	}
	st := &mergeStream{ctx: ctx, srcs: srcs, ids: make([][]string, len(srcs))}
	defer st.stop()
	res, err := db.Import(ctx, func() (*annotate.Record, error) {
		rec, err := st.next()
		if err == nil && progress != nil {
			progress(rec.File, st.read)
		}
		return rec, err
	}, ImportOptions{})
	if err != nil {
		return res, st.explain(ctx, db, err)
	}
	added, err := mergeLabels(ctx, db, srcs, res.NewLabels)
	if err != nil {
		return res, fmt.Errorf("merge: articles merged, but the label set was not: %w", err)
	}
	res.NewLabels = added
	return res, nil
}

// mergeStream turns the exports of the source databases, one after the
// other, into the records Import pulls. Each record's File is its source
// and Line its 1-based position in that source's export, so that an error
// of Import can be traced back to the article.
type mergeStream struct {
	ctx  context.Context
	srcs []*DB
	ids  [][]string // per source, the article ids handed out, in order
	read int        // articles handed out from the current source

	cur    int // source being read
	ch     chan *annotate.Article
	errc   chan error
	cancel context.CancelFunc
}

func (m *mergeStream) next() (*annotate.Record, error) {
	for m.cur < len(m.srcs) {
		if m.ch == nil {
			m.start()
		}
		if a, ok := <-m.ch; ok {
			m.read++
			m.ids[m.cur] = append(m.ids[m.cur], a.ID)
			return &annotate.Record{Article: *a, File: m.srcs[m.cur].Path(), Line: m.read}, nil
		}
		err := <-m.errc
		m.cancel()
		m.ch = nil
		if err != nil {
			return nil, fmt.Errorf("merge: read %s: %w", m.srcs[m.cur].Path(), err)
		}
		m.cur++
		m.read = 0
	}
	return nil, io.EOF
}

// start exports the current source on its own goroutine, copying each
// article (Export's are only valid during the call).
func (m *mergeStream) start() {
	ctx, cancel := context.WithCancel(m.ctx)
	ch := make(chan *annotate.Article, 16)
	errc := make(chan error, 1)
	src := m.srcs[m.cur]
	go func() {
		defer close(ch)
		errc <- src.Export(ctx, ExportFilter{}, func(a *annotate.Article) error {
			select {
			case ch <- copyArticle(a):
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	m.ch, m.errc, m.cancel = ch, errc, cancel
}

// stop ends an export still running (after Import gave up early).
func (m *mergeStream) stop() {
	if m.ch == nil {
		return
	}
	m.cancel()
	for range m.ch {
	}
	<-m.errc
	m.ch = nil
}

func copyArticle(a *annotate.Article) *annotate.Article {
	c := *a
	c.Meta = slices.Clone(a.Meta)
	c.Spans = slices.Clone(a.Spans)
	for i := range c.Spans {
		c.Spans[i].Attrs = maps.Clone(c.Spans[i].Attrs)
	}
	c.Rels = slices.Clone(a.Rels)
	return &c
}

// explain turns a failed import into the merge's message: an article whose
// text differs between a source and the target is named with both
// databases; other errors about a record name the source and article.
func (m *mergeStream) explain(ctx context.Context, db *DB, err error) error {
	var ie *annotate.InputError
	if !errors.As(err, &ie) || ie.Line <= 0 {
		return err
	}
	for i, src := range m.srcs {
		if src.Path() != ie.File || ie.Line > len(m.ids[i]) {
			continue
		}
		id := m.ids[i][ie.Line-1]
		theirs, err := src.Article(ctx, id)
		if err != nil {
			return fmt.Errorf("merge: %s: article %s: %v; nothing was merged", src.Path(), id, ie.Err)
		}
		// The text it clashes with is the target's, or that of a source
		// merged before it in this run (rolled back with the rest).
		for _, other := range append([]*DB{db}, m.srcs[:i]...) {
			if a, err := other.Article(ctx, id); err == nil && a.Text != theirs.Text {
				return fmt.Errorf("merge: article %s has a different text in %s than in %s; nothing was merged", id, src.Path(), other.Path())
			}
		}
		return fmt.Errorf("merge: %s: article %s: %v; nothing was merged", src.Path(), id, ie.Err)
	}
	return err
}

// mergeLabels adds to the target's label set the labels of srcs it lacks,
// with their definitions (kind, colour, key when the key is free). Labels
// that this run's import added (fresh, with a default colour and no key)
// take the source's definition; labels the target had before keep theirs.
// It returns the names of the labels new to the target.
func mergeLabels(ctx context.Context, db *DB, srcs []*DB, importedNew []string) ([]string, error) {
	set, err := db.Labels(ctx)
	if err != nil {
		return nil, err
	}
	fresh := map[string]bool{}
	for _, n := range importedNew {
		fresh[n] = true
	}
	at := map[string]int{}
	keys := map[string]bool{}
	for i, l := range set {
		at[l.Name] = i
		if l.Key != "" && !fresh[l.Name] {
			keys[l.Key] = true
		}
	}
	defined := map[string]bool{} // fresh labels a source has defined already
	changed := false
	added := slices.Clone(importedNew)
	for _, src := range srcs {
		theirs, err := src.Labels(ctx)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", src.Path(), err)
		}
		for _, l := range theirs {
			if l.Key != "" && keys[l.Key] {
				l.Key = ""
			}
			i, ok := at[l.Name]
			switch {
			case !ok:
				at[l.Name] = len(set)
				set = append(set, l)
				added = append(added, l.Name)
			case fresh[l.Name] && !defined[l.Name]:
				defined[l.Name] = true
				set[i] = l
			default:
				continue
			}
			if l.Key != "" {
				keys[l.Key] = true
			}
			changed = true
		}
	}
	if !changed {
		return added, nil
	}
	// A source's key may be one this run's import gave a fresh label: the
	// label first in the set keeps it.
	taken := map[string]bool{}
	for i, l := range set {
		if l.Key == "" {
			continue
		}
		if k := strings.ToLower(l.Key); taken[k] {
			set[i].Key = ""
		} else {
			taken[k] = true
		}
	}
	return added, db.SaveLabels(ctx, set)
}

// Redact is name for messages: a URL without its password, a path as it is.
func Redact(name string) string {
	if IsURL(name) {
		return redact(name)
	}
	return name
}

// sameURL reports whether two postgres:// URLs name the same database at
// the same address (user and password aside).
func sameURL(a, b string) bool {
	if !IsURL(a) || !IsURL(b) {
		return false
	}
	ca, err := pgx.ParseConfig(a)
	if err != nil {
		return false
	}
	cb, err := pgx.ParseConfig(b)
	if err != nil {
		return false
	}
	return ca.Host == cb.Host && ca.Port == cb.Port && ca.Database == cb.Database
}

// sameDatabase reports whether two PostgreSQL databases are one, reached
// by two addresses (localhost and 127.0.0.1, a socket and a port): the
// server's start time, port and the database's oid say so.
func (db *DB) sameDatabase(ctx context.Context, other *DB) (bool, error) {
	if !db.pg || !other.pg {
		return false, nil
	}
	const q = `SELECT pg_postmaster_start_time()::text || ' ' || current_setting('port') || ' ' ||
		(SELECT oid FROM pg_database WHERE datname = current_database())::text`
	var a, b string
	if err := db.db.QueryRowContext(ctx, q).Scan(&a); err != nil {
		return false, err
	}
	if err := other.db.QueryRowContext(ctx, q).Scan(&b); err != nil {
		return false, err
	}
	return a == b, nil
}
