package store

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/spanmark/spanmark/annotate"
)

// importItem is one record copied for the inserter, with reused buffers.
type importItem struct {
	a     annotate.Article
	file  string
	line  int
	spans []annotate.Span     // buffer behind a.Spans
	rels  []annotate.Relation // buffer behind a.Rels
	meta  []byte              // buffer behind a.Meta
}

// importBatch is up to batchSize records handed from the decoder to the inserter.
type importBatch struct {
	items []importItem
	err   error // the decoder's error after items, if any
}

// decoder runs next on its own goroutine and hands out validated records in
// batches; the inserter gives batches back through free for reuse.
type decoder struct {
	next      func() (*annotate.Record, error)
	opt       ImportOptions
	labels    []annotate.Label
	schema    annotate.ClaimSchema // claim attributes and SPEAKER/ABOUT ends are checked against it
	known     map[string]bool
	newLabels []annotate.Label // valid once out is closed
	out       chan *importBatch
	free      chan *importBatch
	quit      chan struct{}
	dedupe    map[spanKey]string
	order     []int // scratch for validate
}

func newDecoder(next func() (*annotate.Record, error), labels []annotate.Label, opt ImportOptions) *decoder {
	d := &decoder{
		next:   next,
		opt:    opt,
		labels: labels,
		known:  make(map[string]bool, len(labels)),
		out:    make(chan *importBatch, 2),
		free:   make(chan *importBatch, 4),
		quit:   make(chan struct{}),
		dedupe: map[spanKey]string{},
	}
	for _, l := range labels {
		d.known[l.Name] = true
	}
	for range 4 {
		d.free <- &importBatch{items: make([]importItem, 0, batchSize)}
	}
	return d
}

// stop ends the decoder goroutine early (after an error) and waits for it.
func (d *decoder) stop() {
	close(d.quit)
	for range d.out {
	}
}

func (d *decoder) run() {
	defer close(d.out)
	for {
		var b *importBatch
		select {
		case b = <-d.free:
		case <-d.quit:
			return
		}
		b.items = b.items[:0]
		b.err = nil
		for len(b.items) < batchSize {
			rec, err := d.next()
			if err == io.EOF {
				d.send(b)
				return
			}
			if err != nil {
				b.err = err
				d.send(b)
				return
			}
			b.items = b.items[:len(b.items)+1]
			it := &b.items[len(b.items)-1]
			if err := d.prepare(it, rec); err != nil {
				b.items = b.items[:len(b.items)-1]
				b.err = annotate.AtInput(rec.File, rec.Line, err)
				d.send(b)
				return
			}
		}
		if !d.send(b) {
			return
		}
	}
}

func (d *decoder) send(b *importBatch) bool {
	select {
	case d.out <- b:
		return true
	case <-d.quit:
		return false
	}
}

// prepare copies rec into it (reusing its buffers), fills the defaults and
// validates the article.
func (d *decoder) prepare(it *importItem, rec *annotate.Record) error {
	it.file, it.line = rec.File, rec.Line
	src := &rec.Article
	it.spans = append(it.spans[:0], src.Spans...)
	it.rels = append(it.rels[:0], src.Rels...)
	it.a = *src
	a := &it.a
	a.Spans, a.Rels = it.spans, it.rels
	if len(src.Meta) > 0 { // a reader may reuse its buffers
		it.meta = append(it.meta[:0], src.Meta...)
		a.Meta = it.meta
	}
	st, err := annotate.ParseStatus(string(a.Status))
	if err != nil {
		return fmt.Errorf("article %s: %w", a.ID, err)
	}
	a.Status = st
	if len(a.Meta) > 0 && !json.Valid(a.Meta) {
		return fmt.Errorf("article %s: meta is not valid JSON", a.ID)
	}
	for i := range a.Spans {
		s := &a.Spans[i]
		if s.Kind == "" {
			s.Kind = annotate.KindOf(d.labels, s.Label)
		} else if _, err := annotate.ParseKind(string(s.Kind)); err != nil {
			return fmt.Errorf("span %s %d-%d: %w", s.ID, s.Start, s.End, err)
		}
		if s.Annotator == "" {
			s.Annotator = d.opt.Annotator
		}
		if _, err := annotate.ParseReview(string(s.Review)); err != nil {
			return fmt.Errorf("span %s %d-%d: %w", s.ID, s.Start, s.End, err)
		}
	}
	a.AssignSpanIDs()
	if err := annotate.CheckFields(a); err != nil {
		return err
	}
	if d.order, err = a.ValidateFast(d.order, rec.SpansChecked); err != nil {
		return err
	}
	if err := a.ValidateClaims(d.schema); err != nil {
		return fmt.Errorf("article %s: %w", a.ID, err)
	}
	d.dropDuplicates(a)
	for i := range a.Spans {
		s := &a.Spans[i]
		if !d.known[s.Label] {
			d.known[s.Label] = true
			l := annotate.Label{Name: s.Label, Kind: s.Kind, Color: annotate.ColorFor(s.Label)}
			d.labels = append(d.labels, l)
			d.newLabels = append(d.newLabels, l)
		}
	}
	return nil
}

// dropDuplicates removes spans identical to an earlier span of a (same
// offsets, label, kind, annotator); relations follow the kept span.
func (d *decoder) dropDuplicates(a *annotate.Article) {
	if len(a.Spans) < 2 {
		return
	}
	clear(d.dedupe)
	var renamed map[string]string
	kept := a.Spans[:0]
	for _, s := range a.Spans {
		k := spanKey{s.Start, s.End, s.Label, string(s.Kind), s.Annotator}
		if id, dup := d.dedupe[k]; dup {
			if renamed == nil {
				renamed = map[string]string{}
			}
			renamed[s.ID] = id
			continue
		}
		d.dedupe[k] = s.ID
		kept = append(kept, s)
	}
	a.Spans = kept
	if renamed == nil {
		return
	}
	for i := range a.Rels {
		r := &a.Rels[i]
		if id, ok := renamed[r.Head]; ok {
			r.Head = id
		}
		if id, ok := renamed[r.Child]; ok {
			r.Child = id
		}
	}
}
