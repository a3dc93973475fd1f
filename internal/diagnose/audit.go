package diagnose

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"wecomdev/internal/jssdk"
)

// AuditInput is the developer's own signing endpoint, as the audit calls it.
type AuditInput struct {
	// Endpoint is a URL template with a {url} placeholder, replaced by the encoded page URL:
	// "https://api.example.com/wecom/signature?url={url}".
	Endpoint string `json:"endpoint"`
	// Kind is the ticket the endpoint should sign with: corp (wx.config /
	// getConfigSignature) or agent (wx.agentConfig / getAgentConfigSignature). "" is corp.
	Kind jssdk.Kind `json:"kind"`
	// The response's field names; "" means the usual timestamp / nonceStr / signature.
	// A dotted path reaches into nested JSON ("data.signature").
	TimestampField string `json:"timestampField"`
	NonceField     string `json:"nonceField"`
	SignatureField string `json:"signatureField"`
	// PageBase is the page URL the test URLs are built from ("" → https://<first trusted
	// domain>/, or https://h5.example.com/): the test pages are <its folder>audit/….
	PageBase string `json:"pageBase"`
}

// Audit check statuses (AuditCheck.Status).
const (
	StatusPass = "pass"
	StatusFail = "fail"
	// StatusWarn: it works, with a caveat worth fixing (a numeric timestamp, an earlier
	// ticket still valid). Pass is true; it counts in Passed and in Warnings.
	StatusWarn = "warn"
	// StatusSkip: it could not be judged (Evidence says why). Skipped is true.
	StatusSkip = "skip"
)

// AuditCheck is one line of the checklist.
type AuditCheck struct {
	Code     string `json:"code"`
	Title    Text   `json:"title"`
	Pass     bool   `json:"pass"`     // true for pass and warn
	Skipped  bool   `json:"skipped"`  // could not be judged (say why in Evidence)
	Status   string `json:"status"`   // pass, fail, warn or skip
	Evidence string `json:"evidence"` // English
	// EvidenceZh is the same evidence in zh-CN (quoted values, codes and URLs as they are).
	EvidenceZh string `json:"evidenceZh"`
	Fix        Text   `json:"fix"`
}

// AuditCall is one call the audit made, with what came back (credentials masked).
type AuditCall struct {
	// Case names the test page: slash, no-slash, hash or share (AuditCase…).
	Case       string `json:"case"`
	PageURL    string `json:"pageUrl"`
	RequestURL string `json:"requestUrl"`
	Status     int    `json:"status"`
	Body       string `json:"body"` // first 2 kB, credentials masked
	// Timestamp, NonceStr and Signature are what was read from the answer ("" when absent).
	Timestamp string  `json:"timestamp"`
	NonceStr  string  `json:"nonceStr"`
	Signature string  `json:"signature"`
	Verdict   Verdict `json:"verdict"` // Code "" when there was no signature to examine
	Error     string  `json:"error,omitempty"`
}

// AuditReport is the checklist and its evidence.
type AuditReport struct {
	Endpoint string       `json:"endpoint"`
	Kind     jssdk.Kind   `json:"kind"`
	PageBase string       `json:"pageBase"`
	Checks   []AuditCheck `json:"checks"`
	Calls    []AuditCall  `json:"calls"`
	Passed   int          `json:"passed"` // pass and warn
	Failed   int          `json:"failed"`
	Warnings int          `json:"warnings"`
	Skipped  int          `json:"skipped"`
}

// ErrAuditInput: the endpoint template or the field names cannot be used.
var ErrAuditInput = errors.New("invalid audit input")

// AuditInputError says which input is unusable and how to fix it (lower-case, English;
// the UI translates by Field). errors.Is(err, ErrAuditInput) holds.
type AuditInputError struct {
	Field  string // endpoint, kind, timestampField, nonceField, signatureField, pageBase
	Reason string
}

func (e *AuditInputError) Error() string { return "audit: " + e.Field + ": " + e.Reason }

// Is makes errors.Is(err, ErrAuditInput) true.
func (e *AuditInputError) Is(target error) bool { return target == ErrAuditInput }

// Audit check codes. They are a contract like the finding codes: the UI and the CLI's
// JSON use them; texts may change, codes do not.
const (
	CheckEndpointReachable = "ENDPOINT_REACHABLE"
	CheckFieldsPresent     = "FIELDS_PRESENT"
	CheckNonceStrSpelling  = "NONCESTR_SPELLING"
	CheckTimestampSeconds  = "TIMESTAMP_SECONDS"
	CheckSignatureFormat   = "SIGNATURE_FORMAT"
	CheckHashCut           = "HASH_CUT"
	CheckNoURLEncoding     = "NO_URL_ENCODING"
	CheckQueryAsGiven      = "QUERY_AS_GIVEN"
	CheckTrailingSlash     = "TRAILING_SLASH"
	// CheckURLAsGiven: scheme, host, port and path signed as received; also where an
	// answer that matches no URL variant lands when the endpoint's ticket is known.
	CheckURLAsGiven       = "URL_AS_GIVEN"
	CheckTicketKind       = "TICKET_KIND"
	CheckTicketKnown      = "TICKET_KNOWN"
	CheckNoCredentialLeak = "NO_CREDENTIAL_LEAK"
)

// AuditCheckCodes lists the checks in the order a report has them.
func AuditCheckCodes() []string {
	return []string{
		CheckEndpointReachable, CheckFieldsPresent, CheckNonceStrSpelling, CheckTimestampSeconds,
		CheckSignatureFormat, CheckHashCut, CheckNoURLEncoding, CheckQueryAsGiven, CheckTrailingSlash,
		CheckURLAsGiven, CheckTicketKind, CheckTicketKnown, CheckNoCredentialLeak,
	}
}

// The test pages (AuditCall.Case).
const (
	AuditCaseSlash   = "slash"    // <folder>audit/
	AuditCaseNoSlash = "no-slash" // <folder>audit
	AuditCaseHash    = "hash"     // <folder>audit/?a=1&b=%E4%B8%AD#/route
	AuditCaseShare   = "share"    // <folder>audit/?id=42&from=singlemessage&isappinstalled=0
)

// Defaults and limits of the audit.
const (
	DefaultTimestampField = "timestamp"
	DefaultNonceField     = "nonceStr"
	DefaultSignatureField = "signature"
	DefaultPageBase       = "https://h5.example.com/"
	// URLPlaceholder is where the endpoint template takes the page URL.
	URLPlaceholder = "{url}"
	// MaxAuditBody is how much of an answer the audit reads (a signature answer is ~120 bytes).
	MaxAuditBody = 2 << 10
	// AuditCallTimeout bounds each call, whatever the client's own timeout.
	AuditCallTimeout = 10 * time.Second

	maxEndpoint    = 2048
	maxFieldPath   = 100
	auditUserAgent = "wecomdev-audit/1 (JS-SDK signing endpoint audit)"
)

// ValidateAudit checks the input and returns it with the defaults filled in (kind corp,
// the usual field names, DefaultPageBase). Errors are *AuditInputError.
func ValidateAudit(in AuditInput) (AuditInput, error) {
	in.Endpoint = strings.TrimSpace(in.Endpoint)
	if err := checkEndpoint(in.Endpoint); err != nil {
		return in, err
	}
	switch in.Kind {
	case "":
		in.Kind = jssdk.KindCorp
	case jssdk.KindCorp, jssdk.KindAgent:
	default:
		return in, &AuditInputError{"kind", "want corp (wx.config) or agent (wx.agentConfig), got " + strconv.Quote(truncate(string(in.Kind), 30))}
	}
	for _, f := range []struct {
		name string
		p    *string
		def  string
	}{
		{"timestampField", &in.TimestampField, DefaultTimestampField},
		{"nonceField", &in.NonceField, DefaultNonceField},
		{"signatureField", &in.SignatureField, DefaultSignatureField},
	} {
		*f.p = strings.TrimSpace(*f.p)
		if *f.p == "" {
			*f.p = f.def
		}
		if reason := checkFieldPath(*f.p); reason != "" {
			return in, &AuditInputError{f.name, reason}
		}
	}
	in.PageBase = strings.TrimSpace(in.PageBase)
	if in.PageBase == "" {
		in.PageBase = DefaultPageBase
	}
	if _, err := pageFolder(in.PageBase); err != nil {
		return in, err
	}
	return in, nil
}

const endpointExample = " (like https://api.example.com/wecom/signature?url={url})"

func checkEndpoint(s string) error {
	bad := func(reason string) error { return &AuditInputError{"endpoint", reason} }
	switch {
	case s == "":
		return bad("the template is empty; give your signing endpoint's URL with {url} where the page URL goes" + endpointExample)
	case len(s) > maxEndpoint:
		return bad(fmt.Sprintf("the template is %d bytes, longer than the %d a signing URL needs", len(s), maxEndpoint))
	case !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }):
		return bad("the template contains a space, a line break or a control character; give the URL alone" + endpointExample)
	}
	switch n := strings.Count(s, URLPlaceholder); {
	case n == 0 && strings.Contains(strings.ToLower(s), "%7burl%7d"):
		return bad("write the placeholder as {url}, not percent-encoded (%7Burl%7D)")
	case n == 0:
		return bad("the template has no {url} placeholder; put {url} where the page URL goes" + endpointExample)
	case n > 1:
		return bad(fmt.Sprintf("the template has {url} %d times; keep exactly one", n))
	}
	if h := strings.IndexByte(s, '#'); h >= 0 && h < strings.Index(s, URLPlaceholder) {
		return bad("{url} comes after a '#', which is never sent to the server; put it in the query" + endpointExample)
	}
	a, errA := url.Parse(strings.Replace(s, URLPlaceholder, "x", 1))
	b, errB := url.Parse(strings.Replace(s, URLPlaceholder, "y", 1))
	switch {
	case errA != nil || errB != nil:
		return bad("the template is not a valid URL" + endpointExample)
	case !strings.EqualFold(a.Scheme, "http") && !strings.EqualFold(a.Scheme, "https"):
		return bad("the template must be an absolute http:// or https:// URL" + endpointExample)
	case a.Hostname() == "":
		return bad("the template has no host" + endpointExample)
	case a.Host != b.Host:
		return bad("{url} must be in the path or the query, not in the host" + endpointExample)
	}
	return nil
}

// checkFieldPath returns why a field path cannot be used, "" when it can.
func checkFieldPath(p string) string {
	switch {
	case len(p) > maxFieldPath:
		return fmt.Sprintf("the field name is %d bytes; give a JSON field name or a dotted path such as data.signature", len(p))
	case strings.ContainsFunc(p, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }):
		return "the field name " + strconv.Quote(truncate(p, 40)) + " contains a space or a control character; give a JSON field name or a dotted path such as data.signature"
	case slices.Contains(strings.Split(p, "."), ""):
		return "the field path " + strconv.Quote(truncate(p, 40)) + " has an empty part; write it as data.signature (no leading, trailing or doubled dots)"
	}
	return ""
}

// pageFolder returns the folder the test pages are made in: scheme://host[:port]/dir/
// of the page base (its query and hash dropped, the host lower-cased as a browser does).
func pageFolder(base string) (string, error) {
	bad := func(reason string) error { return &AuditInputError{"pageBase", reason} }
	u := ParseURL(base)
	scheme := strings.ToLower(u.Scheme)
	switch {
	case strings.ContainsFunc(base, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) || !utf8.ValidString(base):
		return "", bad("the page base contains a space or a control character; give a URL such as https://h5.example.com/")
	case scheme != "http" && scheme != "https" || u.Separator != "://" || u.Host == "":
		return "", bad("want an absolute http(s) URL of your pages' site, like https://h5.example.com/ (a trusted domain of the app), got " + strconv.Quote(truncate(base, 60)))
	case u.UserInfo != "":
		return "", bad("a page URL has no user:password@; give the site as the browser shows it, like https://h5.example.com/")
	}
	dir := u.Path[:strings.LastIndexByte(u.Path, '/')+1]
	if dir == "" {
		dir = "/"
	}
	return scheme + "://" + lowerASCII(u.Host) + u.Port + dir, nil
}

// auditPage is one test page URL.
type auditPage struct{ Case, URL string }

func auditPages(folder string) []auditPage {
	p := folder + "audit"
	return []auditPage{
		{AuditCaseSlash, p + "/"},
		{AuditCaseNoSlash, p},
		{AuditCaseHash, p + "/?a=1&b=%E4%B8%AD#/route"},
		{AuditCaseShare, p + "/?id=42&from=singlemessage&isappinstalled=0"},
	}
}

// Audit calls the developer's endpoint with test page URLs and checks each answer against
// the console's own tickets (known). sensitive are credentials that must not appear in
// an answer (the token, the secret), besides the tickets. A nil client gets a default
// one; each call is bounded by AuditCallTimeout. The error is an *AuditInputError for
// unusable input, or ctx's error when ctx ended before the audit did; what the endpoint
// does wrong (down, 500, HTML) is in the report, not an error.
func Audit(ctx context.Context, client *http.Client, in AuditInput, known []Ticket, sensitive []string) (AuditReport, error) {
	in, err := ValidateAudit(in)
	if err != nil {
		return AuditReport{}, err
	}
	if client == nil {
		client = &http.Client{Timeout: AuditCallTimeout}
	}
	folder, _ := pageFolder(in.PageBase)
	creds := credentialsOf(known, sensitive)
	var answers []*auditAnswer
	for _, p := range auditPages(folder) {
		if err := ctx.Err(); err != nil {
			return AuditReport{}, fmt.Errorf("audit: %w", err)
		}
		answers = append(answers, callEndpoint(ctx, client, in, p, known, creds))
	}
	if err := ctx.Err(); err != nil {
		return AuditReport{}, fmt.Errorf("audit: %w", err)
	}
	r := AuditReport{Endpoint: mask(in.Endpoint, creds), Kind: in.Kind, PageBase: in.PageBase, Checks: []AuditCheck{}, Calls: []AuditCall{}}
	for _, a := range answers {
		r.Calls = append(r.Calls, a.call)
	}
	j := judge{in: in, answers: answers, known: known, creds: creds}
	for _, code := range AuditCheckCodes() {
		c := j.check(code)
		switch c.Status {
		case StatusPass:
			r.Passed++
		case StatusWarn:
			r.Passed++
			r.Warnings++
		case StatusFail:
			r.Failed++
		default:
			r.Skipped++
		}
		r.Checks = append(r.Checks, c)
	}
	return r, nil
}
