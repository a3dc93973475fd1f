package tunnel

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// UnknownHostKeyError: the server's host key is not in the known_hosts file. Show the
// fingerprint; only after the user compared it with the server's and accepted it, call
// Accept (or start again with the fingerprint in Config.TrustedKeys).
type UnknownHostKeyError struct {
	Host        string // as known_hosts writes it: host, or [host]:port
	KeyType     string // like ssh-ed25519
	Fingerprint string // SHA256:…
	Line        string // the known_hosts line Accept appends
	KnownHosts  string // the file
	// Offered is a fingerprint the user accepted that is not the server's.
	Offered []string
}

func (e *UnknownHostKeyError) Error() string {
	msg := fmt.Sprintf("the host key of %s is not in %s: %s %s", e.Host, e.KnownHosts, e.KeyType, e.Fingerprint)
	if len(e.Offered) > 0 {
		msg += fmt.Sprintf("; it is not the key you accepted (%s): make sure you are reaching your own server", strings.Join(e.Offered, ", "))
	}
	return msg + fmt.Sprintf(". Compare it with the server's own (run there: ssh-keygen -lf /etc/ssh/ssh_host_%s_key.pub), then accept it: --accept-host-key %s",
		keyFileKind(e.KeyType), e.Fingerprint)
}

// Accept appends the key to the known_hosts file; the next connection uses it.
func (e *UnknownHostKeyError) Accept() error { return AcceptHostKey(e.KnownHosts, e.Line) }

// HostKeyChangedError: the server's key differs from the one known_hosts has for it. It is
// refused: someone may be intercepting the connection.
type HostKeyChangedError struct {
	Host        string
	KeyType     string
	Fingerprint string   // the key the server showed now
	Known       []string // the known keys: "file:line type SHA256:…"
	KnownHosts  string
}

func (e *HostKeyChangedError) Error() string {
	return fmt.Sprintf("REFUSED: the host key of %s has CHANGED: it is now %s %s, but %s has %s. Someone may be intercepting the connection (man-in-the-middle), "+
		"or the server was reinstalled. Do not connect until you know why; if the new key is right, remove the old one (ssh-keygen -R '%s' -f %s) and accept the new one",
		e.Host, e.KeyType, e.Fingerprint, e.KnownHosts, strings.Join(e.Known, "; "), e.Host, e.KnownHosts)
}

// HostKeyRevokedError: the server's key is marked @revoked in known_hosts.
type HostKeyRevokedError struct {
	Host, Fingerprint, At string
}

func (e *HostKeyRevokedError) Error() string {
	return fmt.Sprintf("REFUSED: the host key of %s (%s) is marked @revoked in %s", e.Host, e.Fingerprint, e.At)
}

// knownHostsMu serialises appends to known_hosts files within the process.
var knownHostsMu sync.Mutex

// AcceptHostKey appends a known_hosts line (as UnknownHostKeyError.Line gives it) to the file,
// creating the file (0600) and its directory (0700) when they are missing.
func AcceptHostKey(file, line string) error {
	line = strings.TrimSpace(line)
	if _, _, _, _, _, err := ssh.ParseKnownHosts([]byte(line)); err != nil || strings.ContainsAny(line, "\r\n") {
		return fmt.Errorf("not a known_hosts line: %q", short(line))
	}
	knownHostsMu.Lock()
	defer knownHostsMu.Unlock()
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		return fmt.Errorf("accept the host key: %w", err)
	}
	f, err := os.OpenFile(file, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("accept the host key: %w", err)
	}
	defer f.Close()
	// start on a line of its own when the file does not end with a newline
	prefix := ""
	if st, err := f.Stat(); err == nil && st.Size() > 0 {
		last := make([]byte, 1)
		if _, err := f.ReadAt(last, st.Size()-1); err == nil && last[0] != '\n' {
			prefix = "\n"
		}
	}
	if _, err := f.WriteString(prefix + line + "\n"); err != nil {
		return fmt.Errorf("accept the host key: %w", err)
	}
	return f.Close()
}

// DefaultKnownHosts is ~/.ssh/known_hosts.
func DefaultKnownHosts() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find ~/.ssh/known_hosts: %w (give --known-hosts FILE)", err)
	}
	return filepath.Join(home, ".ssh", "known_hosts"), nil
}

// hostKeys checks a server's host key against a known_hosts file.
type hostKeys struct {
	file    string
	trusted []string
	note    func(format string, args ...any)
}

// callback reads the file now (an Accept may have changed it) and returns the check for
// addr (host:port), the host key algorithms to ask for (those of the keys known for the
// host, so a server with several keys shows one we know), and where the check puts the
// typed error it refused with.
func (h *hostKeys) callback(addr string) (ssh.HostKeyCallback, []string, *error, error) {
	var files []string
	if st, err := os.Stat(h.file); err == nil && !st.IsDir() {
		files = append(files, h.file)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, nil, nil, permanent(fmt.Errorf("known_hosts %s: %w", h.file, err))
	}
	check, err := knownhosts.New(files...)
	if err != nil && len(files) > 0 {
		// a line this package cannot read (a key type it does not know) must not lock the
		// user out: check against the lines it can read
		check, err = h.readable()
	}
	if err != nil {
		return nil, nil, nil, permanent(fmt.Errorf("read %s: %w", h.file, err))
	}
	algos := knownAlgorithms(check, addr)
	refused := new(error)
	host := knownhosts.Normalize(addr)
	cb := func(hostname string, remote net.Addr, key ssh.PublicKey) error {
		err := check(hostname, remote, key)
		if err == nil {
			return nil
		}
		fp := ssh.FingerprintSHA256(key)
		var ke *knownhosts.KeyError
		var re *knownhosts.RevokedError
		switch {
		case errors.As(err, &re):
			*refused = &HostKeyRevokedError{Host: host, Fingerprint: fp, At: fmt.Sprintf("%s:%d", re.Revoked.Filename, re.Revoked.Line)}
		case errors.As(err, &ke) && len(ke.Want) == 0:
			line := knownhosts.Line([]string{hostname}, key)
			if slices.Contains(h.trusted, fp) {
				if err := AcceptHostKey(h.file, line); err != nil {
					*refused = err
					return err
				}
				h.note("accepted the host key of %s (%s %s) as asked, and added it to %s", host, key.Type(), fp, h.file)
				return nil
			}
			*refused = &UnknownHostKeyError{Host: host, KeyType: key.Type(), Fingerprint: fp, Line: line, KnownHosts: h.file, Offered: h.trusted}
		case errors.As(err, &ke):
			var known []string
			for _, k := range ke.Want {
				known = append(known, fmt.Sprintf("%s:%d %s %s", k.Filename, k.Line, k.Key.Type(), ssh.FingerprintSHA256(k.Key)))
			}
			*refused = &HostKeyChangedError{Host: host, KeyType: key.Type(), Fingerprint: fp, Known: known, KnownHosts: h.file}
		default:
			*refused = err
		}
		return *refused
	}
	return cb, algos, refused, nil
}

// readable is the check over the lines of the file that parse, the others blanked (so line
// numbers stay right), each skipped line noted.
func (h *hostKeys) readable() (ssh.HostKeyCallback, error) {
	b, err := os.ReadFile(h.file)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(string(b), "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if _, _, _, _, _, err := ssh.ParseKnownHosts([]byte(t)); err != nil {
			h.note("skipped line %d of %s, which cannot be read: %v", i+1, h.file, err)
			lines[i] = "#"
		}
	}
	tmp, err := os.CreateTemp("", "wecomdev-known_hosts-*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	_, werr := tmp.WriteString(strings.Join(lines, "\n"))
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return nil, werr
	}
	check, err := knownhosts.New(tmp.Name())
	if err != nil {
		return nil, err
	}
	// name the user's file, not the copy, in what the check reports
	return func(hostname string, remote net.Addr, key ssh.PublicKey) error {
		err := check(hostname, remote, key)
		var ke *knownhosts.KeyError
		var re *knownhosts.RevokedError
		switch {
		case errors.As(err, &ke):
			for i := range ke.Want {
				ke.Want[i].Filename = h.file
			}
		case errors.As(err, &re):
			re.Revoked.Filename = h.file
		}
		return err
	}, nil
}

// knownAlgorithms lists the host key algorithms of the keys known for addr, by asking the
// check about a key nobody has: its KeyError lists them. Nil when none is known (then any
// algorithm may be offered, and the key is unknown anyway).
func knownAlgorithms(check ssh.HostKeyCallback, addr string) []string {
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil
	}
	probe, err := ssh.NewPublicKey(pub)
	if err != nil {
		return nil
	}
	remote := &net.TCPAddr{IP: net.IPv4zero, Port: 22}
	if _, p, err := net.SplitHostPort(addr); err == nil {
		remote.Port, _ = strconv.Atoi(p)
	}
	var ke *knownhosts.KeyError
	if err := check(addr, remote, probe); !errors.As(err, &ke) || len(ke.Want) == 0 {
		return nil
	}
	var algos []string
	add := func(a ...string) {
		for _, x := range a {
			if !slices.Contains(algos, x) {
				algos = append(algos, x)
			}
		}
	}
	for _, k := range ke.Want {
		switch t := k.Key.Type(); t {
		case ssh.KeyAlgoRSA:
			add(ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256, ssh.KeyAlgoRSA)
		default:
			add(t)
		}
	}
	return algos
}

// keyFileKind names the server's host key file for a key type (ssh_host_<kind>_key.pub).
func keyFileKind(keyType string) string {
	switch {
	case strings.Contains(keyType, "ed25519"):
		return "ed25519"
	case strings.Contains(keyType, "ecdsa"):
		return "ecdsa"
	case strings.Contains(keyType, "rsa"):
		return "rsa"
	}
	return "*"
}
