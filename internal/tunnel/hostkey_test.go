package tunnel

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

func testPublicKey(t *testing.T) ssh.PublicKey {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	k, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestALineKnownHostsCannotReadIsSkippedNotFatal(t *testing.T) {
	key, other := testPublicKey(t), testPublicKey(t)
	file := filepath.Join(t.TempDir(), "known_hosts")
	content := "# mine\nodd.example.test ssh-futurekey AAAAC3NzaC1lZDI1NTE5AAAAIB\n" + knownhosts.Line([]string{"dev.example.com:2222"}, key) + "\n"
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	var notes []string
	h := &hostKeys{file: file, note: func(f string, a ...any) { notes = append(notes, f) }}
	cb, algos, refused, err := h.callback("dev.example.com:2222")
	if err != nil {
		t.Fatal(err)
	}
	remote := &net.TCPAddr{IP: net.IPv4(203, 0, 113, 5), Port: 2222}
	if err := cb("dev.example.com:2222", remote, key); err != nil {
		t.Errorf("the known key is refused: %v", err)
	}
	if len(notes) == 0 || !strings.Contains(notes[0], "skipped line %d") {
		t.Errorf("notes %q", notes)
	}
	if len(algos) != 1 || algos[0] != ssh.KeyAlgoED25519 {
		t.Errorf("host key algorithms %v", algos)
	}
	err = cb("dev.example.com:2222", remote, other)
	var changed *HostKeyChangedError
	if !errors.As(err, &changed) || !errors.As(*refused, &changed) {
		t.Fatalf("another key: %v", err)
	}
	if want := file + ":3 ssh-ed25519 " + ssh.FingerprintSHA256(key); len(changed.Known) != 1 || changed.Known[0] != want {
		t.Errorf("known %q, want %q", changed.Known, want)
	}
}

func TestHostKeyAlgorithmsFollowTheKnownKeys(t *testing.T) {
	_, rsaPub := testRSA(t)
	file := filepath.Join(t.TempDir(), "known_hosts")
	os.WriteFile(file, []byte(knownhosts.Line([]string{"dev.example.com"}, rsaPub)+"\n"), 0o600)
	h := &hostKeys{file: file, note: func(string, ...any) {}}
	_, algos, _, err := h.callback("dev.example.com:22")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(algos, " ") != "rsa-sha2-512 rsa-sha2-256 ssh-rsa" {
		t.Errorf("algorithms %v", algos)
	}
	if _, algos, _, _ := h.callback("unknown.example.com:22"); algos != nil {
		t.Errorf("an unknown host limits the algorithms: %v", algos)
	}
}

func TestAcceptHostKeyAppendsOnALineOfItsOwnAndRefusesGarbage(t *testing.T) {
	file := filepath.Join(t.TempDir(), "known_hosts")
	os.WriteFile(file, []byte("# no newline at the end"), 0o600)
	line := knownhosts.Line([]string{"dev.example.com"}, testPublicKey(t))
	if err := AcceptHostKey(file, line); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(file)
	if string(b) != "# no newline at the end\n"+line+"\n" {
		t.Errorf("known_hosts %q", b)
	}
	for _, bad := range []string{"", "dev.example.com", line + "\nevil.example.com " + strings.SplitN(line, " ", 2)[1]} {
		if err := AcceptHostKey(file, bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func testRSA(t *testing.T) (ssh.Signer, ssh.PublicKey) {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ssh.NewSignerFromKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return s, s.PublicKey()
}
