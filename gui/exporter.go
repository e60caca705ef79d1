package gui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/annotate/codec"
	"github.com/spanmark/spanmark/internal/ops"
	"github.com/spanmark/spanmark/store"
)

var exportFormats = []string{"jsonl", "doccano", "brat", "conll"}

// exportSpanChoices are the export dialog's span filters.
var exportSpanChoices = []string{"all spans", "claims only", "check-worthy claims only"}

// exportReviewChoices are the export dialog's review filters
// (--review accepted, --annotator gold).
var exportReviewChoices = []string{"every span", "accepted spans only", "adjudicated (gold) spans only"}

var exportExt = map[string]string{"jsonl": ".jsonl", "doccano": ".jsonl", "conll": ".conll"}

// showExport asks for format and article status, then for where to write.
func (u *ui) showExport() {
	format := u.newSelect(exportFormats, nil)
	format.SetSelected("jsonl")
	statuses := []string{"all statuses", "done and reviewed"}
	for _, s := range annotate.Statuses {
		statuses = append(statuses, statusText(s))
	}
	status := u.newSelect(statuses, nil)
	status.SetSelectedIndex(0)
	spans := u.newSelect(exportSpanChoices, nil)
	spans.SetSelectedIndex(0)
	review := u.newSelect(exportReviewChoices, nil)
	review.SetSelectedIndex(0)
	items := []*widget.FormItem{
		{Text: "Format", Widget: format, HintText: exportHints["jsonl"]},
		{Text: "Articles", Widget: status},
		{Text: "Spans", Widget: spans, HintText: "claims only: their links to entities are left out"},
		{Text: "Review", Widget: review, HintText: "the reviewed set: accepted spans, or the adjudicated (gold) ones"},
	}
	d := dialog.NewForm("Export", "Choose where…", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		var f store.ExportFilter
		switch i := status.SelectedIndex(); {
		case i == 1:
			f.Statuses = []annotate.Status{annotate.StatusDone, annotate.StatusReviewed}
		case i > 1:
			f.Statuses = []annotate.Status{annotate.Statuses[i-2]}
		}
		switch spans.SelectedIndex() {
		case 1:
			f.Kind = annotate.KindClaim
		case 2:
			f.Kind, f.Where = annotate.KindClaim, map[string]string{annotate.AttrCheckworthy: "yes"}
		}
		switch review.SelectedIndex() {
		case 1:
			f.Review = annotate.ReviewAccepted
		case 2:
			f.Annotator = annotate.GoldAnnotator
		}
		u.chooseExportTarget(codec.Format(format.Selected), f)
	}, u.win)
	// The hint follows the format chosen (it said brat's while jsonl was).
	format.OnChanged = func(f string) {
		items[0].HintText = exportHints[f]
		d.Refresh()
	}
	d.Resize(fyne.NewSize(520, 320))
	u.show(d)
}

// exportHints say what each export format writes.
var exportHints = map[string]string{
	"jsonl":   "one article per line: text, spans, relations, claim attributes",
	"doccano": "doccano's JSONL: text, entities and relations",
	"brat":    "a .txt and .ann pair per article into a folder",
	"conll":   "one token per line with BIO tags; entities only",
}

func (u *ui) chooseExportTarget(format codec.Format, f store.ExportFilter) {
	if format == "brat" {
		d := u.pickFolder("Export", func(path string) { u.runExport(format, path, f) })
		d.SetConfirmText("Export here")
		u.show(d)
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.showError("Export", err)
			return
		}
		if w == nil {
			return
		}
		path := w.URI().Path()
		w.Close() // the export writes beside it and renames over it when complete
		u.runExport(format, path, f)
	}, u.win)
	d.SetFileName("spanmark-export" + exportExt[string(format)])
	d.Resize(pickerSize)
	u.show(d)
}

// runExport writes the filtered articles on a goroutine with a progress
// dialog; Cancel stops it and leaves no half-written file.
func (u *ui) runExport(format codec.Format, out string, f store.ExportFilter) {
	if u.jobBusy("Export") {
		return
	}
	total := 0
	if counts, err := u.s.DB().StatusCounts(u.ctx); err == nil {
		for st, n := range counts {
			if len(f.Statuses) == 0 || containsStatus(f.Statuses, st) {
				total += n
			}
		}
	}
	db := u.s.DB()
	u.runJob("Export", "Writing "+out, func(ctx context.Context, progress func(float64, string)) func(bool) {
		n, err := ops.Export(ctx, db, format, out, nil, f, func(n int) {
			if n%50 != 0 {
				return
			}
			frac := -1.0
			if total > 0 {
				frac = float64(n) / float64(total)
			}
			progress(frac, count(n, "article")+" written")
		})
		return func(cancelled bool) {
			switch {
			case cancelled && err != nil:
				u.bar.hint("export cancelled")
			case err != nil:
				u.showError("Export failed", err)
			default:
				u.bar.hint("exported " + count(n, "article") + " to " + out)
				u.showMessage("Export", fmt.Sprintf("Exported %s as %s to\n%s", count(n, "article"), format, out))
			}
		}
	})
}

func containsStatus(list []annotate.Status, s annotate.Status) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
