package diagnose

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"wecomdev/internal/jssdk"
	"wecomdev/internal/redact"
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
	Pass     bool   `json:"pass"`    // true for pass and warn
	Skipped  bool   `json:"skipped"` // could not be judged (say why in Evidence)
	Status   string `json:"status"`  // pass, fail, warn or skip
	Evidence string `json:"evidence"`
	Fix      Text   `json:"fix"`
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

// ---- one call ----

// auditAnswer is one call with what the checks need; only call leaves the package.
type auditAnswer struct {
	page    auditPage
	call    AuditCall
	raw     string      // the body as read, unmasked: for the leak check only
	header  http.Header // nil when no answer came
	problem string      // why the answer is not a 2xx JSON object ("" when it is)
	root    map[string]any
	f       fields
	verdict *Verdict // nil when there was no signature to examine
	noVerd  string   // why verdict is nil
}

// fields are the three values read from an answer.
type fields struct {
	ts, nonce, sig          string
	hasTS, hasNonce, hasSig bool
	tsNumber                bool
	nonceKey                string   // the key the nonce was read from (a misspelling, say)
	missing                 []string // "timestamp (…)", for the evidence
}

func callEndpoint(ctx context.Context, client *http.Client, in AuditInput, p auditPage, known []Ticket, creds []credential) *auditAnswer {
	reqURL := strings.Replace(in.Endpoint, URLPlaceholder, url.QueryEscape(p.URL), 1)
	a := &auditAnswer{page: p}
	a.call = AuditCall{Case: p.Case, PageURL: p.URL, RequestURL: mask(reqURL, creds),
		Verdict: Verdict{Findings: []Finding{}, Warnings: []jssdk.Warning{}}}
	defer func() { a.call.Body = mask(strings.ToValidUTF8(a.raw, "\uFFFD"), creds) }()

	ctx, cancel := context.WithTimeout(ctx, AuditCallTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, reqURL, nil)
	if err != nil {
		a.problem = "the request could not be made: " + err.Error()
		a.call.Error = mask(err.Error(), creds)
		a.noVerd = "no answer"
		return a
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", auditUserAgent)
	req.Header.Set("Origin", originOf(p.URL))
	req.Header.Set("Referer", jssdk.CutHash(p.URL))
	resp, err := client.Do(req)
	if err != nil {
		a.call.Error = mask(err.Error(), creds)
		a.problem = "the call failed: " + a.call.Error
		a.noVerd = "no answer"
		return a
	}
	defer resp.Body.Close()
	a.call.Status = resp.StatusCode
	a.header = resp.Header
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxAuditBody+1))
	truncated := len(body) > MaxAuditBody
	if truncated {
		body = body[:MaxAuditBody]
	}
	a.raw = string(body)
	ctype := resp.Header.Get("Content-Type")
	switch {
	case err != nil:
		a.call.Error = mask("reading the answer: "+err.Error(), creds)
		a.problem = a.call.Error
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		a.problem = "HTTP " + strconv.Itoa(resp.StatusCode) + " " + http.StatusText(resp.StatusCode)
	case truncated:
		a.problem = "the answer is longer than 2 kB (a signature answer is about 120 bytes)"
	default:
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		var root map[string]any
		if err := dec.Decode(&root); err != nil || root == nil || dec.More() {
			a.problem = "the answer is not a JSON object"
			if ctype != "" {
				a.problem += " (Content-Type " + ctype + ")"
			}
		} else {
			a.root = root
		}
	}
	if a.problem != "" {
		a.noVerd = "no JSON answer (" + a.problem + ")"
		return a
	}
	a.f = readFields(a.root, in)
	a.call.Timestamp, a.call.NonceStr, a.call.Signature = mask(a.f.ts, creds), mask(a.f.nonce, creds), mask(a.f.sig, creds)
	if !a.f.hasTS || !a.f.hasNonce || !a.f.hasSig {
		a.noVerd = "the answer lacks " + strings.Join(a.f.missing, ", ")
		return a
	}
	fin := ForensicsInput{PageURL: p.URL, Signature: a.f.sig, Timestamp: a.f.ts, NonceStr: a.f.nonce, Failed: in.Kind}
	// A backend that does not decode the url parameter signs it as it arrived: the
	// form sent, with its encoded "#…" (%23) that nothing cut.
	extra := []Variant{
		{CodeQueryEncoding, url.QueryEscape(p.URL)},
		{CodeQueryEncoding, url.QueryEscape(jssdk.CutHash(p.URL))},
	}
	v, err := forensics(fin, known, extra)
	if err != nil {
		var ie *InputError
		if errors.As(err, &ie) {
			a.noVerd = "its " + ie.Field + " cannot be examined: " + ie.Reason
		} else {
			a.noVerd = err.Error()
		}
		return a
	}
	scrubVerdictText(&v, creds)
	a.verdict = &v
	a.call.Verdict = v
	return a
}

// originOf is scheme://host[:port] of a test page URL.
func originOf(page string) string {
	u := ParseURL(page)
	return u.Scheme + u.Separator + u.Host + u.Port
}

// readFields reads the timestamp, nonce and signature at their paths. A nonce asked for
// as nonceStr is also looked for under its misspellings (noncestr, nonce_str, nonce).
func readFields(root map[string]any, in AuditInput) fields {
	var f fields
	text := func(v any) (string, bool, bool) { // value, ok, isNumber
		switch x := v.(type) {
		case string:
			return x, true, false
		case json.Number:
			return x.String(), true, true
		}
		return "", false, false
	}
	missing := func(path string, found bool) {
		switch {
		case found:
			f.missing = append(f.missing, strconv.Quote(path)+" (not a string)")
		default:
			m := strconv.Quote(path)
			if alt := findKeyPath(root, lastSegment(path), 3); alt != "" && alt != path {
				m += " (there is " + strconv.Quote(alt) + ": name it with the field option)"
			}
			f.missing = append(f.missing, m)
		}
	}

	if v, found := lookupPath(root, in.TimestampField); found {
		if s, ok, num := text(v); ok {
			f.ts, f.hasTS, f.tsNumber = s, true, num
		} else {
			missing(in.TimestampField, true)
		}
	} else {
		missing(in.TimestampField, false)
	}

	v, found := lookupPath(root, in.NonceField)
	f.nonceKey = lastSegment(in.NonceField)
	if !found && lastSegment(in.NonceField) == DefaultNonceField {
		if parent, ok := parentOf(root, in.NonceField); ok {
			keys := sortedKeys(parent)
			for _, k := range keys {
				if isNonceMisspelling(k) {
					v, found, f.nonceKey = parent[k], true, k
					break
				}
			}
		}
	}
	if found {
		if s, ok, _ := text(v); ok {
			f.nonce, f.hasNonce = s, true
		} else {
			missing(in.NonceField, true)
		}
	} else {
		missing(in.NonceField, false)
	}

	if v, found := lookupPath(root, in.SignatureField); found {
		if s, ok, _ := text(v); ok {
			f.sig, f.hasSig = s, true
		} else {
			missing(in.SignatureField, true)
		}
	} else {
		missing(in.SignatureField, false)
	}
	return f
}

func lastSegment(path string) string { return path[strings.LastIndexByte(path, '.')+1:] }

// lookupPath follows a dotted path through JSON objects.
func lookupPath(root map[string]any, path string) (any, bool) {
	var cur any = root
	for _, seg := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[seg]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// parentOf returns the object a dotted path's last segment would be in.
func parentOf(root map[string]any, path string) (map[string]any, bool) {
	i := strings.LastIndexByte(path, '.')
	if i < 0 {
		return root, true
	}
	v, ok := lookupPath(root, path[:i])
	m, isMap := v.(map[string]any)
	return m, ok && isMap
}

// findKeyPath finds the first dotted path (keys in sorted order, breadth first, at most
// depth levels) whose last key is name, "" when none.
func findKeyPath(root map[string]any, name string, depth int) string {
	type node struct {
		m      map[string]any
		prefix string
	}
	level := []node{{root, ""}}
	for d := 0; d < depth && len(level) > 0; d++ {
		var next []node
		for _, n := range level {
			for _, k := range sortedKeys(n.m) {
				if k == name {
					return n.prefix + k
				}
				if child, ok := n.m[k].(map[string]any); ok {
					next = append(next, node{child, n.prefix + k + "."})
				}
			}
		}
		level = next
	}
	return ""
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// isNonceMisspelling: noncestr, nonce_str, NonceStr, nonce, … — anything but nonceStr.
func isNonceMisspelling(key string) bool {
	k := strings.ToLower(strings.NewReplacer("_", "", "-", "").Replace(key))
	return key != DefaultNonceField && (k == "noncestr" || k == "nonce")
}

// ---- credentials ----

// credential is a value that must not appear in an answer, with how to name it.
type credential struct {
	value string
	name  string // "the current corp ticket ab…yz", "a credential of the profile (ab…yz)"
}

// credentialsOf lists the tickets, then the other sensitive values, without repeats,
// longest first (so a value inside another is masked after it).
func credentialsOf(known []Ticket, sensitive []string) []credential {
	seen := map[string]bool{}
	var out []credential
	for _, t := range known {
		if t.Value != "" && !seen[t.Value] {
			seen[t.Value] = true
			out = append(out, credential{t.Value, ticketNameEN(t.Kind, t.Current, redact.Mask(t.Value))})
		}
	}
	for _, s := range sensitive {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, credential{s, "a credential of the profile (" + redact.Mask(s) + ")"})
		}
	}
	slices.SortStableFunc(out, func(a, b credential) int { return len(b.value) - len(a.value) })
	return out
}

// mask hides every credential in s, and credential query parameters.
func mask(s string, creds []credential) string {
	for _, c := range creds {
		s = redact.Replace(s, c.value)
	}
	return redact.URL(s)
}

// scrubVerdictText masks credentials that reached a verdict through the answer's own
// values (a nonce that is a secret, say); scrubVerdict already did the tickets.
func scrubVerdictText(v *Verdict, creds []credential) {
	fix := func(s *string) { *s = mask(*s, creds) }
	fix(&v.URL)
	fix(&v.SignStringMasked)
	fix(&v.ExpectedSignStringMasked)
	for _, t := range []*Text{&v.Explanation, &v.Fix} {
		fix(&t.ZhCN)
		fix(&t.EnUS)
	}
	for i := range v.Findings {
		f := &v.Findings[i]
		fix(&f.Signed)
		fix(&f.Page)
		fix(&f.Message.ZhCN)
		fix(&f.Message.EnUS)
	}
	for i := range v.Warnings {
		fix(&v.Warnings[i].Detail)
	}
}

// minLeak is the shortest credential the leak check looks for: shorter values would
// match ordinary text.
const minLeak = 8

func ticketNameEN(k jssdk.Kind, current bool, masked string) string {
	name := "corp ticket"
	if k == jssdk.KindAgent {
		name = "app ticket"
	}
	if current {
		return "the current " + name + " " + masked
	}
	return "an earlier " + name + " " + masked
}

// isCredentialField: a JSON key named like a credential (access_token, jsapi_ticket,
// ticket, agent_ticket, secret, corpsecret, token).
func isCredentialField(key string) bool {
	k := strings.ToLower(strings.NewReplacer("_", "", "-", "").Replace(key))
	return k == "token" || strings.Contains(k, "accesstoken") || strings.HasSuffix(k, "ticket") || strings.Contains(k, "secret")
}

// credentialFields lists the credential-like keys of a JSON tree, as dotted paths.
func credentialFields(v any, prefix string, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		for _, k := range sortedKeys(x) {
			if isCredentialField(k) {
				*out = append(*out, prefix+k)
			}
			credentialFields(x[k], prefix+k+".", out)
		}
	case []any:
		for i, e := range x {
			credentialFields(e, prefix+strconv.Itoa(i)+".", out)
		}
	}
}

// ---- judging ----

type judge struct {
	in      AuditInput
	answers []*auditAnswer
	known   []Ticket
	creds   []credential
}

// outcome is one answer's contribution to a check.
type outcome struct {
	status string // pass, fail, warn, skip
	line   string
}

// fold makes a check from per-answer outcomes: any fail fails it, then any warn warns,
// then it passes only when every outcome passed; otherwise it is skipped. No outcomes
// at all is a skip saying why (none).
func fold(outs []outcome, none string) (string, string) {
	if len(outs) == 0 {
		return StatusSkip, none
	}
	pick := func(statuses ...string) []string {
		var lines []string
		for _, o := range outs {
			if slices.Contains(statuses, o.status) {
				lines = append(lines, o.line)
			}
		}
		return compact(lines)
	}
	switch {
	case len(pick(StatusFail)) > 0:
		return StatusFail, strings.Join(pick(StatusFail), "\n")
	case len(pick(StatusWarn)) > 0:
		return StatusWarn, strings.Join(pick(StatusWarn, StatusPass), "\n")
	case len(pick(StatusSkip)) == 0:
		return StatusPass, strings.Join(pick(StatusPass), "\n")
	}
	return StatusSkip, strings.Join(pick(StatusSkip, StatusPass), "\n")
}

// compact merges lines that say the same about several pages: "[slash] x" and
// "[hash] x" become "[slash, hash] x".
func compact(lines []string) []string {
	var order []string
	tags := map[string][]string{}
	for _, l := range lines {
		tag, rest := "", l
		if strings.HasPrefix(l, "[") {
			if i := strings.Index(l, "] "); i > 0 {
				tag, rest = l[1:i], l[i+2:]
			}
		}
		if _, ok := tags[rest]; !ok {
			order = append(order, rest)
		}
		if tag != "" {
			tags[rest] = append(tags[rest], tag)
		}
	}
	out := make([]string, 0, len(order))
	for _, rest := range order {
		if ts := tags[rest]; len(ts) > 0 {
			out = append(out, "["+strings.Join(ts, ", ")+"] "+rest)
		} else {
			out = append(out, rest)
		}
	}
	return out
}

func (a *auditAnswer) tag() string { return "[" + a.page.Case + "] " }

// quote is the call as evidence: "[hash] GET <url> → 200".
func (a *auditAnswer) quote() string {
	s := a.tag() + "GET " + truncate(a.call.RequestURL, 200) + " → "
	if a.call.Status == 0 {
		return s + "no answer: " + truncate(a.call.Error, 200)
	}
	return s + strconv.Itoa(a.call.Status)
}

// quoteBody is the call and the start of its (masked) body.
func (a *auditAnswer) quoteBody() string {
	b := strings.TrimSpace(a.call.Body)
	if b == "" {
		return a.quote() + " (empty body)"
	}
	return a.quote() + " " + truncate(strings.Join(strings.Fields(b), " "), 160)
}

func (j *judge) usable() []*auditAnswer {
	var out []*auditAnswer
	for _, a := range j.answers {
		if a.problem == "" {
			out = append(out, a)
		}
	}
	return out
}

const noJSON = "no call got a 2xx JSON answer (see ENDPOINT_REACHABLE)"

func (j *judge) check(code string) AuditCheck {
	var status, evidence string
	fix := auditTexts[code].fix
	switch {
	case code != CheckEndpointReachable && code != CheckNoCredentialLeak && len(j.usable()) == 0:
		status, evidence = StatusSkip, noJSON
	case code == CheckEndpointReachable:
		status, evidence = j.reachable()
	case code == CheckFieldsPresent:
		status, evidence = j.fieldsPresent()
	case code == CheckNonceStrSpelling:
		status, evidence = j.nonceSpelling()
	case code == CheckTimestampSeconds:
		status, evidence = j.timestampSeconds()
	case code == CheckSignatureFormat:
		status, evidence = j.signatureFormat()
	case slices.Contains([]string{CheckHashCut, CheckNoURLEncoding, CheckQueryAsGiven, CheckTrailingSlash, CheckURLAsGiven}, code):
		status, evidence = j.urlCheck(code)
	case code == CheckTicketKind:
		status, evidence = j.ticketKind()
	case code == CheckTicketKnown:
		status, evidence, fix = j.ticketKnown()
	case code == CheckNoCredentialLeak:
		status, evidence = j.noLeak()
	}
	title := auditTexts[code].title
	if code == CheckTicketKind && j.in.Kind == jssdk.KindAgent {
		title = ticketKindAgentTitle
	}
	return AuditCheck{Code: code, Title: title, Pass: status == StatusPass || status == StatusWarn,
		Skipped: status == StatusSkip, Status: status, Evidence: evidence, Fix: fix}
}

func (j *judge) reachable() (string, string) {
	var outs []outcome
	for _, a := range j.answers {
		if a.problem != "" {
			outs = append(outs, outcome{StatusFail, a.quoteBody() + ": " + a.problem})
		} else {
			outs = append(outs, outcome{StatusPass, a.quote() + " with a JSON object"})
		}
	}
	return fold(outs, "no call was made")
}

func (j *judge) fieldsPresent() (string, string) {
	var outs []outcome
	for _, a := range j.usable() {
		if len(a.f.missing) > 0 {
			line := a.quoteBody() + ": no " + strings.Join(a.f.missing, ", ")
			if keys := sortedKeys(a.root); len(keys) > 0 {
				line += "; its fields are " + strings.Join(truncList(keys, 10), ", ")
			}
			outs = append(outs, outcome{StatusFail, line})
			continue
		}
		line := a.tag() + "has " + strings.Join([]string{j.in.TimestampField, j.in.NonceField, j.in.SignatureField}, ", ")
		if a.f.nonceKey != lastSegment(j.in.NonceField) {
			line += " (the nonce as " + strconv.Quote(a.f.nonceKey) + ", see NONCESTR_SPELLING)"
		}
		outs = append(outs, outcome{StatusPass, line})
	}
	return fold(outs, noJSON)
}

func truncList(xs []string, n int) []string {
	if len(xs) <= n {
		return xs
	}
	return append(slices.Clone(xs[:n]), "… ("+strconv.Itoa(len(xs)-n)+" more)")
}

func (j *judge) nonceSpelling() (string, string) {
	custom := lastSegment(j.in.NonceField) != DefaultNonceField
	var outs []outcome
	for _, a := range j.usable() {
		if !a.f.hasNonce {
			outs = append(outs, outcome{StatusSkip, a.tag() + "no nonce field (see FIELDS_PRESENT)"})
			continue
		}
		switch {
		case isNonceMisspelling(a.f.nonceKey) && !custom:
			outs = append(outs, outcome{StatusFail, a.quoteBody() + `: the nonce is "` + a.f.nonceKey + `", not "nonceStr"; ww.register reads nonceStr and gets undefined`})
		case isNonceMisspelling(a.f.nonceKey):
			outs = append(outs, outcome{StatusFail, a.tag() + `the nonce is "` + a.f.nonceKey + `" (as configured), not "nonceStr": unless the page renames it, ww.register gets undefined`})
		case custom:
			outs = append(outs, outcome{StatusSkip, a.tag() + "the nonce is read from " + strconv.Quote(j.in.NonceField) + " as configured; the audit cannot see how the page renames it (ww.register needs nonceStr)"})
		default:
			outs = append(outs, outcome{StatusPass, a.tag() + `"nonceStr": ` + strconv.Quote(a.call.NonceStr)})
		}
	}
	return fold(outs, noJSON)
}

func (j *judge) timestampSeconds() (string, string) {
	var outs []outcome
	for _, a := range j.usable() {
		if !a.f.hasTS {
			outs = append(outs, outcome{StatusSkip, a.tag() + "no timestamp field (see FIELDS_PRESENT)"})
			continue
		}
		ts, shown := a.f.ts, a.tag()+strconv.Quote(j.in.TimestampField)+": "+a.call.Timestamp
		if !a.f.tsNumber {
			shown = a.tag() + strconv.Quote(j.in.TimestampField) + ": " + strconv.Quote(a.call.Timestamp)
		}
		switch {
		case allDigits(ts) && len(ts) >= 12:
			outs = append(outs, outcome{StatusFail, shown + " is milliseconds (" + strconv.Itoa(len(ts)) + " digits, Date.now()); WeCom wants seconds (10 digits)"})
		case ts == "" || !allDigits(ts) || len(ts) != 10:
			outs = append(outs, outcome{StatusFail, shown + " is not Unix seconds (10 digits)"})
		case a.f.tsNumber:
			outs = append(outs, outcome{StatusWarn, shown + " is a JSON number: it works, but a string keeps exactly the text that was signed"})
		default:
			outs = append(outs, outcome{StatusPass, shown})
		}
	}
	return fold(outs, noJSON)
}

func (j *judge) signatureFormat() (string, string) {
	var outs []outcome
	for _, a := range j.usable() {
		if !a.f.hasSig {
			outs = append(outs, outcome{StatusSkip, a.tag() + "no signature field (see FIELDS_PRESENT)"})
			continue
		}
		s := a.f.sig
		shown := a.tag() + strconv.Quote(truncate(a.call.Signature, 80))
		switch {
		case len(s) == 40 && allHex(s) && strings.ToLower(s) == s:
			outs = append(outs, outcome{StatusPass, shown})
		case len(s) == 40 && allHex(s):
			outs = append(outs, outcome{StatusFail, shown + " is in upper case; WeCom compares the lowercase hex"})
		case len(s) == 64 && allHex(s):
			outs = append(outs, outcome{StatusFail, shown + " has 64 hex characters: SHA-256, not SHA-1"})
		case len(s) == 32 && allHex(s):
			outs = append(outs, outcome{StatusFail, shown + " has 32 hex characters: MD5, not SHA-1"})
		default:
			outs = append(outs, outcome{StatusFail, shown + " is not 40 lowercase hexadecimal characters (a SHA-1)"})
		}
	}
	return fold(outs, noJSON)
}

// urlCases are the test pages each URL check looks at.
var urlCases = map[string][]string{
	CheckHashCut:       {AuditCaseHash},
	CheckNoURLEncoding: {AuditCaseSlash, AuditCaseNoSlash, AuditCaseHash, AuditCaseShare},
	CheckQueryAsGiven:  {AuditCaseHash, AuditCaseShare},
	CheckTrailingSlash: {AuditCaseSlash, AuditCaseNoSlash},
	CheckURLAsGiven:    {AuditCaseSlash, AuditCaseNoSlash, AuditCaseHash, AuditCaseShare},
}

// variantCheck is the check a URL_VARIANT verdict fails. Each variant differs from the
// page URL in one way only, so every other URL check holds for that answer.
func variantCheck(v Verdict) string {
	switch v.VariantCode {
	case CodeHashIncluded:
		return CheckHashCut
	case CodeQueryEncoding:
		if isWholeEncoded(v.URL) {
			return CheckNoURLEncoding
		}
		return CheckQueryAsGiven
	case CodeHTMLEscaped, CodeQueryOrder, CodeQueryExtra, CodeQueryMissing, CodeOAuthParams:
		return CheckQueryAsGiven
	case CodeTrailingSlash, CodeIndexFile:
		return CheckTrailingSlash
	}
	return CheckURLAsGiven // SCHEME, PORT, HOST, HOST_CASE, PATH, WHITESPACE, OTHER
}

// matched: a known ticket gave the answer's signature over some URL.
func matched(v *Verdict) bool {
	return v != nil && v.Code != VerdictUnknownTicket && v.Code != ""
}

// anyMatched: some answer's ticket is known, so an unmatched answer means another URL.
func (j *judge) anyMatched() bool {
	return slices.ContainsFunc(j.answers, func(a *auditAnswer) bool { return matched(a.verdict) })
}

func (j *judge) urlCheck(code string) (string, string) {
	var outs []outcome
	known := j.anyMatched()
	for _, a := range j.answers {
		if !slices.Contains(urlCases[code], a.page.Case) {
			continue
		}
		cut := jssdk.CutHash(a.page.URL)
		v := a.verdict
		switch {
		case v == nil:
			outs = append(outs, outcome{StatusSkip, a.tag() + "not examined: " + a.noVerd})
		case v.Code == VerdictUnknownTicket && known && code == CheckURLAsGiven:
			outs = append(outs, outcome{StatusFail, a.quote() + ": no known ticket gives its signature over " + strconv.Quote(cut) +
				" or " + strconv.Itoa(v.Tried) + " (URL, ticket) pairs of its usual variants, while answers for other pages match: the endpoint signed some other URL for this page (or answered a timestamp / nonceStr other than the ones signed)"})
		case v.Code == VerdictUnknownTicket && known:
			outs = append(outs, outcome{StatusSkip, a.tag() + "what was signed for this page could not be found (see URL_AS_GIVEN)"})
		case v.Code == VerdictUnknownTicket:
			outs = append(outs, outcome{StatusSkip, a.tag() + "the signature matches no ticket the console knows (see TICKET_KNOWN)"})
		case v.Code == VerdictURLVariant && variantCheck(*v) == code:
			outs = append(outs, outcome{StatusFail, a.quote() + ": signed " + strconv.Quote(truncate(v.URL, 120)) + " (" + v.VariantCode + ") instead of " + strconv.Quote(cut)})
		case v.Code == VerdictURLVariant && variantCheck(*v) == CheckNoURLEncoding:
			outs = append(outs, outcome{StatusSkip, a.tag() + "signed the encoded URL (see NO_URL_ENCODING)"})
		case v.Code == VerdictURLVariant:
			outs = append(outs, outcome{StatusPass, a.tag() + "as given apart from " + v.VariantCode + " (see " + variantCheck(*v) + ")"})
		default:
			line := a.tag() + "verifies for " + strconv.Quote(cut)
			if cut != a.page.URL {
				line += " (the page URL without its #…)"
			}
			outs = append(outs, outcome{StatusPass, line})
		}
	}
	return fold(outs, "no test page for this check")
}

func (j *judge) ticketKind() (string, string) {
	var outs []outcome
	want := j.in.Kind
	for _, a := range j.answers {
		v := a.verdict
		if !matched(v) {
			continue
		}
		who := ticketNameEN(v.Kind, v.TicketCurrent, v.TicketMasked)
		if v.Kind == want {
			outs = append(outs, outcome{StatusPass, a.tag() + "signed with " + who})
			continue
		}
		outs = append(outs, outcome{StatusFail, a.quote() + ": signed with " + who})
	}
	status, evidence := fold(outs, "no signature matched a ticket the console knows (see TICKET_KNOWN)")
	if status == StatusFail {
		need := "the corp ticket (get_jsapi_ticket)"
		if want == jssdk.KindAgent {
			need = "the app ticket (ticket/get?type=agent_config)"
		}
		evidence = "WRONG_TICKET_KIND: " + callName(want) + " needs " + need +
			"; WeCom answers 40093 (invalid signature) or 42012 (ticket no available)\n" + evidence
	}
	return status, evidence
}

func (j *judge) ticketKnown() (string, string, Text) {
	fix := auditTexts[CheckTicketKnown].fix
	var outs []outcome
	unknown := 0
	now := time.Now()
	for _, a := range j.answers {
		v := a.verdict
		switch {
		case v == nil:
			continue
		case v.Code == VerdictUnknownTicket:
			unknown++
		case !v.TicketCurrent && v.TicketExpiresAt > 0 && now.UnixMilli() >= v.TicketExpiresAt:
			fix = staleFix
			outs = append(outs, outcome{StatusFail, a.quote() + ": STALE_TICKET: signed with " + ticketNameEN(v.Kind, false, v.TicketMasked) +
				", which expired at " + time.UnixMilli(v.TicketExpiresAt).Format(time.RFC3339) + "; WeCom refuses it"})
		case !v.TicketCurrent:
			fix = staleFix
			outs = append(outs, outcome{StatusWarn, a.tag() + "STALE_TICKET: signed with " + ticketNameEN(v.Kind, false, v.TicketMasked) +
				": still valid, but the console has a newer one; the endpoint keeps its own cache"})
		default:
			outs = append(outs, outcome{StatusPass, a.tag() + "signed with " + ticketNameEN(v.Kind, true, v.TicketMasked)})
		}
	}
	if len(outs) == 0 {
		if unknown == 0 {
			return StatusSkip, "no signature to examine (see ENDPOINT_REACHABLE and FIELDS_PRESENT)", fix
		}
		corp, agent := 0, 0
		for _, t := range rankTickets(j.known, "") {
			if t.Kind == jssdk.KindAgent {
				agent++
			} else {
				corp++
			}
		}
		if corp+agent == 0 {
			return StatusSkip, "UNKNOWN_TICKET: the console has not seen any ticket of this profile yet, so there is nothing to compare with; fetch the tickets (Tickets, or wecomdev tickets NAME) and audit again", unknownFix
		}
		return StatusSkip, fmt.Sprintf("UNKNOWN_TICKET: none of the %d corp and %d app tickets the console has seen gives these %d signatures, over the test pages or their usual variants. "+
			"The endpoint signs with another app's or corp's ticket (check its corpId / agentId / secret against this profile), or fetches and caches a ticket of its own; "+
			"the URL checks cannot be judged against it.", corp, agent, unknown), unknownFix
	}
	status, evidence := fold(outs, "")
	if unknown > 0 {
		evidence += fmt.Sprintf("\n%d other answer(s) matched no known ticket (see URL_AS_GIVEN)", unknown)
	}
	return status, evidence, fix
}

func (j *judge) noLeak() (string, string) {
	var outs []outcome
	for _, a := range j.answers {
		if a.header == nil && a.raw == "" {
			continue
		}
		var found []string
		for _, c := range j.creds {
			if len(c.value) < minLeak {
				continue
			}
			if strings.Contains(a.raw, c.value) {
				found = append(found, "the body contains "+c.name)
			}
			for _, h := range sortedHeaderNames(a.header) {
				if slices.ContainsFunc(a.header[h], func(v string) bool { return strings.Contains(v, c.value) }) {
					found = append(found, "the header "+h+" contains "+c.name)
				}
			}
		}
		if a.root != nil {
			var keys []string
			credentialFields(a.root, "", &keys)
			for _, k := range keys {
				found = append(found, "a field is named "+strconv.Quote(k))
			}
		}
		if len(found) > 0 {
			outs = append(outs, outcome{StatusFail, a.quote() + ": " + strings.Join(found, "; ")})
		} else {
			outs = append(outs, outcome{StatusPass, a.tag() + "no ticket, token or secret"})
		}
	}
	return fold(outs, "no answer came (see ENDPOINT_REACHABLE)")
}

func sortedHeaderNames(h http.Header) []string {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

// ---- texts ----

var ticketKindAgentTitle = tx("用应用 ticket 签名（wx.agentConfig / getAgentConfigSignature）",
	"Signed with the app ticket (wx.agentConfig / getAgentConfigSignature)")

var staleFix = tx("按接口返回的 expires_in 缓存 ticket（提前几分钟刷新），所有服务器共用一份缓存；企业微信拒绝时强制刷新一次。",
	"Cache the ticket for the expires_in WeCom returns (refresh a few minutes early), share one cache between all servers, and force one refresh when WeCom refuses it.")

var unknownFix = tx("让接口使用与这个配置相同的企业与应用（核对 corpId、agentId 与 secret）；如果接口自己获取并缓存 ticket，审计无法核对它签名的 URL：可以让接口记录签名串（ticket 打码）与「签名溯源」比对，或让页面改用控制台的签名接口。",
	"Make the endpoint use the same corp and app as this profile (check corpId, agentId and the secret); if it fetches and caches its own ticket, the audit cannot check the URL it signs: have it log its sign string (ticket masked) and compare it in Forensics, or point the page at the console's signing endpoint.")

var auditTexts = map[string]struct{ title, fix Text }{
	CheckEndpointReachable: {
		tx("签名接口可以访问，返回 2xx 与 JSON 对象", "The endpoint answers 2xx with a JSON object"),
		tx("让接口对 GET 请求返回 200 与 JSON 对象，例如 {\"timestamp\":\"…\",\"nonceStr\":\"…\",\"signature\":\"…\"}；检查地址、端口与反向代理，出错时查看服务端日志。接口只为可信域名签名时，用 --page-base（或界面里的页面地址）给一个可信域名下的页面。",
			"Answer GET with 200 and a JSON object, such as {\"timestamp\":\"…\",\"nonceStr\":\"…\",\"signature\":\"…\"}; check the address, the port and the reverse proxy, and the server's log for the error. If the endpoint signs only for its trusted domains, give a page under one of them with --page-base (or the page base in the UI)."),
	},
	CheckFieldsPresent: {
		tx("返回里有 timestamp、nonceStr、signature 三个字段", "The answer has the timestamp, nonceStr and signature fields"),
		tx("返回 ww.register 的签名回调需要的三个字段；若字段名不同或嵌套在 data 里，用 --timestamp-field / --nonce-field / --signature-field（或界面里的字段名）告诉审计，并确认页面在交给 ww.register 之前把它们改成 timestamp / nonceStr / signature。",
			"Return the three fields ww.register's signature callbacks need; if yours are named differently or nested (data.signature), tell the audit with --timestamp-field / --nonce-field / --signature-field (or the field names in the UI), and make sure the page renames them to timestamp / nonceStr / signature before handing them to ww.register."),
	},
	CheckNonceStrSpelling: {
		tx("随机串字段拼作 nonceStr（S 大写）", "The nonce field is spelt nonceStr (capital S)"),
		tx("返回 nonceStr（S 大写）：签名串里写作 noncestr，但 ww.register / wx.config 读的是 nonceStr；写成 noncestr、nonce_str 或 nonce 时页面拿到 undefined（Missing params 或 invalid signature）。",
			"Answer nonceStr (capital S): the sign string says noncestr, but ww.register / wx.config read nonceStr, and a noncestr, nonce_str or nonce field reaches the page as undefined (Missing params or invalid signature)."),
	},
	CheckTimestampSeconds: {
		tx("timestamp 是秒级时间戳字符串（10 位数字）", "The timestamp is Unix seconds, a string of 10 digits"),
		tx("用秒级时间戳：Math.floor(Date.now() / 1000)、time.Now().Unix()、System.currentTimeMillis() / 1000，签名串与返回里用同一个字符串。返回数字也能用，但字符串能保证页面传回的正是签名时的文本。",
			"Use Unix seconds (Math.floor(Date.now() / 1000), time.Now().Unix(), System.currentTimeMillis() / 1000) and put the same string in the sign string and the answer. A number works too, but a string guarantees the page passes back exactly the text that was signed."),
	},
	CheckSignatureFormat: {
		tx("signature 是 40 位小写十六进制（SHA-1）", "The signature is 40 lowercase hexadecimal characters (SHA-1)"),
		tx("signature = 签名串 SHA-1 的小写十六进制：不要用 SHA-256、MD5、Base64，也不要转成大写。",
			"signature = the lowercase hex SHA-1 of the sign string: not SHA-256, MD5 or Base64, and not upper case."),
	},
	CheckHashCut: {
		tx("签名前去掉了 # 及其后的部分", "The #… is cut before signing"),
		tx("签名前去掉第一个 \"#\" 及其后的全部内容（url.split('#')[0]）：使用 hash 路由的页面，企业微信校验的仍是 # 之前的 URL。",
			"Cut everything from the first \"#\" before signing (url.split('#')[0]): for a hash-routed page WeCom still verifies the URL before the #."),
	},
	CheckNoURLEncoding: {
		tx("签名的是解码后的 URL，而不是编码后的形式", "The URL signed is decoded, not its encoded form"),
		tx("页面用 encodeURIComponent 传 url，服务端先解码一次再签名（框架通常会自动解码查询参数；手工从原始查询串里截取时不会）；签名串里的 url 不做任何编码。",
			"The page sends encodeURIComponent(url): decode it once on the server before signing (frameworks decode query parameters themselves; a value cut from the raw query string is not decoded). Nothing in the sign string is encoded."),
	},
	CheckQueryAsGiven: {
		tx("查询参数原样签名（& 与 %XX 不变，不排序、不增删）", "The query is signed as given (& and %XX unchanged, not sorted, nothing added or dropped)"),
		tx("按页面给的 URL 原样签名：不要解码或重新编码参数，不要把 & 转义成 &amp;，不要排序或用解析后的参数重新拼 URL，也不要去掉 from=singlemessage 之类的分享参数。",
			"Sign the URL exactly as the page gives it: do not decode or re-encode parameters, turn & into &amp;, sort them or rebuild the URL from parsed parameters, and do not drop share parameters such as from=singlemessage."),
	},
	CheckTrailingSlash: {
		tx("带与不带末尾斜杠的页面各按自己的 URL 签名", "Pages with and without a trailing slash are each signed for their own URL"),
		tx("不要规范化路径：/audit 与 /audit/ 是两个 URL，签名的必须是页面给的那一个（服务器、路由与 URL 工具常会补上或去掉 \"/\"，或换成 index.html）。",
			"Do not normalise the path: /audit and /audit/ are two URLs, and the one signed must be the one the page gives (servers, routers and URL helpers often add or drop the \"/\", or swap in index.html)."),
	},
	CheckURLAsGiven: {
		tx("签名的就是收到的 URL（协议、主机、端口、路径）", "The URL signed is the one received (scheme, host, port, path)"),
		tx("对请求里的 url 参数签名：不要用配置里写死的地址，也不要用服务端看到的 Host、端口或协议重新拼 URL（在反向代理后面它们会变）。",
			"Sign the url parameter of the request: not an address from your config, and not one rebuilt from the Host, port or scheme your server sees (behind a reverse proxy they change)."),
	},
	CheckTicketKind: {
		tx("用企业 ticket 签名（wx.config / getConfigSignature）", "Signed with the corp ticket (wx.config / getConfigSignature)"),
		tx("getConfigSignature 用企业 ticket（get_jsapi_ticket）签名，getAgentConfigSignature 用应用 ticket（ticket/get?type=agent_config，用 agentConfig 中 agentid 的 access_token 获取）；用错时企业微信返回 40093（invalid signature）或 42012。",
			"Sign getConfigSignature with the corp ticket (get_jsapi_ticket) and getAgentConfigSignature with the app ticket (ticket/get?type=agent_config, fetched with an access_token of the agentid passed to agentConfig); the wrong one gets 40093 (invalid signature) or 42012."),
	},
	CheckTicketKnown: {
		tx("签名用的是控制台知道的 ticket（同一企业、同一应用）", "The ticket is one the console knows (same corp, same app)"),
		tx("让接口与这个配置使用同一企业、同一应用的 ticket，并共用一份按 expires_in 刷新的缓存。",
			"Have the endpoint use the ticket of this profile's corp and app, from one cache refreshed by expires_in."),
	},
	CheckNoCredentialLeak: {
		tx("返回里没有 ticket、access_token 或 secret", "No ticket, access_token or secret in the answer"),
		tx("只返回 timestamp、nonceStr、signature（以及 corpId / agentId）：ticket、access_token 与 secret 只能留在服务端，泄露后别人可以为你的应用签名或调用接口；立即在管理后台重置泄露的 secret。",
			"Answer only timestamp, nonceStr and signature (and corpId / agentId): the ticket, access_token and secret stay on the server, and once leaked anyone can sign for your app or call its APIs; reset a leaked secret in the admin console now."),
	},
}
