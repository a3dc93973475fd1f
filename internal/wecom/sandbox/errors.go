package sandbox

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"strconv"
	"time"
)

// The error codes the sandbox answers with (shared/reference/wecom-api.md §7).
const (
	CodeSystemBusy         = -1
	CodeInvalidCredential  = 40001 // gettoken: wrong corpsecret
	CodeInvalidCorpID      = 40013
	CodeInvalidToken       = 40014
	CodeInvalidGroupID     = 40050
	CodeInvalidAgentID     = 40056
	CodeInvalidParameter   = 40058
	CodeTokenMissing       = 41001
	CodeCorpIDMissing      = 41002
	CodeSecretMissing      = 41004
	CodeInvalidConfigID    = 41044
	CodeTokenExpired       = 42001
	CodeFreqOutOfLimit     = 45009
	CodeConcurrentOutLimit = 45033
	CodeDataFormat         = 47001
	CodeAPIForbidden       = 48002
	CodeIPNotAllowed       = 60020
	CodeUserIDNotFound     = 60111
	CodeNotExternalContact = 84061
	CodeInvalidTicketType  = 91040

	codeNotFound = 404 // [U] sandbox-only: unknown endpoint, see ServeHTTP
)

// errorTexts are the English texts WeCom puts before ", hint: [...]". Observed in real
// responses unless marked [U].
var errorTexts = map[int]string{
	CodeSystemBusy:         "system busy", // [U] never seen in a WeCom response
	CodeInvalidCredential:  "invalid credential",
	CodeInvalidCorpID:      "invalid corpid",
	CodeInvalidToken:       "invalid access_token",
	CodeInvalidGroupID:     "invalid group id",
	CodeInvalidAgentID:     "invalid agentid",
	CodeInvalidParameter:   "invalid Request Parameter", // as in real webhook/API answers: "<detail>. invalid Request Parameter"
	CodeTokenMissing:       "access_token missing",
	CodeCorpIDMissing:      "corpid missing", // [U] by analogy with "corpsecret missing"
	CodeSecretMissing:      "corpsecret missing",
	CodeInvalidConfigID:    "invalid config_id", // [U]
	CodeTokenExpired:       "access_token expired",
	CodeFreqOutOfLimit:     "api freq out of limit",
	CodeConcurrentOutLimit: "api concurrent out of limit",
	CodeDataFormat:         "Warning: wrong json format. data format error", // [U] only for an over-long body; WeCom reads unparsable JSON as {} (decodeBody)
	CodeAPIForbidden:       "api forbidden",
	CodeIPNotAllowed:       "not allow to access from your ip",
	CodeUserIDNotFound:     "userid not found", // real form: "invalid string value `X`. userid not found"
	CodeNotExternalContact: "not external contact",
	CodeInvalidTicketType:  "invalid ticket type",             // [U] meaning 获取ticket的类型无效 is [V], the text is not
	40096:                  "invalid external userid",         // [U]
	41045:                  "api add contact way reach limit", // [U]
	codeNotFound:           "api not found",
}

// APIError is an answer with a non-zero errcode. Text is what goes before the hint.
type APIError struct {
	Code int
	Text string
}

func (e *APIError) Error() string { return fmt.Sprintf("errcode %d: %s", e.Code, e.Text) }

func apiErr(code int) error { return &APIError{Code: code, Text: errorText(code)} }

// apiErrf prefixes the code's text with a detail, the way WeCom does:
// "state exceed max length 30. invalid Request Parameter".
func apiErrf(code int, format string, args ...any) error {
	return &APIError{Code: code, Text: fmt.Sprintf(format, args...) + ". " + errorText(code)}
}

func errorText(code int) string {
	if t, ok := errorTexts[code]; ok {
		return t
	}
	return "system error" // [U] for codes injected with FailNext that the table lacks
}

// ErrMsg renders the modern WeCom errmsg:
// "<text>, hint: [<25 digits>], from ip: <ip>, more info at https://open.work.weixin.qq.com/devtool/query?e=<code>".
func ErrMsg(code int, text, ip string, now time.Time) string {
	return fmt.Sprintf("%s, hint: [%s], from ip: %s, more info at https://open.work.weixin.qq.com/devtool/query?e=%d",
		text, hint(now), ip, code)
}

// hint looks like the newer real ones: 10 digits of unix time, then 15 random digits.
func hint(now time.Time) string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000_000_000_000))
	if err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	ts := now.Unix() % 10_000_000_000
	if ts < 0 {
		ts = -ts
	}
	return fmt.Sprintf("%010d%015d", ts, n.Int64())
}

type envelope struct {
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

// wrongJSONWarning is what WeCom adds to the errmsg of a call whose body it could not
// read in full (decodeBody), trailing space included: "ok. Warning: wrong json format. ".
const wrongJSONWarning = "Warning: wrong json format. "

// writeResponse writes errcode/errmsg (okMsg on success) first and then the payload's fields (on an error:
// the fields an error body keeps, route.emptyOnError), mirrors them in the error-code /
// error-msg headers ([U] also on success) and sets WeCom's content type.
func writeResponse(w http.ResponseWriter, status int, payload any, okMsg string, err error, ip string, now time.Time) {
	env := envelope{ErrCode: 0, ErrMsg: okMsg}
	if err != nil {
		var ae *APIError
		if !errors.As(err, &ae) {
			ae = &APIError{Code: CodeSystemBusy, Text: errorText(CodeSystemBusy)}
		}
		env = envelope{ErrCode: ae.Code, ErrMsg: ErrMsg(ae.Code, ae.Text, ip, now)}
	}
	out, _ := marshal(env)
	if payload != nil {
		p, merr := marshal(payload)
		if merr != nil {
			env = envelope{ErrCode: CodeSystemBusy, ErrMsg: ErrMsg(CodeSystemBusy, errorText(CodeSystemBusy), ip, now)}
			out, _ = marshal(env)
		} else if len(p) > 2 && p[0] == '{' {
			out = append(out[:len(out)-1], ',')
			out = append(out, p[1:]...)
		}
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=UTF-8")
	h.Set("Error-Code", strconv.Itoa(env.ErrCode))
	h.Set("Error-Msg", headerSafe(env.ErrMsg))
	w.WriteHeader(status)
	_, _ = w.Write(out)
}

// marshal is json.Marshal without HTML escaping: WeCom writes "&" and "<" as they are.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// headerSafe keeps a header value to printable ASCII (details may quote user input).
func headerSafe(s string) string {
	b := []byte(s)
	if bytes.IndexFunc(b, func(r rune) bool { return r < 0x20 || r > 0x7e }) < 0 {
		return s
	}
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r < 0x20 || r > 0x7e {
			r = '?'
		}
		out = append(out, r)
	}
	return string(out)
}
