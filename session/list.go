package session

import (
	"context"
	"fmt"
	"slices"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/store"
)

// PageSize is how many rows of the article list are read at a time.
const PageSize = 200

// SearchRows is how many articles a search lists: the best matches, each
// with its snippet.
const SearchRows = 200

// ArticleList is the window's list of articles: the filter it shows, how
// many articles that is, and their rows, read a page at a time (by id from
// the index, after the page before) as the list asks for them, so that
// 100,000 articles cost what 200 do. A search (a filter with a Query) is
// its best SearchRows matches, read at once.
//
// The filter last set (SetFilter) and the filter shown can differ while a
// search runs off the window's goroutine (Ask, Run, Take): an answer to a
// filter that was replaced since is dropped.
type ArticleList struct {
	ctx context.Context
	db  *store.DB

	want store.ArticleFilter // the filter last set
	gen  int                 // counts SetFilter calls

	shown store.ArticleFilter // the filter of the rows
	total int                 // articles it selects
	pages map[int][]store.ArticleSummary
	found found // the last article whose row was looked up
	reads int   // pages read since the list was made
}

// found is where an article's row is (ok false: not listed).
type found struct {
	id  string
	row int
	ok  bool
}

func newArticleList(ctx context.Context, db *store.DB) *ArticleList {
	return &ArticleList{ctx: ctx, db: db, pages: map[int][]store.ArticleSummary{}}
}

// SetFilter makes f the filter to show; Reload (or Ask, Run and Take)
// reads its rows. A search's Limit is SearchRows.
func (l *ArticleList) SetFilter(f store.ArticleFilter) {
	f.After, f.Offset, f.Limit = "", 0, 0
	if f.Query != "" {
		f.Limit = SearchRows
	}
	l.want = f
	l.gen++
}

// Filter is the filter of the rows shown.
func (l *ArticleList) Filter() store.ArticleFilter { return l.shown }

// Filtered reports whether the rows shown are fewer than every article.
func (l *ArticleList) Filtered() bool {
	f := l.shown
	f.Limit, f.After, f.Offset = 0, "", 0 // paging, not filtering
	return f != store.ArticleFilter{}
}

// Len is the number of rows.
func (l *ArticleList) Len() int { return l.total }

// Reload reads the rows of the filter last set: its count and first page,
// and the row of article at (unless ""; the open one, to select it).
func (l *ArticleList) Reload(at string) error {
	ok, err := l.Take(l.Ask(at).Run())
	if err == nil && !ok {
		err = fmt.Errorf("list articles: the filter changed while it was read")
	}
	return err
}

// Query reads the list for a filter; Run may be called on any goroutine.
type Query struct {
	ctx context.Context
	db  *store.DB
	gen int
	f   store.ArticleFilter
	at  string
}

// Answer is what Query.Run read, for Take.
type Answer struct {
	q     Query
	total int
	first []store.ArticleSummary
	at    found
	err   error
}

// Ask is the read of the filter last set, and of where article at (unless
// "") is in it.
func (l *ArticleList) Ask(at string) Query {
	return Query{ctx: l.ctx, db: l.db, gen: l.gen, f: l.want, at: at}
}

// Current reports whether q is for the filter last set.
func (l *ArticleList) Current(q Query) bool { return q.gen == l.gen }

// Run reads q's count and first page (a search: its rows), and the row of
// its article.
func (q Query) Run() Answer {
	a := Answer{q: q, at: found{id: q.at}}
	if q.f.Query != "" {
		a.first, a.err = q.db.ListArticles(q.ctx, q.f)
		a.total = len(a.first)
		a.at.row = slices.IndexFunc(a.first, func(r store.ArticleSummary) bool { return r.ID == q.at })
		a.at.ok = a.at.row >= 0
		return a
	}
	if a.total, a.at.row, a.at.ok, a.err = q.db.CountArticles(q.ctx, q.f, q.at); a.err != nil {
		return a
	}
	f := q.f
	f.Limit = PageSize
	a.first, a.err = q.db.ListArticles(q.ctx, f)
	return a
}

// Take shows a's rows. It reports false, and changes nothing, when the
// filter was set again after a was asked for (more was typed meanwhile).
func (l *ArticleList) Take(a Answer) (bool, error) {
	if a.q.gen != l.gen {
		return false, nil
	}
	if a.err != nil {
		return true, a.err
	}
	l.shown, l.total, l.found = a.q.f, a.total, a.at
	clear(l.pages)
	l.pages[0] = a.first
	l.reads++
	return true, nil
}

// PagesRead counts the pages read since the list was made (a search's
// rows are one page).
func (l *ArticleList) PagesRead() int { return l.reads }

// Row is row i (from 0), read with its page when it has not been read. ok
// is false for a row past the end (articles left the list since it was
// counted).
func (l *ArticleList) Row(i int) (r store.ArticleSummary, ok bool, err error) {
	if i < 0 || i >= l.total {
		return r, false, nil
	}
	p := i / PageSize
	page, read := l.pages[p]
	if !read {
		if page, err = l.readPage(p); err != nil {
			return r, false, err
		}
	}
	if j := i - p*PageSize; j < len(page) {
		return page[j], true, nil
	}
	return r, false, nil
}

// readPage reads page p: after the last row of page p-1 when that is
// read (the index's next rows), else by skipping p pages.
func (l *ArticleList) readPage(p int) ([]store.ArticleSummary, error) {
	f := l.shown
	if f.Query != "" {
		return nil, nil // a search is one page
	}
	f.Limit = PageSize
	if prev, ok := l.pages[p-1]; ok && len(prev) == PageSize {
		f.After = prev[len(prev)-1].ID
	} else {
		f.Offset = p * PageSize
	}
	page, err := l.db.ListArticles(l.ctx, f)
	if err != nil {
		return nil, err
	}
	l.reads++
	l.pages[p] = page
	return page, nil
}

// Index is the row of article id, and false when the list does not hold
// it: from the rows read, else counted in the database (a walk of the
// index: 10–30 ms on 100,000 articles with a label or annotator filter).
func (l *ArticleList) Index(id string) (int, bool, error) {
	if l.found.id == id && id != "" {
		return l.found.row, l.found.ok, nil
	}
	for p, page := range l.pages {
		if j := slices.IndexFunc(page, func(r store.ArticleSummary) bool { return r.ID == id }); j >= 0 {
			return p*PageSize + j, true, nil
		}
	}
	if l.shown.Query != "" {
		return 0, false, nil
	}
	_, i, listed, err := l.db.CountArticles(l.ctx, l.shown, id)
	if err != nil {
		return 0, false, err
	}
	l.found = found{id: id, row: i, ok: listed && i < l.total}
	return l.found.row, l.found.ok, nil
}

// Update changes the status and span count of id's row, when it is read,
// and returns its index (-1 when not read) and whether its status changed
// (true too when not read: the counts per status may have).
func (l *ArticleList) Update(id string, st annotate.Status, spans int) (int, bool) {
	for p, page := range l.pages {
		for j := range page {
			if page[j].ID == id {
				changed := page[j].Status != st
				page[j].Status, page[j].Spans = st, spans
				return p*PageSize + j, changed
			}
		}
	}
	return -1, true
}

// Neighbour is the article after id in the list, else the one before
// ("" when id is not listed or alone).
func (l *ArticleList) Neighbour(id string) (string, error) {
	i, ok, err := l.Index(id)
	if err != nil || !ok {
		return "", err
	}
	for _, j := range []int{i + 1, i - 1} {
		r, ok, err := l.Row(j)
		if err != nil {
			return "", err
		}
		if ok {
			return r.ID, nil
		}
	}
	return "", nil
}

// NextWithSpan is the next (dir > 0) or previous article of the list
// after article from that has a span sf matches: where review mode goes
// next. When from is "" or not listed it starts at the first (or last)
// row. The error wraps store.ErrNotFound when there is none. The list is
// answered by SQL in id order; a search's rows, in their order, by one
// query over them.
func (l *ArticleList) NextWithSpan(from string, dir int, sf annotate.SpanFilter) (string, error) {
	listed := false
	i := -1
	if from != "" {
		var err error
		if i, listed, err = l.Index(from); err != nil {
			return "", err
		}
	}
	if l.shown.Query == "" {
		after := ""
		if listed {
			after = from
		}
		return l.db.NextArticleWithSpan(l.ctx, l.shown, sf, after, dir < 0)
	}
	rows := l.pages[0]
	if !listed {
		i = -1
		if dir < 0 {
			i = len(rows)
		}
	}
	var ids []string
	for j := i + dir; j >= 0 && j < len(rows); j += dir {
		ids = append(ids, rows[j].ID)
	}
	has, err := l.db.ArticlesWithSpan(l.ctx, ids, sf)
	if err != nil {
		return "", err
	}
	for _, id := range ids {
		if has[id] {
			return id, nil
		}
	}
	return "", fmt.Errorf("no article with %s %s: %w", sf, map[bool]string{true: "before", false: "after"}[dir < 0], store.ErrNotFound)
}

// Summary is what the counts line says of the list: "N shown" when it is
// filtered, else "".
func (l *ArticleList) Summary() string {
	if !l.Filtered() {
		return ""
	}
	return fmt.Sprintf("%d shown", l.total)
}
