package tunnel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// Keep-alives: a keepalive@openssh.com request every KeepAliveInterval; the connection is
// given up after KeepAliveMissed of them go unanswered.
const (
	KeepAliveInterval = 15 * time.Second
	KeepAliveMissed   = 3
	// dialTimeout bounds the TCP connect and the SSH handshake.
	dialTimeout = 20 * time.Second
	// localDialTimeout bounds the connection to the dev server for one forwarded connection.
	localDialTimeout = 5 * time.Second
)

// sshProvider is an SSH reverse tunnel: it logs in to the developer's server and asks it to
// listen on Config.Remote; every connection there is piped to the dev server.
type sshProvider struct {
	cfg    Config
	target string
	secret func(ctx context.Context, item string) (string, error)
	getenv func(string) string
	note   func(format string, args ...any)
	keys   *hostKeys

	keepAlive    time.Duration
	keepAliveMax int
	dialTimeout  time.Duration
	// defaultKeys are the key files tried without --identity (tests empty it).
	defaultKeys func() []string

	// keys opened, kept across reconnects (an encrypted key's passphrase is asked once),
	// by file, for as long as the file is unchanged
	mu     sync.Mutex
	opened map[string]openedKey
}

type openedKey struct {
	signer  ssh.Signer
	modTime time.Time
	size    int64
}

func newSSH(cfg Config, opts Options, note func(string, ...any)) *sshProvider {
	p := &sshProvider{cfg: cfg, target: opts.Target, secret: opts.Secret, getenv: opts.Getenv, note: note,
		keepAlive: KeepAliveInterval, keepAliveMax: KeepAliveMissed, dialTimeout: dialTimeout}
	p.keys = &hostKeys{file: expandHome(cfg.KnownHosts), trusted: cfg.TrustedKeys, note: note}
	p.defaultKeys = func() []string {
		home, err := os.UserHomeDir()
		if err != nil {
			return nil
		}
		var out []string
		for _, n := range []string{"id_ed25519", "id_ecdsa", "id_rsa"} {
			out = append(out, filepath.Join(home, ".ssh", n))
		}
		return out
	}
	return p
}

func (p *sshProvider) check() error {
	if p.target == "" {
		return errors.New("tunnel: no dev server address to forward to")
	}
	if p.keys.file == "" {
		f, err := DefaultKnownHosts()
		if err != nil {
			return err
		}
		p.keys.file = f
	}
	if p.cfg.Identity != "" {
		f, err := os.Open(expandHome(p.cfg.Identity))
		if err != nil {
			return fmt.Errorf("%w: --identity: %v", ErrSpec, err)
		}
		f.Close()
	}
	return nil
}

// localTarget is the dev server's address to dial: loopback when it listens on every
// interface (LAN mode, or 0.0.0.0).
func localTarget(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		return net.JoinHostPort("127.0.0.1", port)
	}
	return addr
}

func (p *sshProvider) run(ctx context.Context, a *attempt) error {
	addr := p.cfg.Addr()
	hostKeyCB, algos, refused, err := p.keys.callback(addr)
	if err != nil {
		return err
	}
	auth, trail, closeAgent, err := p.auth(ctx)
	if err != nil {
		return err
	}
	defer closeAgent()
	conf := &ssh.ClientConfig{
		User: p.cfg.User, Auth: auth, HostKeyCallback: hostKeyCB, HostKeyAlgorithms: algos,
		Timeout: p.dialTimeout, ClientVersion: "SSH-2.0-wecomdev",
	}
	d := net.Dialer{Timeout: p.dialTimeout, KeepAlive: 30 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("cannot reach %s: %w", addr, unwrapOp(err))
	}
	// the handshake has no context: a deadline bounds it, Stop closes the connection
	stopHandshake := context.AfterFunc(ctx, func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(p.dialTimeout))
	c, chans, reqs, err := ssh.NewClientConn(conn, addr, conf)
	stopHandshake()
	if err != nil {
		if *refused != nil {
			return permanent(*refused)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if isAuthFailure(err) || trail.passwordFailed() {
			return permanent(trail.error(p.cfg, err))
		}
		return fmt.Errorf("ssh handshake with %s: %w", addr, err)
	}
	conn.SetDeadline(time.Time{})
	client := ssh.NewClient(c, chans, reqs)
	defer client.Close()
	stop := context.AfterFunc(ctx, func() { client.Close() })
	defer stop()
	p.note("logged in to %s as %s (%s)", addr, p.cfg.User, strings.TrimPrefix(string(client.ServerVersion()), "SSH-2.0-"))

	ln, err := client.Listen("tcp", p.cfg.Remote)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("the server refused to listen on %s (%v): the port is in use there (an old session that has not timed out yet: it frees it within ClientAliveInterval×ClientAliveCountMax), "+
			"or sshd does not allow it: add the lines of the sshd snippet (AllowTcpForwarding remote, PermitListen %s)", p.cfg.Remote, err, p.cfg.Remote)
	}
	defer ln.Close()
	target := localTarget(p.target)
	p.note("the server listens on %s and forwards to the dev server at %s; public URL %s", p.cfg.Remote, target, p.cfg.PublicURL)
	a.up(p.cfg.PublicURL)

	var wg sync.WaitGroup
	conns := &connSet{m: map[net.Conn]struct{}{}}
	acceptErr := make(chan error, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			rc, err := ln.Accept()
			if err != nil {
				acceptErr <- err
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				p.pipe(ctx, rc, target, conns)
			}()
		}
	}()
	kaCtx, kaCancel := context.WithCancel(ctx)
	kaErr := make(chan error, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		kaErr <- p.keepAlives(kaCtx, client)
	}()
	waitErr := make(chan error, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		waitErr <- client.Wait()
	}()

	var end error
	select {
	case <-ctx.Done():
		end = ctx.Err()
	case err := <-kaErr:
		end = err
	case err := <-waitErr:
		end = lost(addr, err)
	case err := <-acceptErr:
		// the listener also ends when the connection does: say which
		select {
		case werr := <-waitErr:
			end = lost(addr, werr)
		case <-time.After(200 * time.Millisecond):
			end = fmt.Errorf("the remote forward on %s ended: %v", p.cfg.Remote, err)
		}
	}
	kaCancel()
	// close the connection before the listener: closing the listener asks the server to
	// cancel the forward and waits for an answer a dead server never sends
	client.Close()
	ln.Close()
	conns.closeAll()
	wg.Wait()
	return end
}

func lost(addr string, err error) error {
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("the connection to %s was lost: %v", addr, err)
	}
	return fmt.Errorf("the connection to %s was lost", addr)
}

// keepAlives sends keepalive@openssh.com requests; it returns when keepAliveMax in a row
// went unanswered (or the request failed), or nil when ctx ends.
func (p *sshProvider) keepAlives(ctx context.Context, client *ssh.Client) error {
	tick := time.NewTicker(p.keepAlive)
	defer tick.Stop()
	missed := 0
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		reply := make(chan error, 1)
		go func() {
			// OpenSSH answers with a failure: any answer means the server is alive
			_, _, err := client.SendRequest("keepalive@openssh.com", true, nil)
			reply <- err
		}()
		select {
		case <-ctx.Done():
			return nil
		case err := <-reply:
			if err != nil {
				return fmt.Errorf("the connection to %s was lost (keep-alive: %v)", p.cfg.Addr(), err)
			}
			missed = 0
		case <-time.After(p.keepAlive):
			missed++
			p.note("keep-alive %d of %d unanswered", missed, p.keepAliveMax)
			if missed >= p.keepAliveMax {
				return fmt.Errorf("the server %s stopped answering: %d keep-alives in a row (one every %s) went unanswered", p.cfg.Addr(), missed, p.keepAlive)
			}
		}
	}
}

// pipe carries one forwarded connection to the dev server.
func (p *sshProvider) pipe(ctx context.Context, rc net.Conn, target string, conns *connSet) {
	if !conns.add(rc) {
		rc.Close()
		return
	}
	defer conns.remove(rc)
	d := net.Dialer{Timeout: localDialTimeout}
	lc, err := d.DialContext(ctx, "tcp", target)
	if err != nil {
		p.note("a connection came through the tunnel, but the dev server at %s did not answer: %v", target, unwrapOp(err))
		rc.Close()
		return
	}
	if !conns.add(lc) {
		lc.Close()
		rc.Close()
		return
	}
	defer conns.remove(lc)
	join(rc, lc)
}

// join copies both ways, passing a half close on, and closes both when both directions end.
func join(a, b net.Conn) {
	var wg sync.WaitGroup
	wg.Add(2)
	cp := func(dst, src net.Conn) {
		defer wg.Done()
		io.Copy(dst, src)
		if cw, ok := dst.(interface{ CloseWrite() error }); ok {
			if cw.CloseWrite() == nil {
				return
			}
		}
		dst.Close()
	}
	go cp(a, b)
	go cp(b, a)
	wg.Wait()
	a.Close()
	b.Close()
}

// connSet tracks the forwarded connections, to close them when the tunnel ends.
type connSet struct {
	mu     sync.Mutex
	m      map[net.Conn]struct{}
	closed bool
}

func (s *connSet) add(c net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.m[c] = struct{}{}
	return true
}

func (s *connSet) remove(c net.Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, c)
}

func (s *connSet) closeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	for c := range s.m {
		c.Close()
	}
	clear(s.m)
}

// authTrail records what the login offered, for a message that says what to fix.
type authTrail struct {
	mu    sync.Mutex
	keys  []string // "the key FILE (TYPE SHA256:…)", "N keys of the SSH agent"
	notes []string // what could not be offered, and why
	files []string // key files offered (for the ssh-copy-id hint)
	// pwFailed: the server asked for the password and none was available (the login
	// fails with that error rather than "unable to authenticate")
	pwFailed bool
}

func (t *authTrail) passwordFailed() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.pwFailed
}

func (t *authTrail) addNote(format string, args ...any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.notes = append(t.notes, fmt.Sprintf(format, args...))
}

// AuthError: the server refused the login. It is not retried.
type AuthError struct {
	User, Host string
	Offered    []string // the keys offered
	Notes      []string // what was not offered, and why
	Fix        string
	Cause      error
}

func (e *AuthError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the server %s refused the login of %q", e.Host, e.User)
	if len(e.Offered) > 0 {
		fmt.Fprintf(&b, " with %s", strings.Join(e.Offered, ", "))
	} else {
		b.WriteString(": no key was offered")
	}
	if len(e.Notes) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(e.Notes, "; "))
	}
	fmt.Fprintf(&b, ". %s [%v]", e.Fix, e.Cause)
	return b.String()
}

func (e *AuthError) Unwrap() error { return e.Cause }

func (t *authTrail) error(cfg Config, cause error) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	port := ""
	if cfg.Port != 22 {
		port = fmt.Sprintf("-p %d ", cfg.Port)
	}
	fix := fmt.Sprintf("Add your public key to ~%s/.ssh/authorized_keys on the server", cfg.User)
	if len(t.files) > 0 {
		fix += fmt.Sprintf(" (for example: ssh-copy-id -i %s.pub %s%s@%s)", t.files[0], port, cfg.User, cfg.Host)
	} else {
		fix += fmt.Sprintf(" (ssh-copy-id %s%s@%s), or give the key with --identity FILE", port, cfg.User, cfg.Host)
	}
	fix += ", and check the user name"
	return &AuthError{User: cfg.User, Host: cfg.Addr(), Offered: append([]string(nil), t.keys...), Notes: append([]string(nil), t.notes...), Fix: fix, Cause: cause}
}

func isAuthFailure(err error) bool {
	s := err.Error()
	return strings.Contains(s, "unable to authenticate") || strings.Contains(s, "authentication attempts") ||
		strings.Contains(s, "Too many authentication failures")
}

// auth prepares the login: the key file (--identity), or the SSH agent and the default key
// files; then the password, asked for only if the server wants one.
func (p *sshProvider) auth(ctx context.Context) ([]ssh.AuthMethod, *authTrail, func(), error) {
	trail := &authTrail{}
	closeAgent := func() {}
	var signers []ssh.Signer
	if p.cfg.Identity != "" {
		file := expandHome(p.cfg.Identity)
		s, err := p.loadKey(ctx, file)
		if err != nil {
			return nil, nil, closeAgent, permanent(err)
		}
		signers = append(signers, s)
		trail.keys = append(trail.keys, describeKey(file, s.PublicKey()))
		trail.files = append(trail.files, file)
	} else {
		if sock := p.getenv("SSH_AUTH_SOCK"); sock != "" {
			if c, err := net.DialTimeout("unix", sock, 2*time.Second); err != nil {
				trail.notes = append(trail.notes, fmt.Sprintf("the SSH agent at %s did not answer: %v", sock, unwrapOp(err)))
			} else {
				closeAgent = func() { c.Close() }
				as, err := agent.NewClient(c).Signers()
				switch {
				case err != nil:
					trail.notes = append(trail.notes, fmt.Sprintf("the SSH agent: %v", err))
				case len(as) == 0:
					trail.notes = append(trail.notes, "the SSH agent holds no key (ssh-add)")
				default:
					signers = append(signers, as...)
					trail.keys = append(trail.keys, fmt.Sprintf("%d key(s) of the SSH agent", len(as)))
				}
			}
		}
		for _, file := range p.defaultKeys() {
			if _, err := os.Stat(file); err != nil {
				continue
			}
			s, err := p.loadKey(ctx, file)
			if err != nil {
				trail.notes = append(trail.notes, err.Error())
				continue
			}
			signers = append(signers, s)
			trail.keys = append(trail.keys, describeKey(file, s.PublicKey()))
			trail.files = append(trail.files, file)
		}
	}
	var methods []ssh.AuthMethod
	if len(signers) > 0 {
		methods = append(methods, ssh.PublicKeys(signers...))
	}
	password := func() (string, error) {
		fail := func(err error) (string, error) {
			trail.mu.Lock()
			defer trail.mu.Unlock()
			trail.notes = append(trail.notes, fmt.Sprintf("the server asked for the password: %v", err))
			trail.pwFailed = true
			return "", err
		}
		if p.secret == nil {
			return fail(errors.New("none is available"))
		}
		pw, err := p.secret(ctx, ItemSSHPassword)
		if err != nil {
			return fail(err)
		}
		trail.mu.Lock()
		trail.keys = append(trail.keys, "the password from "+ItemSSHPassword)
		trail.mu.Unlock()
		return pw, nil
	}
	methods = append(methods, ssh.PasswordCallback(password),
		ssh.KeyboardInteractive(func(name, instruction string, questions []string, echos []bool) ([]string, error) {
			answers := make([]string, len(questions))
			for i, q := range questions {
				if echos[i] || !strings.Contains(strings.ToLower(q), "password") {
					return nil, fmt.Errorf("the server asks %q, which wecomdev cannot answer", strings.TrimSpace(q))
				}
				pw, err := password()
				if err != nil {
					return nil, err
				}
				answers[i] = pw
			}
			return answers, nil
		}))
	return methods, trail, closeAgent, nil
}

// loadKey reads a private key file; an encrypted one is opened with the passphrase from the
// keychain. A key opened before is reused while its file is unchanged.
func (p *sshProvider) loadKey(ctx context.Context, file string) (ssh.Signer, error) {
	st, err := os.Stat(file)
	if err != nil {
		return nil, fmt.Errorf("read the key %s: %w", file, err)
	}
	p.mu.Lock()
	k, ok := p.opened[file]
	p.mu.Unlock()
	if ok && k.modTime.Equal(st.ModTime()) && k.size == st.Size() {
		return k.signer, nil
	}
	s, err := p.openKey(ctx, file)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	if p.opened == nil {
		p.opened = map[string]openedKey{}
	}
	p.opened[file] = openedKey{signer: s, modTime: st.ModTime(), size: st.Size()}
	p.mu.Unlock()
	return s, nil
}

func (p *sshProvider) openKey(ctx context.Context, file string) (ssh.Signer, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read the key %s: %w", file, err)
	}
	s, err := ssh.ParsePrivateKey(b)
	var missing *ssh.PassphraseMissingError
	if errors.As(err, &missing) {
		if p.secret == nil {
			return nil, fmt.Errorf("the key %s is encrypted and no passphrase is available", file)
		}
		pass, serr := p.secret(ctx, ItemSSHPassphrase)
		if serr != nil {
			return nil, fmt.Errorf("the key %s is encrypted and its passphrase (%s) is not available: %w", file, ItemSSHPassphrase, serr)
		}
		s, err = ssh.ParsePrivateKeyWithPassphrase(b, []byte(pass))
		if err != nil {
			return nil, fmt.Errorf("the key %s did not open with the passphrase %s: %v (store the right one)", file, ItemSSHPassphrase, err)
		}
		return s, nil
	}
	if err != nil {
		what := "is not a private key"
		if strings.HasSuffix(file, ".pub") {
			what = "is a public key: give the private key file (without .pub)"
		}
		return nil, fmt.Errorf("the key %s %s: %v", file, what, err)
	}
	return s, nil
}

func describeKey(file string, k ssh.PublicKey) string {
	return fmt.Sprintf("the key %s (%s %s)", file, k.Type(), ssh.FingerprintSHA256(k))
}

// expandHome expands a leading ~/ (the GUI passes paths as typed).
func expandHome(p string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return p
}

// unwrapOp drops the "dial tcp 1.2.3.4:22:" prefix a net.OpError repeats.
func unwrapOp(err error) error {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err
	}
	return err
}
