package pgtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is how a cluster of StartWith differs from Start's, for the tests
// of what a user meets on a real server: passwords, client rules, TLS.
type Config struct {
	// HBA replaces the rules of pg_hba.conf, one a line, e.g.
	// "hostssl all all 127.0.0.1/32 scram-sha-256". The superuser
	// (spanmark) must still get in over TCP from 127.0.0.1 without a
	// password, as CreateDB's psql does (with TLS when the server has it).
	HBA []string
	// TLS turns ssl on with a self-signed certificate for 127.0.0.1 and
	// localhost made in the cluster's folder (CertFile).
	TLS bool
	// Durable keeps synchronous_commit on, as a real server has it: a
	// commit is answered once its WAL is written, so that a server
	// stopped at once (Halt "immediate") keeps every commit it answered.
	// Off (Start's), the last fraction of a second of commits may go.
	// Neither fsyncs: the tests stop the server, not the machine.
	Durable bool
}

// options are the server options c adds.
func (c Config) options() string {
	if c.Durable {
		return ""
	}
	return " -c synchronous_commit=off"
}

// prepare sets the made cluster up before its first start.
func (c Config) prepare(s *Server) error {
	if len(c.HBA) > 0 {
		rules := "# pgtest.Config.HBA\n" + strings.Join(c.HBA, "\n") + "\n"
		if err := os.WriteFile(filepath.Join(s.data(), "pg_hba.conf"), []byte(rules), 0o600); err != nil {
			return err
		}
	}
	if c.TLS {
		if err := writeCert(s.data(), s.CertFile()); err != nil {
			return fmt.Errorf("pgtest: certificate: %w", err)
		}
		f, err := os.OpenFile(filepath.Join(s.data(), "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		_, err = f.WriteString("\nssl = on\n")
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return s.as.own(s.dir)
}

// CertFile is the server's certificate (self-signed: it is its own
// authority, to be given as sslrootcert), when the cluster has TLS.
func (s *Server) CertFile() string { return filepath.Join(s.dir, "root.crt") }

// Addr is the server's host:port.
func (s *Server) Addr() string { return "127.0.0.1:" + strconv.Itoa(s.port) }

// AddUser makes a login role with a password (stored as SCRAM, the
// server's default).
func (s *Server) AddUser(name, password string) error {
	return s.psql(fmt.Sprintf("CREATE ROLE %s LOGIN PASSWORD '%s'", name, strings.ReplaceAll(password, "'", "''")))
}

// CreateDBOwnedBy is CreateDB of a database owned by user, whose URL
// names that user and password, with sslmode as given ("" for none).
func (s *Server) CreateDBOwnedBy(user, password, sslmode string) (string, error) {
	u, err := s.CreateDB()
	if err != nil {
		return "", err
	}
	name := dbName(u)
	if err := s.psql("ALTER DATABASE " + name + " OWNER TO " + user); err != nil {
		return "", err
	}
	if err := s.psql("GRANT ALL ON SCHEMA public TO " + user); err != nil {
		return "", err
	}
	u = fmt.Sprintf("postgres://%s:%s@%s/%s", user, password, s.Addr(), name)
	if sslmode != "" {
		u += "?sslmode=" + sslmode
	}
	return u, nil
}

// writeCert makes a self-signed certificate and its key as the server's
// server.crt and server.key in data, and a copy of the certificate at
// root.
func writeCert(data, root string) error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "localhost"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return err
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return err
	}
	cert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	for _, f := range []struct {
		path string
		data []byte
		mode os.FileMode
	}{
		{filepath.Join(data, "server.crt"), cert, 0o644},
		{filepath.Join(data, "server.key"), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600},
		{root, cert, 0o644},
	} {
		if err := os.WriteFile(f.path, f.data, f.mode); err != nil {
			return err
		}
	}
	return nil
}
