package diagnose

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"wecomdev/internal/jssdk"
	"wecomdev/internal/redact"
)

var (
	auditNow       = time.Now()
	auditCorp      = Ticket{Kind: jssdk.KindCorp, Value: fakeTicket("audit-corp-2"), Current: true, FetchedAt: auditNow, ExpiresAt: auditNow.Add(2 * time.Hour)}
	auditCorpOld   = Ticket{Kind: jssdk.KindCorp, Value: fakeTicket("audit-corp-1"), FetchedAt: auditNow.Add(-time.Hour), ExpiresAt: auditNow.Add(time.Hour)}
	auditCorpDead  = Ticket{Kind: jssdk.KindCorp, Value: fakeTicket("audit-corp-0"), FetchedAt: auditNow.Add(-3 * time.Hour), ExpiresAt: auditNow.Add(-time.Hour)}
	auditAgent     = Ticket{Kind: jssdk.KindAgent, Value: fakeTicket("audit-agent-1"), Current: true, FetchedAt: auditNow, ExpiresAt: auditNow.Add(2 * time.Hour)}
	auditKnown     = []Ticket{auditCorp, auditCorpOld, auditCorpDead, auditAgent}
	auditToken     = fakeTicket("audit-access-token")[:64]
	auditSecret    = fakeTicket("audit-corp-secret")[:43]
	auditSensitive = []string{auditToken, auditSecret, auditCorp.Value, auditAgent.Value}
)

// answer is what a fake endpoint says for one page.
type answer struct {
	status int
	body   string
	header map[string]string
}

// fakeEndpoint plays a developer's signing endpoint: f gets the page URL as decoded by
// the framework and the url parameter as it arrived, and answers.
func fakeEndpoint(t *testing.T, f func(page, raw string) answer) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw := ""
		for _, kv := range strings.Split(r.URL.RawQuery, "&") {
			if v, ok := strings.CutPrefix(kv, "url="); ok {
				raw = v
			}
		}
		a := f(r.URL.Query().Get("url"), raw)
		for k, v := range a.header {
			w.Header().Set(k, v)
		}
		if a.status == 0 {
			a.status = http.StatusOK
		}
		w.WriteHeader(a.status)
		fmt.Fprint(w, a.body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/wecom/signature?url={url}"
}

// signing is an endpoint that signs urlOf(page, raw) with ticket and answers the usual
// three fields in JSON (extra fields merged in).
func signing(ticket string, urlOf func(page, raw string) string, extra map[string]any) func(page, raw string) answer {
	return func(page, raw string) answer {
		ts, nonce := jssdk.Timestamp(time.Now()), jssdk.NewNonce()
		m := map[string]any{"timestamp": ts, "nonceStr": nonce, "signature": jssdk.Signature(ticket, nonce, ts, urlOf(page, raw))}
		for k, v := range extra {
			m[k] = v
		}
		b, _ := json.Marshal(m)
		return answer{body: string(b), header: map[string]string{"Content-Type": "application/json"}}
	}
}

func cut(page, _ string) string { return jssdk.CutHash(page) }

func runAudit(t *testing.T, in AuditInput) AuditReport {
	t.Helper()
	r, err := Audit(context.Background(), nil, in, auditKnown, auditSensitive)
	if err != nil {
		t.Fatal(err)
	}
	checkEvidenceInChinese(t, r)
	return r
}

// quotedOrTag: a quoted value or a page tag ("[slash, hash] "), the same in both languages.
var quotedOrTag = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|\[[^\]]*\] `)

// words: English words (three letters or more) outside the quoted values.
var words = regexp.MustCompile(`[A-Za-z]{3,}`)

// checkEvidenceInChinese: every check's evidence also reads in zh-CN, line for line (a
// line of only quoted values reads the same in both).
func checkEvidenceInChinese(t *testing.T, r AuditReport) {
	t.Helper()
	for _, c := range r.Checks {
		if c.Evidence == "" {
			continue
		}
		zh, en := strings.Split(c.EvidenceZh, "\n"), strings.Split(c.Evidence, "\n")
		if len(zh) != len(en) {
			t.Errorf("%s: the zh-CN evidence has %d lines, the English %d", c.Code, len(zh), len(en))
			continue
		}
		for i := range en {
			if words.MatchString(quotedOrTag.ReplaceAllString(en[i], "")) && !strings.ContainsFunc(zh[i], isHan) {
				t.Errorf("%s: a line of the zh-CN evidence is not Chinese: %s (English: %s)", c.Code, zh[i], en[i])
			}
		}
	}
}

// expect checks every check's status: those named in want, and pass for the others.
func expect(t *testing.T, r AuditReport, want map[string]string) {
	t.Helper()
	var codes []string
	for _, c := range r.Checks {
		codes = append(codes, c.Code)
		w := want[c.Code]
		if w == "" {
			w = StatusPass
		}
		if c.Status != w {
			t.Errorf("%s = %s, want %s; evidence:\n%s", c.Code, c.Status, w, c.Evidence)
		}
		if c.Pass != (c.Status == StatusPass || c.Status == StatusWarn) || c.Skipped != (c.Status == StatusSkip) {
			t.Errorf("%s: pass %v skipped %v do not fit status %s", c.Code, c.Pass, c.Skipped, c.Status)
		}
		if c.Title.ZhCN == "" || c.Title.EnUS == "" || c.Fix.ZhCN == "" || c.Fix.EnUS == "" || !strings.ContainsFunc(c.Title.ZhCN, isHan) {
			t.Errorf("%s: a text is missing: %+v", c.Code, c)
		}
		if c.Evidence == "" {
			t.Errorf("%s: no evidence", c.Code)
		}
	}
	if !slices.Equal(codes, AuditCheckCodes()) {
		t.Errorf("checks %v, want %v", codes, AuditCheckCodes())
	}
	counts := map[string]int{}
	for _, c := range r.Checks {
		counts[c.Status]++
	}
	if r.Passed != counts[StatusPass]+counts[StatusWarn] || r.Failed != counts[StatusFail] || r.Warnings != counts[StatusWarn] || r.Skipped != counts[StatusSkip] {
		t.Errorf("counts passed %d failed %d warnings %d skipped %d, statuses %v", r.Passed, r.Failed, r.Warnings, r.Skipped, counts)
	}
}

func checkOf(r AuditReport, code string) AuditCheck {
	for _, c := range r.Checks {
		if c.Code == code {
			return c
		}
	}
	return AuditCheck{}
}

func TestACorrectEndpointPassesEveryCheck(t *testing.T) {
	ep := fakeEndpoint(t, signing(auditCorp.Value, cut, nil))
	r := runAudit(t, AuditInput{Endpoint: ep})
	expect(t, r, nil)
	if r.Kind != jssdk.KindCorp || r.PageBase != DefaultPageBase || len(r.Calls) != 4 || r.Failed != 0 {
		t.Fatalf("report %+v", r)
	}
	cases := []string{}
	for _, c := range r.Calls {
		cases = append(cases, c.Case)
		if c.Status != 200 || c.Verdict.Code != VerdictOK || c.Verdict.Kind != jssdk.KindCorp || c.Timestamp == "" || c.NonceStr == "" || len(c.Signature) != 40 {
			t.Errorf("call %+v", c)
		}
		want := strings.Replace(ep, "{url}", url.QueryEscape(c.PageURL), 1)
		if c.RequestURL != want {
			t.Errorf("request %s, want %s", c.RequestURL, want)
		}
	}
	if !slices.Equal(cases, []string{AuditCaseSlash, AuditCaseNoSlash, AuditCaseHash, AuditCaseShare}) {
		t.Errorf("cases %v", cases)
	}
	if r.Calls[2].PageURL != "https://h5.example.com/audit/?a=1&b=%E4%B8%AD#/route" {
		t.Errorf("hash page %s", r.Calls[2].PageURL)
	}
	if ev := checkOf(r, CheckHashCut).Evidence; !strings.Contains(ev, "without its #") {
		t.Errorf("HASH_CUT evidence %q", ev)
	}
}

func TestTheTestPagesAreMadeInThePageBaseFolder(t *testing.T) {
	var pages []string
	ep := fakeEndpoint(t, func(page, raw string) answer {
		pages = append(pages, page)
		return signing(auditCorp.Value, cut, nil)(page, raw)
	})
	r := runAudit(t, AuditInput{Endpoint: ep, PageBase: "https://H5.Example.com:8443/shop/index.html?x=1#top"})
	want := []string{
		"https://h5.example.com:8443/shop/audit/",
		"https://h5.example.com:8443/shop/audit",
		"https://h5.example.com:8443/shop/audit/?a=1&b=%E4%B8%AD#/route",
		"https://h5.example.com:8443/shop/audit/?id=42&from=singlemessage&isappinstalled=0",
	}
	if !slices.Equal(pages, want) {
		t.Fatalf("pages\n%q\nwant\n%q", pages, want)
	}
	expect(t, r, nil)
}

func TestEachCommonMistakeFailsItsOwnCheck(t *testing.T) {
	tests := []struct {
		name string
		kind jssdk.Kind
		f    func(page, raw string) answer
		want map[string]string
	}{
		{"signs the URL with its #…", "", signing(auditCorp.Value, func(page, _ string) string { return page }, nil),
			map[string]string{CheckHashCut: StatusFail}},
		{"signs the url parameter without decoding it", "", signing(auditCorp.Value, func(_, raw string) string { return raw }, nil),
			map[string]string{CheckNoURLEncoding: StatusFail, CheckHashCut: StatusSkip, CheckQueryAsGiven: StatusSkip,
				CheckTrailingSlash: StatusSkip, CheckURLAsGiven: StatusSkip}},
		{"decodes the query before signing", "", signing(auditCorp.Value, func(page, _ string) string { return decodeSafe(jssdk.CutHash(page)) }, nil),
			map[string]string{CheckQueryAsGiven: StatusFail}},
		{"sorts the query", "", signing(auditCorp.Value, func(page, _ string) string {
			u := ParseURL(jssdk.CutHash(page))
			pieces := strings.Split(strings.TrimPrefix(u.Query, "?"), "&")
			slices.Sort(pieces)
			if u.Query != "" {
				u.Query = "?" + strings.Join(pieces, "&")
			}
			return u.String()
		}, nil),
			map[string]string{CheckQueryAsGiven: StatusFail}},
		{"drops the trailing slash", "", signing(auditCorp.Value, func(page, _ string) string {
			u := ParseURL(jssdk.CutHash(page))
			u.Path = strings.TrimSuffix(u.Path, "/")
			return u.String()
		}, nil),
			map[string]string{CheckTrailingSlash: StatusFail}},
		{"signs a hard-coded site root", "", signing(auditCorp.Value, func(string, string) string { return "https://h5.example.com/" }, nil),
			map[string]string{CheckURLAsGiven: StatusFail}},
		{"signs agentConfig with the corp ticket", jssdk.KindAgent, signing(auditCorp.Value, cut, nil),
			map[string]string{CheckTicketKind: StatusFail}},
		{"signs with a ticket the console has replaced", "", signing(auditCorpOld.Value, cut, nil),
			map[string]string{CheckTicketKnown: StatusWarn}},
		{"signs with an expired ticket", "", signing(auditCorpDead.Value, cut, nil),
			map[string]string{CheckTicketKnown: StatusFail}},
		{"answers milliseconds and noncestr", "", func(page, _ string) answer {
			ts, nonce := fmt.Sprint(time.Now().UnixMilli()), jssdk.NewNonce()
			return answer{body: fmt.Sprintf(`{"timestamp":%q,"noncestr":%q,"signature":%q}`, ts, nonce, jssdk.Signature(auditCorp.Value, nonce, ts, jssdk.CutHash(page)))}
		}, map[string]string{CheckTimestampSeconds: StatusFail, CheckNonceStrSpelling: StatusFail}},
		{"answers a numeric timestamp and nonce_str", "", func(page, _ string) answer {
			ts, nonce := jssdk.Timestamp(time.Now()), jssdk.NewNonce()
			return answer{body: fmt.Sprintf(`{"timestamp":%s,"nonce_str":%q,"signature":%q}`, ts, nonce, jssdk.Signature(auditCorp.Value, nonce, ts, jssdk.CutHash(page)))}
		}, map[string]string{CheckTimestampSeconds: StatusWarn, CheckNonceStrSpelling: StatusFail}},
		{"answers an upper-case signature", "", func(page, raw string) answer {
			a := signing(auditCorp.Value, cut, nil)(page, raw)
			var m map[string]string
			json.Unmarshal([]byte(a.body), &m)
			m["signature"] = strings.ToUpper(m["signature"])
			b, _ := json.Marshal(m)
			return answer{body: string(b)}
		}, map[string]string{CheckSignatureFormat: StatusFail}},
		{"leaks the ticket it signed with", "", signing(auditCorp.Value, cut, map[string]any{"ticket": auditCorp.Value}),
			map[string]string{CheckNoCredentialLeak: StatusFail}},
		{"leaks the access token in a header", "", func(page, raw string) answer {
			a := signing(auditCorp.Value, cut, nil)(page, raw)
			a.header["X-Debug-Token"] = auditToken
			return a
		}, map[string]string{CheckNoCredentialLeak: StatusFail}},
		{"has a field named like a credential", "", signing(auditCorp.Value, cut, map[string]any{"data": map[string]any{"access_token": "whatever-value"}}),
			map[string]string{CheckNoCredentialLeak: StatusFail}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runAudit(t, AuditInput{Endpoint: fakeEndpoint(t, tt.f), Kind: tt.kind})
			expect(t, r, tt.want)
		})
	}
}

func TestTheWrongTicketKindNamesTheErrorsWeComGives(t *testing.T) {
	r := runAudit(t, AuditInput{Endpoint: fakeEndpoint(t, signing(auditCorp.Value, cut, nil)), Kind: jssdk.KindAgent})
	c := checkOf(r, CheckTicketKind)
	for _, s := range []string{"WRONG_TICKET_KIND", "40093", "42012", "corp ticket", redact.Mask(auditCorp.Value)} {
		if !strings.Contains(c.Evidence, s) {
			t.Errorf("evidence lacks %q:\n%s", s, c.Evidence)
		}
	}
	if !strings.Contains(c.Title.EnUS, "app ticket") || r.Calls[0].Verdict.Code != VerdictWrongTicketKind {
		t.Errorf("title %q, verdict %s", c.Title.EnUS, r.Calls[0].Verdict.Code)
	}
}

func TestAHashSignedEndpointIsShownTheURLItSigned(t *testing.T) {
	r := runAudit(t, AuditInput{Endpoint: fakeEndpoint(t, signing(auditCorp.Value, func(page, _ string) string { return page }, nil))})
	c := checkOf(r, CheckHashCut)
	if !strings.Contains(c.Evidence, "#/route") || !strings.Contains(c.Evidence, CodeHashIncluded) || !strings.Contains(c.Evidence, "[hash] GET ") {
		t.Errorf("evidence %q", c.Evidence)
	}
	if v := r.Calls[2].Verdict; v.Code != VerdictURLVariant || v.VariantCode != CodeHashIncluded {
		t.Errorf("verdict %+v", v)
	}
}

func TestAnEncodedSignedURLIsFoundEvenWithItsEncodedHash(t *testing.T) {
	r := runAudit(t, AuditInput{Endpoint: fakeEndpoint(t, signing(auditCorp.Value, func(_, raw string) string { return raw }, nil))})
	for _, c := range r.Calls {
		if c.Verdict.Code != VerdictURLVariant || c.Verdict.VariantCode != CodeQueryEncoding || !strings.HasPrefix(c.Verdict.URL, "https%3A%2F%2F") {
			t.Errorf("%s: verdict %s %s %s", c.Case, c.Verdict.Code, c.Verdict.VariantCode, c.Verdict.URL)
		}
	}
	if ev := checkOf(r, CheckNoURLEncoding).Evidence; !strings.Contains(ev, "%23%2Froute") {
		t.Errorf("evidence does not show the encoded hash: %q", ev)
	}
}

func TestLeakedCredentialsAreNamedButMaskedInTheReport(t *testing.T) {
	ep := fakeEndpoint(t, signing(auditCorp.Value, cut, map[string]any{"jsapi_ticket": auditCorp.Value, "debug": auditSecret}))
	r := runAudit(t, AuditInput{Endpoint: ep})
	ev := checkOf(r, CheckNoCredentialLeak).Evidence
	for _, s := range []string{"the current corp ticket " + redact.Mask(auditCorp.Value), "a credential of the profile", `a field is named "jsapi_ticket"`} {
		if !strings.Contains(ev, s) {
			t.Errorf("evidence lacks %q:\n%s", s, ev)
		}
	}
	out, _ := json.Marshal(r)
	for _, secret := range []string{auditCorp.Value, auditSecret} {
		if strings.Contains(string(out), secret) {
			t.Fatalf("the report contains a credential in clear")
		}
	}
	if !strings.Contains(r.Calls[0].Body, redact.Mask(auditCorp.Value)) {
		t.Errorf("body %q", r.Calls[0].Body)
	}
}

func TestABrokenEndpointFailsReachabilityAndSkipsTheRest(t *testing.T) {
	html := fakeEndpoint(t, func(string, string) answer {
		return answer{status: 500, body: "<!DOCTYPE html><title>500 Internal Server Error</title>", header: map[string]string{"Content-Type": "text/html"}}
	})
	notJSON := fakeEndpoint(t, func(string, string) answer {
		return answer{body: "<html>ok</html>", header: map[string]string{"Content-Type": "text/html"}}
	})
	huge := fakeEndpoint(t, func(string, string) answer { return answer{body: `{"pad":"` + strings.Repeat("x", 3000) + `"}`} })
	down := httptest.NewServer(http.NotFoundHandler())
	downURL := down.URL + "/sign?url={url}"
	down.Close()

	skipAll := map[string]string{}
	for _, c := range AuditCheckCodes()[1:12] {
		skipAll[c] = StatusSkip
	}
	skipAll[CheckEndpointReachable] = StatusFail
	noAnswer := maps.Clone(skipAll)
	noAnswer[CheckNoCredentialLeak] = StatusSkip
	for name, tt := range map[string]struct{ ep, mention string }{
		"500 with HTML":    {html, "500"},
		"200 with HTML":    {notJSON, "not a JSON object (Content-Type text/html)"},
		"over 2 kB":        {huge, "longer than 2 kB"},
		"nothing listens":  {downURL, "no answer"},
		"a 404 on the API": {fakeEndpoint(t, func(string, string) answer { return answer{status: 404, body: `{"error":"not found"}`} }), "404"},
	} {
		t.Run(name, func(t *testing.T) {
			r := runAudit(t, AuditInput{Endpoint: tt.ep})
			if tt.ep == downURL {
				expect(t, r, noAnswer)
			} else {
				expect(t, r, skipAll)
			}
			if ev := checkOf(r, CheckEndpointReachable).Evidence; !strings.Contains(ev, tt.mention) || !strings.Contains(ev, "GET ") {
				t.Errorf("evidence %q lacks %q", ev, tt.mention)
			}
			for _, c := range r.Calls {
				if len(c.Body) > MaxAuditBody || c.Verdict.Code != "" || c.Verdict.Findings == nil {
					t.Errorf("call %+v", c)
				}
			}
		})
	}
}

func TestAnEndpointWithItsOwnTicketIsSkippedWithTheReason(t *testing.T) {
	r := runAudit(t, AuditInput{Endpoint: fakeEndpoint(t, signing(stranger, cut, nil))})
	expect(t, r, map[string]string{CheckHashCut: StatusSkip, CheckNoURLEncoding: StatusSkip, CheckQueryAsGiven: StatusSkip,
		CheckTrailingSlash: StatusSkip, CheckURLAsGiven: StatusSkip, CheckTicketKind: StatusSkip, CheckTicketKnown: StatusSkip})
	c := checkOf(r, CheckTicketKnown)
	if !strings.Contains(c.Evidence, "UNKNOWN_TICKET") || !strings.Contains(c.Evidence, "fetches and caches a ticket of its own") || c.Fix != unknownFix {
		t.Errorf("TICKET_KNOWN %+v", c)
	}
	if r.Failed != 0 {
		t.Errorf("failed %d", r.Failed)
	}

	r, err := Audit(context.Background(), nil, AuditInput{Endpoint: fakeEndpoint(t, signing(stranger, cut, nil))}, nil, nil)
	if err != nil || !strings.Contains(checkOf(r, CheckTicketKnown).Evidence, "has not seen any ticket") {
		t.Errorf("with no tickets: %v %+v", err, checkOf(r, CheckTicketKnown))
	}
}

func TestOnePageSignedOverAnUnknownURLFailsURLAsGiven(t *testing.T) {
	ep := fakeEndpoint(t, signing(auditCorp.Value, func(page, _ string) string {
		if strings.Contains(page, "from=") {
			return "https://elsewhere.example.net/x"
		}
		return jssdk.CutHash(page)
	}, nil))
	r := runAudit(t, AuditInput{Endpoint: ep})
	expect(t, r, map[string]string{CheckURLAsGiven: StatusFail, CheckNoURLEncoding: StatusSkip, CheckQueryAsGiven: StatusSkip})
	if ev := checkOf(r, CheckURLAsGiven).Evidence; !strings.HasPrefix(ev, "[share] GET ") || !strings.Contains(ev, "some other URL") {
		t.Errorf("evidence %q", ev)
	}
}

func TestNestedFieldsAreReadByTheirDottedPaths(t *testing.T) {
	nested := func(page, raw string) answer {
		a := signing(auditCorp.Value, cut, nil)(page, raw)
		return answer{body: `{"errcode":0,"data":` + a.body + `}`}
	}
	r := runAudit(t, AuditInput{Endpoint: fakeEndpoint(t, nested), TimestampField: "data.timestamp", NonceField: "data.nonceStr", SignatureField: "data.signature"})
	expect(t, r, nil)

	r = runAudit(t, AuditInput{Endpoint: fakeEndpoint(t, nested)})
	all := map[string]string{CheckFieldsPresent: StatusFail}
	for _, c := range AuditCheckCodes()[2:12] {
		all[c] = StatusSkip
	}
	expect(t, r, all)
	if ev := checkOf(r, CheckFieldsPresent).Evidence; !strings.Contains(ev, `there is "data.signature"`) || !strings.Contains(ev, "its fields are data, errcode") {
		t.Errorf("evidence %q", ev)
	}
}

func TestACustomNonceNameIsNotJudgedUnlessItIsAMisspelling(t *testing.T) {
	custom := func(key string) func(page, raw string) answer {
		return func(page, _ string) answer {
			ts, nonce := jssdk.Timestamp(time.Now()), jssdk.NewNonce()
			return answer{body: fmt.Sprintf(`{"timestamp":%q,%q:%q,"signature":%q}`, ts, key, nonce, jssdk.Signature(auditCorp.Value, nonce, ts, jssdk.CutHash(page)))}
		}
	}
	r := runAudit(t, AuditInput{Endpoint: fakeEndpoint(t, custom("rnd")), NonceField: "rnd"})
	expect(t, r, map[string]string{CheckNonceStrSpelling: StatusSkip})
	r = runAudit(t, AuditInput{Endpoint: fakeEndpoint(t, custom("noncestr")), NonceField: "noncestr"})
	expect(t, r, map[string]string{CheckNonceStrSpelling: StatusFail})
}

func TestUnusableInputIsRefusedWithTheFieldAndTheFix(t *testing.T) {
	ok := "https://api.example.com/sign?url={url}"
	tests := []struct {
		in      AuditInput
		field   string
		mention string
	}{
		{AuditInput{}, "endpoint", "empty"},
		{AuditInput{Endpoint: "https://api.example.com/sign"}, "endpoint", "no {url} placeholder"},
		{AuditInput{Endpoint: "https://api.example.com/sign?url=%7Burl%7D"}, "endpoint", "not percent-encoded"},
		{AuditInput{Endpoint: "https://api.example.com/sign?u={url}&v={url}"}, "endpoint", "2 times"},
		{AuditInput{Endpoint: "ftp://api.example.com/{url}"}, "endpoint", "http:// or https://"},
		{AuditInput{Endpoint: "/sign?url={url}"}, "endpoint", "http:// or https://"},
		{AuditInput{Endpoint: "https:///sign?url={url}"}, "endpoint", "no host"},
		{AuditInput{Endpoint: "https://{url}.example.com/"}, "endpoint", "not in the host"},
		{AuditInput{Endpoint: "https://api.example.com/#/sign?url={url}"}, "endpoint", "after a '#'"},
		{AuditInput{Endpoint: "https://api.example.com/sign?url={url} x"}, "endpoint", "space"},
		{AuditInput{Endpoint: ok, Kind: "suite"}, "kind", "corp"},
		{AuditInput{Endpoint: ok, SignatureField: "data..signature"}, "signatureField", "empty part"},
		{AuditInput{Endpoint: ok, NonceField: "nonce Str"}, "nonceField", "space"},
		{AuditInput{Endpoint: ok, TimestampField: "."}, "timestampField", "empty part"},
		{AuditInput{Endpoint: ok, PageBase: "h5.example.com"}, "pageBase", "https://h5.example.com/"},
		{AuditInput{Endpoint: ok, PageBase: "https://u:p@h5.example.com/"}, "pageBase", "user:password@"},
	}
	for _, tt := range tests {
		_, err := Audit(context.Background(), nil, tt.in, auditKnown, nil)
		var ie *AuditInputError
		if !errors.Is(err, ErrAuditInput) || !errors.As(err, &ie) || ie.Field != tt.field || !strings.Contains(err.Error(), tt.mention) {
			t.Errorf("%+v: %v; want %s mentioning %q", tt.in, err, tt.field, tt.mention)
		}
	}
	in, err := ValidateAudit(AuditInput{Endpoint: " " + ok + " "})
	if err != nil || in.Endpoint != ok || in.Kind != jssdk.KindCorp || in.TimestampField != "timestamp" || in.NonceField != "nonceStr" ||
		in.SignatureField != "signature" || in.PageBase != DefaultPageBase {
		t.Errorf("defaults %+v %v", in, err)
	}
}

func TestAnAuditStopsWithItsContext(t *testing.T) {
	ep := fakeEndpoint(t, signing(auditCorp.Value, cut, nil))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Audit(ctx, nil, AuditInput{Endpoint: ep}, auditKnown, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
}

// bodyTransport answers every request with one status and body, without a network.
type bodyTransport struct {
	status int
	body   string
}

func (b bodyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: b.status, Body: io.NopCloser(strings.NewReader(b.body)), Header: http.Header{}, Request: r}, nil
}

// FuzzAuditAnswers: any answer gets a full checklist (every check, evidence for each,
// counts that add up) and no known credential in clear, whatever the endpoint says.
func FuzzAuditAnswers(f *testing.F) {
	ts, nonce := "1740823200", "kU3cPb9ZqW1xYt7R"
	sig := jssdk.Signature(auditCorp.Value, nonce, ts, "https://h5.example.com/audit/")
	for _, s := range []string{
		`{"timestamp":"` + ts + `","nonceStr":"` + nonce + `","signature":"` + sig + `"}`,
		`{"data":{"timestamp":1740823200,"noncestr":"x","signature":"` + strings.ToUpper(sig) + `"}}`,
		`{"ticket":"` + auditCorp.Value + `","access_token":"` + auditToken + `"}`,
		`<!DOCTYPE html>`, `[]`, `null`, `{"timestamp":{}}`, `{"a":1}{"b":2}`, "\xff\xfe",
	} {
		f.Add(200, s, "timestamp", "nonceStr", "signature")
	}
	f.Add(500, `{"errcode":-1}`, "data.timestamp", "nonce", "sig")
	f.Fuzz(func(t *testing.T, status int, body, tsField, nonceField, sigField string) {
		if status < 100 || status > 999 {
			status = 200
		}
		client := &http.Client{Transport: bodyTransport{status, body}}
		in := AuditInput{Endpoint: "https://api.example.com/sign?url={url}", TimestampField: tsField, NonceField: nonceField, SignatureField: sigField}
		r, err := Audit(context.Background(), client, in, auditKnown, auditSensitive)
		if err != nil {
			if !errors.Is(err, ErrAuditInput) {
				t.Fatalf("error %v", err)
			}
			return
		}
		if len(r.Checks) != len(AuditCheckCodes()) || len(r.Calls) != 4 || r.Passed+r.Failed+r.Skipped != len(r.Checks) {
			t.Fatalf("report %+v", r)
		}
		for _, c := range r.Checks {
			if c.Evidence == "" || c.Status == "" {
				t.Fatalf("check %+v", c)
			}
		}
		out, _ := json.Marshal(r)
		for _, v := range auditSensitive {
			if strings.Contains(string(out), v) {
				t.Fatalf("a credential in clear in the report of %q", body)
			}
		}
	})
}

// FuzzValidateAudit: any input is either refused with an AuditInputError or accepted
// with a page folder that makes absolute test URLs.
func FuzzValidateAudit(f *testing.F) {
	f.Add("https://api.example.com/sign?url={url}", "", "https://h5.example.com/shop/index.html?x#y")
	f.Add("http://[::1]:8080/{url}", "agent", "HTTP://H5.example.com:8443")
	f.Add("https://{url}/", "corp", "https://u@h/")
	f.Add("https://a.com/#{url}", "x", "https:/h5.example.com")
	f.Fuzz(func(t *testing.T, endpoint, kind, base string) {
		in, err := ValidateAudit(AuditInput{Endpoint: endpoint, Kind: jssdk.Kind(kind), PageBase: base})
		if err != nil {
			var ie *AuditInputError
			if !errors.As(err, &ie) || !errors.Is(err, ErrAuditInput) || ie.Reason == "" {
				t.Fatalf("error %v", err)
			}
			return
		}
		folder, err := pageFolder(in.PageBase)
		if err != nil || !strings.HasSuffix(folder, "/") || !(strings.HasPrefix(folder, "http://") || strings.HasPrefix(folder, "https://")) {
			t.Fatalf("folder %q %v", folder, err)
		}
		for _, p := range auditPages(folder) {
			if u := ParseURL(p.URL); u.Host == "" || u.Separator != "://" {
				t.Fatalf("page %q", p.URL)
			}
		}
		if strings.Count(in.Endpoint, URLPlaceholder) != 1 {
			t.Fatalf("endpoint %q", in.Endpoint)
		}
	})
}
