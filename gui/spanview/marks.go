package spanview

import "image/color"

// How a rejected span is drawn: its background faint and a line through
// its text, so that it reads as set aside at a glance, whatever its colour
// and the theme (a ✗ in the tag alone was easy to miss).

// fadedAlpha is the background of a rejected span (fill is 0.42–0.62).
const fadedAlpha = 0x30

func (p *palette) faded(hex string) color.Color {
	c := p.solid(hex).(color.NRGBA)
	c.A = fadedAlpha
	return c
}

// strikeRejected draws a line in the text colour through the text of each
// rejected span on the row, entities and claims alike.
func (rr *rowRenderer) strikeRejected(pal *palette, x0, textY, textH float32) {
	for _, d := range rr.decor {
		if !d.Rejected {
			continue
		}
		r := rr.rect(true)
		r.FillColor = pal.fg
		place(r, x0+d.X0, textY+textH*0.55, d.X1-d.X0, 1.5)
	}
}
