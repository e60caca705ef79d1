package pgtest

import (
	"net/url"
	"testing"
)

// As is the database URL raw with user instead of its user and no
// password: the test server trusts every connection from 127.0.0.1, so a
// test connects as any role it has made (spanmark team add) to see what
// the server lets that role do.
func As(t testing.TB, raw, user string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	u.User = url.User(user)
	return u.String()
}
