package diagnose

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"wecomdev/internal/jssdk"
	"wecomdev/internal/redact"
	"wecomdev/internal/tickets"
	"wecomdev/internal/wecom"
)

// The official example of doc 96909 (reference §9).
const (
	officialTicket    = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg"
	officialNonce     = "Wm3WZYTPz0wzccnW"
	officialTimestamp = "1414587457"
	officialURL       = "http://mp.weixin.qq.com?params=value"
	officialSignature = "0f9de62fce790f9a083d5c99e95740ceb90c27ed"
)

var t0 = time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)

// fakeTicket makes an 86-character ticket-looking value from a seed.
func fakeTicket(seed string) string {
	a := sha256.Sum256([]byte(seed))
	b := sha256.Sum256(a[:])
	return base64.RawURLEncoding.EncodeToString(append(a[:], b[:]...))[:86]
}

var (
	corpNow   = Ticket{Kind: jssdk.KindCorp, Value: fakeTicket("corp-3"), Current: true, FetchedAt: t0, ExpiresAt: t0.Add(2 * time.Hour)}
	corpOld   = Ticket{Kind: jssdk.KindCorp, Value: fakeTicket("corp-2"), FetchedAt: t0.Add(-2 * time.Hour), ExpiresAt: t0}
	corpOlder = Ticket{Kind: jssdk.KindCorp, Value: fakeTicket("corp-1"), FetchedAt: t0.Add(-4 * time.Hour), ExpiresAt: t0.Add(-2 * time.Hour)}
	agentNow  = Ticket{Kind: jssdk.KindAgent, Value: fakeTicket("agent-2"), Current: true, FetchedAt: t0, ExpiresAt: t0.Add(2 * time.Hour)}
	agentOld  = Ticket{Kind: jssdk.KindAgent, Value: fakeTicket("agent-1"), FetchedAt: t0.Add(-2 * time.Hour), ExpiresAt: t0}
	known     = []Ticket{corpNow, corpOld, corpOlder, agentNow, agentOld}
	stranger  = fakeTicket("another app's ticket")
)

const (
	ts    = "1740823200"
	nonce = "kU3cPb9ZqW1xYt7R"
)

// signed is the input a page was given: the signature of url with ticket.
func signed(page, url, ticket string, failed jssdk.Kind) ForensicsInput {
	return ForensicsInput{PageURL: page, Signature: jssdk.Signature(ticket, nonce, ts, url), Timestamp: ts, NonceStr: nonce, Failed: failed}
}

func TestForensicsSaysWhatMadeTheSignature(t *testing.T) {
	page := site + "/app/?name=%E5%BC%A0%E4%B8%89&from=singlemessage#/orders"
	cut := site + "/app/?name=%E5%BC%A0%E4%B8%89&from=singlemessage"
	oauthPage := site + "/auth/callback?code=CODE_abc&state=STATE"
	tests := []struct {
		name        string
		in          ForensicsInput
		known       []Ticket
		code        string
		kind        jssdk.Kind
		ticket      Ticket
		url         string
		variantCode string
		issue       string
	}{
		{"the current corp ticket over the page URL", signed(page, cut, corpNow.Value, jssdk.KindCorp), known,
			VerdictOK, jssdk.KindCorp, corpNow, cut, "", ""},
		{"the current app ticket for agentConfig", signed(page, cut, agentNow.Value, jssdk.KindAgent), known,
			VerdictOK, jssdk.KindAgent, agentNow, cut, "", ""},
		{"a right ticket when the failed call is unknown", signed(page, cut, agentNow.Value, ""), known,
			VerdictOK, jssdk.KindAgent, agentNow, cut, "", ""},
		{"agentConfig signed with the corp ticket", signed(page, cut, corpNow.Value, jssdk.KindAgent), known,
			VerdictWrongTicketKind, jssdk.KindCorp, corpNow, cut, "", ""},
		{"config signed with the app ticket", signed(page, cut, agentNow.Value, jssdk.KindCorp), known,
			VerdictWrongTicketKind, jssdk.KindAgent, agentNow, cut, "", ""},
		{"agentConfig signed with an old corp ticket", signed(page, cut, corpOld.Value, jssdk.KindAgent), known,
			VerdictWrongTicketKind, jssdk.KindCorp, corpOld, cut, "", ""},
		{"the previous corp ticket", signed(page, cut, corpOld.Value, jssdk.KindCorp), known,
			VerdictStaleTicket, jssdk.KindCorp, corpOld, cut, "", ""},
		{"a corp ticket two refreshes old", signed(page, cut, corpOlder.Value, jssdk.KindCorp), known,
			VerdictStaleTicket, jssdk.KindCorp, corpOlder, cut, "", ""},
		{"the hash signed too", signed(page, page, corpNow.Value, jssdk.KindCorp), known,
			VerdictURLVariant, jssdk.KindCorp, corpNow, page, CodeHashIncluded, ""},
		{"the share parameters left out", signed(page, site+"/app/?name=%E5%BC%A0%E4%B8%89", corpNow.Value, jssdk.KindCorp), known,
			VerdictURLVariant, jssdk.KindCorp, corpNow, site + "/app/?name=%E5%BC%A0%E4%B8%89", CodeQueryExtra, ""},
		{"the Chinese value decoded", signed(page, site+"/app/?name=张三&from=singlemessage", corpNow.Value, jssdk.KindCorp), known,
			VerdictURLVariant, jssdk.KindCorp, corpNow, site + "/app/?name=张三&from=singlemessage", CodeQueryEncoding, ""},
		{"http behind a TLS proxy", signed(page, "http://h5.example.com/app/?name=%E5%BC%A0%E4%B8%89&from=singlemessage", corpNow.Value, jssdk.KindCorp), known,
			VerdictURLVariant, jssdk.KindCorp, corpNow, "http://h5.example.com/app/?name=%E5%BC%A0%E4%B8%89&from=singlemessage", CodeScheme, ""},
		{"the redirect_uri signed, with the corp ticket, for agentConfig", signed(oauthPage, site+"/auth/callback", corpNow.Value, jssdk.KindAgent), known,
			VerdictURLVariant, jssdk.KindCorp, corpNow, site + "/auth/callback", CodeOAuthParams, VerdictWrongTicketKind},
		{"a trailing slash with a stale ticket", signed(site+"/orders", site+"/orders/", corpOld.Value, jssdk.KindCorp), known,
			VerdictURLVariant, jssdk.KindCorp, corpOld, site + "/orders/", CodeTrailingSlash, VerdictStaleTicket},
		{"a ticket the console never saw", signed(page, cut, stranger, jssdk.KindCorp), known,
			VerdictUnknownTicket, "", Ticket{}, "", "", ""},
		{"no ticket known at all", signed(page, cut, corpNow.Value, jssdk.KindCorp), nil,
			VerdictUnknownTicket, "", Ticket{}, "", "", ""},
		{"the official example (doc 96909), hash on the page",
			ForensicsInput{PageURL: officialURL + "#top", Signature: officialSignature, Timestamp: officialTimestamp, NonceStr: officialNonce, Failed: jssdk.KindCorp},
			[]Ticket{{Kind: jssdk.KindCorp, Value: officialTicket, Current: true}, agentNow},
			VerdictOK, jssdk.KindCorp, Ticket{Kind: jssdk.KindCorp, Value: officialTicket, Current: true}, officialURL, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := Forensics(tt.in, tt.known)
			if err != nil {
				t.Fatal(err)
			}
			if v.Code != tt.code || v.Kind != tt.kind || v.URL != tt.url || v.VariantCode != tt.variantCode || v.TicketIssue != tt.issue {
				t.Fatalf("verdict = %s kind %q url %q variant %q issue %q; want %s kind %q url %q variant %q issue %q\n%s",
					v.Code, v.Kind, v.URL, v.VariantCode, v.TicketIssue, tt.code, tt.kind, tt.url, tt.variantCode, tt.issue, v.Explanation.EnUS)
			}
			if v.Explanation.ZhCN == "" || v.Explanation.EnUS == "" || v.Fix.ZhCN == "" || v.Fix.EnUS == "" {
				t.Errorf("a text is empty: %+v %+v", v.Explanation, v.Fix)
			}
			if tt.code == VerdictUnknownTicket {
				if v.TicketMasked != "" || v.SignStringMasked != "" {
					t.Errorf("no match, yet ticket %q and sign string %q", v.TicketMasked, v.SignStringMasked)
				}
				return
			}
			if v.TicketMasked != redact.Mask(tt.ticket.Value) || v.TicketCurrent != tt.ticket.Current {
				t.Errorf("ticket = %q current %v, want %q current %v", v.TicketMasked, v.TicketCurrent, redact.Mask(tt.ticket.Value), tt.ticket.Current)
			}
			if want := jssdk.SignString(redact.Mask(tt.ticket.Value), tt.in.NonceStr, tt.in.Timestamp, tt.url); v.SignStringMasked != want {
				t.Errorf("SignStringMasked = %q, want %q", v.SignStringMasked, want)
			}
			if (tt.code == VerdictURLVariant) != (len(v.Findings) > 0) {
				t.Errorf("findings = %v for %s", codesOf(v.Findings), tt.code)
			}
		})
	}
}

func TestTheOfficialExampleSignsAsDocumented(t *testing.T) {
	// The reference's own check of the vector, through the package's search.
	in := ForensicsInput{PageURL: officialURL, Signature: strings.ToUpper(officialSignature), Timestamp: officialTimestamp, NonceStr: officialNonce}
	v, err := Forensics(in, []Ticket{{Kind: jssdk.KindCorp, Value: officialTicket, Current: true}})
	if err != nil {
		t.Fatal(err)
	}
	want := "jsapi_ticket=sM…qg&noncestr=Wm3WZYTPz0wzccnW&timestamp=1414587457&url=http://mp.weixin.qq.com?params=value"
	if v.Code != VerdictOK || v.Tried != 1 || v.SignStringMasked != want {
		t.Errorf("verdict %s after %d tries, sign string %q", v.Code, v.Tried, v.SignStringMasked)
	}
}

func TestForensicsTriesEveryTicketOverEveryVariantBeforeGivingUp(t *testing.T) {
	page := site + "/app/?id=7"
	v, err := Forensics(signed(page, page, stranger, jssdk.KindCorp), known)
	if err != nil {
		t.Fatal(err)
	}
	if want := (1 + len(Variants(page))) * len(known); v.Tried != want {
		t.Errorf("Tried = %d, want %d", v.Tried, want)
	}
	if want := jssdk.Signature(corpNow.Value, nonce, ts, page); v.ExpectedSignature != want {
		t.Errorf("ExpectedSignature = %s, want the current corp ticket's %s", v.ExpectedSignature, want)
	}
	if !strings.Contains(v.ExpectedSignStringMasked, redact.Mask(corpNow.Value)) {
		t.Errorf("ExpectedSignStringMasked = %q", v.ExpectedSignStringMasked)
	}
}

func TestARepeatedTicketValueCountsAsCurrent(t *testing.T) {
	// WeCom answers an early refresh with the ticket in use, so History can repeat it.
	again := corpNow
	again.Current = false
	page := site + "/p"
	v, err := Forensics(signed(page, page, corpNow.Value, jssdk.KindCorp), []Ticket{again, corpNow})
	if err != nil {
		t.Fatal(err)
	}
	if v.Code != VerdictOK || v.Tried != 1 {
		t.Errorf("verdict %s after %d tries, want OK at once", v.Code, v.Tried)
	}
}

func TestForensicsNeverShowsATicket(t *testing.T) {
	page := site + "/p?debug=" + corpNow.Value // a ticket pasted into the URL, too
	inputs := []ForensicsInput{
		signed(page, page, corpNow.Value, jssdk.KindCorp),
		signed(page, page, corpNow.Value, jssdk.KindAgent),
		signed(page, page, corpOld.Value, jssdk.KindCorp),
		signed(page, page+"/", corpNow.Value, jssdk.KindCorp),
		signed(page, page, stranger, jssdk.KindCorp),
	}
	for _, in := range inputs {
		v, err := Forensics(in, known)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		for _, tk := range known {
			if strings.Contains(string(b), tk.Value) {
				t.Errorf("%s verdict shows a ticket in clear: %s", v.Code, b)
			}
		}
	}
	b, _ := json.Marshal(corpNow)
	if strings.Contains(string(b), corpNow.Value) {
		t.Errorf("a Ticket serialises its value: %s", b)
	}
}

func TestForensicsRejectsGarbage(t *testing.T) {
	good := signed(site+"/p", site+"/p", corpNow.Value, jssdk.KindCorp)
	tests := []struct {
		name  string
		edit  func(*ForensicsInput)
		field string
	}{
		{"an empty page URL", func(in *ForensicsInput) { in.PageURL = " \n" }, "pageUrl"},
		{"a short signature", func(in *ForensicsInput) { in.Signature = in.Signature[:38] }, "signature"},
		{"a signature with a non-hex letter", func(in *ForensicsInput) { in.Signature = "g" + in.Signature[1:] }, "signature"},
		{"a base64 signature", func(in *ForensicsInput) { in.Signature = "D/2+YvOOxLuDdwKZ5ZTw2jQkT8E=" }, "signature"},
		{"a timestamp with a dot", func(in *ForensicsInput) { in.Timestamp = "1740823200.5" }, "timestamp"},
		{"an empty timestamp", func(in *ForensicsInput) { in.Timestamp = "" }, "timestamp"},
		{"an empty nonceStr", func(in *ForensicsInput) { in.NonceStr = "" }, "nonceStr"},
		{"an unknown call", func(in *ForensicsInput) { in.Failed = "wx.config" }, "failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := good
			tt.edit(&in)
			_, err := Forensics(in, known)
			var ie *InputError
			if !errors.Is(err, ErrInvalidInput) || !errors.As(err, &ie) || ie.Field != tt.field {
				t.Fatalf("err = %v, want an InputError for %s", err, tt.field)
			}
			if msg := err.Error(); msg != strings.ToLower(msg[:1])+msg[1:] {
				t.Errorf("message %q starts upper-case", msg)
			}
		})
	}
}

func TestForensicsToleratesPastedWhitespaceAndCase(t *testing.T) {
	page := site + "/p"
	in := signed(page, page, corpNow.Value, jssdk.KindCorp)
	in.PageURL, in.Signature, in.Timestamp, in.NonceStr = " "+page+"\n", " "+strings.ToUpper(in.Signature)+"\n", ts+" ", " "+nonce
	v, err := Forensics(in, known)
	if err != nil || v.Code != VerdictOK {
		t.Fatalf("verdict %s, err %v", v.Code, err)
	}
}

func TestForensicsPassesOnTheInputWarnings(t *testing.T) {
	page := site + "/p#/x"
	in := signed(page, site+"/p", corpNow.Value, jssdk.KindCorp)
	in.Timestamp = "1740823200000" // Date.now()
	in.Signature = jssdk.Signature(corpNow.Value, nonce, in.Timestamp, site+"/p")
	v, err := Forensics(in, known)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Warnings) != 1 || v.Warnings[0].Code != jssdk.CodeTimestampNotSeconds {
		t.Errorf("warnings = %+v, want only TIMESTAMP_NOT_SECONDS (the page's hash is expected)", v.Warnings)
	}
}

func TestTicketsFromMarksOnlyAFreshFirstTicketCurrent(t *testing.T) {
	hist := []tickets.Cred{
		{Value: "current-ticket-value", FetchedAt: t0, ExpiresAt: t0.Add(2 * time.Hour)},
		{Value: "older-ticket-value", FetchedAt: t0.Add(-2 * time.Hour), ExpiresAt: t0},
	}
	got := TicketsFrom(jssdk.KindAgent, hist, t0.Add(time.Hour))
	if len(got) != 2 || !got[0].Current || got[1].Current || got[0].Kind != jssdk.KindAgent || got[1].Value != "older-ticket-value" {
		t.Errorf("TicketsFrom = %+v", got)
	}
	if got := TicketsFrom(jssdk.KindAgent, hist, t0.Add(3*time.Hour)); got[0].Current {
		t.Error("an expired first ticket is marked current")
	}
}

// A right signature that WeCom still refuses is not blamed on iOS's landing URL: that is
// WeChat's rule (@wecom/jssdk 2.4.4 ConfigTask; docs/wecom-facts.md).
func TestARightSignatureIsNotBlamedOnTheIOSLandingURL(t *testing.T) {
	page := "https://h5.example.com/app/orders/7"
	v, err := Forensics(signed(page, page, corpNow.Value, jssdk.KindCorp), known)
	if err != nil {
		t.Fatal(err)
	}
	if v.Code != VerdictOK {
		t.Fatalf("verdict %s", v.Code)
	}
	if strings.Contains(v.Explanation.EnUS, "on iOS, a single-page app is verified against its landing URL") ||
		!strings.Contains(v.Explanation.EnUS, "WeCom verifies the current URL on every platform") ||
		!strings.Contains(v.Explanation.ZhCN, "企业微信在各平台都校验当前 URL") {
		t.Errorf("explanation: %s", v.Explanation.EnUS)
	}
}

func TestTheVerdictNamesThePlacesAsEachSurfaceNamesThem(t *testing.T) {
	in := ForensicsInput{PageURL: officialURL, Signature: officialSignature, Timestamp: officialTimestamp, NonceStr: officialNonce}
	right := []Ticket{{Kind: jssdk.KindCorp, Value: officialTicket, Current: true}}
	for _, tc := range []struct {
		name  string
		known []Ticket
	}{{"a right signature", right}, {"no ticket known", nil}} {
		v, err := Forensics(in, tc.known)
		if err != nil {
			t.Fatal(err)
		}
		for lang, s := range map[string]string{"zh-CN": v.Explanation.ZhCN + v.Fix.ZhCN, "en-US": v.Explanation.EnUS + v.Fix.EnUS} {
			if strings.Contains(s, "{tool:") {
				t.Errorf("%s, %s: the places are not named as the window names them: %s", tc.name, lang, s)
			}
			if !strings.Contains(s, wecom.AreaName(wecom.ToolTickets, lang)) {
				t.Errorf("%s, %s: no %s in %s", tc.name, lang, wecom.AreaName(wecom.ToolTickets, lang), s)
			}
		}
		cmd, err := ForensicsAt(in, tc.known, func(tool, _ string) string { return "`wecomdev " + tool + "`" })
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{cmd.Explanation.EnUS + cmd.Fix.EnUS, cmd.Explanation.ZhCN + cmd.Fix.ZhCN} {
			if !strings.Contains(s, "`wecomdev tickets`") || strings.Contains(s, "in Tickets") || strings.Contains(s, "「凭证」") {
				t.Errorf("%s: the terminal's verdict names the window's areas, not the commands: %s", tc.name, s)
			}
		}
	}
}
