package gui

import (
	"bufio"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/annotate/codec"
	"github.com/spanmark/spanmark/internal/ops"
	"github.com/spanmark/spanmark/store"
)

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func countArticles(t *testing.T, u *ui) int {
	t.Helper()
	rows, err := u.s.DB().ListArticles(context.Background(), store.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(rows)
}

func TestImportOfABadFileNamesFileAndLineAndChangesNothing(t *testing.T) {
	u := newTestUI(t, gulfNews)
	dir := t.TempDir()
	good := `{"id": "ok1", "text": "Ana met Bob.", "spans": [{"start": 0, "end": 3, "label": "PERSON", "text": "Ana"}]}`
	bad := `{"id": "bad1", "text": "Ana met Bob.", "spans": [{"start": 8, "end": 11, "label": "PERSON", "text": "Ana"}]}`
	path := writeFile(t, dir, "news.jsonl", good+"\n"+bad+"\n")

	_, err := ops.Import(context.Background(), u.s.DB(), []string{path}, "auto", store.ImportOptions{Annotator: "tester"}, nil)
	var ie *annotate.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v (%T), want an *annotate.InputError", err, err)
	}
	if !strings.HasPrefix(err.Error(), path+":2: ") {
		t.Errorf("message %q, want it to start with %s:2:", err.Error(), path)
	}
	if n := countArticles(t, u); n != 25 {
		t.Errorf("%d articles after the failed import, want the 25 samples only", n)
	}
	u.importDone(importJob{}, store.ImportResult{}, nil, err, false)
	if u.win.Canvas().Overlays().Top() == nil {
		t.Error("no dialog shows the error")
	}
	if !strings.Contains(u.bar.state.Text, path+":2:") {
		t.Errorf("status bar %q, want the FILE:LINE message", u.bar.state.Text)
	}
}

func TestImportAddsArticlesToTheList(t *testing.T) {
	u := newTestUI(t, gulfNews)
	dir := t.TempDir()
	path := writeFile(t, dir, "extra.txt", "extra_article\nAna met Bob in Cairo.\n")
	job := importJob{paths: []string{dir}, format: "auto", annotator: "tester"}
	res, err := ops.Import(context.Background(), u.s.DB(), job.paths, job.format, store.ImportOptions{Annotator: job.annotator, Replace: job.replace}, nil)
	if err != nil {
		t.Fatalf("import %s: %v", path, err)
	}
	u.importDone(job, res, nil, nil, false)
	found := false
	for _, r := range rowsOf(t, u) {
		found = found || r.ID == "extra_article"
	}
	if !found || u.s.List.Len() != 26 {
		t.Errorf("list has %d rows (extra_article shown: %v), want 26 with it", u.s.List.Len(), found)
	}
	if !strings.HasPrefix(u.counts.Text, "todo 26 ") {
		t.Errorf("counts %q, want todo 26", u.counts.Text)
	}
}

func TestImportIsCancelledByItsContext(t *testing.T) {
	u := newTestUI(t, gulfNews)
	dir := t.TempDir()
	writeFile(t, dir, "a.txt", "a_article\nSome text.\n")
	writeFile(t, dir, "b.txt", "b_article\nMore text.\n")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := ops.Import(ctx, u.s.DB(), []string{dir}, "auto", store.ImportOptions{}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
	if n := countArticles(t, u); n != 25 {
		t.Errorf("%d articles after a cancelled import, want 25", n)
	}
}

func TestExportWritesOneLinePerArticleWithTheWindowsSpans(t *testing.T) {
	u := newTestUI(t, gulfNews)
	selectText(t, u, "Mohammed Dahlan")
	typeRune(u.win, '1')
	out := filepath.Join(t.TempDir(), "out.jsonl")
	n, err := ops.Export(context.Background(), u.s.DB(), "jsonl", out, nil, store.ExportFilter{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lines, withSpan := 0, ""
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		lines++
		if strings.Contains(sc.Text(), `"Mohammed Dahlan"`) && strings.Contains(sc.Text(), `"PERSON"`) {
			withSpan = sc.Text()
		}
	}
	if n != 25 || lines != 25 {
		t.Errorf("exported %d articles in %d lines, want 25", n, lines)
	}
	if withSpan == "" {
		t.Error("no line carries the PERSON span on Mohammed Dahlan")
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".*.tmp")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// runJob starts an import or export through the window and waits for its
// report.
func runJob(t *testing.T, u *ui, start func()) {
	t.Helper()
	done := make(chan struct{})
	u.jobs.onDone = func() { close(done) }
	start()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the job did not finish within 20 s")
	}
	u.jobs.onDone = nil
}

func TestImportFromTheWindowReportsFailureAsFileLine(t *testing.T) {
	u := newTestUI(t, gulfNews)
	dir := t.TempDir()
	bad := `{"id": "bad1", "text": "Ana met Bob.", "spans": [{"start": 8, "end": 11, "label": "PERSON", "text": "Ana"}]}`
	path := writeFile(t, dir, "news.jsonl", bad+"\n")
	runJob(t, u, func() { u.runImport(importJob{paths: []string{path}, format: "auto"}) })
	if !strings.Contains(u.bar.state.Text, path+":1:") {
		t.Errorf("status bar %q, want the error at %s:1", u.bar.state.Text, path)
	}
	if u.jobs.busy {
		t.Error("still busy after the import ended")
	}
}

func TestImportAndExportFromTheWindow(t *testing.T) {
	u := newTestUI(t, gulfNews)
	dir := t.TempDir()
	writeFile(t, dir, "extra.txt", "extra_article\nAna met Bob in Cairo.\n")
	runJob(t, u, func() { u.runImport(importJob{paths: []string{dir}, format: "auto", annotator: "tester"}) })
	if u.s.List.Len() != 26 {
		t.Fatalf("%d rows after importing one article, want 26 (status: %s)", u.s.List.Len(), u.bar.state.Text)
	}
	out := filepath.Join(t.TempDir(), "export.jsonl")
	runJob(t, u, func() { u.runExport("jsonl", out, store.ExportFilter{}) })
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(b), "\n"); n != 26 {
		t.Errorf("export has %d lines, want 26", n)
	}
}

func TestFilesDroppedOnTheWindowAreImported(t *testing.T) {
	u := newTestUI(t, gulfNews)
	dir := t.TempDir()
	path := writeFile(t, dir, "dropped.txt", "dropped_article\nA text someone dropped on the window.\n")
	runJob(t, u, func() { u.dropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(path)}) })
	a, err := u.s.DB().Article(context.Background(), "dropped_article")
	if err != nil {
		t.Fatalf("the dropped file was not imported: %v (status: %s)", err, u.bar.state.Text)
	}
	if a.Text != "A text someone dropped on the window." {
		t.Errorf("text %q", a.Text)
	}
}

// While one run goes, every other kind of run is refused with the same
// message and starts nothing (the export dialog once said only "an import
// or export", forgetting merge and suggestions).
func TestASecondRunIsRefusedAlikeByEveryDialog(t *testing.T) {
	u := newTestUI(t, gulfNews)
	dir := t.TempDir()
	u.jobs.busy = true // a run is going
	starts := map[string]func(){
		"import": func() {
			u.runImport(importJob{paths: []string{writeFile(t, dir, "x.txt", "x\nAna met Bob.\n")}, format: "auto"})
		},
		"export":  func() { u.runExport(codec.FormatJSONL, filepath.Join(dir, "out.jsonl"), store.ExportFilter{}) },
		"merge":   func() { u.runMerge([]string{filepath.Join(dir, "other.db")}) },
		"suggest": func() { u.runJob("Apply patterns", "matching", nil) },
	}
	for name, start := range starts {
		u.bar.lastErr = nil
		start()
		if !errors.Is(u.bar.lastErr, errBusy) {
			t.Errorf("%s while busy: status bar error %v, want %q", name, u.bar.lastErr, errBusy)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out.jsonl")); err == nil {
		t.Error("the refused export wrote its file")
	}
}
