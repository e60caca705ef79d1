package gui

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// zeroAlpha is what the GL capture returns: right colours, alpha 0.
type zeroAlpha struct{ image.Rectangle }

func (z zeroAlpha) ColorModel() color.Model { return color.RGBAModel }
func (z zeroAlpha) Bounds() image.Rectangle { return z.Rectangle }
func (z zeroAlpha) At(x, y int) color.Color {
	return color.RGBA{R: uint8(x), G: uint8(y), B: 200, A: 0}
}
func readPNG(t *testing.T, p string) image.Image {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func TestWritePNGMakesTheCaptureOpaque(t *testing.T) {
	p := filepath.Join(t.TempDir(), "shot.png")
	if err := writePNG(p, zeroAlpha{image.Rect(0, 0, 40, 30)}); err != nil {
		t.Fatal(err)
	}
	img := readPNG(t, p)
	if b := img.Bounds(); b.Dx() != 40 || b.Dy() != 30 {
		t.Fatalf("size %v, want 40x30", b)
	}
	for _, pt := range []image.Point{{0, 0}, {39, 29}, {17, 5}} {
		got := color.NRGBAModel.Convert(img.At(pt.X, pt.Y)).(color.NRGBA)
		want := color.NRGBA{R: uint8(pt.X), G: uint8(pt.Y), B: 200, A: 255}
		if got != want {
			t.Errorf("pixel %v = %v, want %v", pt, got, want)
		}
	}
}

func TestWindowCaptureShowsTheArticle(t *testing.T) {
	u := newTestUI(t, gulfNews)
	p := filepath.Join(t.TempDir(), "window.png")
	if err := writePNG(p, u.win.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
	img := readPNG(t, p)
	colours := map[color.Color]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 7 {
			colours[img.At(x, y)] = true
		}
	}
	if len(colours) < 10 {
		t.Errorf("the capture has %d colours: blank window", len(colours))
	}
}
