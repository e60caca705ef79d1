package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestPackagesKeepTheirLayers checks what each package's doc says it must
// not import, on the whole dependency graph (go list -deps).
func TestPackagesKeepTheirLayers(t *testing.T) {
	const mod = "github.com/spanmark/spanmark/"
	for pkg, banned := range map[string][]string{
		"annotate":            {"fyne.io/", "database/sql", "github.com/mattn/", mod + "store", mod + "gui", mod + "session", mod + "annotate/codec"},
		"annotate/codec":      {"fyne.io/", "database/sql", mod + "store", mod + "gui", mod + "session"},
		"store":               {"fyne.io/", mod + "gui", mod + "session", mod + "annotate/codec", mod + "cli"},
		"session":             {"fyne.io/", mod + "gui", mod + "cli"},
		"cli":                 {"fyne.io/", mod + "gui"},
		"internal/ops":        {"fyne.io/", mod + "gui", mod + "cli", mod + "session"},
		"internal/buildinfo":  {"fyne.io/", "database/sql", "github.com/mattn/", mod + "store", mod + "cli", mod + "gui"},
		"internal/winconsole": {"fyne.io/", "database/sql", "github.com/mattn/", mod + "store", mod + "cli", mod + "gui"},
	} {
		out, err := exec.Command("go", "list", "-tags", "sqlite_fts5", "-deps", "-f", "{{.ImportPath}}", "./"+pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, b := range banned {
				if strings.HasPrefix(dep, b) {
					t.Errorf("%s depends on %s", pkg, dep)
				}
			}
		}
	}
}
