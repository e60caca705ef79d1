package gui

import (
	"bufio"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// frameTimeout bounds the wait for the first drawn frame.
const frameTimeout = 30 * time.Second

// screenshotOnFirstFrame arranges for the window to be captured to path
// once a frame has really been drawn, then calls done (on a goroutine that
// is not Fyne's). A 1x1 raster whose draw function signals tells when a
// frame was drawn: captures taken right after start-up or after a sleep
// came out black (notes/fyne-headless.md).
// drawnAt, if not nil, is told how long after start the frame was drawn.
func (u *ui) screenshotOnFirstFrame(path string, drawnAt func(time.Duration), start time.Time, done func(error)) {
	var armed atomic.Bool
	drawn := make(chan struct{}, 1)
	pixel := image.NewNRGBA(image.Rect(0, 0, 1, 1))
	probe := canvas.NewRaster(func(w, h int) image.Image {
		if armed.Load() {
			select {
			case drawn <- struct{}{}:
			default:
			}
		}
		return pixel
	})
	probe.Resize(fyne.NewSize(1, 1))
	u.win.SetContent(container.NewStack(u.win.Content(), container.NewWithoutLayout(probe)))

	u.app.Lifecycle().SetOnStarted(func() {
		go func() {
			armed.Store(true)
			fyne.Do(probe.Refresh)
			select {
			case <-drawn:
				if drawnAt != nil {
					drawnAt(time.Since(start))
				}
			case <-time.After(frameTimeout):
				done(fmt.Errorf("no frame drawn within %v", frameTimeout))
				return
			}
			var img image.Image
			fyne.DoAndWait(func() { img = u.win.Canvas().Capture() })
			done(writePNG(path, img))
		}()
	})
}

// writePNG writes img as an opaque 8-bit RGBA PNG: the GL capture comes
// back with alpha 0 everywhere, which would make a transparent file.
func writePNG(path string, img image.Image) error {
	if img == nil || img.Bounds().Empty() {
		return errors.New("the window capture is empty")
	}
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			var c color.RGBA
			switch px := img.At(b.Min.X+x, b.Min.Y+y).(type) {
			case color.RGBA: // the GL capture: colour right, alpha 0
				c = px
			default:
				n := color.NRGBAModel.Convert(px).(color.NRGBA)
				c = color.RGBA{R: n.R, G: n.G, B: n.B}
			}
			c.A = 0xff
			out.SetRGBA(x, y, c)
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	if err := png.Encode(w, out); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
