// Command icongen draws spanmark's icon, a page of text lines with two
// highlighted spans, at its native size (512×512) and writes it as PNG:
//
//	go run ./assets/icongen -o assets/icon.png
//
// Everything is drawn from shapes at the output size, so the icon is never
// an upscaled bitmap; smaller sizes (the 16, 32 and 48 px of menus and task
// bars) are downscaled from it by the desktop or by `fyne package`.
//
// The geometry is that of the original 256 px drawing, on a 512 grid, with
// two changes for small sizes: the page has a grey edge, so it still stands
// out from a white panel, and the text lines and highlights are thicker, so
// at 16 px they stay lines rather than a grey wash.
package main

import (
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
)

// size is the icon's edge in pixels; every coordinate below is on this grid.
const size = 512

var (
	paper  = color.NRGBA{0xfa, 0xfa, 0xf5, 0xff}
	edge   = color.NRGBA{0x9a, 0x9a, 0xa4, 0xff}
	ink    = color.NRGBA{0x78, 0x78, 0x82, 0xff}
	orange = color.NRGBA{0xe8, 0xa3, 0x3d, 0xff} // an entity span
	blue   = color.NRGBA{0x4a, 0xa3, 0xdf, 0xff} // a claim span
)

// shape is a rounded rectangle [x0,x1)×[y0,y1) with corner radius r,
// filled with c.
type shape struct {
	x0, y0, x1, y1, r float64
	c                 color.NRGBA
}

// shapes is the drawing, back to front. Coordinates are multiples of 32
// (one pixel at 16 px) where it matters, so the lines stay crisp when
// downscaled: text lines are one 16 px pixel tall with one pixel between.
func shapes() []shape {
	const (
		pageX0, pageY0, pageX1, pageY1 = 64, 32, 448, 480
		border                         = 14
		lineX0, lineX1                 = 112, 400
		lineH                          = 32
	)
	s := []shape{
		{pageX0, pageY0, pageX1, pageY1, 28, edge},
		{pageX0 + border, pageY0 + border, pageX1 - border, pageY1 - border, 28 - border, paper},
	}
	// Five text lines; the second and third carry a highlight that reaches
	// past the line's start or end, as a marker stroke does.
	for i, y := range []float64{128, 192, 256, 320, 384} {
		s = append(s, shape{lineX0, y, lineX1, y + lineH, 4, ink})
		switch i {
		case 1:
			s = append(s, shape{80, y - 10, 320, y + lineH + 10, 8, orange})
		case 2:
			s = append(s, shape{224, y - 10, 432, y + lineH + 10, 8, blue})
		}
	}
	return s
}

// coverage is the fraction of pixel (px, py) inside sh, from a 4×4 grid of
// samples, so the rounded corners are smooth at 512 px.
func coverage(sh shape, px, py int) float64 {
	const n = 4
	in := 0
	for i := range n {
		for j := range n {
			if inside(sh, float64(px)+(float64(i)+0.5)/n, float64(py)+(float64(j)+0.5)/n) {
				in++
			}
		}
	}
	return float64(in) / (n * n)
}

func inside(sh shape, x, y float64) bool {
	if x < sh.x0 || x >= sh.x1 || y < sh.y0 || y >= sh.y1 {
		return false
	}
	// Distance past the corner's centre, 0 away from the corners.
	dx := math.Max(0, math.Max(sh.x0+sh.r-x, x-(sh.x1-sh.r)))
	dy := math.Max(0, math.Max(sh.y0+sh.r-y, y-(sh.y1-sh.r)))
	return dx*dx+dy*dy <= sh.r*sh.r
}

// draw paints the shapes over a transparent square, blending each pixel by
// its coverage (straight alpha, "over").
func draw() *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	for _, sh := range shapes() {
		for py := int(sh.y0); py < int(math.Ceil(sh.y1)); py++ {
			for px := int(sh.x0); px < int(math.Ceil(sh.x1)); px++ {
				if a := coverage(sh, px, py); a > 0 {
					img.SetNRGBA(px, py, over(img.NRGBAAt(px, py), sh.c, a))
				}
			}
		}
	}
	return img
}

// over puts colour c with coverage a on top of dst.
func over(dst, c color.NRGBA, a float64) color.NRGBA {
	sa := a * float64(c.A) / 255
	da := float64(dst.A) / 255
	oa := sa + da*(1-sa)
	if oa == 0 {
		return color.NRGBA{}
	}
	mix := func(s, d uint8) uint8 {
		return uint8(math.Round((float64(s)*sa + float64(d)*da*(1-sa)) / oa))
	}
	return color.NRGBA{mix(c.R, dst.R), mix(c.G, dst.G), mix(c.B, dst.B), uint8(math.Round(oa * 255))}
}

func main() {
	out := flag.String("o", "icon.png", "PNG file to write")
	flag.Parse()
	if err := write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "icongen:", err)
		os.Exit(1)
	}
}

func write(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, draw()); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}
