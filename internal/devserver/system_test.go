package devserver_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"wecomdev/internal/devserver"
	"wecomdev/internal/jssdk"
	"wecomdev/internal/secrets"
	"wecomdev/internal/store"
	"wecomdev/internal/tickets"
	"wecomdev/internal/wecom/sandbox"
	"wecomdev/internal/workspace"
)

var _ devserver.Backend = (*workspace.DevBackend)(nil)

// console is the real engine over the in-process sandbox WeCom, as `wecomdev serve` runs it.
type console struct {
	eng *workspace.Workspace
	db  *sql.DB // the workspace's database, to read what it stored
	sb  *sandbox.Server
	log *devserver.Log
	srv *devserver.Server
}

func newConsole(t *testing.T, addr string) *console {
	t.Helper()
	ctx := context.Background()
	sb := sandbox.New(sandbox.Options{})
	dir := t.TempDir()
	db, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := workspace.Open(ctx, dir, workspace.Options{Keychain: secrets.NewMemory(), Sandbox: sb, DB: db})
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
	return &console{eng: eng, db: db, sb: sb, log: log, srv: devserver.New(b, devserver.Options{Addr: addr, Log: log})}
}

func TestOverARealSocketAPhonePageGetsAValidSignature(t *testing.T) {
	c := newConsole(t, "127.0.0.1:0")
	addr, err := c.srv.Start()
	if err != nil {
		t.Fatal(err)
	}
	page := "http://127.0.0.1:5173/index.html?from=singlemessage#/home"
	req, _ := http.NewRequest(http.MethodGet, "http://"+addr+devserver.PathConfigSignature+"?url="+url.QueryEscape(page), nil)
	req.Header.Set("User-Agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 wxwork/4.1.28 MicroMessenger/7.0.1 Language/zh")
	req.Header.Set("Origin", "http://127.0.0.1:5173")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct{ Timestamp, NonceStr, Signature string }
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil || resp.StatusCode != 200 {
		t.Fatalf("status %d, %v", resp.StatusCode, err)
	}
	if resp.Header.Get("Access-Control-Allow-Origin") != "http://127.0.0.1:5173" {
		t.Errorf("ACAO %q", resp.Header.Get("Access-Control-Allow-Origin"))
	}
	ticket, err := c.eng.Credential(context.Background(), "sandbox", tickets.KindCorp)
	if err != nil {
		t.Fatal(err)
	}
	if want := jssdk.Signature(ticket.Value, got.NonceStr, got.Timestamp, jssdk.CutHash(page)); got.Signature != want {
		t.Errorf("signature %s does not verify against the sandbox's corp ticket (%s)", got.Signature, want)
	}
	if err := c.srv.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := http.Get("http://" + addr + "/"); err == nil {
		t.Error("the server still answers after Shutdown")
	}
	c.log.Flush()
	es, err := c.log.List(context.Background(), devserver.Filter{})
	if err != nil || len(es) != 1 || es[0].App.Platform != "iOS" || es[0].App.Version != "4.1.28" {
		t.Errorf("log %+v %v", es, err)
	}
}

func TestAThousandConcurrentRequestsOnAColdCacheMakeOneFetchPerCredential(t *testing.T) {
	c := newConsole(t, "")
	h := c.srv.Handler()
	var wg sync.WaitGroup
	for i := 0; i < 1000; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			path := devserver.PathConfigSignature
			if i%2 == 1 {
				path = devserver.PathAgentSignature
			}
			r, _ := http.NewRequest(http.MethodGet, path+"?url="+url.QueryEscape("http://localhost/"), nil)
			r.RemoteAddr = "127.0.0.1:1"
			w := &discard{h: http.Header{}}
			h.ServeHTTP(w, r)
			if w.code != 200 {
				t.Errorf("status %d", w.code)
			}
		}(i)
	}
	wg.Wait()
	for ep, want := range map[string]int{"gettoken": 1, "get_jsapi_ticket": 1, "ticket/get": 1} {
		if n := c.sb.Calls(ep); n != want {
			t.Errorf("%s called %d times, want %d", ep, n, want)
		}
	}
}

type discard struct {
	h    http.Header
	code int
}

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(code int)        { d.code = code }

// TestNoSecretTokenOrTicketLeavesTheServer runs every endpoint, good and bad, over a real
// socket with the real engine, then scans every response (headers and body), every log
// row in the database and every serve --json style event for the corp secret, the access
// token and both tickets.
func TestNoSecretTokenOrTicketLeavesTheServer(t *testing.T) {
	c := newConsole(t, "127.0.0.1:0")
	c.srv.SetVerifyFiles(map[string]string{"WW_verify_AbCd1234EfGh5678.txt": "AbCd1234EfGh5678"})
	var events bytes.Buffer
	var mu sync.Mutex
	c.log.Subscribe(func(b devserver.Batch) {
		mu.Lock()
		defer mu.Unlock()
		for _, e := range b.Entries {
			json.NewEncoder(&events).Encode(e)
			for _, bd := range e.Breakdowns() {
				json.NewEncoder(&events).Encode(bd)
			}
		}
	})
	addr, err := c.srv.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer c.srv.Shutdown(context.Background())
	base := "http://" + addr
	ctx := context.Background()
	// Warm the cache first so the tickets are known and can be pasted into URLs below.
	var creds []string
	for _, k := range tickets.Kinds {
		cr, err := c.eng.Credential(ctx, "sandbox", k)
		if err != nil {
			t.Fatal(err)
		}
		creds = append(creds, cr.Value)
	}
	secret := c.sb.Secret(sandbox.DefaultCorpID, sandbox.DefaultAgentID)
	creds = append(creds, secret)

	var responses bytes.Buffer
	paths := []string{
		"/", "/nope", "/WW_verify_AbCd1234EfGh5678.txt",
		devserver.PathConfigSignature + "?url=" + url.QueryEscape("http://localhost/?t="+creds[1]+"&s="+secret),
		devserver.PathAgentSignature + "?url=" + url.QueryEscape("http://127.0.0.1/#"+creds[2]),
		devserver.PathConfig + "?url=" + url.QueryEscape("http://localhost/a?b=1"),
		devserver.PathConfig + "?url=" + url.QueryEscape("https://evil.example.com/?token="+creds[0]),
		devserver.PathConfigSignature + "?url=/relative",
		devserver.PathConfigSignature,
		devserver.PathCustomers + "?userId=" + sandbox.UserZhangsan,
		devserver.PathCustomers + "?userId=" + sandbox.UserZhangsan + "&mobile=13800000001",
		devserver.PathCustomers + "?userId=nobody",
		devserver.PathCustomers + "?userId=" + sandbox.UserZhaoliu,
	}
	for _, p := range paths {
		for _, origin := range []string{"", "http://localhost:5173", "https://evil.example.com"} {
			req, _ := http.NewRequest(http.MethodGet, base+p, nil)
			if origin != "" {
				req.Header.Set("Origin", origin)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Header.Write(&responses)
			io.Copy(&responses, resp.Body)
			resp.Body.Close()
		}
	}
	// force a token refusal and a failing ticket path too
	c.sb.InvalidateTokens()
	resp, err := http.Get(base + devserver.PathCustomers + "?userId=" + sandbox.UserLisi)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(&responses, resp.Body)
	resp.Body.Close()
	c.log.Flush()

	rows, err := c.db.Query(`SELECT entry FROM request_log`)
	if err != nil {
		t.Fatal(err)
	}
	var stored bytes.Buffer
	n := 0
	for rows.Next() {
		var s string
		rows.Scan(&s)
		stored.WriteString(s)
		n++
	}
	rows.Close()
	if n < len(paths)*3 {
		t.Fatalf("only %d rows logged for %d requests", n, len(paths)*3+1)
	}
	mu.Lock()
	defer mu.Unlock()
	for name, text := range map[string]string{"responses": responses.String(), "log rows": stored.String(), "events": events.String()} {
		for i, cred := range creds {
			if strings.Contains(text, cred) {
				t.Errorf("%s hold credential #%d in clear", name, i)
			}
		}
	}
	if !strings.Contains(stored.String(), "…") {
		t.Error("the log shows no masked ticket at all")
	}
}

func TestTheDatabaseLogIsBoundedFilterableAndClearable(t *testing.T) {
	ctx := context.Background()
	eng, err := workspace.Open(ctx, t.TempDir(), workspace.Options{Keychain: secrets.NewMemory(), Sandbox: sandbox.New(sandbox.Options{})})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	log := eng.RequestLog(devserver.LogOptions{Keep: 50})
	defer log.Close()
	for i := 0; i < 120; i++ {
		e := devserver.Entry{Time: time.Now(), Profile: "p", Endpoint: devserver.EndpointConfigSignature, Status: 200, Client: "127.0.0.1",
			Path: devserver.PathConfigSignature, URL: "http://localhost/" + strings.Repeat("x", i%3)}
		if i%10 == 0 {
			e.Status, e.URL = 403, "https://evil.example.com/"
		}
		log.Add(e)
		if i%40 == 39 {
			log.Flush()
		}
	}
	log.Flush()
	all, err := log.List(ctx, devserver.Filter{Limit: 1000})
	if err != nil || len(all) != 50 {
		t.Fatalf("kept %d rows, want the newest 50 (%v)", len(all), err)
	}
	if all[0].ID <= all[1].ID {
		t.Error("not newest first")
	}
	failed, _ := log.List(ctx, devserver.Filter{Failed: true})
	evil, _ := log.List(ctx, devserver.Filter{Text: "EVIL.example"})
	if len(failed) != 5 || len(evil) != 5 {
		t.Errorf("failed %d, text match %d; want 5 and 5", len(failed), len(evil))
	}
	older, _ := log.List(ctx, devserver.Filter{BeforeID: all[9].ID, Limit: 5})
	if len(older) != 5 || older[0].ID != all[10].ID {
		t.Errorf("paging before %d gave %+v", all[9].ID, older)
	}
	if got, err := log.Get(ctx, all[3].ID); err != nil || got.URL != all[3].URL {
		t.Errorf("get %d: %+v %v", all[3].ID, got, err)
	}
	if err := log.Clear(ctx); err != nil {
		t.Fatal(err)
	}
	if rest, _ := log.List(ctx, devserver.Filter{}); len(rest) != 0 {
		t.Errorf("%d rows after clear", len(rest))
	}
	if _, err := log.Get(ctx, all[0].ID); err != devserver.ErrNoEntry {
		t.Errorf("get after clear: %v", err)
	}
}

func TestVerifyFilesSurviveARestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	open := func() *workspace.Workspace {
		eng, err := workspace.Open(ctx, dir, workspace.Options{Keychain: secrets.NewMemory(), Sandbox: sandbox.New(sandbox.Options{})})
		if err != nil {
			t.Fatal(err)
		}
		return eng
	}
	eng := open()
	if _, err := eng.VerifyFiles().Put(ctx, "WW_verify_Abc123.txt", "Abc123"); err != nil {
		t.Fatal(err)
	}
	eng.Close()
	eng = open()
	defer eng.Close()
	files, err := eng.VerifyFiles().List(ctx)
	if err != nil || files["WW_verify_Abc123.txt"] != "Abc123" {
		t.Errorf("%v %v", files, err)
	}
}

func TestShutdownDoesNotWaitForAConnectionThatSentNothingYet(t *testing.T) {
	c := newConsole(t, "127.0.0.1:0")
	addr, err := c.srv.Start()
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", addr) // a browser's preconnect: open, nothing sent
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	time.Sleep(50 * time.Millisecond) // let the server accept it
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	start := time.Now()
	if err := c.srv.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v after %s", err, time.Since(start))
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("shutdown took %s", d)
	}
}
