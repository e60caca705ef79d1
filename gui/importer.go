package gui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/spanmark/spanmark/annotate/codec"
	"github.com/spanmark/spanmark/internal/ops"
	"github.com/spanmark/spanmark/store"
)

var importFormats = []string{"auto", "text", "jsonl", "prodigy", "doccano", "brat", "labelstudio"}

// importJob is what one import run reads and how.
type importJob struct {
	paths     []string
	format    codec.Format
	annotator string
	replace   bool
}

// showOpenFile imports one file picked in a file dialog, format by content.
func (u *ui) showOpenFile() {
	u.show(u.pickFile("Open", func(path string) { u.importAuto([]string{path}) }))
}

// importAuto imports paths with format auto; a file whose name is not one
// of the formats spanmark reads (a log, a PDF) is imported only once the
// person has said so.
func (u *ui) importAuto(paths []string) {
	var odd []string
	for _, p := range paths {
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && !codec.KnownByName(p) {
			odd = append(odd, filepath.Base(p))
		}
	}
	run := func() { u.runImport(importJob{paths: paths, format: "auto", annotator: u.s.Annotator}) }
	if len(odd) == 0 {
		run()
		return
	}
	msg := fmt.Sprintf("%s %s not named as a file spanmark reads (.txt, .jsonl, .json, .ann).\n"+
		"Import anyway, its format guessed from its content (plain text becomes one article)?",
		strings.Join(odd, ", "), map[bool]string{true: "is", false: "are"}[len(odd) == 1])
	d := dialog.NewConfirm("Import "+odd[0]+"?", msg, func(ok bool) {
		if ok {
			run()
		}
	}, u.win)
	d.SetConfirmText("Import anyway")
	d.SetDismissText("Cancel")
	u.show(d)
}

// showOpenFolder imports every file of a folder picked in a dialog.
func (u *ui) showOpenFolder() {
	u.show(u.pickFolder("Open folder", func(path string) {
		u.runImport(importJob{paths: []string{path}, format: "auto", annotator: u.s.Annotator})
	}))
}

// showImport asks for paths, format, annotator and --replace, then imports.
func (u *ui) showImport() {
	paths := u.newMultiLineEntry()
	paths.SetPlaceHolder("one file or folder per line")
	paths.SetMinRowsVisible(3)
	addPath := func(p string) {
		t := strings.TrimRight(paths.Text, "\n")
		if t != "" {
			t += "\n"
		}
		paths.SetText(t + p)
	}
	browseFile := widget.NewButton("Add file…", func() { u.show(u.pickFile("Import", addPath)) })
	browseDir := widget.NewButton("Add folder…", func() { u.show(u.pickFolder("Import", addPath)) })
	format := u.newSelect(importFormats, nil)
	format.SetSelected("auto")
	who := u.newEntry()
	who.SetText(u.s.Annotator)
	replace := u.newCheck("Replace articles whose id exists with a different text", nil)
	items := []*widget.FormItem{
		{Text: "Files", Widget: container.NewBorder(nil, container.NewHBox(browseFile, browseDir), nil, nil, paths)},
		{Text: "Format", Widget: format, HintText: "auto picks by extension and content"},
		{Text: "Annotator", Widget: who, HintText: "for spans that name none"},
		{Text: "", Widget: replace},
	}
	d := dialog.NewForm("Import", "Import", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		var ps []string
		for _, p := range strings.Split(paths.Text, "\n") {
			if p = strings.TrimSpace(p); p != "" {
				ps = append(ps, p)
			}
		}
		if len(ps) == 0 {
			u.showError("Import", errors.New("no file or folder given"))
			return
		}
		u.runImport(importJob{paths: ps, format: codec.Format(format.Selected), annotator: strings.TrimSpace(who.Text), replace: replace.Checked})
	}, u.win)
	d.Resize(fyne.NewSize(640, 420))
	u.show(d)
}

// dropped imports files dropped on the window.
func (u *ui) dropped(_ fyne.Position, uris []fyne.URI) {
	var paths []string
	for _, x := range uris {
		if x.Scheme() == "file" {
			paths = append(paths, x.Path())
		}
	}
	if len(paths) > 0 {
		u.importAuto(paths)
	}
}

// progressDialog is a modal progress bar with a Cancel button.
type progressDialog struct {
	d      *dialog.CustomDialog
	bar    *widget.ProgressBar
	busy   *widget.ProgressBarInfinite
	status *widget.Label
}

func (u *ui) newProgress(title, what string, cancel func()) *progressDialog {
	p := &progressDialog{bar: widget.NewProgressBar(), busy: widget.NewProgressBarInfinite(), status: widget.NewLabel("starting…")}
	p.bar.Hide()
	msg := widget.NewLabel(what)
	msg.Truncation = fyne.TextTruncateEllipsis
	stop := widget.NewButton("Cancel", func() {
		p.status.SetText("cancelling…")
		cancel()
	})
	content := container.NewVBox(msg, container.NewStack(p.bar, p.busy), p.status, container.NewCenter(stop))
	p.d = dialog.NewCustomWithoutButtons(title, content, u.win)
	p.d.Resize(fyne.NewSize(480, 0))
	u.show(p.d)
	return p
}

// set shows progress: a fraction in [0,1], or < 0 when it is unknown.
func (p *progressDialog) set(frac float64, status string) {
	if frac >= 0 {
		if !p.bar.Visible() {
			p.busy.Stop()
			p.busy.Hide()
			p.bar.Show()
		}
		p.bar.SetValue(frac)
	}
	p.status.SetText(status)
}

func (p *progressDialog) close() {
	p.busy.Stop()
	p.d.Hide()
}

// runImport imports job on a goroutine in one transaction, with a progress
// dialog whose Cancel rolls it back. Errors show the CLI's FILE:LINE line.
func (u *ui) runImport(job importJob) {
	db := u.s.DB()
	u.runJob("Import", "Reading "+strings.Join(baseNames(job.paths), ", "), func(ctx context.Context, progress func(float64, string)) func(bool) {
		var mu sync.Mutex
		var warnings []string
		opt := store.ImportOptions{Annotator: job.annotator, Replace: job.replace, Warn: func(msg string) {
			mu.Lock()
			warnings = append(warnings, msg)
			mu.Unlock()
		}}
		res, err := ops.Import(ctx, db, job.paths, job.format, opt, func(done, total int64, n int) {
			frac := -1.0
			if total > 0 {
				frac = float64(done) / float64(total)
			}
			progress(frac, count(n, "article")+" read")
		})
		mu.Lock()
		warns := append([]string(nil), warnings...)
		mu.Unlock()
		return func(cancelled bool) { u.importDone(job, res, warns, err, cancelled && err != nil) }
	})
}

// importDone reports an import and shows what it changed.
func (u *ui) importDone(job importJob, res store.ImportResult, warnings []string, err error, cancelled bool) {
	if u.writeFailed("Import", err, cancelled) {
		return
	}
	if job.replace {
		// Replaced texts may no longer match the offsets of older changes.
		u.s.History().Clear()
	}
	u.labelsArrived()
	u.reloadListOrReport()
	if u.s.Cur == nil {
		if id := u.firstArticle(); id != "" {
			u.openOrReport(id)
		}
	} else if job.replace {
		u.openOrReport(u.s.Cur.ID)
	}
	msg := fmt.Sprintf("Imported %s (%d new), %s, %s.", count(res.Articles, "article"), res.NewArticles, count(res.Spans, "span"), count(res.Relations, "relation"))
	if len(res.NewLabels) > 0 {
		msg += "\nNew labels added to the label set: " + strings.Join(res.NewLabels, ", ")
	}
	if len(warnings) > 0 {
		const most = 20
		msg += fmt.Sprintf("\n\n%d warnings:\n", len(warnings)) + strings.Join(warnings[:min(len(warnings), most)], "\n")
		if len(warnings) > most {
			msg += "\n…"
		}
	}
	u.saved("imported " + count(res.Articles, "article"))
	u.showMessage("Import", msg)
}

// showError shows err's message as the command line prints it (FILE:LINE:
// what is wrong), selectable so it can be copied.
func (u *ui) showError(title string, err error) {
	u.bar.fail(err)
	u.showMessage(title, err.Error())
}

func (u *ui) showMessage(title, msg string) {
	l := widget.NewLabel(msg)
	l.Wrapping = fyne.TextWrapWord
	l.Selectable = true
	d := dialog.NewCustom(title, "Close", container.NewVScroll(l), u.win)
	d.Resize(fyne.NewSize(640, 260))
	u.show(d)
}

func baseNames(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.Base(p)
	}
	return out
}

// count writes "1 article", "2 articles".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
