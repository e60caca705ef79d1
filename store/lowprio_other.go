//go:build !linux

package store

// lowerPriority does nothing where the nice value is not per thread.
func lowerPriority() {}
