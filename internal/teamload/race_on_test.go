//go:build race

package teamload

// tagsEach is 250 under the race detector, which slows each of the 8
// processes about sixfold (8 × 1,000 took 73 s); without it, 1,000.
const tagsEach = 250
