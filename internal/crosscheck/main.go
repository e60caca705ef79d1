// Command crosscheck type-checks spanmark's packages, tests included, for
// another operating system without a C tool chain (make crossvet, part of
// make test), so that code that builds only on Linux is caught outside
// build-tagged files:
//
//	go run ./internal/crosscheck -goos windows -tags sqlite_fts5 ./...
//
// `GOOS=windows CGO_ENABLED=0 go vet` cannot do it: without cgo, go-sqlite3
// is a stub without the connection methods the store calls, and Fyne's GL
// driver has no Go files at all, so store, session, cli, gui and the main
// package would go unchecked; with cgo it needs the target's C compiler
// (there is none for macOS here). Instead the packages are listed as the
// real build sees them (go list with GOOS and CGO_ENABLED=1, which needs no
// compiler), spanmark's own are checked in full, and every package they
// import is read from source for its declarations only, with `import "C"`
// taken as an empty package (go/types' FakeImportC): what C declares is
// unknown, everything Go declares is checked against.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

func main() {
	goos := flag.String("goos", "", "the operating system to check for (GOOS)")
	tags := flag.String("tags", "", "comma-separated build tags")
	flag.Parse()
	if *goos == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: crosscheck -goos OS [-tags T] PACKAGES...")
		os.Exit(2)
	}
	n, errs, err := run(*goos, *tags, flag.Args())
	if err != nil {
		fmt.Fprintf(os.Stderr, "crosscheck %s: %v\n", *goos, err)
		os.Exit(1)
	}
	for _, e := range errs {
		fmt.Fprintf(os.Stderr, "crosscheck %s: %v\n", *goos, e)
	}
	if len(errs) > 0 {
		os.Exit(1)
	}
	fmt.Printf("crosscheck %s/amd64: %d packages type-check, tests included\n", *goos, n)
}

// pkg is what go list says of one package.
type pkg struct {
	ImportPath, Dir                              string
	GoFiles, CgoFiles, TestGoFiles, XTestGoFiles []string
	ImportMap                                    map[string]string
	DepOnly                                      bool
	Error                                        *struct{ Err string }
}

// run checks the packages matching patterns for goos and returns how many
// were checked and the type errors found.
func run(goos, tags string, patterns []string) (int, []error, error) {
	pkgs, err := list(goos, tags, patterns)
	if err != nil {
		return 0, nil, err
	}
	l := &loader{fset: token.NewFileSet(), pkgs: map[string]*pkg{}, done: map[string]*types.Package{},
		sizes: types.SizesFor("gc", "amd64")}
	var targets []*pkg
	for _, p := range pkgs {
		l.pkgs[p.ImportPath] = p
		if !p.DepOnly {
			targets = append(targets, p)
		}
	}
	var errs []error
	n := 0
	for _, p := range targets {
		if p.Error != nil {
			errs = append(errs, fmt.Errorf("%s: %s", p.ImportPath, p.Error.Err))
			continue
		}
		if len(p.GoFiles)+len(p.CgoFiles)+len(p.TestGoFiles)+len(p.XTestGoFiles) == 0 {
			continue // nothing for this system (a Linux-only package)
		}
		errs = append(errs, l.check(p)...)
		n++
	}
	return n, errs, nil
}

// list runs go list -deps -test as the cgo build for goos would, which
// needs no C compiler.
func list(goos, tags string, patterns []string) ([]*pkg, error) {
	args := append([]string{"list", "-e", "-deps", "-test", "-tags", tags, "-json=ImportPath,Dir,GoFiles,CgoFiles,TestGoFiles,XTestGoFiles,ImportMap,DepOnly,Error"}, patterns...)
	cmd := exec.Command("go", args...)
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH=amd64", "CGO_ENABLED=1")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w", err)
	}
	var pkgs []*pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		p := new(pkg)
		if err := dec.Decode(p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("go list output: %w", err)
		}
		// Test variants ("p [q.test]") and test mains are rebuilt for go
		// test; the plain packages and the files of each target suffice.
		if strings.Contains(p.ImportPath, " ") || strings.HasSuffix(p.ImportPath, ".test") {
			continue
		}
		pkgs = append(pkgs, p)
	}
	return pkgs, nil
}

type loader struct {
	fset  *token.FileSet
	pkgs  map[string]*pkg
	done  map[string]*types.Package
	sizes types.Sizes
}

// importer resolves imports of from's files (through its ImportMap, for
// the standard library's vendored packages), or returns self for path.
func (l *loader) importer(from *pkg, self *types.Package) types.Importer {
	return importerFunc(func(path string) (*types.Package, error) {
		if self != nil && path == self.Path() {
			return self, nil
		}
		if m, ok := from.ImportMap[path]; ok {
			path = m
		}
		return l.declarations(path)
	})
}

// declarations type-checks a dependency without function bodies, C taken
// as an empty package; its own errors are not ours and are dropped.
func (l *loader) declarations(path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	if t, ok := l.done[path]; ok {
		return t, nil
	}
	p, ok := l.pkgs[path]
	if !ok {
		return nil, fmt.Errorf("%s is not in go list's output", path)
	}
	files, err := l.parse(p.Dir, p.GoFiles, p.CgoFiles)
	if err != nil {
		return nil, err
	}
	conf := types.Config{IgnoreFuncBodies: true, FakeImportC: true, Importer: l.importer(p, nil),
		Sizes: l.sizes, Error: func(error) {}}
	t, _ := conf.Check(path, l.fset, files, nil)
	l.done[path] = t
	return t, nil
}

// check type-checks p in full: its files with its internal tests, then its
// external tests against that.
func (l *loader) check(p *pkg) []error {
	var errs []error
	collect := func(err error) { errs = append(errs, err) }
	files, err := l.parse(p.Dir, p.GoFiles, p.CgoFiles, p.TestGoFiles)
	if err != nil {
		return []error{err}
	}
	conf := types.Config{Importer: l.importer(p, nil), Sizes: l.sizes, Error: collect, FakeImportC: true}
	t, _ := conf.Check(p.ImportPath, l.fset, files, nil)
	if len(p.XTestGoFiles) == 0 {
		return errs
	}
	xfiles, err := l.parse(p.Dir, p.XTestGoFiles)
	if err != nil {
		return append(errs, err)
	}
	conf.Importer = l.importer(p, t)
	conf.Check(p.ImportPath+"_test", l.fset, xfiles, nil)
	return errs
}

func (l *loader) parse(dir string, lists ...[]string) ([]*ast.File, error) {
	var files []*ast.File
	for _, names := range lists {
		for _, n := range names {
			f, err := parser.ParseFile(l.fset, filepath.Join(dir, n), nil, parser.SkipObjectResolution)
			if err != nil {
				return nil, err
			}
			files = append(files, f)
		}
	}
	return files, nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
