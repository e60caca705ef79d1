package session

import "github.com/spanmark/spanmark/annotate"

// Arm makes l the sticky label: each word clicked or range dragged is
// tagged with it (TagAt) until Disarm.
func (s *Session) Arm(l annotate.Label) { s.armed, s.isArmed = l, true }

// Disarm ends the sticky label and returns the one that was armed.
func (s *Session) Disarm() (was annotate.Label, ok bool) {
	was, ok = s.armed, s.isArmed
	s.armed, s.isArmed = annotate.Label{}, false
	return was, ok
}

// Armed is the sticky label, if one is armed.
func (s *Session) Armed() (annotate.Label, bool) { return s.armed, s.isArmed }

// Adjudication is what adjudication keeps for as long as the session
// lasts, per article: the place (its start, in code points) shown last, and
// the places decided as "none of them", which leave no gold span to tell.
type Adjudication struct {
	left map[string]int
	none map[string]map[[2]int]bool
}

// LeftAt is the start of the place adjudication showed last in article.
func (a *Adjudication) LeftAt(article string) (start int, ok bool) {
	start, ok = a.left[article]
	return start, ok
}

// Leave records that adjudication of article showed the place at start.
func (a *Adjudication) Leave(article string, start int) {
	if a.left == nil {
		a.left = map[string]int{}
	}
	a.left[article] = start
}

// DecidedNone reports whether the place start–end of article was decided
// as "none of them".
func (a *Adjudication) DecidedNone(article string, start, end int) bool {
	return a.none[article][[2]int{start, end}]
}

// SetNone records (none true) or forgets that the place start–end of
// article was decided as "none of them".
func (a *Adjudication) SetNone(article string, start, end int, none bool) {
	if !none {
		delete(a.none[article], [2]int{start, end})
		return
	}
	if a.none == nil {
		a.none = map[string]map[[2]int]bool{}
	}
	if a.none[article] == nil {
		a.none[article] = map[[2]int]bool{}
	}
	a.none[article][[2]int{start, end}] = true
}
