//go:build !race

package teamload

// tagsEach is how many spans each process tags (race_on_test.go).
const tagsEach = 1000
