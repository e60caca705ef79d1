package spanview

import (
	"sync"

	"fyne.io/fyne/v2"
)

// fyneMeasurer measures with fyne.MeasureText, caching the advance of each
// code point (and each multi-code-point cluster) per text size and style.
// Measuring characters rather than words ignores kerning, which moves a
// few line breaks but makes wrapping a 50,000-word article take tens of
// milliseconds instead of hundreds.
type fyneMeasurer struct {
	size    float32
	style   fyne.TextStyle
	tagSize float32

	mu       sync.Mutex
	ascii    [128]float32
	asciiOK  [128]bool
	runes    map[rune]float32
	clusters map[string]float32
	tags     map[string]float32
	height   float32
}

type measureKey struct {
	size  float32
	style fyne.TextStyle
}

var (
	measurersMu sync.Mutex
	measurers   = map[measureKey]*fyneMeasurer{}
)

// measurerFor returns the shared cache for a text size and style.
func measurerFor(size float32, style fyne.TextStyle) *fyneMeasurer {
	measurersMu.Lock()
	defer measurersMu.Unlock()
	k := measureKey{size, style}
	if m, ok := measurers[k]; ok {
		return m
	}
	m := &fyneMeasurer{size: size, style: style, tagSize: tagTextSize(size),
		runes: map[rune]float32{}, clusters: map[string]float32{}, tags: map[string]float32{}}
	measurers[k] = m
	return m
}

// tagTextSize is the size of label tags for text of size size.
func tagTextSize(size float32) float32 { return max(8, size*0.62) }

func (f *fyneMeasurer) Advance(r rune) float32 {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r < 128 {
		if !f.asciiOK[r] {
			f.ascii[r], f.asciiOK[r] = fyne.MeasureText(string(r), f.size, f.style).Width, true
		}
		return f.ascii[r]
	}
	w, ok := f.runes[r]
	if !ok {
		w = fyne.MeasureText(string(r), f.size, f.style).Width
		f.runes[r] = w
	}
	return w
}

func (f *fyneMeasurer) ClusterAdvance(c []rune) float32 {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := string(c)
	w, ok := f.clusters[s]
	if !ok {
		w = fyne.MeasureText(s, f.size, f.style).Width
		f.clusters[s] = w
	}
	return w
}

func (f *fyneMeasurer) TagWidth(label string) float32 {
	f.mu.Lock()
	defer f.mu.Unlock()
	w, ok := f.tags[label]
	if !ok {
		w = fyne.MeasureText(label, f.tagSize, fyne.TextStyle{Bold: true}).Width + 2*tagPadX
		f.tags[label] = w
	}
	return w
}

// lineHeight is the height of one line of text.
func (f *fyneMeasurer) lineHeight() float32 {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.height == 0 {
		f.height = fyne.MeasureText("Mg", f.size, f.style).Height
	}
	return f.height
}

// tagHeight is the height of a label tag's text.
func (f *fyneMeasurer) tagHeight() float32 {
	return fyne.MeasureText("A", f.tagSize, fyne.TextStyle{Bold: true}).Height
}

const tagPadX = 3
