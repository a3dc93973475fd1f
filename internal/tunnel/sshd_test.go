//go:build linux

package tunnel

// These tests run a real OpenSSH server (Debian's openssh-server: /usr/sbin/sshd) on
// 127.0.0.1 with keys made here. Without sshd they are skipped, unless EnvRequireSSHD is set
// (make test sets it): then they fail.

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
	"golang.org/x/crypto/ssh/knownhosts"

	"wecomdev/internal/devserver"
	"wecomdev/internal/jssdk"
	"wecomdev/internal/secrets"
	"wecomdev/internal/tickets"
	"wecomdev/internal/wecom/sandbox"
	"wecomdev/internal/workspace"
)

// EnvRequireSSHD makes the real-sshd tests fail instead of skip when sshd is missing.
const EnvRequireSSHD = "WECOMDEV_REQUIRE_SSHD"

const sshdPath = "/usr/sbin/sshd"

// sshServer is one sshd of the test's own.
type sshServer struct {
	t       *testing.T
	dir     string
	port    int
	config  string
	user    string
	hostKey ssh.PublicKey
	userKey string // the authorized private key file
	userPub ssh.PublicKey
	remote  string // the address the tunnel's forward asks for

	mu  sync.Mutex
	cmd *exec.Cmd
	log *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// newKey makes an ed25519 key; with a file, writes its private half there in OpenSSH
// format (encrypted when passphrase is not empty).
func newKey(t *testing.T, file, passphrase string) (ssh.Signer, ssh.PublicKey) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	testKeys.Store(string(signer.PublicKey().Marshal()), priv)
	if file != "" {
		var block *pem.Block
		if passphrase != "" {
			block, err = ssh.MarshalPrivateKeyWithPassphrase(priv, "wecomdev test", []byte(passphrase))
		} else {
			block, err = ssh.MarshalPrivateKey(priv, "wecomdev test")
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, pem.EncodeToMemory(block), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return signer, signer.PublicKey()
}

// startSSHD starts sshd on a free loopback port with a new host key, one authorized user
// key, and the sshd lines Snippets writes for the tunnel.
func startSSHD(t *testing.T) *sshServer {
	t.Helper()
	if _, err := os.Stat(sshdPath); err != nil {
		if os.Getenv(EnvRequireSSHD) != "" {
			t.Fatalf("%s is required (%s is set): %v; install it with apt-get install openssh-server", sshdPath, EnvRequireSSHD, err)
		}
		t.Skipf("%s not found: install openssh-server to run the real SSH server tests (set %s=1 to make this a failure)", sshdPath, EnvRequireSSHD)
	}
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		// sshd's privilege separation directory, which a package install makes at boot
		if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
			t.Fatal(err)
		}
	}
	s := &sshServer{t: t, dir: t.TempDir(), port: freePort(t), user: u.Username, log: &syncBuffer{}}
	s.remote = "127.0.0.1:" + strconv.Itoa(freePort(t))
	hostFile := filepath.Join(s.dir, "ssh_host_ed25519_key")
	_, s.hostKey = newKey(t, hostFile, "")
	s.userKey = filepath.Join(s.dir, "id_ed25519")
	_, s.userPub = newKey(t, s.userKey, "")
	s.authorize(s.userPub)
	_, sshdLines := Snippets(s.tunnelConfig())
	if !strings.Contains(sshdLines, "Match User "+s.user) {
		t.Fatalf("the sshd snippet does not match the user:\n%s", sshdLines)
	}
	s.config = filepath.Join(s.dir, "sshd_config")
	conf := fmt.Sprintf(`Port %d
ListenAddress 127.0.0.1
HostKey %s
PidFile %s
AuthorizedKeysFile %s
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
LogLevel VERBOSE
`, s.port, hostFile, filepath.Join(s.dir, "sshd.pid"), filepath.Join(s.dir, "authorized_keys")) + sshdLines
	if err := os.WriteFile(s.config, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(sshdPath, "-t", "-f", s.config).CombinedOutput(); err != nil {
		t.Fatalf("sshd -t refuses the config (with the generated snippet): %v\n%s\n%s", err, out, conf)
	}
	s.start()
	t.Cleanup(func() {
		s.stop()
		if t.Failed() {
			t.Logf("sshd log:\n%s", s.log.String())
		}
	})
	return s
}

func (s *sshServer) authorize(keys ...ssh.PublicKey) {
	var b []byte
	for _, k := range keys {
		b = append(b, ssh.MarshalAuthorizedKey(k)...)
	}
	if err := os.WriteFile(filepath.Join(s.dir, "authorized_keys"), b, 0o600); err != nil {
		s.t.Fatal(err)
	}
}

// start runs sshd -D -e and waits until it accepts connections.
func (s *sshServer) start() {
	s.t.Helper()
	cmd := exec.Command(sshdPath, "-D", "-e", "-f", s.config)
	cmd.Stdout, cmd.Stderr = s.log, s.log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	s.mu.Lock()
	s.cmd = cmd
	s.mu.Unlock()
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port))
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("sshd does not accept on %s: %v\n%s", addr, err, s.log.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// sessions are the processes sshd forked for connections (privileged monitor and session).
func (s *sshServer) sessions() []int {
	s.mu.Lock()
	cmd := s.cmd
	s.mu.Unlock()
	if cmd == nil {
		return nil
	}
	return descendants(cmd.Process.Pid)
}

// stop kills sshd and every session it forked, as a crash or a reboot would.
func (s *sshServer) stop() {
	s.mu.Lock()
	cmd := s.cmd
	s.cmd = nil
	s.mu.Unlock()
	if cmd == nil {
		return
	}
	for _, pid := range descendants(cmd.Process.Pid) {
		syscall.Kill(pid, syscall.SIGKILL)
	}
	cmd.Process.Kill()
	cmd.Wait()
}

// descendants lists the processes below pid (from /proc).
func descendants(pid int) []int {
	parent := map[int]int{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		st := string(b)
		i := strings.LastIndexByte(st, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(st[i+2:])
		if len(f) < 2 || f[0] == "Z" {
			continue
		}
		pp, _ := strconv.Atoi(f[1])
		parent[p] = pp
	}
	var out []int
	for p := range parent {
		for q := parent[p]; q > 1; q = parent[q] {
			if q == pid {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

func (s *sshServer) knownHostsWith(keys ...ssh.PublicKey) string {
	file := filepath.Join(s.dir, fmt.Sprintf("known_hosts_%d", time.Now().UnixNano()))
	var b strings.Builder
	_, another := newKey(s.t, "", "")
	b.WriteString("# another host\n" + knownhosts.Line([]string{"git.example.test"}, another) + "\n")
	for _, k := range keys {
		b.WriteString(knownhosts.Line([]string{net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port))}, k) + "\n")
	}
	if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
		s.t.Fatal(err)
	}
	return file
}

// tunnelConfig is the tunnel to this sshd, as the user would write it.
func (s *sshServer) tunnelConfig() Config {
	spec := fmt.Sprintf("ssh://%s@127.0.0.1:%d?remote=%s&public=https://dev.example.test", s.user, s.port, s.remote)
	cfg, err := Parse(spec)
	if err != nil {
		s.t.Fatal(err)
	}
	cfg.Identity = s.userKey
	cfg.KnownHosts = filepath.Join(s.dir, "known_hosts")
	return cfg
}

// console is the real engine over the sandbox WeCom and a dev server, as serve runs them.
type console struct {
	eng *workspace.Workspace
	srv *devserver.Server
	url string
}

func newConsole(t *testing.T) *console {
	t.Helper()
	ctx := context.Background()
	eng, err := workspace.Open(ctx, t.TempDir(), workspace.Options{Keychain: secrets.NewMemory(), Sandbox: sandbox.New(sandbox.Options{})})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	b, err := eng.DevBackend(ctx, "sandbox")
	if err != nil {
		t.Fatal(err)
	}
	log := eng.RequestLog(devserver.LogOptions{})
	t.Cleanup(log.Close)
	srv := devserver.New(b, devserver.Options{Addr: "127.0.0.1:0", Log: log})
	addr, err := srv.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Shutdown(context.Background()) })
	return &console{eng: eng, srv: srv, url: addr}
}

// followTunnel makes the dev server allow the tunnel's public host while it is up.
func (c *console) followTunnel(s Status) {
	if s.State != StateUp {
		c.srv.SetTunnelHost("")
		return
	}
	if u, err := url.Parse(s.PublicURL); err == nil {
		c.srv.SetTunnelHost(u.Hostname())
	}
}

// signThroughTunnel asks for a config signature the way a page on the public domain does,
// at the server's end of the tunnel (where the developer's nginx would proxy to), and checks
// it against the sandbox's corp ticket.
func (c *console) signThroughTunnel(t *testing.T, remote string) {
	t.Helper()
	page := "https://dev.example.test/orders/?id=42#/detail"
	req, _ := http.NewRequest(http.MethodGet, "http://"+remote+devserver.PathConfigSignature+"?url="+url.QueryEscape(page), nil)
	req.Host = "dev.example.test" // as nginx passes it on
	req.Header.Set("Origin", "https://dev.example.test")
	req.Header.Set("X-Forwarded-For", "198.51.100.7")
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		t.Fatalf("through the tunnel: %v", err)
	}
	defer resp.Body.Close()
	var got struct{ Timestamp, NonceStr, Signature, Message string }
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("through the tunnel: status %d %q %v", resp.StatusCode, got.Message, err)
	}
	if acao := resp.Header.Get("Access-Control-Allow-Origin"); acao != "https://dev.example.test" {
		t.Errorf("Access-Control-Allow-Origin %q", acao)
	}
	ticket, err := c.eng.Credential(context.Background(), "sandbox", tickets.KindCorp)
	if err != nil {
		t.Fatal(err)
	}
	if want := jssdk.Signature(ticket.Value, got.NonceStr, got.Timestamp, jssdk.CutHash(page)); got.Signature != want {
		t.Errorf("signature %s does not verify against the corp ticket (want %s)", got.Signature, want)
	}
}

func TestOverARealSSHServerThePhonesRequestReachesTheDevServerAndGetsAVerifiedSignature(t *testing.T) {
	sshd := startSSHD(t)
	c := newConsole(t)
	cfg := sshd.tunnelConfig()
	cfg.KnownHosts = sshd.knownHostsWith(sshd.hostKey)
	tun, rec := sshTunnel(t, cfg, Options{Target: c.url, OnStatus: c.followTunnel})
	if err := tun.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	up := rec.waitFor(t, StateUp, 15*time.Second)
	if up.PublicURL != "https://dev.example.test" || up.Provider != ProviderSSH || up.Attempt != 1 {
		t.Errorf("up %+v", up)
	}
	c.signThroughTunnel(t, sshd.remote)
	if got := c.srv.TunnelHost(); got != "dev.example.test" {
		t.Errorf("the dev server's tunnel host is %q", got)
	}
	tun.Stop()
	if got := c.srv.TunnelHost(); got != "" {
		t.Errorf("after Stop, the dev server still allows %q", got)
	}
	if _, err := net.DialTimeout("tcp", sshd.remote, time.Second); err == nil {
		// the forward is gone with the session
		eventually(t, 5*time.Second, "the remote forward closes", func() bool {
			c, err := net.DialTimeout("tcp", sshd.remote, time.Second)
			if err == nil {
				c.Close()
			}
			return err != nil
		})
	}
}

func TestWhenSSHDIsKilledAndStartedAgainTheTunnelComesBackByItself(t *testing.T) {
	sshd := startSSHD(t)
	c := newConsole(t)
	cfg := sshd.tunnelConfig()
	cfg.KnownHosts = sshd.knownHostsWith(sshd.hostKey)
	tun, rec := sshTunnel(t, cfg, Options{Target: c.url, OnStatus: c.followTunnel})
	tun.Start(context.Background())
	rec.waitFor(t, StateUp, 15*time.Second)
	c.signThroughTunnel(t, sshd.remote)

	sshd.stop()
	down := rec.waitFor(t, StateDown, 10*time.Second)
	if !strings.Contains(down.Reason, "was lost") || !strings.Contains(down.Reason, "retrying in") {
		t.Errorf("down reason %q", down.Reason)
	}
	if c.srv.TunnelHost() != "" {
		t.Error("the dev server still allows the tunnel host while it is down")
	}
	rec.waitFor(t, StateConnecting, 10*time.Second)
	sshd.start()
	up := rec.waitFor(t, StateUp, 20*time.Second)
	if up.PublicURL != "https://dev.example.test" {
		t.Errorf("%+v", up)
	}
	c.signThroughTunnel(t, sshd.remote)
	t.Logf("states: %s", rec.states())
}

func TestAServerThatStopsAnsweringIsDroppedAfterThreeKeepAlives(t *testing.T) {
	sshd := startSSHD(t)
	c := newConsole(t)
	cfg := sshd.tunnelConfig()
	cfg.KnownHosts = sshd.knownHostsWith(sshd.hostKey)
	tun, rec := sshTunnel(t, cfg, Options{Target: c.url, OnStatus: c.followTunnel})
	tun.Start(context.Background())
	rec.waitFor(t, StateUp, 15*time.Second)
	// freeze the session's processes: TCP stays open, nothing answers
	frozen := sshd.sessions()
	if len(frozen) == 0 {
		t.Fatal("no sshd session process")
	}
	for _, pid := range frozen {
		syscall.Kill(pid, syscall.SIGSTOP)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("output:\n%s", strings.Join(tun.Output(), "\n"))
		}
	})
	down := rec.waitFor(t, StateDown, 10*time.Second)
	if !strings.Contains(down.Reason, "3 keep-alives in a row") {
		t.Errorf("down reason %q", down.Reason)
	}
	if !strings.Contains(strings.Join(tun.Output(), "\n"), "keep-alive 2 of 3 unanswered") {
		t.Errorf("output %q", tun.Output())
	}
	// the frozen session still holds the port on the server: killing it frees it
	for _, pid := range frozen {
		syscall.Kill(pid, syscall.SIGKILL)
	}
	rec.waitFor(t, StateUp, 20*time.Second)
	c.signThroughTunnel(t, sshd.remote)
}

func TestAnUnknownHostKeyIsRefusedWithItsFingerprintUntilAccepted(t *testing.T) {
	sshd := startSSHD(t)
	cfg := sshd.tunnelConfig()
	cfg.KnownHosts = sshd.knownHostsWith() // another host only
	before, _ := os.ReadFile(cfg.KnownHosts)
	tun, rec := sshTunnel(t, cfg, Options{Target: "127.0.0.1:1"})
	tun.Start(context.Background())
	s := rec.waitFor(t, StateError, 15*time.Second)
	fp := ssh.FingerprintSHA256(sshd.hostKey)
	host := fmt.Sprintf("[127.0.0.1]:%d", sshd.port)
	for _, want := range []string{"the host key of " + host + " is not in " + cfg.KnownHosts, "ssh-ed25519 " + fp, "--accept-host-key " + fp, "ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub"} {
		if !strings.Contains(s.Reason, want) {
			t.Errorf("reason %q does not say %q", s.Reason, want)
		}
	}
	var unknown *UnknownHostKeyError
	if !errors.As(s.Err, &unknown) || unknown.Fingerprint != fp || unknown.KeyType != "ssh-ed25519" || unknown.Host != host {
		t.Fatalf("Err %#v", s.Err)
	}
	if after, _ := os.ReadFile(cfg.KnownHosts); !bytes.Equal(before, after) {
		t.Error("known_hosts changed before the key was accepted")
	}
	if strings.Contains(sshd.log.String(), "Accepted publickey") {
		t.Error("the client logged in before the host key was accepted")
	}
	time.Sleep(300 * time.Millisecond)
	if n := rec.count(); n != 2 {
		t.Errorf("retried an unknown host key: %s", rec.states())
	}

	if err := unknown.Accept(); err != nil {
		t.Fatal(err)
	}
	if err := tun.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(t, StateUp, 15*time.Second)
	check, err := knownhosts.New(cfg.KnownHosts)
	if err != nil {
		t.Fatal(err)
	}
	if err := check(host, &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: sshd.port}, sshd.hostKey); err != nil {
		t.Errorf("the accepted key is not in known_hosts: %v", err)
	}
}

func TestAcceptHostKeyWithTheRightFingerprintAddsItAndConnects(t *testing.T) {
	sshd := startSSHD(t)
	cfg := sshd.tunnelConfig()
	cfg.KnownHosts = filepath.Join(t.TempDir(), "new", "known_hosts") // not there yet
	cfg.TrustedKeys = []string{ssh.FingerprintSHA256(sshd.hostKey)}
	tun, rec := sshTunnel(t, cfg, Options{Target: "127.0.0.1:1"})
	tun.Start(context.Background())
	rec.waitFor(t, StateUp, 15*time.Second)
	b, err := os.ReadFile(cfg.KnownHosts)
	if err != nil {
		t.Fatal(err)
	}
	if want := knownhosts.Line([]string{fmt.Sprintf("127.0.0.1:%d", sshd.port)}, sshd.hostKey) + "\n"; string(b) != want {
		t.Errorf("known_hosts %q, want %q", b, want)
	}
	if st, _ := os.Stat(cfg.KnownHosts); st.Mode().Perm() != 0o600 {
		t.Errorf("known_hosts mode %v", st.Mode())
	}
}

func TestAcceptHostKeyWithAnotherFingerprintIsRefused(t *testing.T) {
	sshd := startSSHD(t)
	_, other := newKey(t, "", "")
	cfg := sshd.tunnelConfig()
	cfg.TrustedKeys = []string{ssh.FingerprintSHA256(other)}
	tun, rec := sshTunnel(t, cfg, Options{Target: "127.0.0.1:1"})
	tun.Start(context.Background())
	s := rec.waitFor(t, StateError, 15*time.Second)
	if !strings.Contains(s.Reason, "it is not the key you accepted ("+ssh.FingerprintSHA256(other)+")") {
		t.Errorf("reason %q", s.Reason)
	}
	if _, err := os.Stat(cfg.KnownHosts); !os.IsNotExist(err) {
		t.Errorf("known_hosts written: %v", err)
	}
}

func TestAChangedHostKeyIsRefusedLoudly(t *testing.T) {
	sshd := startSSHD(t)
	_, old := newKey(t, "", "")
	cfg := sshd.tunnelConfig()
	cfg.KnownHosts = sshd.knownHostsWith(old)
	cfg.TrustedKeys = []string{ssh.FingerprintSHA256(sshd.hostKey)} // accepting does not override a change
	tun, rec := sshTunnel(t, cfg, Options{Target: "127.0.0.1:1"})
	tun.Start(context.Background())
	s := rec.waitFor(t, StateError, 15*time.Second)
	var changed *HostKeyChangedError
	if !errors.As(s.Err, &changed) {
		t.Fatalf("Err %#v", s.Err)
	}
	for _, want := range []string{"REFUSED", "has CHANGED", ssh.FingerprintSHA256(sshd.hostKey), ssh.FingerprintSHA256(old), "man-in-the-middle", "ssh-keygen -R"} {
		if !strings.Contains(s.Reason, want) {
			t.Errorf("reason %q does not say %q", s.Reason, want)
		}
	}
}

func TestAKeyTheServerDoesNotKnowIsAClearErrorNotEndlessRetries(t *testing.T) {
	sshd := startSSHD(t)
	cfg := sshd.tunnelConfig()
	cfg.KnownHosts = sshd.knownHostsWith(sshd.hostKey)
	cfg.Identity = filepath.Join(t.TempDir(), "id_wrong")
	_, wrong := newKey(t, cfg.Identity, "")
	tun, rec := sshTunnel(t, cfg, Options{Target: "127.0.0.1:1"})
	tun.Start(context.Background())
	s := rec.waitFor(t, StateError, 15*time.Second)
	var ae *AuthError
	if !errors.As(s.Err, &ae) {
		t.Fatalf("Err %#v", s.Err)
	}
	for _, want := range []string{
		fmt.Sprintf("refused the login of %q", sshd.user),
		"the key " + cfg.Identity + " (ssh-ed25519 " + ssh.FingerprintSHA256(wrong) + ")",
		fmt.Sprintf("ssh-copy-id -i %s.pub -p %d %s@127.0.0.1", cfg.Identity, sshd.port, sshd.user),
		"authorized_keys",
	} {
		if !strings.Contains(s.Reason, want) {
			t.Errorf("reason %q does not say %q", s.Reason, want)
		}
	}
	time.Sleep(2500 * time.Millisecond) // longer than several backoffs
	if got := rec.states(); got != "connecting error" {
		t.Errorf("retried a refused key: %s", got)
	}
}

func TestAnEncryptedKeyOpensWithThePassphraseFromTheKeychain(t *testing.T) {
	sshd := startSSHD(t)
	cfg := sshd.tunnelConfig()
	cfg.KnownHosts = sshd.knownHostsWith(sshd.hostKey)
	cfg.Identity = filepath.Join(t.TempDir(), "id_encrypted")
	_, pub := newKey(t, cfg.Identity, "correct horse")
	sshd.authorize(pub)

	// not in the keychain: a clear error
	tun, rec := sshTunnel(t, cfg, Options{Target: "127.0.0.1:1", Secret: func(_ context.Context, item string) (string, error) {
		return "", fmt.Errorf("no %s in the keychain", item)
	}})
	tun.Start(context.Background())
	if s := rec.waitFor(t, StateError, 15*time.Second); !strings.Contains(s.Reason, "is encrypted and its passphrase (ssh-passphrase) is not available: no ssh-passphrase in the keychain") {
		t.Errorf("reason %q", s.Reason)
	}

	asked := make(chan string, 10)
	tun, rec = sshTunnel(t, cfg, Options{Target: "127.0.0.1:1", Secret: func(_ context.Context, item string) (string, error) {
		asked <- item
		return "correct horse", nil
	}})
	tun.Start(context.Background())
	rec.waitFor(t, StateUp, 15*time.Second)
	if item := <-asked; item != ItemSSHPassphrase {
		t.Errorf("asked for %q", item)
	}
	for _, l := range tun.Output() {
		if strings.Contains(l, "correct horse") {
			t.Errorf("the passphrase is in the output: %q", l)
		}
	}
}

func TestTheSSHAgentsKeyLogsIn(t *testing.T) {
	sshd := startSSHD(t)
	signer, pub := newKey(t, "", "")
	sshd.authorize(pub)
	keyring := agent.NewKeyring()
	_, priv, _ := ed25519.GenerateKey(rand.Reader) // a key the server does not know goes first
	keyring.Add(agent.AddedKey{PrivateKey: priv})
	raw := signerKey(t, signer)
	if err := keyring.Add(agent.AddedKey{PrivateKey: raw}); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(t.TempDir(), "agent.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { agent.ServeAgent(keyring, c); c.Close() }()
		}
	}()
	cfg := sshd.tunnelConfig()
	cfg.Identity = ""
	cfg.KnownHosts = sshd.knownHostsWith(sshd.hostKey)
	tun, rec := sshTunnel(t, cfg, Options{Target: "127.0.0.1:1", Getenv: func(k string) string {
		if k == "SSH_AUTH_SOCK" {
			return sock
		}
		return ""
	}})
	tun.Start(context.Background())
	rec.waitFor(t, StateUp, 15*time.Second)
}

// signerKey recovers the ed25519 private key behind a test signer (made by newKey).
var testKeys sync.Map // ssh public key (wire form) → ed25519.PrivateKey

func signerKey(t *testing.T, s ssh.Signer) ed25519.PrivateKey {
	t.Helper()
	k, ok := testKeys.Load(string(s.PublicKey().Marshal()))
	if !ok {
		t.Fatal("not a test key")
	}
	return k.(ed25519.PrivateKey)
}
