package codec

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/spanmark/spanmark/annotate"
)

// sniffed formats are resolved when their file's turn comes, so that Open
// stays quick on a folder of many files.
const (
	formatLines   Format = "lines"   // .jsonl/.json lines: jsonl or doccano by the first record
	formatUnknown Format = "unknown" // no known extension: by the first bytes
)

// source is one file (or brat pair) of the stream.
type source struct {
	fsys   files  // where path and ann are
	path   string // the file; for brat the .txt
	ann    string // brat: the .ann beside it, "" when there is none
	format Format
	size   int64 // bytes of path and ann, for progress
}

// fileReader reads the records of one source.
type fileReader interface {
	next() (*annotate.Record, error)
	offset() int64 // bytes consumed so far
	close() error
}

// KnownByName reports whether path has an extension that format auto
// reads by name (.txt, .ann, .jsonl, .json, .ndjson); any other file is
// read only by sniffing its first bytes, which a caller may want to confirm
// with the person first (a build log would import as an article).
func KnownByName(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt", ".ann", ".jsonl", ".json", ".ndjson":
		return true
	}
	return false
}

// errOpenDatabase refuses to read a file of a database the process has
// open: closing it would drop the process's SQLite locks on it (livedb).
var errOpenDatabase = errors.New("this is the database spanmark has open (or one of its files), not a file to import")

// Open reads files and folders (walked in sorted order) as one stream. A
// folder yields the files the format reads and skips others; with format
// auto a .txt with a .ann beside it is a brat pair, any other .txt the
// article text format, .jsonl and .json files JSON lines (spanmark/Prodigy or
// doccano by the keys of their first record), a .json file starting with '['
// a Label Studio export, and so is one holding task objects (a "data"
// object, or "annotations" with a "result"). Unknown format, a missing path, or a folder with
// nothing to read is an error.
func Open(paths []string, opt Options) (Reader, error) {
	return open(osFiles{}, paths, opt)
}

// OpenFS is Open on the files of fsys (slash-separated paths, "." for its
// root), such as the sample articles embedded in the binary.
func OpenFS(fsys fs.FS, paths []string, opt Options) (Reader, error) {
	return open(fsFiles{fsys}, paths, opt)
}

func open(fsys files, paths []string, opt Options) (Reader, error) {
	f := opt.Format
	switch f {
	case "":
		f = FormatAuto
	case FormatProdigy:
		f = FormatJSONL
	case FormatAuto, FormatText, FormatJSONL, FormatDoccano, FormatBrat, FormatLabelStudio:
	default:
		return nil, fmt.Errorf("unknown import format %q (want %s)", opt.Format, formatList(ReadFormats))
	}
	if len(paths) == 0 {
		return nil, errors.New("nothing to import: no file or folder given")
	}
	m := &multiReader{opt: opt}
	seen := map[string]bool{}
	add := func(s source) {
		if !seen[s.path] {
			seen[s.path] = true
			m.srcs = append(m.srcs, s)
			m.total += s.size
		}
	}
	for _, p := range paths {
		st, err := fsys.stat(p)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, &annotate.InputError{File: p, Err: errors.New("no such file or folder")}
			}
			return nil, &annotate.InputError{File: p, Err: err}
		}
		if fsys.live(p) {
			return nil, &annotate.InputError{File: p, Err: errOpenDatabase}
		}
		if st.IsDir() {
			n := len(m.srcs)
			if err := walkFolder(fsys, p, f, add); err != nil {
				return nil, err
			}
			if len(m.srcs) == n {
				return nil, &annotate.InputError{File: p, Err: fmt.Errorf("folder has no files to import as %s (%s)", f, folderWants(f))}
			}
			continue
		}
		s, err := fileSource(fsys, p, st.Size(), f)
		if err != nil {
			return nil, err
		}
		add(s)
	}
	return m, nil
}

func folderWants(f Format) string {
	switch f {
	case FormatText:
		return "looked for .txt files"
	case FormatJSONL, FormatDoccano:
		return "looked for .jsonl and .json files"
	case FormatBrat:
		return "looked for .txt and .ann files"
	case FormatLabelStudio:
		return "looked for .json files"
	}
	return "looked for .txt, .ann, .jsonl and .json files"
}

// fileSource is a file named on the command line: its format is the one
// asked for, or with auto its extension's (the first bytes' when it has
// none we know).
func fileSource(fsys files, p string, size int64, f Format) (source, error) {
	ext := strings.ToLower(filepath.Ext(p))
	stem := strings.TrimSuffix(p, filepath.Ext(p))
	switch {
	case f == FormatBrat || (f == FormatAuto && ext == ".ann"):
		txt, ann := p, stem+".ann"
		if ext == ".ann" {
			txt, ann = stem+".txt", p
			if !isFile(fsys, txt) {
				return source{}, &annotate.InputError{File: p, Err: fmt.Errorf("brat annotations without their text: %s is missing", filepath.Base(txt))}
			}
		}
		return bratSource(fsys, txt, ann), nil
	case f == FormatAuto && ext == ".txt":
		if isFile(fsys, stem+".ann") {
			return bratSource(fsys, p, stem+".ann"), nil
		}
		return source{fsys: fsys, path: p, format: FormatText, size: size}, nil
	case f == FormatAuto && (ext == ".jsonl" || ext == ".json" || ext == ".ndjson"):
		return source{fsys: fsys, path: p, format: formatLines, size: size}, nil
	case f == FormatAuto:
		return source{fsys: fsys, path: p, format: formatUnknown, size: size}, nil
	}
	return source{fsys: fsys, path: p, format: f, size: size}, nil
}

func bratSource(fsys files, txt, ann string) source {
	s := source{fsys: fsys, path: txt, format: FormatBrat}
	if st, err := fsys.stat(txt); err == nil {
		s.size += st.Size()
	}
	if st, err := fsys.stat(ann); err == nil && !st.IsDir() {
		s.ann = ann
		s.size += st.Size()
	}
	return s
}

func isFile(fsys files, p string) bool {
	st, err := fsys.stat(p)
	return err == nil && !st.IsDir()
}

// walkFolder adds the files of dir that format f reads, in sorted order,
// descending into sub-folders; names starting with "." are skipped, and so
// are the files of a database the process has open, whatever their names
// (livedb: reading one would drop the process's locks on it).
func walkFolder(fsys files, dir string, f Format, add func(source)) error {
	entries, err := fsys.readDir(dir) // sorted by name
	if err != nil {
		return &annotate.InputError{File: dir, Err: err}
	}
	names := make(map[string]bool, len(entries))
	for _, e := range entries {
		names[e.Name()] = true
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		p := fsys.join(dir, name)
		if fsys.live(p) {
			continue
		}
		if e.IsDir() {
			if err := walkFolder(fsys, p, f, add); err != nil {
				return err
			}
			continue
		}
		if e.Type()&fs.ModeSymlink != 0 {
			// Only a link to a regular file: opening a FIFO would block.
			if fi, err := fsys.stat(p); err != nil || !fi.Mode().IsRegular() {
				continue
			}
		} else if !e.Type().IsRegular() {
			continue
		}
		ext := strings.ToLower(filepath.Ext(name))
		stem := strings.TrimSuffix(name, filepath.Ext(name))
		size := int64(0)
		if info, err := e.Info(); err == nil {
			size = info.Size()
		}
		switch f {
		case FormatAuto, FormatBrat:
			switch ext {
			case ".txt":
				if names[stem+".ann"] || f == FormatBrat {
					add(bratSource(fsys, p, fsys.join(dir, stem+".ann")))
				} else {
					add(source{fsys: fsys, path: p, format: FormatText, size: size})
				}
			case ".ann":
				if !names[stem+".txt"] {
					return &annotate.InputError{File: p, Err: fmt.Errorf("brat annotations without their text: %s.txt is missing", stem)}
				}
			case ".jsonl", ".json", ".ndjson":
				if f == FormatAuto {
					add(source{fsys: fsys, path: p, format: formatLines, size: size})
				}
			}
		case FormatText:
			if ext == ".txt" {
				add(source{fsys: fsys, path: p, format: FormatText, size: size})
			}
		case FormatJSONL, FormatDoccano:
			if ext == ".jsonl" || ext == ".json" || ext == ".ndjson" {
				add(source{fsys: fsys, path: p, format: f, size: size})
			}
		case FormatLabelStudio:
			if ext == ".json" {
				add(source{fsys: fsys, path: p, format: f, size: size})
			}
		}
	}
	return nil
}

// multiReader reads its sources one after the other.
type multiReader struct {
	opt     Options
	srcs    []source
	i       int
	cur     fileReader
	records int // of the current source
	base    int64
	total   int64
	done    atomic.Int64
	err     error
}

func (m *multiReader) Next() (*annotate.Record, error) {
	if m.err != nil {
		return nil, m.err
	}
	for {
		if m.cur == nil {
			if m.i >= len(m.srcs) {
				return nil, io.EOF
			}
			fr, err := openSource(m.srcs[m.i], &m.opt)
			if err != nil {
				return nil, m.fail(m.srcs[m.i].path, err)
			}
			m.cur, m.records = fr, 0
		}
		rec, err := m.cur.next()
		if err == io.EOF {
			src := m.srcs[m.i]
			m.cur.close()
			m.cur = nil
			m.i++
			m.base += src.size
			m.done.Store(m.base)
			if m.records == 0 {
				return nil, m.fail(src.path, errors.New("nothing to import: the file holds no records"))
			}
			continue
		}
		if err != nil {
			return nil, m.fail(m.srcs[m.i].path, err)
		}
		if err := annotate.CheckFields(&rec.Article); err != nil { // every format: ids, labels, names, meta
			m.err = annotate.AtInput(rec.File, rec.Line, err)
			m.cur.close()
			m.cur = nil
			return nil, m.err
		}
		m.records++
		m.done.Store(m.base + m.cur.offset())
		return rec, nil
	}
}

func (m *multiReader) fail(path string, err error) error {
	m.err = annotate.AtInput(path, 0, err)
	if m.cur != nil {
		m.cur.close()
		m.cur = nil
	}
	return m.err
}

func (m *multiReader) Close() error {
	if m.cur != nil {
		err := m.cur.close()
		m.cur = nil
		return err
	}
	return nil
}

// Progress reports bytes read of all sources; safe to call from another
// goroutine than Next.
func (m *multiReader) Progress() (done, total int64) {
	return m.done.Load(), m.total
}

// openSource opens one source with its reader, resolving sniffed formats.
func openSource(s source, opt *Options) (fileReader, error) {
	// Checked again here: the command line opens the database after Open.
	for _, p := range []string{s.path, s.ann} {
		if s.fsys.live(p) {
			return nil, errOpenDatabase
		}
	}
	f := s.format
	if f == FormatBrat {
		return newBratReader(s, opt)
	}
	in, err := s.fsys.open(s.path)
	if err != nil {
		return nil, err
	}
	// One buffered reader for sniffing and reading: a pipe is read once.
	l := openLines(s.path, in)
	if f == formatLines || f == formatUnknown {
		if f, err = sniffLines(l, f == formatUnknown); err != nil {
			in.Close()
			return nil, err
		}
	}
	rest := &input{r: l.r, c: in} // what sniffing peeked is still buffered
	switch f {
	case FormatText:
		return newTextReader(s.path, rest)
	case FormatJSONL:
		return &jsonlReader{lineFormat: lineFormat{l, opt}}, nil
	case FormatDoccano:
		return &doccanoReader{lineFormat: lineFormat{l, opt}}, nil
	case FormatLabelStudio:
		return newLabelStudioReader(s.path, rest, opt)
	}
	in.Close()
	return nil, fmt.Errorf("internal: no reader for format %q", f)
}
