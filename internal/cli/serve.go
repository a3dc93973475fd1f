package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"wecomdev/internal/devserver"
	"wecomdev/internal/devsession"
	"wecomdev/internal/reach"
	"wecomdev/internal/secrets"
	"wecomdev/internal/tunnel"
)

const serveUsage = "wecomdev serve NAME [--addr 127.0.0.1:8787] [--upstream http://localhost:5173] [--emulate [--entry ENTRY] [--entry-contact ID] [--entry-chat ID]] [--json] [--trust-proxy CIDR]... [--verify-file PATH]...\n" +
	"          [--har FILE] [--network-bodies BYTES] [--eruda] [--page-commands]\n" +
	"          [--tunnel SPEC [--identity FILE] [--known-hosts FILE] [--accept-host-key SHA256:…] [--public-url URL | --public-url-pattern REGEX] [--snippets]]\n" +
	"       SPEC: ssh://user@host[:port]?remote=ADDR:PORT&public=URL | ngrok[:DOMAIN] | cmd:COMMAND | lan"

// shutdownGrace is how long requests in flight may take to finish on Ctrl-C / SIGTERM.
const shutdownGrace = 5 * time.Second

// listeningEvent is the first line of the serve --json stream.
type listeningEvent struct {
	Event        string            `json:"event"`
	Addr         string            `json:"addr"`
	URL          string            `json:"url"`
	Profile      string            `json:"profile"`
	CorpID       string            `json:"corpId"`
	AgentID      int64             `json:"agentId"`
	Endpoints    map[string]string `json:"endpoints"`
	AllowedHosts []string          `json:"allowedHosts"`
	VerifyFiles  []string          `json:"verifyFiles"`
	Upstream     string            `json:"upstream,omitempty"` // the dev server every other path is proxied to
	TestPage     string            `json:"testPage"`
	Emulate      bool              `json:"emulate"`
	// Entry is where emulated pages count as opened (with --emulate): getContext().entry
	// and the customer / group getCurExternalContact / getCurExternalChat answer.
	Entry  *devserver.PageEntry `json:"entry,omitempty"`
	Tunnel string               `json:"tunnel,omitempty"` // the tunnel spec
}

// tunnelEvent is a change of the tunnel's state on the serve --json stream.
type tunnelEvent struct {
	Event     string   `json:"event"` // "tunnel"
	Status    string   `json:"status"`
	PublicURL string   `json:"publicUrl"`
	Reason    string   `json:"reason"`
	Provider  string   `json:"provider"`
	Attempt   int      `json:"attempt"`
	URLs      []string `json:"urls,omitempty"` // LAN: every address
}

// requestEvent is one request on the serve --json stream.
type requestEvent struct {
	Event          string               `json:"event"`
	ID             int64                `json:"id"`
	Time           time.Time            `json:"time"`
	Client         string               `json:"client"`
	App            devserver.ClientInfo `json:"app"`
	Method         string               `json:"method"`
	Path           string               `json:"path"`
	Endpoint       string               `json:"endpoint"`
	URL            string               `json:"url"`
	Kind           string               `json:"kind,omitempty"` // corp, agent, or corp+agent
	Status         int                  `json:"status"`
	Allowed        bool                 `json:"allowed"`
	Decision       string               `json:"decision,omitempty"`
	Timestamp      string               `json:"timestamp,omitempty"`
	NonceStr       string               `json:"nonceStr,omitempty"`
	Signature      string               `json:"signature,omitempty"`
	AgentSignature string               `json:"agentSignature,omitempty"` // the config endpoint's second one
	Signatures     []devserver.Signed   `json:"signatures,omitempty"`
	Code           string               `json:"code,omitempty"`
	Message        string               `json:"message,omitempty"`
	Error          string               `json:"error,omitempty"`
	DurationUS     int64                `json:"durationUs"`
	// Count: the log aggregated a flood of identical requests into this one (the first of
	// them; LastTime is the last's time). Left out for one request.
	Count    int                  `json:"count,omitempty"`
	LastTime time.Time            `json:"lastTime,omitzero"`
	OAuth    *devserver.OAuthStep `json:"oauth,omitempty"` // oauth-userinfo / oauth-authorize: who, and the 40029 finding; never the code
	// Seq is the request's number (its answer's X-Wecomdev-Log; a network event's logId),
	// SeqLast the greatest of an aggregated run's.
	Seq     int64 `json:"seq,omitempty"`
	SeqLast int64 `json:"seqLast,omitempty"`
}

func newRequestEvent(e devserver.Entry) requestEvent {
	ev := requestEvent{Event: "request", ID: e.ID, Time: e.Time, Client: e.Client, App: e.App, Method: e.Method,
		Path: e.Path, Endpoint: e.Endpoint, URL: e.URL, Status: e.Status, Allowed: e.Allowed, Decision: e.Decision,
		Timestamp: e.Timestamp, NonceStr: e.NonceStr, Signatures: e.Signatures, Code: e.Code, Message: e.Message,
		Error: e.Error, DurationUS: e.DurationMicros, Count: e.Count, LastTime: e.LastTime, OAuth: e.OAuth, Seq: e.Seq, SeqLast: e.SeqLast}
	var kinds []string
	for i, s := range e.Signatures {
		kinds = append(kinds, string(s.Kind))
		if i == 0 {
			ev.Signature = s.Signature
		} else {
			ev.AgentSignature = s.Signature
		}
	}
	ev.Kind = strings.Join(kinds, "+")
	return ev
}

// emulatorEvent is a verification by the emulator (or a config / agentConfig outcome the
// reporter sent) on the serve --json stream.
type emulatorEvent struct {
	Event     string              `json:"event"` // "emulator" or "report"
	ID        int64               `json:"id"`
	API       string              `json:"api"`
	OK        bool                `json:"ok"`
	ErrMsg    string              `json:"errMsg"`
	PageURL   string              `json:"pageUrl,omitempty"`
	SignedURL string              `json:"signedUrl,omitempty"`
	Verdict   string              `json:"verdict,omitempty"`
	Findings  []devserver.Finding `json:"findings"`
}

// newEmulatorEvent picks the entries that are config / agentConfig outcomes.
func newEmulatorEvent(e devserver.Entry) (emulatorEvent, bool) {
	r := e.Report
	if r == nil || (r.API != "config" && r.API != "agentConfig") || (e.Endpoint != devserver.EndpointEmulator && e.Endpoint != devserver.EndpointReport) ||
		(r.Type != devserver.ReportConfig && r.Type != devserver.ReportAgentConfig && r.Type != devserver.ReportVerify) {
		return emulatorEvent{}, false
	}
	ev := emulatorEvent{Event: e.Endpoint, ID: e.ID, API: r.API, OK: r.OK, ErrMsg: r.ErrMsg, PageURL: r.PageURL,
		SignedURL: r.SignedURL, Verdict: r.Verdict, Findings: r.Findings}
	if ev.Findings == nil {
		ev.Findings = []devserver.Finding{}
	}
	return ev, true
}

// Event writer limits: lines waiting for stdout, and how long stopping waits for them.
const (
	outQueue = 1024
	outGrace = time.Second
)

// lineWriter prints the lines of serve (events, requests, tunnel output) in order from one
// goroutine of its own, so a stdout nobody reads (a full pipe) never holds up the server,
// the request log or stopping. Until stopping begins a line waits for room in the queue;
// from then on a line that finds the queue full is dropped and counted.
type lineWriter struct {
	w        io.Writer
	q        chan []byte
	stopping chan struct{} // closed when stopping begins: lines no longer wait
	finish   chan struct{} // closed by stop: the writer prints what is queued and ends
	done     chan struct{} // the writer ended
	dropped  atomic.Int64
	stopOnce sync.Once
}

func newLineWriter(w io.Writer) *lineWriter {
	l := &lineWriter{w: w, q: make(chan []byte, outQueue), stopping: make(chan struct{}),
		finish: make(chan struct{}), done: make(chan struct{})}
	go l.run()
	return l
}

func (l *lineWriter) run() {
	defer close(l.done)
	for {
		select {
		case b := <-l.q:
			l.w.Write(b)
		case <-l.finish:
			for {
				select {
				case b := <-l.q:
					l.w.Write(b)
				default:
					return
				}
			}
		}
	}
}

func (l *lineWriter) send(b []byte) {
	select {
	case l.q <- b:
		return
	default:
	}
	select {
	case l.q <- b:
	case <-l.stopping:
		l.dropped.Add(1)
	}
}

func (l *lineWriter) json(v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if enc.Encode(v) == nil {
		l.send(buf.Bytes())
	}
}

func (l *lineWriter) printf(format string, args ...any) {
	l.send(fmt.Appendf(nil, format, args...))
}

// beginStop makes every line from now on that finds the queue full be dropped, not wait.
func (l *lineWriter) beginStop() {
	l.stopOnce.Do(func() { close(l.stopping) })
}

// stop gives the writer up to grace to print what is queued and returns how many lines
// were not printed (dropped, or still queued when grace ran out). Lines sent after stop
// are queued or dropped, never printed.
func (l *lineWriter) stop(grace time.Duration) int64 {
	l.beginStop()
	close(l.finish)
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-l.done:
		return l.dropped.Load()
	case <-t.C:
		return l.dropped.Load() + int64(len(l.q)) + 1 // and the one being written
	}
}

func runServe(env Env, args []string) int {
	a, code, done := parseServe(env, args)
	if done {
		return code
	}
	return serve(env, a)
}

// serveArgs are serve's flags, checked.
type serveArgs struct {
	cfg     devsession.Config // the profile, listen address (the LAN's for --tunnel lan), upstream, proxies, --verify-file
	asJSON  bool
	emulate bool
	entry   devserver.PageEntry
	tunnel  *tunnel.Config // nil without --tunnel
	open    string         // where the developer opens their pages, below the server's URL
	net     networkFlags   // --har, --network-bodies, --eruda (serve_network.go)
	pages   pageFlags      // --page-commands (serve_pages.go)
}

// parseServe reads serve's flags; done says serve ends here with code (a usage error, or
// --snippets printed).
func parseServe(env Env, args []string) (a serveArgs, code int, done bool) {
	fs := newFlags(env, "serve", serveUsage)
	addr := fs.String("addr", devserver.DefaultAddr, "host:port to listen on (loopback by default; a tunnel forwards to it)")
	asJSON := fs.Bool("json", false, "print one JSON object per line for each event")
	upstream := fs.String("upstream", "", "your dev server (like http://localhost:5173): every path that is not wecomdev's own is proxied to it, WebSocket (hot reload) included, and its pages get the reporter script")
	emulate := fs.Bool("emulate", false, "emulate the WeCom client in a desktop browser: the test page and proxied pages get a WeixinJSBridge whose config / agentConfig are checked against the profile's real tickets (it answers member and customer data to whoever reaches the server: keep it off on a tunnel open to strangers)")
	entry := fs.String("entry", "", "with --emulate: where pages count as opened, getContext().entry: "+strings.Join(devserver.Entries, ", ")+" (default normal, the workbench); getCurExternalContact, getCurExternalChat and sendChatMessage answer only from the entries that carry a customer or a chat")
	entryContact := fs.String("entry-contact", "", "with --emulate: the customer (external_userid) the entry stands for, what getCurExternalContact answers (default: the signed-in member's first customer)")
	entryChat := fs.String("entry-chat", "", "with --emulate: the customer group (chat_id) the entry stands for, what getCurExternalChat answers (default: the group openEnterpriseChat opened last, else the member's first group)")
	var proxies, verifyFiles stringList
	fs.Var(&proxies, "trust-proxy", "a proxy (CIDR or address) whose X-Forwarded-For names the client; loopback is always trusted (repeatable)")
	fs.Var(&verifyFiles, "verify-file", "a WW_verify_….txt file to serve at the root, in addition to those saved in the app (repeatable)")
	callbackPath := fs.String("callback-path", devserver.DefaultCallbackPath, "where WeCom's callbacks (回调) are received: paste the public URL + this path into the admin console")
	var tf tunnelFlags
	tf.define(fs.FlagSet)
	a.net.define(fs.FlagSet)
	a.pages.define(fs.FlagSet)
	pos, err := parse(fs, args)
	if err != nil {
		return a, exitOf(err), true
	}
	usage := func(format string, args ...any) (serveArgs, int, bool) {
		return a, usageError(env, "serve", serveUsage, format, args...), true
	}
	if a.tunnel, err = tf.config(); err != nil {
		return usage("%v", err)
	}
	if *tf.snippets {
		return a, printSnippets(env, a.tunnel), true
	}
	if len(pos) != 1 {
		return usage("give exactly one profile name (see 'wecomdev profile list')")
	}
	if a.entry, err = entryFlags(fs.FlagSet, *emulate, *entry, *entryContact, *entryChat); err != nil {
		return usage("%v", err)
	}
	if err := devserver.CheckCallbackPath(*callbackPath); err != nil {
		return usage("--callback-path: %v", err)
	}
	a.cfg = devsession.Config{Profile: pos[0], Addr: *addr, Upstream: *upstream, CallbackPath: *callbackPath}
	a.asJSON, a.emulate, a.open = *asJSON, *emulate, "/"
	if a.tunnel != nil {
		a.cfg.Addr = a.tunnel.ListenAddr(*addr) // LAN: every interface, same port
	}
	if *upstream != "" {
		u, err := devserver.ParseUpstream(*upstream)
		if err != nil {
			var ue *devserver.UpstreamError
			if errors.As(err, &ue) {
				return usage("--upstream %q: %s", ue.Value, ue.Fix)
			}
			return usage("--upstream: %v", err)
		}
		if p := u.EscapedPath(); p != "" {
			a.open = p // Vite prints http://localhost:5173/app/ when its base is /app/
		}
	}
	for _, p := range proxies {
		pfx, err := parsePrefix(p)
		if err != nil {
			return usage("--trust-proxy %q is not an address or CIDR, like 10.0.0.0/8 or 192.168.1.10", p)
		}
		a.cfg.TrustedProxies = append(a.cfg.TrustedProxies, pfx)
	}
	a.cfg.ExtraVerifyFiles = map[string]string{}
	for _, path := range verifyFiles {
		name, content, err := devserver.ReadVerifyFile(path)
		if err != nil {
			return usage("--verify-file %s: %v", path, err)
		}
		a.cfg.ExtraVerifyFiles[name] = content
	}
	return a, ExitOK, false
}

// serve runs the dev session until Ctrl-C / SIGTERM, printing what it reports.
func serve(env Env, a serveArgs) int {
	ctx := context.Background()
	cancel := func() {}
	if env.Interrupt != nil {
		ctx, cancel = env.Interrupt()
	}
	defer cancel()
	eng, err := env.OpenWorkspace(ctx)
	if err != nil {
		return fail(env, "serve", err)
	}
	defer eng.Close()

	out := newLineWriter(env.Stdout)
	// every return stops the writer: the lines not printed by then are counted on stderr
	defer func() {
		if n := out.stop(outGrace); n > 0 {
			fmt.Fprintf(env.Stderr, "wecomdev serve: %d output lines not printed: standard output was not being read\n", n)
		}
	}()
	pr := &servePrinter{out: out, asJSON: a.asJSON, stderr: env.Stderr}
	pr.lang, _ = langOf(env, "")
	sess := devsession.New(eng, devsession.Events{Requests: pr.requests})
	closed := false
	closeSession := func(ctx context.Context) error {
		if closed {
			return nil
		}
		closed = true
		return sess.Close(ctx)
	}
	defer closeSession(context.Background())
	sess.SetEmulator(a.emulate)
	defer sess.Network().Subscribe(pr.network)()
	sess.Network().SetBodyLimit(*a.net.bodies)
	sess.Network().SetEruda(*a.net.eruda)
	if _, err := sess.SetEntry(a.entry); err != nil { // checked by entryFlags
		return usageError(env, "serve", serveUsage, "%v", err)
	}
	bound, err := sess.Start(ctx, a.cfg)
	if err != nil {
		return fail(env, "serve", err)
	}
	if a.tunnel != nil {
		err := sess.OpenTunnel(ctx, *a.tunnel, devsession.TunnelOptions{
			Keychain: eng.Keychain(),
			Getenv:   env.Getenv,
			MissingSecret: func(item, key string) error {
				return fmt.Errorf("no %s in the OS keychain: store it there (service %q, account %q), or set %s for this run", item, secrets.Service, key, tunnel.EnvSecret)
			},
			OnStatus: pr.tunnel,
			OnOutput: pr.tunnelOutput,
			OnReach:  pr.reach,
		})
		if err != nil {
			if errors.Is(err, tunnel.ErrSpec) {
				return usageError(env, "serve", serveUsage, "%v", err)
			}
			return fail(env, "serve", err)
		}
	}
	st, err := sess.State(ctx)
	if err != nil {
		return fail(env, "serve", err)
	}
	pr.listening(bound, st, a)
	if *a.pages.commands {
		go runPageCommands(env.Stdin, sess.Network(), pr) // ends with stdin
	}
	if a.tunnel != nil {
		// it runs until Ctrl-C, reconnecting by itself; an error it cannot fix leaves the
		// dev server running on its own address
		if err := sess.RunTunnel(ctx); err != nil {
			return fail(env, "serve", err)
		}
	}

	<-ctx.Done()
	out.beginStop() // a full stdout must not hold up stopping
	sctx, scancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer scancel()
	serr := closeSession(sctx)
	if *a.net.har != "" {
		if err := writeHAR(*a.net.har, sess.Network()); err != nil && serr == nil {
			serr = err
		}
	}
	pr.stopped(sess.Log())
	if serr != nil {
		return fail(env, "serve", serr)
	}
	return ExitOK
}

// servePrinter prints what the dev session reports: one JSON object a line with --json,
// text otherwise.
type servePrinter struct {
	out         *lineWriter
	asJSON      bool
	stderr      io.Writer
	lang        string // of the reach verdict's reasons
	lastDropped int64
}

// requests prints a batch of the request log.
func (p *servePrinter) requests(bt devserver.Batch) {
	for _, e := range bt.Entries {
		if p.asJSON {
			p.out.json(newRequestEvent(e))
			if ev, ok := newEmulatorEvent(e); ok {
				p.out.json(ev)
			}
			if ev, ok := newCallbackEvent(e); ok {
				p.out.json(ev)
			}
		} else {
			p.out.printf("%s\n", requestLine(e))
			if line, ok := callbackLine(e); ok {
				p.out.printf("  %s\n", line)
			}
		}
	}
	if bt.StoreError != nil { // once per spell of failures; the requests above still came through
		if p.asJSON {
			p.out.json(logErrorEvent{Event: "log-error", Error: bt.StoreError.Error()})
		} else {
			fmt.Fprintf(p.stderr, "wecomdev serve: %v: requests still show here but are not kept in the request log until the database can be written again (free space in the data directory?)\n", bt.StoreError)
		}
	}
	if bt.Dropped > p.lastDropped {
		if p.asJSON {
			p.out.json(map[string]any{"event": "dropped", "count": bt.Dropped})
		} else {
			p.out.printf("(%d requests not logged: they came faster than the log keeps)\n", bt.Dropped)
		}
		p.lastDropped = bt.Dropped
	}
}

// listening prints where the server listens and what it serves.
func (p *servePrinter) listening(bound string, st devsession.State, a serveArgs) {
	base := "http://" + bound
	endpoints := devsession.Endpoints(base)
	if p.asJSON {
		urls := map[string]string{}
		for _, ep := range endpoints {
			urls[ep.Name] = ep.URL
		}
		names := []string{}
		for _, f := range st.VerifyFiles {
			names = append(names, f.Name)
		}
		var entry *devserver.PageEntry
		if a.emulate {
			entry = &st.Entry
		}
		p.out.json(listeningEvent{Event: "listening", Addr: bound, URL: base, Profile: st.Profile, CorpID: st.CorpID,
			AgentID: st.AgentID, Endpoints: urls, AllowedHosts: st.AllowedHosts, VerifyFiles: names, Upstream: st.Upstream,
			TestPage: base + devserver.PathTestPage, Emulate: a.emulate, Entry: entry, Tunnel: tunnelSpec(a.tunnel)})
		return
	}
	p.out.printf("wecomdev dev server for profile %s listening on %s\n", st.Profile, base)
	for _, ep := range endpoints {
		p.out.printf("  %-17s %s\n", ep.Name, ep.URL)
	}
	p.out.printf("  signs for: %s\n", strings.Join(st.AllowedHosts, ", "))
	for _, f := range st.VerifyFiles {
		p.out.printf("  serves %s/%s\n", base, f.Name)
	}
	p.out.printf("  test page %s%s\n", base, devserver.PathTestPage)
	p.out.printf("  callbacks %s%s (the admin console needs the tunnel's public URL + this path)\n", base, a.cfg.CallbackPath)
	if a.emulate {
		p.out.printf("  emulating the WeCom client (%s): open the test page (or your pages) in a desktop browser\n", describeEntry(st.Entry))
	}
	if st.Upstream != "" {
		p.out.printf("  proxies every other path to %s: open your pages at %s%s\n", st.Upstream, base, a.open)
	}
	if a.tunnel != nil {
		p.out.printf("  tunnel %s\n", a.tunnel)
	}
	p.out.printf("Ctrl-C stops it.\n")
}

func (p *servePrinter) tunnel(st tunnel.Status) { printTunnel(p.out, p.asJSON, st) }

func (p *servePrinter) tunnelOutput(provider, line string) {
	printTunnelOutput(p.out, p.asJSON, provider, line)
}

func (p *servePrinter) reach(v reach.Verdict) { printReach(p.out, p.asJSON, p.lang, v) }

// stopped prints the last line: how many requests the session served.
func (p *servePrinter) stopped(log *devserver.Log) {
	if p.asJSON {
		p.out.json(map[string]any{"event": "stopped", "requests": log.Total(), "dropped": log.Dropped(), "notStored": log.NotStored()})
	} else {
		p.out.printf("stopped after %d requests\n", log.Total())
	}
}

// logErrorEvent says the request log cannot be written (serve --json): the requests
// still come as request events, but are not kept.
type logErrorEvent struct {
	Event string `json:"event"` // "log-error"
	Error string `json:"error"`
}

// requestLine is a request as one human-readable line.
func requestLine(e devserver.Entry) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %d %s %s", e.Time.Format("15:04:05"), e.Status, e.Method, e.Path)
	if e.URL != "" {
		fmt.Fprintf(&b, " url=%s", e.URL)
	}
	for _, s := range e.Signatures {
		fmt.Fprintf(&b, " %s=%s", s.Kind, s.Signature)
	}
	if e.Code != "" {
		fmt.Fprintf(&b, " %s", e.Code)
	}
	fmt.Fprintf(&b, " from %s", e.Client)
	if e.App.Client != "" {
		fmt.Fprintf(&b, " (%s/%s %s)", e.App.Client, e.App.Version, e.App.Platform)
	}
	fmt.Fprintf(&b, " %.1fms", float64(e.DurationMicros)/1000)
	if e.Count > 1 { // a flood of identical requests, aggregated by the log
		fmt.Fprintf(&b, " ×%d", e.Count)
	}
	return b.String()
}

// parsePrefix reads a CIDR or a single address.
func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		return netip.ParsePrefix(s)
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// tunnelFlags are serve's tunnel options.
type tunnelFlags struct {
	tunnel, identity, knownHosts, acceptKey, publicURL, pattern *string
	snippets                                                    *bool
}

func (f *tunnelFlags) define(fs *flag.FlagSet) {
	f.tunnel = fs.String("tunnel", "", "expose the dev server to the phone: "+tunnel.Specs+
		" (your own filed domain through ssh or frp can be a page origin; any other tunnel domain can only serve the signing API)")
	f.identity = fs.String("identity", "", "ssh: the private key file (default: the SSH agent, then ~/.ssh/id_ed25519, id_ecdsa, id_rsa); an encrypted key's passphrase comes from the keychain")
	f.knownHosts = fs.String("known-hosts", "", "ssh: the known_hosts file the server's host key is checked against (default ~/.ssh/known_hosts)")
	f.acceptKey = fs.String("accept-host-key", "", "ssh: accept this SHA256 fingerprint for a server whose host key is not in known_hosts yet (the tunnel shows it) and add the key there")
	f.publicURL = fs.String("public-url", "", "cmd: the public URL the command's tunnel serves")
	f.pattern = fs.String("public-url-pattern", "", "cmd: a regular expression that finds the public URL in the command's output (its first group if it has one; default: the first https:// URL printed)")
	f.snippets = fs.Bool("snippets", false, "ssh: print the nginx server block and the sshd_config lines your server needs for the tunnel, and exit")
}

func (f *tunnelFlags) spec() string { return strings.TrimSpace(*f.tunnel) }

// tunnelSpec is the tunnel as a spec ("" without one).
func tunnelSpec(cfg *tunnel.Config) string {
	if cfg == nil {
		return ""
	}
	return cfg.String()
}

// config reads the tunnel flags: nil without --tunnel.
func (f *tunnelFlags) config() (*tunnel.Config, error) {
	if f.spec() == "" {
		if *f.identity != "" || *f.knownHosts != "" || *f.acceptKey != "" || *f.publicURL != "" || *f.pattern != "" || *f.snippets {
			return nil, errors.New("--identity, --known-hosts, --accept-host-key, --public-url, --public-url-pattern and --snippets go with --tunnel SPEC")
		}
		return nil, nil
	}
	cfg, err := tunnel.Parse(f.spec())
	if err != nil {
		return nil, err
	}
	if cfg.Provider == tunnel.ProviderSSH && (*f.publicURL != "" || *f.pattern != "") {
		return nil, errors.New("an ssh tunnel's public URL is its public= (ssh://user@host?remote=ADDR:PORT&public=URL); --public-url and --public-url-pattern are for cmd: tunnels")
	}
	if cfg.Provider != tunnel.ProviderSSH && *f.snippets {
		return nil, errors.New("--snippets is for ssh:// tunnels (the server side of the reverse tunnel)")
	}
	// Validate says which option does not go with the provider
	cfg.Identity, cfg.KnownHosts = *f.identity, *f.knownHosts
	if *f.acceptKey != "" {
		cfg.TrustedKeys = []string{strings.TrimSpace(*f.acceptKey)}
	}
	if cfg.Provider != tunnel.ProviderSSH {
		cfg.PublicURL, cfg.PublicURLPattern = *f.publicURL, *f.pattern
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &cfg, nil
}

// printSnippets prints the server side of an ssh tunnel.
func printSnippets(env Env, cfg *tunnel.Config) int {
	nginx, sshd := tunnel.Snippets(*cfg)
	fmt.Fprintf(env.Stdout, "%s\n%s", nginx, sshd)
	return ExitOK
}

// reachEvent says what the tunnel's public URL can do on a phone (serve --json).
type reachEvent struct {
	Event string `json:"event"` // "reach"
	reach.Verdict
}

// printReach tells what the public host works for: a page and its signing (a trusted
// domain), signing only (a deployed page calls it with CORS), or nothing on a phone.
func printReach(out *lineWriter, asJSON bool, lang string, v reach.Verdict) {
	if asJSON {
		out.json(reachEvent{Event: "reach", Verdict: v})
		return
	}
	out.printf("what %s works for: %s\n", v.Host, v.Level)
	for _, r := range v.Reasons {
		out.printf("  - %s\n", r.In(lang))
	}
	if v.CORSOrigin != "" {
		out.printf("  a page deployed on %s can call these signing endpoints (CORS)\n", v.CORSOrigin)
	}
}

func printTunnel(out *lineWriter, asJSON bool, st tunnel.Status) {
	if asJSON {
		ev := tunnelEvent{Event: "tunnel", Status: st.State, PublicURL: st.PublicURL, Reason: st.Reason, Provider: st.Provider, Attempt: st.Attempt}
		if len(st.URLs) > 1 {
			ev.URLs = st.URLs
		}
		out.json(ev)
		return
	}
	switch st.State {
	case tunnel.StateUp:
		out.printf("tunnel %s: up at %s (test page %s%s)\n", st.Provider, st.PublicURL, strings.TrimSuffix(st.PublicURL, "/"), devserver.PathTestPage)
		for _, u := range st.URLs[min(1, len(st.URLs)):] {
			out.printf("tunnel %s: also at %s\n", st.Provider, u)
		}
	case tunnel.StateConnecting:
		if st.Reason != "" {
			out.printf("tunnel %s: connecting (attempt %d): %s\n", st.Provider, st.Attempt, st.Reason)
		} else {
			out.printf("tunnel %s: connecting (attempt %d)\n", st.Provider, st.Attempt)
		}
	case tunnel.StateError:
		out.printf("tunnel %s: ERROR: %s\n  the tunnel gave up; the dev server keeps running on its own address: fix this and start serve again\n", st.Provider, st.Reason)
	default:
		out.printf("tunnel %s: %s: %s\n", st.Provider, st.State, st.Reason)
	}
}

// printTunnelOutput shows a line of the tunnel's output (the command's, for cmd:).
func printTunnelOutput(out *lineWriter, asJSON bool, provider, line string) {
	if asJSON {
		out.json(map[string]string{"event": "tunnel-output", "provider": provider, "line": line})
		return
	}
	out.printf("  %s| %s\n", provider, line)
}

// entryFlags checks --entry, --entry-contact and --entry-chat: they need --emulate.
func entryFlags(fs *flag.FlagSet, emulate bool, entry, contact, chat string) (devserver.PageEntry, error) {
	given := ""
	fs.Visit(func(f *flag.Flag) {
		if given == "" && (f.Name == "entry" || f.Name == "entry-contact" || f.Name == "entry-chat") {
			given = f.Name
		}
	})
	if given != "" && !emulate {
		return devserver.PageEntry{}, fmt.Errorf("--%s needs --emulate: only the emulated client has an entry (a real client gives the one the page was opened from)", given)
	}
	p, err := devserver.PageEntry{Entry: entry, Contact: contact, Chat: chat}.Check()
	if err != nil {
		return devserver.PageEntry{}, fmt.Errorf("--entry: %w", err)
	}
	return p, nil
}

// describeEntry is the entry for the serve status line: "entry single_chat_tools, customer wm…".
func describeEntry(p devserver.PageEntry) string {
	d := "entry " + p.Entry
	if p.Contact != "" {
		d += ", customer " + p.Contact
	}
	if p.Chat != "" {
		d += ", group " + p.Chat
	}
	return d
}
