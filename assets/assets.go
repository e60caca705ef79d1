// Package assets owns the files embedded in the binary: the application icon
// and the sample articles offered on first run.
//
// The samples are the articles of ../shared/corpus: one Gulf News article and
// 24 English Wikinews articles (CC BY 2.5) as rebuilt by the GUM corpus
// (Zeldes 2017, annotations CC BY 4.0). See README.md for the attribution.
package assets

import (
	"embed"
	"io/fs"
)

//go:generate go run ./icongen -o icon.png

//go:embed icon.png
var icon []byte

//go:embed samples/*.txt
var samples embed.FS

// Icon is the application icon as PNG bytes.
func Icon() []byte { return icon }

// Samples holds the sample articles in spanmark's .txt format, one per file
// at the root of the returned file system.
func Samples() fs.FS {
	sub, err := fs.Sub(samples, "samples")
	if err != nil {
		panic(err) // the embed pattern above guarantees the folder
	}
	return sub
}

// Attribution is the credit line shown in the About box.
const Attribution = "Sample articles: English Wikinews (CC BY 2.5), texts as rebuilt by the " +
	"GUM corpus (Zeldes 2017, \"The GUM Corpus\", annotations CC BY 4.0, " +
	"github.com/amir-zeldes/gum); one article from Gulf News (gulfnews.com)."
