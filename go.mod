module github.com/spanmark/spanmark

go 1.26

require (
	fyne.io/fyne/v2 v2.7.1 // indirect
	github.com/goccy/go-json v0.12.0 // indirect
	github.com/mattn/go-sqlite3 v1.14.53 // indirect
)
