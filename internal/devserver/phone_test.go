package devserver

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"wecomdev/internal/store"
)

var testBuild = map[string]string{
	"test/index.html":          `<!doctype html><title>wecomdev</title><script type="module" src="/__wecomdev/test/assets/index-abc.js"></script>`,
	"test/assets/index-abc.js": `console.log("test page")`,
	"reporter.js":              `/* reporter */`,
	"emulator.js":              `/* emulator */`,
}

func TestPhonePagesAnswer503WithTheBuildCommandWhenTheBuildIsMissing(t *testing.T) {
	fakeBuild(t, nil)
	s, _ := newPhoneServer(t, Options{})
	for _, p := range []string{PathTestPage, PathReporterJS, PathEmulatorJS, PathTestPage + "assets/x.js"} {
		w := get(t, s, p)
		if w.Code != http.StatusServiceUnavailable {
			t.Fatalf("%s: status %d, want 503", p, w.Code)
		}
		if b := decode[errBody](t, w); b.Code != CodePhoneNotBuilt || !strings.Contains(b.Message, "make frontend") {
			t.Errorf("%s: %+v", p, b)
		}
	}
}

func TestTheTestPageIsServedWithAPolicyThatAllowsItsOwnScriptsOnly(t *testing.T) {
	fakeBuild(t, testBuild)
	s, _ := newPhoneServer(t, Options{})
	w := get(t, s, PathTestPage)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "<title>wecomdev</title>") {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("content type %q", ct)
	}
	csp := w.Header().Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q allows inline code", csp)
	}
	if e := lastEntry(t, s, EndpointPhone); e.Status != http.StatusOK {
		t.Errorf("log entry %+v", e)
	}
}

func TestHashedAssetsAreCachedAndScriptsAreJavaScript(t *testing.T) {
	fakeBuild(t, testBuild)
	s, _ := newPhoneServer(t, Options{})
	w := get(t, s, PathTestPage+"assets/index-abc.js")
	if w.Code != http.StatusOK || !strings.Contains(w.Header().Get("Cache-Control"), "immutable") {
		t.Errorf("asset: status %d, cache %q", w.Code, w.Header().Get("Cache-Control"))
	}
	for _, p := range []string{PathReporterJS, PathEmulatorJS} {
		w := get(t, s, p)
		if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "text/javascript; charset=utf-8" {
			t.Errorf("%s: status %d, type %q", p, w.Code, w.Header().Get("Content-Type"))
		}
		if w.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("%s: cache %q, want no-store (a dev tool must never run an old script)", p, w.Header().Get("Cache-Control"))
		}
	}
}

func TestTheTestPageWithoutItsSlashRedirectsKeepingTheQuery(t *testing.T) {
	fakeBuild(t, testBuild)
	s, _ := newPhoneServer(t, Options{})
	w := get(t, s, "/__wecomdev/test?mistake=trailing-slash")
	if w.Code != http.StatusPermanentRedirect || w.Header().Get("Location") != "/__wecomdev/test/?mistake=trailing-slash" {
		t.Errorf("status %d, location %q", w.Code, w.Header().Get("Location"))
	}
}

func TestAPathInsideTheTestPageWithoutAnExtensionIsThePageAndMissingFilesAre404(t *testing.T) {
	fakeBuild(t, testBuild)
	s, _ := newPhoneServer(t, Options{})
	if w := get(t, s, PathTestPage+"app"); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "<title>") {
		t.Errorf("/test/app: status %d", w.Code)
	}
	for _, p := range []string{PathTestPage + "assets/missing.js", PathTestPage + ".env", "/__wecomdev/other", "/__wecomdev/test/../reporter.js"} {
		if w := get(t, s, p); w.Code != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", p, w.Code)
		}
	}
}

func TestPhoneFilesAreGetOnly(t *testing.T) {
	fakeBuild(t, testBuild)
	s, _ := newPhoneServer(t, Options{})
	w := do(t, s, http.MethodPost, PathReporterJS)
	if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("status %d, allow %q", w.Code, w.Header().Get("Allow"))
	}
	if w := do(t, s, http.MethodHead, PathEmulatorJS); w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Errorf("HEAD: status %d, %d bytes", w.Code, w.Body.Len())
	}
}

func TestConfigJSONGivesTheProfileTheIDsAndWhetherTheEmulatorIsOn(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	got := decode[PhoneConfig](t, get(t, s, PathPhoneConfig))
	want := PhoneConfig{Profile: "test", CorpID: "ww0123456789abcdef", AgentID: 1000002, Emulate: true, EmulatorUserID: "zhangsan",
		Entry: &PageEntry{Entry: EntryNormal}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	s.SetEmulator(false)
	if got := decode[PhoneConfig](t, get(t, s, PathPhoneConfig)); got.Emulate || got.EmulatorUserID != "" || got.Entry != nil {
		t.Errorf("emulator off: %+v", got)
	}
}

func TestConfigJSONRefusesAHostTheServerDoesNotAnswerForAndTellsNoUserid(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	s.SetTunnelHost("abc.tunnel.example")
	// a DNS-rebinding page: rebind.example resolves to 127.0.0.1, the browser sends its name
	w := get(t, s, PathPhoneConfig, "Host", "rebind.example:8787")
	if w.Code != http.StatusMisdirectedRequest || decode[errBody](t, w).Code != CodeHostNotAllowed {
		t.Errorf("foreign host: status %d, want 421 HOST_NOT_ALLOWED: %s", w.Code, w.Body)
	}
	if strings.Contains(w.Body.String(), "zhangsan") || strings.Contains(w.Body.String(), "ww0123456789abcdef") {
		t.Errorf("the 421 tells the member or the corp: %s", w.Body)
	}
	// the test page fetches it from its own host: loopback, a LAN address, the tunnel
	for _, host := range []string{"127.0.0.1:8787", "localhost:8787", "192.168.1.20:8787", "abc.tunnel.example"} {
		if got := decode[PhoneConfig](t, get(t, s, PathPhoneConfig, "Host", host)); got.EmulatorUserID != "zhangsan" {
			t.Errorf("host %s: %+v", host, got)
		}
	}
}

func TestEveryRouteThatHandsOutDataRefusesAForeignHostBeforeAnythingElse(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	data := 0
	for path, rt := range s.routes {
		if !rt.dataHost {
			continue
		}
		data++
		for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodOptions} {
			w := do(t, s, method, path, "Host", "rebind.example", "Origin", "http://rebind.example")
			if w.Code != http.StatusMisdirectedRequest {
				t.Errorf("%s %s from a foreign host: status %d, want 421", method, path, w.Code)
			}
		}
	}
	for _, path := range []string{PathCustomers, PathPhoneConfig, PathReport, PathEmulatorVerify, PathEmulatorInvoke, PathChat} {
		if !s.routes[path].dataHost {
			t.Errorf("%s hands out data but its route does not check the Host", path)
		}
	}
	if data == 0 {
		t.Fatal("no route checks the Host")
	}
}

func TestPostEndpointsAnswerOnlyPOSTWithJSON(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	for _, p := range []string{PathReport, PathEmulatorVerify, PathEmulatorInvoke, PathChat} {
		if w := get(t, s, p); w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "POST, OPTIONS" {
			t.Errorf("GET %s: status %d allow %q", p, w.Code, w.Header().Get("Allow"))
		}
		w := post(t, s, p, `{}`, "Content-Type", "application/x-www-form-urlencoded")
		if w.Code != http.StatusUnsupportedMediaType || decode[errBody](t, w).Code != CodeMediaType {
			t.Errorf("form POST %s: status %d %s", p, w.Code, w.Body)
		}
	}
	// sendBeacon cannot send application/json: the report endpoint takes text/plain too.
	if w := post(t, s, PathReport, `[{"type":"console","message":"hi"}]`, "Content-Type", "text/plain;charset=UTF-8"); w.Code != http.StatusAccepted {
		t.Errorf("text/plain report: status %d %s", w.Code, w.Body)
	}
	if w := post(t, s, PathChat, `{"chatId":"wrA","label":"x"}`, "Content-Type", "text/plain"); w.Code != http.StatusUnsupportedMediaType {
		t.Errorf("text/plain chat: status %d", w.Code)
	}
}

func TestPostEndpointsTakeTheServersOwnOriginAndAllowedHostsWithCORS(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	s.SetTunnelHost("abc.tunnel.example")
	body := `[{"type":"console","message":"hi"}]`
	for _, tc := range []struct {
		origin, host string
		code         int
		acao         bool
	}{
		{"http://127.0.0.1:8787", "127.0.0.1:8787", http.StatusAccepted, true},
		{"https://abc.tunnel.example", "abc.tunnel.example", http.StatusAccepted, true},                 // same origin through a tunnel
		{"http://localhost:5173", "127.0.0.1:8787", http.StatusAccepted, true},                          // loopback
		{"https://h5.example.com", "127.0.0.1:8787", http.StatusAccepted, true},                         // a trusted domain
		{"https://evil.example.net", "127.0.0.1:8787", http.StatusForbidden, false},                     // anyone else
		{"null", "127.0.0.1:8787", http.StatusForbidden, false},                                         // a sandboxed frame
		{"", "127.0.0.1:8787", http.StatusAccepted, false},                                              // not a browser
		{"https://evil.example.net", "evil.example.net.attacker", http.StatusMisdirectedRequest, false}, // host is not the origin
		{"http://rebind.example:8787", "rebind.example:8787", http.StatusMisdirectedRequest, false},     // DNS rebinding: own origin, unknown host
		{"http://192.168.1.20:8787", "192.168.1.20:8787", http.StatusAccepted, true},                    // own origin on a LAN address
	} {
		w := post(t, s, PathReport, body, "Origin", tc.origin, "Host", tc.host)
		if w.Code != tc.code {
			t.Errorf("origin %q host %q: status %d, want %d (%s)", tc.origin, tc.host, w.Code, tc.code, w.Body)
		}
		if got := w.Header().Get("Access-Control-Allow-Origin"); (got != "") != tc.acao || (tc.acao && got != tc.origin) {
			t.Errorf("origin %q: Access-Control-Allow-Origin %q", tc.origin, got)
		}
	}
}

func TestAPreflightFromAnAllowedOriginGetsThePOSTRules(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	w := do(t, s, http.MethodOptions, PathEmulatorVerify, "Origin", "http://localhost:5173", "Access-Control-Request-Method", "POST")
	if w.Code != http.StatusNoContent || w.Header().Get("Access-Control-Allow-Methods") != "POST, OPTIONS" ||
		w.Header().Get("Access-Control-Allow-Headers") != "Content-Type, ngrok-skip-browser-warning" {
		t.Errorf("status %d, headers %v", w.Code, w.Header())
	}
}

func TestBodiesOverTheLimitAre413(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	big := `[{"type":"console","message":"` + strings.Repeat("x", 70<<10) + `"}]`
	w := post(t, s, PathReport, big)
	if w.Code != http.StatusRequestEntityTooLarge || decode[errBody](t, w).Code != CodeBodyTooLarge {
		t.Errorf("status %d: %s", w.Code, w.Body)
	}
}

func TestAChatLabelIsStoredInTheDatabaseAndListedForTheConsole(t *testing.T) {
	db, err := store.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	log := NewLog(db, LogOptions{})
	t.Cleanup(log.Close)
	clk := newClock()
	s, _ := newPhoneServer(t, Options{Log: log, Now: clk.now})
	w := post(t, s, PathChat, `{"chatId":"wrAbC123_-x","label":"订单 2026-0042"}`)
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	got := decode[ChatLabel](t, w)
	if got.ChatID != "wrAbC123_-x" || got.Label != "订单 2026-0042" || got.Profile != "test" || !got.CreatedAt.Equal(clk.now()) {
		t.Errorf("answer %+v", got)
	}
	clk.advance(time.Minute)
	post(t, s, PathChat, `{"chatId":"wrSecond","label":"陈晓明"}`)
	post(t, s, PathChat, `{"chatId":"wrAbC123_-x","label":"订单 2026-0043"}`) // relabelled, keeps its time
	ls, err := s.ChatLabels(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != 2 || ls[0].ChatID != "wrSecond" || ls[1].Label != "订单 2026-0043" || !ls[1].CreatedAt.Equal(got.CreatedAt) {
		t.Errorf("listed %+v", ls)
	}
	if other, _ := (ChatStore{DB: db}).List(context.Background(), "another"); len(other) != 0 {
		t.Errorf("another profile sees %+v", other)
	}
	e := lastEntry(t, s, EndpointChat)
	if e.Report == nil || e.Report.ChatID != "wrAbC123_-x" || e.URL != "chatId=wrAbC123_-x" {
		t.Errorf("log entry %+v", e)
	}
}

func TestChatLabelsAreKeptInMemoryWithoutADatabase(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	if w := post(t, s, PathChat, `{"chatId":"wrMem","label":"A-1"}`); w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	ls, _ := s.ChatLabels(context.Background())
	if len(ls) != 1 || ls[0].Label != "A-1" {
		t.Errorf("listed %+v", ls)
	}
}

func TestAChatLabelNeedsAWeComChatIDAndAOneLineLabel(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	for _, body := range []string{
		`{"chatId":"","label":"x"}`,
		`{"chatId":"wr/../x","label":"x"}`,
		`{"chatId":"` + strings.Repeat("a", 65) + `","label":"x"}`,
		`{"chatId":"wrA","label":"  "}`,
		`{"chatId":"wrA","label":"a\nb"}`,
		`{"chatId":"wrA","label":"` + strings.Repeat("长", 65) + `"}`,
		`[]`,
	} {
		if w := post(t, s, PathChat, body); w.Code != http.StatusBadRequest || decode[errBody](t, w).Code != CodeInvalidInput {
			t.Errorf("%s: status %d %s", body, w.Code, w.Body)
		}
	}
}

func TestTheChatEndpointIsRateLimitedPerClient(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	var last int
	for i := 0; i <= chatPerMinute; i++ {
		last = post(t, s, PathChat, `{"chatId":"wrA","label":"x"}`).Code
	}
	if last != http.StatusTooManyRequests {
		t.Errorf("call %d: status %d, want 429", chatPerMinute+1, last)
	}
	if w := post(t, s, PathChat, `{"chatId":"wrA","label":"x"}`, "RemoteAddr", "198.51.100.7:1"); w.Code != http.StatusOK {
		t.Errorf("another client: status %d", w.Code)
	}
}

func TestTheChatLabelStoreIsBoundedPerProfile(t *testing.T) {
	db, err := store.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < ?)
		INSERT INTO chat_labels(chat_id, label, profile, created_at) SELECT 'wr' || i, 'l', 'test', i FROM n`, MaxChatLabels); err != nil {
		t.Fatal(err)
	}
	cs := ChatStore{DB: db}
	if _, err := cs.Put(ctx, "test", "wrNew", "x", time.Now()); !errors.Is(err, ErrChatStoreFull) {
		t.Errorf("a new chat: %v, want ErrChatStoreFull", err)
	}
	if _, err := cs.Put(ctx, "test", "wr7", "relabelled", time.Now()); err != nil {
		t.Errorf("relabelling a stored chat: %v", err)
	}
	if _, err := cs.Put(ctx, "other", "wrNew", "x", time.Now()); err != nil {
		t.Errorf("another profile: %v", err)
	}
}
