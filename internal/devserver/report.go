package devserver

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"wecomdev/internal/jssdk"
	"wecomdev/internal/redact"
	"wecomdev/internal/wecom"
)

// Report types: what a page reported (reporter.js, the test page), and what the
// emulator did.
const (
	ReportRegister    = "register"           // ww.register was called (its options, without the callbacks)
	ReportSignature   = "signature"          // a signature callback answered (getConfigSignature, wx.config's params)
	ReportConfig      = "config"             // wx.config / the corp half of ww.register answered
	ReportAgentConfig = "agentConfig"        // wx.agentConfig / the app half of ww.register answered
	ReportWxError     = "wx.error"           // wx.error's callback ran
	ReportError       = "error"              // window.onerror
	ReportRejection   = "unhandledrejection" // a promise rejected with no handler
	ReportConsole     = "console"            // console.log / info / warn / error / debug
	ReportInvoke      = "invoke"             // a client API answered
	ReportStep        = "step"               // a step of the test page's flows
	ReportVerify      = "verify"             // the emulator verified config / agentConfig (endpoint emulator)
	ReportChat        = "chat"               // a chatId ↔ label was stored (endpoint chat)
)

// reportTypes are the types a page may send.
var reportTypes = map[string]bool{
	ReportRegister: true, ReportSignature: true, ReportConfig: true, ReportAgentConfig: true,
	ReportWxError: true, ReportError: true, ReportRejection: true, ReportConsole: true,
	ReportInvoke: true, ReportStep: true,
}

var reportLevels = map[string]bool{"": true, "log": true, "info": true, "warn": true, "error": true, "debug": true}

// Report is one event of a phone page, or one emulator verification or client API call,
// as the request log keeps it (Entry.Report). It never holds a credential: keys named
// like one are dropped from params, and the profile's known credentials are masked.
type Report struct {
	Type  string `json:"type"` // one of the Report… constants
	Level string `json:"level,omitempty"`
	API   string `json:"api,omitempty"` // config, agentConfig, or a client API
	// OK: the call succeeded (errMsg ends in ":ok"); false for errors and for events
	// that are not calls.
	OK         bool            `json:"ok"`
	ErrMsg     string          `json:"errMsg,omitempty"`
	Message    string          `json:"message,omitempty"`
	Stack      string          `json:"stack,omitempty"`
	Params     json.RawMessage `json:"params,omitempty"` // the call's parameters, credentials removed
	Result     json.RawMessage `json:"result,omitempty"` // what the call answered (emulator), bounded
	PageURL    string          `json:"pageUrl,omitempty"`
	LandingURL string          `json:"landingUrl,omitempty"` // the first URL of the page's session
	UserAgent  string          `json:"userAgent,omitempty"`  // as the page sees it (the emulator changes it)
	ClientTime int64           `json:"clientTime,omitempty"` // unix ms on the page's clock
	Seq        int64           `json:"seq,omitempty"`
	Dropped    int64           `json:"dropped,omitempty"` // events the page dropped so far (its queue was full)
	ChatID     string          `json:"chatId,omitempty"`

	// A signature check (emulator verify; a failed config / agentConfig report with its
	// signature): what the page was given, what the console's ticket gives, and what the
	// page's signature really signed.
	Signature   string      `json:"signature,omitempty"`
	Expected    string      `json:"expectedSignature,omitempty"`
	Verdict     string      `json:"verdict,omitempty"` // OK, WRONG_TICKET_KIND, STALE_TICKET, URL_VARIANT, UNKNOWN_TICKET
	SignedURL   string      `json:"signedUrl,omitempty"`
	Findings    []Finding   `json:"findings,omitempty"`
	Warnings    []Warning   `json:"warnings,omitempty"`
	Explanation *wecom.Text `json:"explanation,omitempty"`
	Note        string      `json:"note,omitempty"`
}

// Finding is one explained difference between the URL a page signed and its own URL, as
// diagnose.Diagnose reports it (same JSON).
type Finding struct {
	Code    string     `json:"code"`
	Message wecom.Text `json:"message"`
	Fix     wecom.Text `json:"fix"`
	Signed  string     `json:"signed"`
	Page    string     `json:"page"`
}

// Warning is something the emulator wants the developer to know about a verification
// that a phone would answer differently, or about its inputs.
type Warning struct {
	Code    string     `json:"code"`
	Message wecom.Text `json:"message"`
}

// reportEvent is one event as a page sends it.
type reportEvent struct {
	Type       string          `json:"type"`
	Level      string          `json:"level"`
	API        string          `json:"api"`
	OK         bool            `json:"ok"`
	ErrMsg     string          `json:"errMsg"`
	Message    string          `json:"message"`
	Stack      string          `json:"stack"`
	Params     json.RawMessage `json:"params"`
	PageURL    string          `json:"pageUrl"`
	LandingURL string          `json:"landingUrl"`
	UserAgent  string          `json:"userAgent"`
	Time       int64           `json:"time"`
	Seq        int64           `json:"seq"`
	Dropped    int64           `json:"dropped"`
}

// Limits of one report batch and event.
const (
	maxReportEvents  = 100
	maxReportMessage = 2000 // runes
	maxReportStack   = 4000
	maxReportURL     = 2048
	maxReportErrMsg  = 500
	maxReportParams  = 4 << 10 // bytes of params kept
	maxForensics     = 4       // failed config reports checked per batch
)

var apiNamePattern = regexp.MustCompile(`^[A-Za-z0-9_.:-]{0,64}$`)

// report is POST /__wecomdev/report: a JSON array of events, each logged as an entry of
// endpoint report. The request's own entry carries the last event.
func (s *Server) report(w http.ResponseWriter, r *http.Request, e *Entry, body []byte) {
	var raw []json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		s.failText(w, e, http.StatusBadRequest, CodeInvalidInput, wecom.Text{ZhCN: `请求体不是事件的 JSON 数组（[{"type": "console", …}, …]）`, EnUS: `the body is not a JSON array of events ([{"type": "console", …}, …])`})
		return
	}
	if len(raw) == 0 || len(raw) > maxReportEvents {
		s.failText(w, e, http.StatusBadRequest, CodeInvalidInput, wecom.Text{ZhCN: fmt.Sprintf("每批发 1 到 %d 个事件，而不是 %d 个", maxReportEvents, len(raw)), EnUS: fmt.Sprintf("send 1 to %d events per batch, not %d", maxReportEvents, len(raw))})
		return
	}
	reps := make([]*Report, 0, len(raw))
	for i, m := range raw {
		rep, err := parseReportEvent(m)
		if err != nil {
			s.failText(w, e, http.StatusBadRequest, CodeInvalidInput, wecom.Text{ZhCN: fmt.Sprintf("第 %d 个事件：%v", i, err), EnUS: fmt.Sprintf("event %d: %v", i, err)})
			return
		}
		reps = append(reps, rep)
	}
	creds := s.sensitive(r.Context())
	checked := 0
	for _, rep := range reps {
		if checked < maxForensics && s.inspectReport(r.Context(), rep) {
			checked++
		}
		scrubReport(rep, creds)
	}
	e.Status = http.StatusAccepted
	received, latest := e.Time, latestClientTime(reps)
	for i, rep := range reps {
		ev := *e
		ev.Time = eventTime(received, latest, rep.ClientTime)
		ev.Report = rep
		ev.URL = rep.PageURL
		ev.Host, _ = urlHost(rep.PageURL)
		ev.Message = reportSummary(rep)
		if i == len(reps)-1 {
			*e = ev // serveHTTP logs the request's own entry
			break
		}
		scrubEntry(&ev, creds)
		s.log.Add(ev)
	}
	s.writeJSON(w, r.Context(), e, http.StatusAccepted, struct {
		Accepted int `json:"accepted"`
	}{len(reps)})
}

// maxBatchSpan is how far before its batch arrived an event may be placed by its
// clientTime; an older (or clock-jumped) event keeps the batch's arrival time.
const maxBatchSpan = 10 * time.Minute

// latestClientTime is the newest page clock (unix ms) in a batch, 0 without any.
func latestClientTime(reps []*Report) int64 {
	var latest int64
	for _, r := range reps {
		latest = max(latest, r.ClientTime)
	}
	return latest
}

// eventTime is when one event of a batch happened, on the console's clock: the reporter
// batches events (reporter.ts flushes a second after the first event), so the batch's arrival time
// alone gives every event the same millisecond. The page's clock may be off from the
// console's, so only the gaps between its clientTimes count: the newest event of the batch
// is placed at the arrival, each other one that much earlier. Without a clientTime, or
// with a gap beyond maxBatchSpan, the event keeps the arrival time (its order in the
// batch stays in the entry IDs).
func eventTime(received time.Time, latest, client int64) time.Time {
	if client <= 0 || latest <= 0 {
		return received
	}
	gap := time.Duration(latest-client) * time.Millisecond
	if gap < 0 || gap > maxBatchSpan {
		return received
	}
	return received.Add(-gap)
}

// parseReportEvent validates one event: known type and level, strings cut to their
// limits, params an object (credentials removed; dropped past 4 kB).
func parseReportEvent(m json.RawMessage) (*Report, error) {
	var ev reportEvent
	if err := json.Unmarshal(m, &ev); err != nil {
		return nil, fmt.Errorf("not an event object with the documented fields (%v)", shortJSONError(err))
	}
	if !reportTypes[ev.Type] {
		return nil, fmt.Errorf("type %s is none of register, signature, config, agentConfig, wx.error, error, unhandledrejection, console, invoke, step", quoteShort(ev.Type))
	}
	if !reportLevels[ev.Level] {
		return nil, fmt.Errorf("level %s is none of log, info, warn, error, debug", quoteShort(ev.Level))
	}
	if !apiNamePattern.MatchString(ev.API) {
		return nil, fmt.Errorf("api %s is not an API name", quoteShort(ev.API))
	}
	rep := &Report{
		Type: ev.Type, Level: ev.Level, API: ev.API, OK: ev.OK,
		ErrMsg:     clip(ev.ErrMsg, maxReportErrMsg),
		Message:    clip(ev.Message, maxReportMessage),
		Stack:      clip(ev.Stack, maxReportStack),
		PageURL:    clip(ev.PageURL, maxReportURL),
		LandingURL: clip(ev.LandingURL, maxReportURL),
		UserAgent:  clip(ev.UserAgent, maxUserAgent),
		ClientTime: ev.Time, Seq: ev.Seq, Dropped: ev.Dropped,
	}
	if p := bytes.TrimSpace(ev.Params); len(p) > 0 && !bytes.Equal(p, []byte("null")) {
		params, note, err := cleanParams(p)
		if err != nil {
			return nil, err
		}
		rep.Params, rep.Note = params, note
	}
	return rep, nil
}

// clip makes s valid UTF-8 without NULs and at most n runes.
func clip(s string, n int) string {
	s = strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), "\uFFFD")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

func shortJSONError(err error) string {
	return truncateUTF8(err.Error(), 120)
}

// credentialKey names a parameter that holds a credential: it is never kept.
var credentialKey = regexp.MustCompile(`(?i)^(jsapi_?ticket|ticket|access_?token|corp_?secret|secret|suite_?ticket|suite_?access_?token|provider_?access_?token|password)$`)

// cleanParams checks params is a JSON object, removes credential keys (at any depth)
// and drops it past maxReportParams.
func cleanParams(p []byte) (json.RawMessage, string, error) {
	var v any
	d := json.NewDecoder(bytes.NewReader(p))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return nil, "", fmt.Errorf("params is not JSON (%v)", shortJSONError(err))
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, "", fmt.Errorf("params must be a JSON object")
	}
	dropCredentials(obj, 0)
	out, err := json.Marshal(obj)
	if err != nil {
		return nil, "", fmt.Errorf("params cannot be encoded again (%v)", err)
	}
	if len(out) > maxReportParams {
		return nil, fmt.Sprintf("params (%d bytes) dropped: over %d kB", len(out), maxReportParams>>10), nil
	}
	return out, "", nil
}

func dropCredentials(v any, depth int) {
	if depth > 8 {
		return
	}
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if credentialKey.MatchString(k) {
				x[k] = "(removed)"
				continue
			}
			dropCredentials(val, depth+1)
		}
	case []any:
		for _, val := range x {
			dropCredentials(val, depth+1)
		}
	}
}

// scrubReport masks every known credential in the report's text fields.
func scrubReport(rep *Report, creds []string) {
	for _, f := range []*string{&rep.ErrMsg, &rep.Message, &rep.Stack, &rep.PageURL, &rep.LandingURL, &rep.UserAgent, &rep.SignedURL, &rep.Note} {
		*f = redact.OAuthCode(scrub(*f, creds))
	}
	for _, raw := range []*json.RawMessage{&rep.Params, &rep.Result} {
		if len(*raw) > 0 {
			if s := scrub(string(*raw), creds); s != string(*raw) {
				*raw = json.RawMessage(s)
			}
		}
	}
	for i := range rep.Findings {
		f := &rep.Findings[i]
		for _, t := range []*string{&f.Signed, &f.Page, &f.Message.ZhCN, &f.Message.EnUS, &f.Fix.ZhCN, &f.Fix.EnUS} {
			*t = redact.OAuthCode(scrub(*t, creds))
		}
	}
	if rep.Explanation != nil {
		rep.Explanation.ZhCN = scrub(rep.Explanation.ZhCN, creds)
		rep.Explanation.EnUS = scrub(rep.Explanation.EnUS, creds)
	}
}

// reportSummary is the one line the request log shows for an event.
func reportSummary(rep *Report) string {
	var s string
	switch {
	case rep.ErrMsg != "":
		s = rep.ErrMsg
	case rep.Message != "":
		s = rep.Message
	case rep.API != "":
		s = rep.API
	default:
		s = rep.Type
	}
	s = strings.Join(strings.Fields(s), " ") // one line in the log's list
	if rep.Verdict != "" && rep.Verdict != "OK" {
		s += " [" + rep.Verdict
		for _, f := range rep.Findings {
			s += " " + f.Code
		}
		s += "]"
	}
	return clip(s, 200)
}

// configParams are the signature inputs of a config / agentConfig report or verification.
type configParams struct {
	AppID     string    `json:"appId"`
	CorpID    string    `json:"corpId"` // also matches corpid
	AgentID   flexValue `json:"agentId"`
	Timestamp flexValue `json:"timestamp"`
	NonceStr  string    `json:"nonceStr"`
	Signature string    `json:"signature"`
	JsAPIList []string  `json:"jsApiList"`
}

// corp is the corp ID the page passed (appId for config, corpid for agentConfig).
func (p configParams) corp() string {
	if p.CorpID != "" {
		return p.CorpID
	}
	return p.AppID
}

// flexValue reads a JSON string or number as its text (pages pass timestamp and agentid
// either way).
type flexValue string

func (f *flexValue) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*f = ""
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexValue(strings.TrimSpace(s))
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("want a string or a number")
	}
	*f = flexValue(n.String())
	return nil
}

// inspectReport runs the signature check on a failed config / agentConfig report that
// carries its signature, and says whether it did.
func (s *Server) inspectReport(ctx context.Context, rep *Report) bool {
	if rep.OK || (rep.Type != ReportConfig && rep.Type != ReportAgentConfig) || len(rep.Params) == 0 || rep.PageURL == "" {
		return false
	}
	var p configParams
	if json.Unmarshal(rep.Params, &p) != nil || p.Signature == "" || p.Timestamp == "" || p.NonceStr == "" {
		return false
	}
	kind := jssdk.KindCorp
	if rep.Type == ReportAgentConfig {
		kind = jssdk.KindAgent
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	check := s.checkSignature(ctx, kind, rep.PageURL, string(p.Timestamp), p.NonceStr, p.Signature)
	if check.err != nil {
		rep.Note = "the signature was not checked: " + check.err.Error()
		return true
	}
	rep.Signature, rep.Expected = strings.ToLower(strings.TrimSpace(p.Signature)), check.expected
	rep.Verdict, rep.SignedURL, rep.Findings, rep.Explanation = check.answer.Verdict, check.answer.URL, check.answer.Findings, check.answer.explanation()
	return true
}
