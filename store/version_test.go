package store

import (
	"context"
	"testing"
)

func TestSQLiteVersionIsWhatADatabaseAnswers(t *testing.T) {
	db := openTemp(t)
	var want string
	if err := db.db.QueryRowContext(context.Background(), "select sqlite_version()").Scan(&want); err != nil {
		t.Fatal(err)
	}
	if got := SQLiteVersion(); got != want || got == "" {
		t.Fatalf("SQLiteVersion() = %q, select sqlite_version() = %q", got, want)
	}
}
