package main

import (
	"image"
	"image/png"
	"os"
	"testing"
)

// TestIconIsWhatIcongenDraws keeps assets/icon.png the generator's output
// at 512×512: a hand-edited or upscaled icon fails here (run
// `go generate ./assets` to redraw it).
func TestIconIsWhatIcongenDraws(t *testing.T) {
	f, err := os.Open("../icon.png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := png.Decode(f)
	if err != nil {
		t.Fatalf("decode ../icon.png: %v", err)
	}
	want := draw()
	if got.Bounds() != want.Bounds() {
		t.Fatalf("icon.png is %v, want %v", got.Bounds(), want.Bounds())
	}
	nrgba, ok := got.(*image.NRGBA)
	if !ok {
		t.Fatalf("icon.png decodes as %T, want *image.NRGBA (8-bit RGBA)", got)
	}
	for y := range size {
		for x := range size {
			if g, w := nrgba.NRGBAAt(x, y), want.NRGBAAt(x, y); g != w {
				t.Fatalf("icon.png pixel (%d,%d) is %v, icongen draws %v", x, y, g, w)
			}
		}
	}
}
