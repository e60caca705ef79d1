package store

import (
	"context"

	"github.com/spanmark/spanmark/annotate"
)

// exportBatch is the number of articles Export's reader hands over at a
// time. One hand-over per article cost a futex wake-up or a nanosleep each
// (≈ 7,000 calls for 20,000 articles), more than reading ahead gained; in
// batches of 64 there are ≈ 300, and reading overlaps encoding and writing.
const exportBatch = 64

// exportBatches is how many batches exist: one being filled, one being
// emitted, one waiting. They and their articles' span and relation arrays
// are reused, so memory stays flat.
const exportBatches = 3

type articleBatch struct {
	arts []annotate.Article
	n    int
}

// exportBatcher hands the reader the next article to fill (slot) and
// passes full batches to the emitting goroutine (out), which gives them
// back through free.
type exportBatcher struct {
	ctx  context.Context
	cur  *articleBatch
	out  chan *articleBatch
	free chan *articleBatch
}

func newExportBatcher(ctx context.Context) *exportBatcher {
	bt := &exportBatcher{ctx: ctx, out: make(chan *articleBatch, exportBatches), free: make(chan *articleBatch, exportBatches)}
	for range exportBatches {
		bt.free <- &articleBatch{arts: make([]annotate.Article, exportBatch)}
	}
	return bt
}

// slot returns the article to fill next: the same one until put.
func (bt *exportBatcher) slot() (*annotate.Article, error) {
	if bt.cur == nil {
		select {
		case bt.cur = <-bt.free:
			bt.cur.n = 0
		case <-bt.ctx.Done():
			return nil, bt.ctx.Err()
		}
	}
	return &bt.cur.arts[bt.cur.n], nil
}

// put keeps the article slot returned; a full batch is handed over.
func (bt *exportBatcher) put() error {
	bt.cur.n++
	if bt.cur.n < len(bt.cur.arts) {
		return nil
	}
	return bt.flush()
}

// flush hands over the batch being filled, if it holds anything.
func (bt *exportBatcher) flush() error {
	if bt.cur == nil || bt.cur.n == 0 {
		return nil
	}
	select {
	case bt.out <- bt.cur:
		bt.cur = nil
		return nil
	case <-bt.ctx.Done():
		return bt.ctx.Err()
	}
}
