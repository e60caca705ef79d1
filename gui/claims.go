package gui

import (
	"fmt"
	"image/color"
	"maps"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/spanmark/spanmark/annotate"
)

// claimInspector is the side panel shown while a claim is selected: its
// attributes (check-worthiness, type, verdict, note, evidence) and its
// relations. Every edit goes through the store and the history like any
// other, so it is saved at once and undoable.
//
// Keys while a claim is selected (they win over label keys with the same
// letter): y / n / u set check-worthy yes / no / unsure, s then a click on
// an entity links the claim's SPEAKER, a then a click links what it is
// ABOUT, Esc cancels a link.
type claimInspector struct {
	u      *ui
	schema annotate.ClaimSchema
	box    *fyne.Container // the panel; hidden when no claim is selected
	parent *fyne.Container // what lays the panel out beside the text
	title  *widget.Label
	text   *widget.Label
	choice map[string]*widget.Select // choice attributes by name
	free   map[string]*freeEntry     // text and URL attributes by name
	rels   *fyne.Container
	help   *widget.Label
	body   *fyne.Container // the claim's attributes and relations
	empty  *widget.Label   // shown instead when no claim is selected
	links  *fyne.Container // a selected entity's links from claims
	worthy *widget.Check   // the article list's "with check-worthy claims" filter

	claim   string // id of the claim shown, "" none
	linking string // a relation label waiting for the click on its entity, "" none
	setting bool   // refresh is filling the widgets: their callbacks do nothing
}

// Keys of the inspector.
const (
	keySpeaker = 's'
	keyAbout   = 'a'
)

var checkworthyKeys = map[rune]string{'y': "yes", 'n': "no", 'u': "unsure"}

func newClaimInspector(u *ui, schema annotate.ClaimSchema) *claimInspector {
	ci := &claimInspector{u: u, schema: schema, choice: map[string]*widget.Select{}, free: map[string]*freeEntry{}}
	ci.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	ci.text = widget.NewLabel("")
	ci.text.Wrapping = fyne.TextWrapWord
	form := widget.NewForm()
	// Free text (note, evidence) goes under its title across the panel's
	// width: beside a title its placeholder was cut off.
	freeForm := widget.NewForm()
	freeForm.Orientation = widget.Vertical
	for _, a := range schema {
		name := a.Name
		switch a.Type {
		case annotate.AttrChoice:
			opts := append([]string{unset}, a.Values...)
			sel := widget.NewSelect(opts, func(v string) {
				if ci.setting {
					return
				}
				ci.setAttr(name, v)
				ci.u.focusView() // keys go on working on the claim
			})
			ci.choice[name] = sel
			form.Append(attrTitle(name), sel)
		default:
			e := newFreeEntry(ci.commitFree)
			if a.Type == annotate.AttrURLs {
				e.SetPlaceHolder("https://… (several: spaces between)")
			} else {
				e.SetPlaceHolder("saved as you leave it")
			}
			e.OnSubmitted = func(string) { ci.saveFree(); ci.u.focusView() }
			ci.free[name] = e
			freeForm.Append(attrTitle(name), e)
		}
	}
	save := widget.NewButton("Save note and evidence", func() { ci.saveFree(); ci.u.focusView() })
	speaker := widget.NewButton("Link speaker (s)", func() { ci.startLink(annotate.RelSpeaker) })
	about := widget.NewButton("Link about (a)", func() { ci.startLink(annotate.RelAbout) })
	ci.rels = container.NewVBox()
	ci.help = widget.NewLabel("")
	ci.help.Wrapping = fyne.TextWrapWord
	ci.help.SizeName = theme.SizeNameCaptionText
	body := container.NewVBox(ci.title, ci.text, form, freeForm, save, widget.NewSeparator(),
		widget.NewLabelWithStyle("Relations", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		ci.rels, container.NewGridWithColumns(2, speaker, about), ci.help)
	ci.body = body
	ci.empty = widget.NewLabel("Select a claim to see its check-worthiness, type, verdict and speaker here; " +
		"select text and press c to tag one.")
	ci.empty.Wrapping = fyne.TextWrapWord
	ci.empty.Importance = widget.LowImportance
	ci.links = container.NewVBox()
	ci.links.Hide()
	body.Hide()
	// The panel shows only while a claim is selected (the text takes its
	// room otherwise), at a fixed width.
	width := canvas.NewRectangle(color.Transparent)
	width.SetMinSize(fyne.NewSize(inspectorWidth, 0))
	ci.box = container.NewStack(width, container.NewVScroll(container.NewPadded(container.NewVBox(ci.empty, ci.links, body))))
	ci.box.Hide()
	return ci
}

// inspectorWidth is the width of the claim panel.
const inspectorWidth = 330

// unset is the select entry for "no value".
const unset = "—"

func attrTitle(name string) string {
	switch name {
	case annotate.AttrCheckworthy:
		return "Check-worthy"
	case annotate.AttrClaimType:
		return "Type"
	case annotate.AttrVerdict:
		return "Verdict"
	case annotate.AttrNote:
		return "Note"
	case annotate.AttrEvidence:
		return "Evidence"
	}
	return name
}

// selectedClaim is the selected span when it is a claim.
func (ci *claimInspector) selectedClaim() (annotate.Span, bool) {
	u := ci.u
	if u.s.Cur == nil {
		return annotate.Span{}, false
	}
	id, ok := u.view.SelectedSpan()
	if !ok {
		return annotate.Span{}, false
	}
	s, ok := u.spanByID(id)
	return s, ok && s.Kind == annotate.KindClaim
}

// refresh shows the selected claim, or hides the panel. A note or evidence
// typed for the claim shown until now is saved first.
func (ci *claimInspector) refresh() {
	s, ok := ci.selectedClaim()
	if ci.claim != "" && (!ok || s.ID != ci.claim) && ci.linking == "" {
		ci.commitFree()
		s, ok = ci.selectedClaim() // as stored now
	}
	if !ok {
		if ci.linking == "" {
			ci.claim = ""
			ci.body.Hide()
			// the panel shows while an entity with links from claims is
			// selected; else the text takes its room
			links := ci.showLinks()
			if !links {
				ci.empty.Show()
			}
			ci.setShown(links)
		}
		return
	}
	ci.links.Hide()
	if s.ID != ci.claim {
		ci.linking = ""
	}
	ci.claim = s.ID
	ci.setting = true
	defer func() { ci.setting = false }()
	ci.title.SetText(fmt.Sprintf("%s %s", clipLabel(s.Label), clipLabel(s.ID)))
	ci.text.SetText("“" + clipLong(s.Text, 160) + "”")
	for _, a := range ci.schema {
		v, has := s.Attrs[a.Name]
		if sel, ok := ci.choice[a.Name]; ok {
			switch {
			case has:
				sel.SetSelected(v)
			case a.Default != "":
				sel.SetSelected(a.Default)
			default:
				sel.SetSelected(unset)
			}
		}
		if e, ok := ci.free[a.Name]; ok && ci.u.win.Canvas().Focused() != e {
			e.SetText(v)
		}
	}
	ci.rels.Objects = nil
	for _, r := range ci.u.s.Cur.Rels {
		if r.Head != s.ID && r.Child != s.ID {
			continue
		}
		other := r.Child
		arrow := "→"
		if r.Child == s.ID {
			other, arrow = r.Head, "←"
		}
		desc := other
		if o, ok := ci.u.spanByID(other); ok {
			desc = fmt.Sprintf("%s %q", clipLabel(o.Label), clipText(o.Text))
		}
		rel := r
		rm := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { ci.unlink(rel) })
		rm.Importance = widget.LowImportance
		row := widget.NewLabel(clipLabel(r.Label) + " " + arrow + " " + desc)
		row.Wrapping = fyne.TextWrapWord
		ci.rels.Add(container.NewBorder(nil, nil, nil, rm, row))
	}
	if len(ci.rels.Objects) == 0 {
		none := widget.NewLabel("none yet: press s, then click the entity who made the claim")
		none.Wrapping = fyne.TextWrapWord
		ci.rels.Add(none)
	}
	ci.rels.Refresh()
	if ci.linking != "" {
		ci.help.SetText(fmt.Sprintf("Click the entity span for %s (Esc cancels).", ci.linking))
	} else {
		ci.help.SetText("Keys: y / n / u check-worthy yes / no / unsure · s speaker · a about · Delete removes the claim")
	}
	ci.empty.Hide()
	ci.body.Show()
	if ci.setShown(true) {
		ci.u.view.ScrollToOffset(s.Start) // the text rewrapped narrower: keep the claim in sight
	}
}

// setShown shows or hides the panel and lays the text out anew beside it;
// it reports whether that changed anything.
func (ci *claimInspector) setShown(on bool) bool {
	if ci.box.Visible() == on {
		return false
	}
	if on {
		ci.box.Show()
		ci.box.Refresh()
	} else {
		ci.box.Hide()
	}
	if ci.parent != nil {
		ci.parent.Refresh()
	}
	return true
}

// showLinks lists, while an entity is selected, the claims that link to
// it (as SPEAKER, ABOUT, …), each a button that selects the claim; false
// when the selected span has no such link.
func (ci *claimInspector) showLinks() bool {
	u := ci.u
	ci.links.Objects = nil
	defer ci.links.Refresh()
	id, ok := u.view.SelectedSpan()
	if !ok || u.s.Cur == nil {
		ci.links.Hide()
		return false
	}
	ent, ok := u.spanByID(id)
	if !ok {
		ci.links.Hide()
		return false
	}
	for _, r := range u.s.Cur.Rels {
		if r.Child != id {
			continue
		}
		c, ok := u.spanByID(r.Head)
		if !ok {
			continue
		}
		claim := r.Head
		b := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() {
			u.view.SelectSpan(claim)
			u.bar.hint(u.spanHint(claim))
			ci.refresh()
			u.focusView()
		})
		b.Importance = widget.LowImportance
		desc := widget.NewLabel(fmt.Sprintf("%s of %s “%s”", clipLabel(r.Label), clipLabel(c.Label), clipText(c.Text)))
		desc.Wrapping = fyne.TextWrapWord // the panel keeps its width
		ci.links.Add(container.NewBorder(nil, nil, nil, b, desc))
	}
	if len(ci.links.Objects) == 0 {
		ci.links.Hide()
		return false
	}
	title := widget.NewLabelWithStyle(fmt.Sprintf("%s “%s” is linked from", clipLabel(ent.Label), clipText(ent.Text)),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord
	ci.links.Objects = append([]fyne.CanvasObject{title}, ci.links.Objects...)
	ci.empty.Hide()
	ci.links.Show()
	return true
}

func clipLong(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// typedRune handles the inspector's keys; false when r is not one of them
// or no claim is selected.
func (ci *claimInspector) typedRune(r rune) bool {
	if _, ok := ci.selectedClaim(); !ok {
		return false
	}
	if v, ok := checkworthyKeys[r]; ok {
		if _, in := ci.schema.Attr(annotate.AttrCheckworthy); !in {
			return false
		}
		ci.setAttr(annotate.AttrCheckworthy, v)
		return true
	}
	switch r {
	case keySpeaker:
		ci.startLink(annotate.RelSpeaker)
		return true
	case keyAbout:
		ci.startLink(annotate.RelAbout)
		return true
	}
	return false
}

// setAttr sets (or, with unset, removes) one attribute of the selected claim.
func (ci *claimInspector) setAttr(name, v string) {
	if ci.setting {
		return
	}
	s, ok := ci.selectedClaim()
	if !ok {
		return
	}
	attrs := maps.Clone(s.Attrs)
	if attrs == nil {
		attrs = map[string]string{}
	}
	if v == unset || v == "" {
		delete(attrs, name)
	} else {
		attrs[name] = v
	}
	ci.update(s, attrs, name)
}

// saveFree stores the note and evidence entries of the selected claim
// (Enter, or the button).
func (ci *claimInspector) saveFree() {
	s, ok := ci.selectedClaim()
	if !ok {
		return
	}
	if attrs, changed := ci.freeAttrs(s); len(changed) > 0 {
		ci.update(s, attrs, strings.Join(changed, " and "))
	}
}

// commitFree stores what was typed into the note and evidence entries for
// the claim shown (ci.claim), wherever the selection is now: it runs when
// an entry loses the keyboard, before another span or article is shown,
// and on quit, so that nothing typed is lost for want of Enter.
func (ci *claimInspector) commitFree() {
	u := ci.u
	if ci.claim == "" || ci.setting || u.s.Cur == nil {
		return
	}
	s, ok := u.spanByID(ci.claim)
	if !ok || s.Kind != annotate.KindClaim {
		return
	}
	attrs, changed := ci.freeAttrs(s)
	if len(changed) == 0 {
		return
	}
	if len(attrs) == 0 {
		attrs = nil
	}
	if err := annotate.ValidateAttrs(ci.schema, s.Kind, attrs); err != nil {
		u.bar.fail(fmt.Errorf("claim %s: %w", s.ID, err))
		return
	}
	after := s
	after.Attrs = attrs
	ci.claim = "" // the commit refreshes the panel: show what is selected then
	u.commit(annotate.Change{Kind: annotate.ChangeUpdateSpan, ArticleID: u.s.Cur.ID, Before: s, Span: after}, "",
		fmt.Sprintf("claim %s: %s", s.ID, strings.Join(changed, " and ")))
}

// freeAttrs is s's attributes with the note and evidence entries' text, and
// the names of those that differ from what is stored.
func (ci *claimInspector) freeAttrs(s annotate.Span) (map[string]string, []string) {
	attrs := maps.Clone(s.Attrs)
	if attrs == nil {
		attrs = map[string]string{}
	}
	var changed []string
	for _, a := range ci.schema {
		e, ok := ci.free[a.Name]
		if !ok {
			continue
		}
		v := strings.TrimSpace(e.Text)
		if a.Type == annotate.AttrURLs {
			v = annotate.NormalizeURLs(v)
		}
		if v == "" {
			delete(attrs, a.Name)
		} else {
			attrs[a.Name] = v
		}
		if attrs[a.Name] != s.Attrs[a.Name] {
			changed = append(changed, a.Name)
		}
	}
	return attrs, changed
}

func (ci *claimInspector) update(s annotate.Span, attrs map[string]string, what string) {
	if len(attrs) == 0 {
		attrs = nil
	}
	if maps.Equal(attrs, s.Attrs) {
		return
	}
	if err := annotate.ValidateAttrs(ci.schema, s.Kind, attrs); err != nil {
		ci.u.bar.fail(fmt.Errorf("claim %s: %w", s.ID, err))
		ci.refresh() // show what is stored
		return
	}
	after := s
	after.Attrs = attrs
	desc := what
	if v, ok := attrs[what]; ok {
		desc = what + " " + clipText(v)
	} else if _, was := s.Attrs[what]; was {
		desc = what + " cleared"
	}
	ci.u.updateSpan(s, after, fmt.Sprintf("claim %s: %s", s.ID, desc))
}

// startLink waits for a click on the entity that label links the selected
// claim to.
func (ci *claimInspector) startLink(label string) {
	s, ok := ci.selectedClaim()
	if !ok {
		ci.u.bar.hint("select a claim first, then link its speaker")
		return
	}
	ci.claim, ci.linking = s.ID, label
	ci.u.bar.hint(fmt.Sprintf("click the entity span that is the %s of %s %q (Esc cancels)", label, s.ID, clipText(s.Text)))
	ci.refresh()
	ci.u.focusView()
}

// cancelLink ends a pending link; false when there was none.
func (ci *claimInspector) cancelLink() bool {
	if ci.linking == "" {
		return false
	}
	ci.linking = ""
	ci.u.bar.hint("link cancelled")
	ci.refresh()
	return true
}

// spanClicked finishes a pending link with the clicked span; false when no
// link was pending.
func (ci *claimInspector) spanClicked(id string) bool {
	if ci.linking == "" {
		return false
	}
	u, label, claim := ci.u, ci.linking, ci.claim
	if id == "" { // a click beside every span
		ci.linking = ""
		u.view.SelectSpan(claim)
		u.bar.hint("link cancelled: no span was clicked")
		ci.refresh()
		return true
	}
	child, ok := u.spanByID(id)
	if !ok {
		return true
	}
	if child.Kind != annotate.KindEntity {
		u.view.SelectSpan(claim)
		u.bar.hint(fmt.Sprintf("%s %q is not an entity: click an entity span for %s (Esc cancels)", child.Label, clipText(child.Text), label))
		ci.refresh()
		return true
	}
	ci.linking = ""
	ci.link(annotate.Relation{Head: claim, Child: id, Label: label})
	return true
}

// link adds r, undoably, and keeps its claim selected.
func (ci *claimInspector) link(r annotate.Relation) {
	u := ci.u
	if slices.Contains(u.s.Cur.Rels, r) {
		u.view.SelectSpan(r.Head)
		u.bar.hint(fmt.Sprintf("%s %s→%s is linked already", r.Label, r.Head, r.Child))
		ci.refresh()
		return
	}
	if err := u.s.Link(r); err != nil {
		u.bar.fail(err)
		u.view.SelectSpan(r.Head)
		ci.refresh()
		return
	}
	ci.afterRelationChange(r, "linked "+ci.describe(r))
}

// unlink removes r, undoably.
func (ci *claimInspector) unlink(r annotate.Relation) {
	u := ci.u
	if u.s.Cur == nil {
		return
	}
	if err := u.s.Unlink(r); err != nil {
		u.bar.fail(err)
		return
	}
	ci.afterRelationChange(r, "unlinked "+ci.describe(r))
}

func (ci *claimInspector) describe(r annotate.Relation) string {
	d := fmt.Sprintf("%s %s → %s", clipLabel(r.Label), r.Head, r.Child)
	if c, ok := ci.u.spanByID(r.Child); ok {
		d += fmt.Sprintf(" %q", clipText(c.Text))
	}
	return d
}

func (ci *claimInspector) afterRelationChange(r annotate.Relation, what string) {
	u := ci.u
	u.showSpans()
	u.view.SelectSpan(r.Head)
	u.refreshHint()
	u.saved(what)
	u.focusView()
}

// freeEntry is an entry of the inspector that calls onLeave when it loses
// the keyboard.
type freeEntry struct {
	widget.Entry
	onLeave func()
}

func newFreeEntry(onLeave func()) *freeEntry {
	e := &freeEntry{onLeave: onLeave}
	e.ExtendBaseWidget(e)
	return e
}

// FocusLost saves what was typed.
func (e *freeEntry) FocusLost() {
	e.Entry.FocusLost()
	e.onLeave()
}
