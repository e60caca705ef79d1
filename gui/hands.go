package gui

import (
	"fmt"
	"image/color"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/spanmark/spanmark/annotate"
)

// Faster hands (issue 16): resizing a span by its edges or keys, tagging
// the word under the mouse pointer with a label key, and a sticky label
// that tags each word clicked or range dragged until Esc.

// armState is how the sticky label (session.Arm) is shown: a frame on its
// palette button (and the status bar).
type armState struct {
	buttons map[string]*widget.Button    // the palette's, by label name
	frames  map[string]*canvas.Rectangle // drawn round the armed label's button
}

// wireHands connects the view's hooks for resizing and Esc.
func (u *ui) wireHands() {
	u.view.OnResize = u.resizeSpan
	u.view.OnEscape = u.escape
}

// resizeSpan moves span id to start–end, keeping everything else of it,
// as one undoable step.
func (u *ui) resizeSpan(id string, start, end int) {
	before, ok := u.s.Span(id)
	if !ok {
		return
	}
	sp, err := u.s.Resize(id, start, end)
	if err != nil {
		u.bar.fail(err)
		u.showSpans() // the bounds stored, not those dragged to
		u.view.SelectSpan(id)
		return
	}
	if u.s.Review.Has && u.s.Review.Cur.ID == id {
		u.s.Review.Cur = sp
	}
	u.showSpans()
	u.view.SelectSpan(id)
	u.refreshHint()
	u.saved(fmt.Sprintf("resized %s %s %q → %q", sp.Label, sp.ID, clipText(before.Text), clipText(sp.Text)))
}

// tagAt tags code points start–end with l and leaves nothing selected,
// so that the next word can be tagged at once.
func (u *ui) tagAt(l annotate.Label, start, end int) {
	s, err := u.s.TagAt(start, end, l)
	u.tagDone(s, err, l, false, false)
}

// tagHovered tags the word under the mouse pointer with l; false when the
// pointer is on no word.
func (u *ui) tagHovered(l annotate.Label) bool {
	start, end, ok := u.view.HoverWord()
	if !ok {
		return false
	}
	u.tagAt(l, start, end)
	return true
}

// paletteClicked is a click on label l in the palette: with text or a span
// selected it tags or relabels it (and ends an armed label); with nothing
// selected it arms l, or disarms it when it was armed.
func (u *ui) paletteClicked(l annotate.Label) {
	wasLabel, armed := u.s.Armed()
	was := wasLabel.Name
	if armed {
		u.disarm()
	}
	_, _, sel := u.view.Selection()
	_, span := u.view.SelectedSpan()
	if sel || span || u.s.Cur == nil {
		u.applyLabel(l, true)
		return
	}
	if !armed || was != l.Name {
		u.armLabel(l)
	}
}

// armLabel makes l the sticky label: each word clicked or range dragged is
// tagged with it until Esc or another label click.
func (u *ui) armLabel(l annotate.Label) {
	u.s.Arm(l)
	u.view.OnPick = u.pickArmed
	u.showArmed()
	u.focusView()
	u.bar.hint(fmt.Sprintf("%s armed: click a word or drag over a range to tag it %s; Esc or a label click ends", l.Name, l.Name))
}

// disarm ends the sticky label; false when none was armed.
func (u *ui) disarm() bool {
	was, ok := u.s.Disarm()
	if !ok {
		return false
	}
	name := was.Name
	u.view.OnPick = nil
	u.showArmed()
	u.bar.hint(name + " no longer armed")
	return true
}

// pickArmed tags what the view picked with the armed label.
func (u *ui) pickArmed(start, end int) {
	armed, ok := u.s.Armed()
	if u.s.Cur == nil || !ok {
		return
	}
	if !slices.ContainsFunc(u.s.Labels, func(l annotate.Label) bool { return l.Name == armed.Name }) {
		u.disarm()
		u.bar.hint(armed.Name + " is no longer in the label set: nothing armed")
		return
	}
	u.tagAt(armed, start, end)
}

// armFrame registers l's palette button and returns the frame to draw
// over it, shown while l is armed. (A frame in the theme's primary colour,
// not a primary button: the label's name on it would lose its contrast in
// the light theme.)
func (u *ui) armFrame(l annotate.Label, b *widget.Button) fyne.CanvasObject {
	if u.arm.buttons == nil {
		u.arm.buttons, u.arm.frames = map[string]*widget.Button{}, map[string]*canvas.Rectangle{}
	}
	primary := theme.Color(theme.ColorNamePrimary)
	fill := color.NRGBAModel.Convert(primary).(color.NRGBA)
	fill.A = 0x38
	f := canvas.NewRectangle(fill)
	f.StrokeColor, f.StrokeWidth, f.CornerRadius = primary, 2, theme.InputRadiusSize()
	armed, ok := u.s.Armed()
	f.Hidden = !ok || armed.Name != l.Name
	u.arm.buttons[l.Name], u.arm.frames[l.Name] = b, f
	return f
}

// armedShown reports whether label name's button is drawn as armed.
func (u *ui) armedShown(name string) bool {
	f := u.arm.frames[name]
	return f != nil && f.Visible()
}

// showArmed frames the armed label's palette button and names it in the
// status bar.
func (u *ui) showArmed() {
	armed, ok := u.s.Armed()
	for name, f := range u.arm.frames {
		if want := ok && name == armed.Name; want != f.Visible() {
			if want {
				f.Show()
			} else {
				f.Hide()
			}
		}
	}
	u.bar.armed(ok, armed.Name)
}

// escape is Esc in the article: it ends an armed label, else a pending
// link; true when it ended one (the selection stays).
func (u *ui) escape() bool {
	return u.disarm() || u.claims.cancelLink()
}
