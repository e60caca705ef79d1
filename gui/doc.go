// Package gui owns spanmark's window: the article list, the article view
// (gui/spanview), the label palette, menus, keyboard handling, import and
// export dialogs, the label set editor and the screenshot mode.
//
// It talks to store (every edit is committed before the window shows it)
// and annotate (the undo history) only; no SQL here. Run needs a GL driver
// (fyne.io/fyne/v2/app) and lives in run.go, which a build with the
// "headless" tag leaves out; everything else builds and is tested on Fyne's
// software test driver through newUI, the function Run also uses.
package gui
