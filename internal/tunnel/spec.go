package tunnel

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ErrSpec: a tunnel spec or option is wrong; the message says how to write it.
var ErrSpec = errors.New("invalid tunnel")

// Specs is how a tunnel is written, for usage texts.
const Specs = "ssh://user@host[:port]?remote=ADDR:PORT&public=URL, ngrok[:DOMAIN], cmd:COMMAND, or lan"

// Config is one tunnel as Parse reads it from a spec, plus the options that go with it.
type Config struct {
	Provider string // ProviderSSH, ProviderNgrok, ProviderCmd, ProviderLAN

	// ssh: the server, the address the remote forward listens on there, and the URL the
	// developer's server (nginx) maps to it — their own filed domain.
	User   string
	Host   string
	Port   int    // default 22
	Remote string // ADDR:PORT on the server, like 127.0.0.1:8787
	// Identity is the key file; empty: the SSH agent and ~/.ssh/id_ed25519, id_ecdsa, id_rsa.
	Identity string
	// KnownHosts is the known_hosts file; empty: ~/.ssh/known_hosts.
	KnownHosts string
	// TrustedKeys are SHA256 fingerprints ("SHA256:…") the user accepted for a host whose key
	// is not in KnownHosts yet: a key with one of them is added to KnownHosts and used. A key
	// that differs from a known one is refused whatever this says.
	TrustedKeys []string

	// ngrok: a reserved domain (empty: ngrok assigns one).
	Domain string

	// cmd: the command (run by sh -c, or cmd /C on Windows), and where its public URL comes
	// from: PublicURL when given, else the first match of PublicURLPattern in its output
	// (default: the first https:// URL it prints).
	Command          string
	PublicURLPattern string

	// PublicURL is the public URL: ssh's public=, or cmd's --public-url.
	PublicURL string
}

// DefaultURLPattern finds the public URL in a command's output: the first https:// URL.
const DefaultURLPattern = `https://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[^\s"'<>|]*)?`

func specErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrSpec}, args...)...)
}

// Parse reads a tunnel spec: ssh://user@host[:port]?remote=ADDR:PORT&public=URL,
// ngrok[:DOMAIN], cmd:COMMAND, or lan. Options that are not in the spec (Identity,
// KnownHosts, TrustedKeys, PublicURL and PublicURLPattern for cmd) are set by the caller;
// Validate checks the whole.
func Parse(spec string) (Config, error) {
	s := strings.TrimSpace(spec)
	lower := strings.ToLower(s)
	switch {
	case s == "":
		return Config{}, specErr("empty; give %s", Specs)
	case lower == "lan":
		return Config{Provider: ProviderLAN}, nil
	case lower == "ngrok":
		return Config{Provider: ProviderNgrok}, nil
	case strings.HasPrefix(lower, "ngrok:"):
		return parseNgrok(s[len("ngrok:"):])
	case strings.HasPrefix(lower, "cmd:"):
		c := strings.TrimSpace(s[len("cmd:"):])
		if c == "" {
			return Config{}, specErr("cmd: needs the command that starts your tunnel, like cmd:'frpc -c frpc.toml'")
		}
		return Config{Provider: ProviderCmd, Command: c}, nil
	case strings.HasPrefix(lower, "ssh://"):
		return parseSSH(s)
	case strings.HasPrefix(lower, "ssh "), strings.HasPrefix(lower, "frpc"), strings.HasPrefix(lower, "cloudflared"),
		strings.HasPrefix(lower, "cpolar"), strings.HasPrefix(lower, "natapp"), strings.HasPrefix(lower, "ngrok "):
		return Config{}, specErr("%q looks like a command: run it as cmd:%s (with --public-url or --public-url-pattern)", short(s), s)
	case strings.Contains(s, "@") && !strings.Contains(s, "://"):
		return Config{}, specErr("%q: write an SSH tunnel as ssh://%s?remote=127.0.0.1:8787&public=https://dev.example.com", short(s), s)
	}
	return Config{}, specErr("%q is not a tunnel; give %s", short(s), Specs)
}

func parseNgrok(domain string) (Config, error) {
	d := strings.TrimSpace(domain)
	if d == "" {
		return Config{Provider: ProviderNgrok}, nil
	}
	if strings.Contains(d, "://") {
		if u, err := url.Parse(d); err == nil && u.Hostname() != "" {
			return Config{}, specErr("ngrok: give the domain alone, like ngrok:%s", u.Hostname())
		}
	}
	if !isHostname(d) {
		return Config{}, specErr("ngrok:%s: the domain must be a host name you reserved in the ngrok dashboard, like ngrok:dev-abc.ngrok.app", short(d))
	}
	return Config{Provider: ProviderNgrok, Domain: strings.ToLower(d)}, nil
}

func parseSSH(s string) (Config, error) {
	u, err := url.Parse(s)
	if err != nil {
		return Config{}, specErr("%q is not an ssh:// URL (%v); write ssh://user@host[:port]?remote=127.0.0.1:8787&public=https://dev.example.com", short(s), unwrapURLError(err))
	}
	c := Config{Provider: ProviderSSH, Host: u.Hostname(), Port: 22}
	if c.Host == "" {
		return Config{}, specErr("ssh:// needs a host: ssh://user@host?remote=127.0.0.1:8787&public=https://dev.example.com")
	}
	if u.User != nil {
		c.User = u.User.Username()
		if _, has := u.User.Password(); has {
			return Config{}, specErr("do not put the password in the tunnel spec (it would show in the process list and shell history): store it in the keychain as %q, or set %s", KeychainKey(ItemSSHPassword), EnvSecret)
		}
	}
	if c.User == "" {
		return Config{}, specErr("ssh://%s needs the user to log in as: ssh://USER@%s…", c.Host, u.Host)
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return Config{}, specErr("ssh port %q: give a number from 1 to 65535", p)
		}
		c.Port = n
	}
	if u.Path != "" && u.Path != "/" {
		return Config{}, specErr("ssh://%s%s: a path means nothing here; put the options after ?, like ssh://%s@%s?remote=127.0.0.1:8787&public=https://dev.example.com", u.Host, u.Path, c.User, u.Host)
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return Config{}, specErr("ssh options %q: %v", short(u.RawQuery), err)
	}
	for k, v := range q {
		switch k {
		case "remote", "public":
			if len(v) > 1 {
				return Config{}, specErr("ssh option %s= is given %d times", k, len(v))
			}
		default:
			return Config{}, specErr("unknown ssh option %q: the options are remote=ADDR:PORT and public=URL (the key file is --identity, the known_hosts file --known-hosts)", k)
		}
	}
	c.Remote, c.PublicURL = q.Get("remote"), q.Get("public")
	if c.Remote == "" {
		return Config{}, specErr("ssh tunnel: add remote=ADDR:PORT, the address on %s the forward listens on and your nginx proxies to, like ?remote=127.0.0.1:8787", c.Host)
	}
	if c.PublicURL == "" {
		return Config{}, specErr("ssh tunnel: add public=URL, the address your server maps to %s (your own filed domain), like &public=https://dev.example.com", c.Remote)
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// Validate checks a config with its options.
func (c Config) Validate() error {
	switch c.Provider {
	case ProviderSSH:
		if c.User == "" || c.Host == "" {
			return specErr("ssh tunnel needs user and host: ssh://user@host?remote=ADDR:PORT&public=URL")
		}
		if _, err := netip.ParseAddr(c.Host); err != nil && !isHostname(c.Host) {
			return specErr("ssh host %q is not a host name or an address", short(c.Host))
		}
		if c.Port < 1 || c.Port > 65535 {
			return specErr("ssh port %d: give a number from 1 to 65535", c.Port)
		}
		if err := checkRemote(c.Remote); err != nil {
			return err
		}
		if _, err := checkPublicURL(c.PublicURL, "public="); err != nil {
			return err
		}
		for _, fp := range c.TrustedKeys {
			if !IsFingerprint(fp) {
				return specErr("--accept-host-key %q: give the SHA256 fingerprint the tunnel showed, like SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s", short(fp))
			}
		}
	case ProviderCmd:
		if strings.TrimSpace(c.Command) == "" {
			return specErr("cmd: needs a command")
		}
		if c.PublicURL != "" {
			if _, err := checkPublicURL(c.PublicURL, "--public-url "); err != nil {
				return err
			}
			if c.PublicURLPattern != "" {
				return specErr("give --public-url or --public-url-pattern, not both")
			}
		}
		if c.PublicURLPattern != "" {
			if _, err := regexp.Compile(c.PublicURLPattern); err != nil {
				return specErr("--public-url-pattern %q: %v", short(c.PublicURLPattern), err)
			}
		}
	case ProviderNgrok, ProviderLAN:
		if c.PublicURL != "" || c.PublicURLPattern != "" {
			return specErr("--public-url and --public-url-pattern are for cmd: tunnels (%s finds its URL itself)", c.Provider)
		}
		if c.Provider == ProviderNgrok && c.Domain != "" && !isHostname(c.Domain) {
			return specErr("ngrok domain %q is not a host name", short(c.Domain))
		}
	default:
		return specErr("unknown provider %q; give %s", c.Provider, Specs)
	}
	if c.Provider != ProviderSSH && (c.Identity != "" || c.KnownHosts != "" || len(c.TrustedKeys) > 0) {
		return specErr("--identity, --known-hosts and --accept-host-key are for ssh:// tunnels")
	}
	return nil
}

// String writes the config back as a spec (without the options that are flags).
func (c Config) String() string {
	switch c.Provider {
	case ProviderSSH:
		u := url.URL{Scheme: "ssh", User: url.User(c.User), Host: hostPort(c.Host, c.Port, 22),
			RawQuery: "remote=" + queryValue(c.Remote) + "&public=" + queryValue(c.PublicURL)}
		return u.String()
	case ProviderNgrok:
		if c.Domain != "" {
			return "ngrok:" + c.Domain
		}
		return "ngrok"
	case ProviderCmd:
		return "cmd:" + c.Command
	}
	return c.Provider
}

// ListenAddr is the address the dev server must listen on for this tunnel, given the one
// it was asked for (--addr): the same, except for LAN, where it must be reachable from other
// machines — every interface, on the same port.
func (c Config) ListenAddr(addr string) string {
	if c.Provider != ProviderLAN {
		return addr
	}
	_, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		port = "8787"
	}
	return net.JoinHostPort("0.0.0.0", port)
}

// Addr is the SSH server's address, host:port.
func (c Config) Addr() string { return net.JoinHostPort(c.Host, strconv.Itoa(c.Port)) }

func checkRemote(r string) error {
	host, port, err := net.SplitHostPort(r)
	if err != nil {
		return specErr("remote=%s: give the address and port the forward listens on, like remote=127.0.0.1:8787", short(r))
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 {
		return specErr("remote=%s: the port must be a number from 1 to 65535 (0 would let the server pick one nobody maps)", short(r))
	}
	if host == "" || host == "*" {
		return specErr("remote=%s: give the address too, like remote=127.0.0.1:%s (or 0.0.0.0:%s to listen on every interface of the server)", short(r), port, port)
	}
	if !isHostname(host) {
		if _, err := netip.ParseAddr(host); err != nil {
			return specErr("remote=%s: %q is not an address", short(r), short(host))
		}
	}
	return nil
}

// checkPublicURL checks a public URL: http or https, a host, no path beyond "/".
func checkPublicURL(raw, what string) (*url.URL, error) {
	if raw == "" {
		return nil, specErr("%s needs the public URL, like https://dev.example.com", strings.TrimSpace(what))
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Hostname() == "" {
		return nil, specErr("%s%s: give the public URL with its scheme, like https://dev.example.com", what, short(raw))
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" || (u.Path != "" && u.Path != "/") {
		return nil, specErr("%s%s: give the origin only (scheme and host, like https://dev.example.com): the dev server answers at its root", what, short(raw))
	}
	return u, nil
}

// IsFingerprint tells whether s is an SSH SHA256 fingerprint: "SHA256:" and 43 characters of
// unpadded base64.
func IsFingerprint(s string) bool {
	b, ok := strings.CutPrefix(s, "SHA256:")
	if !ok || len(b) != 43 {
		return false
	}
	raw, err := base64.RawStdEncoding.DecodeString(b)
	return err == nil && len(raw) == 32
}

var hostnameRE = regexp.MustCompile(`^(?i)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$`)

func isHostname(s string) bool { return len(s) <= 253 && hostnameRE.MatchString(s) }

func hostPort(host string, port, def int) string {
	if port == def || port == 0 {
		if strings.Contains(host, ":") {
			return "[" + host + "]"
		}
		return host
	}
	return net.JoinHostPort(host, strconv.Itoa(port))
}

// short quotes at most 80 characters of outside input in a message.
// queryValue escapes what would end or change a query value, and nothing else (a URL
// stays readable).
func queryValue(v string) string {
	return strings.NewReplacer("%", "%25", "&", "%26", "#", "%23", "+", "%2B", " ", "%20").Replace(v)
}

func short(s string) string {
	if len(s) > 80 {
		cut := 77
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		return s[:cut] + "…"
	}
	return s
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
