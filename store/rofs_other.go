//go:build !unix

package store

func readOnlyFS(string) bool { return false }

func isEROFS(error) bool { return false }
