package wecom

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"wecomdev/internal/redact"
)

// Error codes the client and its callers act on. The full list with causes and fixes is
// in explain.go.
const (
	CodeBusy              = -1
	CodeInvalidCredential = 40001
	CodeInvalidCorpID     = 40013
	CodeInvalidToken      = 40014
	CodeInvalidAgentID    = 40056
	CodeTokenMissing      = 41001
	CodeTokenExpired      = 42001
	CodeFreqLimit         = 45009
	CodeConcurrencyLimit  = 45033
	CodeAPIForbidden      = 48002
	CodeIPNotAllowed      = 60020

	CodeNotExternalContact = 84061 // externalcontact/list: the member has no customers
)

// APIError is a non-zero errcode from WeCom.
type APIError struct {
	Code   int
	Msg    string // WeCom's errmsg, credential-free
	Path   string // the endpoint, e.g. "gettoken"
	FromIP string // the caller IP WeCom saw ("from ip: …"), when it said
	Hint   string // WeCom's request hint, for their support
}

var (
	fromIPRe = regexp.MustCompile(`from ip:\s*([0-9A-Fa-f.:]+)`)
	hintRe   = regexp.MustCompile(`hint:\s*\[([^\]]*)\]`)
)

// newAPIError builds the error of a non-zero errcode. sent are the credentials the
// request carried (the corp secret, the access_token): an errmsg may echo them as bare
// values, not only as name=value, so each is masked wherever it appears before anything
// (Msg, FromIP, Hint) is taken from the text.
func newAPIError(path string, code int, msg string, sent ...string) *APIError {
	msg = redact.Text(msg, sent...)
	e := &APIError{Code: code, Msg: msg, Path: path}
	if m := fromIPRe.FindStringSubmatch(msg); m != nil {
		e.FromIP = m[1]
	}
	if m := hintRe.FindStringSubmatch(msg); m != nil {
		e.Hint = m[1]
	}
	return e
}

func (e *APIError) Error() string {
	return fmt.Sprintf("wecom %s: errcode %d: %s", e.Path, e.Code, e.Msg)
}

// Summary is the errmsg's own text, without WeCom's hint / from ip / more info tail.
func (e *APIError) Summary() string {
	s := e.Msg
	if i := strings.Index(s, ", hint:"); i >= 0 {
		s = s[:i]
	}
	if i := strings.Index(s, " more info at"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), ","))
}

// IsTokenInvalid reports an access_token WeCom no longer accepts (42001 expired, or 40014,
// which WeCom also answers for expired tokens): drop it, fetch a new one, retry once.
func IsTokenInvalid(err error) bool {
	var e *APIError
	return errors.As(err, &e) && (e.Code == CodeTokenExpired || e.Code == CodeInvalidToken)
}

// IsRateLimited reports 45009 / 45033: do not retry now.
func IsRateLimited(err error) bool {
	var e *APIError
	return errors.As(err, &e) && (e.Code == CodeFreqLimit || e.Code == CodeConcurrencyLimit)
}

// RetryAfter says how long to wait before trying again after a rate-limit error: WeCom
// blocks for 60 s after a per-minute breach and for an hour after a per-hour one, and
// does not say which; 45033 (too many concurrent calls) clears in seconds. Zero for
// other errors.
func RetryAfter(err error) time.Duration {
	var e *APIError
	if !errors.As(err, &e) {
		return 0
	}
	switch e.Code {
	case CodeFreqLimit:
		return time.Minute
	case CodeConcurrencyLimit:
		return 5 * time.Second
	}
	return 0
}
