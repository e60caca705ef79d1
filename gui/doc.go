// Package gui owns spanmark's window: the article list, the article view
// (gui/spanview), the label palette, the claim inspector, menus, keyboard
// handling, the import, export and merge dialogs, review mode, the label
// set editor and the screenshot mode.
//
// The window holds widgets and one *session.Session: the open article,
// labels, annotator, undo history and the article list (its filter and
// rows, session.ArticleList) live there, and every edit is a session
// method that commits one transaction before the window shows it. The
// widgets keep only what is theirs to draw (the list's row heights).
// The path of a key press: spanview.View.OnRune → ui.keyRune → typedRune →
// applyLabel → session.Tag (store.AddSpan, one transaction, one undo step)
// → showSpans redraws the view from session.Cur.
//
// gui must not import database/sql or write SQL (store does), and nothing
// imports gui but package main. Run needs a GL driver (fyne.io/fyne/v2/app)
// and lives in run.go, which a build with the "headless" tag leaves out;
// everything else builds and is tested on Fyne's software test driver
// through newUI, the function Run also uses.
package gui
