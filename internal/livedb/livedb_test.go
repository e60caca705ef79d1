package livedb

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestCheckKnowsTheDatabaseAndItsSidecarsByIdentity(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "my data") // any name, no extension
	if err := os.WriteFile(db, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.db")
	if err := os.WriteFile(other, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	hard := filepath.Join(t.TempDir(), "hard")
	if err := os.Link(db, hard); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(db, link); err != nil {
		t.Fatal(err)
	}
	if Check(db) != nil {
		t.Fatal("a database that was never added is live")
	}
	remove, err := Add(db)
	if err != nil {
		t.Fatal(err)
	}
	rel, _ := filepath.Rel(mustWd(t), db)
	for _, c := range []struct {
		path string
		role string // "none" when not live
	}{
		{db, ""}, {hard, ""}, {link, ""}, {rel, ""},
		{db + "-wal", "-wal"}, {db + "-shm", "-shm"}, {db + "-journal", "-journal"},
		{link + "-wal", "-wal"}, {db + "-SHM", "-shm"},
		{other, "none"}, {other + "-wal", "none"}, {dir, "none"}, {db + "-wa", "none"}, {"", "none"},
	} {
		err := Check(c.path)
		var le *Error
		switch {
		case c.role == "none" && err != nil:
			t.Errorf("Check(%q) = %v, want nil", c.path, err)
		case c.role != "none" && (!errors.As(err, &le) || le.Role != c.role):
			t.Errorf("Check(%q) = %v, want role %q", c.path, err, c.role)
		}
	}
	if !IsDB(link) || IsDB(db+"-wal") {
		t.Error("IsDB")
	}
	remove()
	remove() // once only
	if Check(db) != nil || Check(db+"-wal") != nil {
		t.Error("still live after remove")
	}
}

func TestAddTwiceNeedsTwoRemoves(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	if err := os.WriteFile(db, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	r1, _ := Add(db)
	r2, _ := Add(db)
	r1()
	if Check(db) == nil {
		t.Fatal("forgotten while still open once")
	}
	r2()
	if Check(db) != nil {
		t.Fatal("live after both removes")
	}
}

func mustWd(t *testing.T) string {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd
}
