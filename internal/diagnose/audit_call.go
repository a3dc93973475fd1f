package diagnose

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"wecomdev/internal/jssdk"
	"wecomdev/internal/wecom"
)

// noAnswer: why an answer that never came has no verdict.
var noAnswer = tx("没有回答", "no answer")

// auditAnswer is one call with what the checks need; only call leaves the package.
type auditAnswer struct {
	page    auditPage
	call    AuditCall
	raw     string      // the body as read, unmasked: for the leak check only
	header  http.Header // nil when no answer came
	problem Text        // why the answer is not a 2xx JSON object (empty when it is)
	root    map[string]any
	f       fields
	verdict *Verdict // nil when there was no signature to examine
	noVerd  Text     // why verdict is nil
}

// fields are the three values read from an answer.
type fields struct {
	ts, nonce, sig          string
	hasTS, hasNonce, hasSig bool
	tsNumber                bool
	nonceKey                string // the key the nonce was read from (a misspelling, say)
	missing                 []missingField
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
		a.problem = tx("无法发出请求："+err.Error(), "the request could not be made: "+err.Error())
		a.call.Error = mask(err.Error(), creds)
		a.noVerd = noAnswer
		return a
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", auditUserAgent)
	req.Header.Set("Origin", originOf(p.URL))
	req.Header.Set("Referer", jssdk.CutHash(p.URL))
	resp, err := client.Do(req)
	if err != nil {
		a.call.Error = mask(err.Error(), creds)
		a.problem = tx("调用失败："+a.call.Error, "the call failed: "+a.call.Error)
		a.noVerd = noAnswer
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
		a.problem = tx("读取回答时出错："+mask(err.Error(), creds), a.call.Error)
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		status := "HTTP " + strconv.Itoa(resp.StatusCode) + " " + http.StatusText(resp.StatusCode)
		a.problem = tx("回答的状态是 "+status, status)
	case truncated:
		a.problem = tx("回答超过 2 kB（一个签名回答约 120 字节）", "the answer is longer than 2 kB (a signature answer is about 120 bytes)")
	default:
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		var root map[string]any
		if err := dec.Decode(&root); err != nil || root == nil || dec.More() {
			a.problem = tx("回答不是 JSON 对象", "the answer is not a JSON object")
			if ctype != "" {
				a.problem.ZhCN += "（Content-Type " + ctype + "）"
				a.problem.EnUS += " (Content-Type " + ctype + ")"
			}
		} else {
			a.root = root
		}
	}
	if a.problem.EnUS != "" {
		a.noVerd = tx("没有 JSON 回答（"+a.problem.ZhCN+"）", "no JSON answer ("+a.problem.EnUS+")")
		return a
	}
	a.f = readFields(a.root, in)
	a.call.Timestamp, a.call.NonceStr, a.call.Signature = mask(a.f.ts, creds), mask(a.f.nonce, creds), mask(a.f.sig, creds)
	if !a.f.hasTS || !a.f.hasNonce || !a.f.hasSig {
		m := missingText(a.f.missing)
		a.noVerd = tx("回答缺少 "+m.ZhCN, "the answer lacks "+m.EnUS)
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
	v.Explanation, v.Fix = v.Explanation.At(wecom.AreaName), v.Fix.At(wecom.AreaName)
	if err != nil {
		var ie *InputError
		if errors.As(err, &ie) {
			a.noVerd = tx("它的 "+ie.Field+" 无法检查："+ie.Reason, "its "+ie.Field+" cannot be examined: "+ie.Reason)
		} else {
			a.noVerd = tx("无法检查："+err.Error(), err.Error())
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

// missingField is a field an answer lacks: absent (alt: a key of the same name elsewhere)
// or not a string.
type missingField struct {
	path, alt string
	notString bool
}

// missingText lists the missing fields for the evidence: "timestamp" (not a string), ….
func missingText(ms []missingField) Text {
	var zh, en []string
	for _, m := range ms {
		p := strconv.Quote(m.path)
		switch {
		case m.notString:
			zh, en = append(zh, p+"（不是字符串）"), append(en, p+" (not a string)")
		case m.alt != "":
			zh = append(zh, p+"（有 "+strconv.Quote(m.alt)+"：用字段选项指定它）")
			en = append(en, p+" (there is "+strconv.Quote(m.alt)+": name it with the field option)")
		default:
			zh, en = append(zh, p), append(en, p)
		}
	}
	return tx(strings.Join(zh, "、"), strings.Join(en, ", "))
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
			f.missing = append(f.missing, missingField{path: path, notString: true})
		default:
			m := missingField{path: path}
			if alt := findKeyPath(root, lastSegment(path), 3); alt != "" && alt != path {
				m.alt = alt
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
