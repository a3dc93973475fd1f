package jssdk

import (
	"net/netip"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Warning codes. Each is stable (the UI and CLI translate by code); Detail (English) and
// DetailZh (zh-CN) carry the explanation with the offending fragment.
const (
	// CodeURLEmpty: the URL is empty or only whitespace. Nothing else about it is checked.
	CodeURLEmpty = "URL_EMPTY"
	// CodeURLTooLong: the URL is longer than MaxURLBytes. This limit is our own caution
	// (a URL that long is almost always a mistake), not one WeCom documents.
	CodeURLTooLong = "URL_TOO_LONG"
	// CodeURLWhitespace: leading or trailing whitespace (spaces, newlines, NBSP, U+3000,
	// zero-width characters), or a raw space or control character inside the URL. The
	// browser's location.href never has them, so the signature cannot match.
	CodeURLWhitespace = "URL_WHITESPACE"
	// CodeURLHasHash: the URL given has "#…". The hash is not signed: Explain cuts it
	// (as @wecom/jssdk does with location.href), but the warning tells the developer that
	// their page or backend passed it, and a backend that signs it gets "invalid signature".
	CodeURLHasHash = "URL_HAS_HASH"
	// CodeURLEncoded: the whole URL is percent-encoded ("https%3A%2F%2F…"): the page
	// passed it through encodeURIComponent and the backend did not decode it.
	CodeURLEncoded = "URL_ENCODED"
	// CodeURLDoubleEncoded: the URL has "%25xx" sequences: something was encoded twice
	// ("%2520" is a space encoded twice).
	CodeURLDoubleEncoded = "URL_DOUBLE_ENCODED"
	// CodeURLHTMLEscaped: the URL has "&amp;" (or "&#38;", "&#x26;"): it went through
	// an HTML escaper (a template or an XSS filter) and "&" became an entity.
	CodeURLHTMLEscaped = "URL_HTML_ESCAPED"
	// CodeURLNoScheme: the URL has no scheme ("a.com/p", "//a.com/p", "a.com:8080/p"),
	// or the scheme is not followed by "//" ("https:a.com"). location.href always has one.
	CodeURLNoScheme = "URL_NO_SCHEME"
	// CodeURLNotHTTP: the scheme is neither http nor https (file:, wxwork:, …): not a
	// page WeCom can verify.
	CodeURLNotHTTP = "URL_NOT_HTTP"
	// CodeURLLocalhost: the host is localhost (or *.localhost), 127.0.0.0/8 or ::1.
	// WeCom never verifies these (a trusted domain is needed); signing is fine for the
	// emulator, but a phone will get "invalid url domain". A loopback IP gets this code,
	// not CodeURLIPHost.
	CodeURLLocalhost = "URL_LOCALHOST"
	// CodeURLIPHost: the host is an IP address (other than loopback), which can never be
	// a trusted domain (可信域名).
	CodeURLIPHost = "URL_IP_HOST"
	// CodeTimestampNotSeconds: the timestamp is not all digits, or has 12 or more digits
	// (13 = Date.now() milliseconds). The SDK wants Unix seconds.
	CodeTimestampNotSeconds = "TIMESTAMP_NOT_SECONDS"
	// CodeNonceEmpty: the nonceStr is empty.
	CodeNonceEmpty = "NONCE_EMPTY"
	// CodeNonceInvalid: the nonceStr has characters outside [A-Za-z0-9_-] or is longer
	// than MaxNonceLength. Both limits are our own caution, not WeCom's documented rules:
	// such a nonce can be mangled on its way to the page (encoding, HTML, JSON).
	CodeNonceInvalid = "NONCE_INVALID"
	// CodeTicketInInput: the ticket (8 characters or more) also appears outside its own
	// slot of the sign string (inside the URL or nonceStr, say). Explain shows it masked
	// there too, so the displayed URL and sign string differ from what was signed.
	// Only Explain reports it (Check does not see the ticket).
	CodeTicketInInput = "TICKET_IN_INPUT"
)

// MaxNonceLength is our own limit on a nonceStr's length; WeCom documents none (the
// official example has 16 characters, as NewNonce does).
const MaxNonceLength = 32

// fragmentRunes is how much of an offending fragment a Detail quotes.
const fragmentRunes = 60

// Check returns the warnings for a nonceStr, timestamp and URL (the URL as the page gave
// it, hash included). The order is stable: URL warnings first (in the order of the codes
// above), then the timestamp, then the nonce. The result is never nil.
func Check(nonceStr, timestamp, url string) []Warning {
	ws := make([]Warning, 0, 2)
	ws = checkURL(ws, url)
	ws = checkTimestamp(ws, timestamp)
	ws = checkNonce(ws, nonceStr)
	return ws
}

// warn adds a warning with its detail in zh-CN and in English.
func warn(ws []Warning, code, zh, en string) []Warning {
	return append(ws, Warning{Code: code, Detail: en, DetailZh: zh})
}

func checkURL(ws []Warning, raw string) []Warning {
	trimmed := strings.TrimFunc(raw, isSpace)
	if trimmed == "" {
		if raw != "" {
			return warn(ws, CodeURLEmpty, "URL 只有空白字符："+quote(raw), "the URL is only whitespace: "+quote(raw))
		}
		return warn(ws, CodeURLEmpty, "URL 是空的", "the URL is empty")
	}
	if len(raw) > MaxURLBytes {
		ws = warn(ws, CodeURLTooLong, "URL 有 "+strconv.Itoa(len(raw))+" 字节，超过了 wecomdev 自己的上限 "+strconv.Itoa(MaxURLBytes)+"："+quote(raw),
			"the URL has "+strconv.Itoa(len(raw))+" bytes, more than our own limit of "+strconv.Itoa(MaxURLBytes)+": "+quote(raw))
	}
	// lead turns an index into trimmed into one into raw (details count bytes of raw).
	lead := len(raw) - len(strings.TrimLeftFunc(raw, isSpace))
	var spaces, spacesZh []string
	if trimmed != raw {
		spaces = append(spaces, "leading or trailing whitespace: "+quoteEnds(raw, trimmed))
		spacesZh = append(spacesZh, "首尾有空白字符："+quoteEnds(raw, trimmed))
	}
	if i, r := innerSpace(trimmed); i >= 0 {
		spaces = append(spaces, "raw "+strconv.QuoteRuneToASCII(r)+" at byte "+strconv.Itoa(lead+i)+": "+around(trimmed, i))
		spacesZh = append(spacesZh, "第 "+strconv.Itoa(lead+i)+" 字节处有未编码的 "+strconv.QuoteRuneToASCII(r)+"："+around(trimmed, i))
	}
	if spaces != nil {
		ws = warn(ws, CodeURLWhitespace, strings.Join(spacesZh, "；"), strings.Join(spaces, "; "))
	}
	if i := strings.IndexByte(raw, '#'); i >= 0 {
		ws = warn(ws, CodeURLHasHash, "片段 "+quote(raw[i:])+" 不参与签名，已被截掉", "the fragment "+quote(raw[i:])+" is not signed: it was cut")
	}

	page := CutHash(trimmed) // what the structural checks look at
	encoded := isEncodedURL(page)
	if encoded {
		ws = warn(ws, CodeURLEncoded, "整个 URL 被百分号编码了（先解码一次）："+quote(page), "the whole URL is percent-encoded (decode it once): "+quote(page))
	}
	if i := indexDoubleEncoded(page); i >= 0 {
		ws = warn(ws, CodeURLDoubleEncoded, "第 "+strconv.Itoa(lead+i)+" 字节处是 \"%25\" 加十六进制数（编码了两次）："+around(page, i),
			"\"%25\" followed by hex at byte "+strconv.Itoa(lead+i)+" (encoded twice): "+around(page, i))
	}
	// Before the cut: "&#38;" has a '#' that cuts the URL short (URL_HAS_HASH fires too).
	if i := indexHTMLAmp(trimmed); i >= 0 {
		ws = warn(ws, CodeURLHTMLEscaped, "第 "+strconv.Itoa(lead+i)+" 字节处的 \"&\" 被 HTML 转义了："+around(trimmed, i),
			"an HTML-escaped \"&\" at byte "+strconv.Itoa(lead+i)+": "+around(trimmed, i))
	}
	if encoded {
		return ws // the scheme and host are hidden in the encoding
	}

	scheme, rest, ok := splitScheme(page)
	switch {
	case !ok:
		return warn(ws, CodeURLNoScheme, "没有协议（应为 \"https://\"）："+quote(page), "no scheme (want \"https://\"): "+quote(page))
	case !strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https"):
		return warn(ws, CodeURLNotHTTP, "协议 "+quote(scheme)+" 不是 http 或 https", "scheme "+quote(scheme)+" is not http or https")
	case !strings.HasPrefix(rest, "//"):
		return warn(ws, CodeURLNoScheme, quote(scheme+":")+" 后面没有 \"//\"："+quote(page), "no \"//\" after "+quote(scheme+":")+": "+quote(page))
	}

	host := hostOf(rest[2:])
	switch hostKind(host) {
	case hostLoopback:
		ws = warn(ws, CodeURLLocalhost, "主机 "+quote(host)+" 是本机回环地址：企业微信从不校验它（用模拟器没有问题）",
			"host "+quote(host)+" is loopback: WeCom never verifies it (fine for the emulator)")
	case hostIP:
		ws = warn(ws, CodeURLIPHost, "主机 "+quote(host)+" 是 IP 地址：它不能成为可信域名", "host "+quote(host)+" is an IP address: it cannot be a trusted domain")
	}
	return ws
}

func checkTimestamp(ws []Warning, ts string) []Warning {
	switch {
	case ts == "":
		return warn(ws, CodeTimestampNotSeconds, "timestamp 是空的（应为 Unix 秒）", "the timestamp is empty (want Unix seconds)")
	case !allDigits(ts):
		return warn(ws, CodeTimestampNotSeconds, "timestamp 不全是数字（应为 Unix 秒）："+quote(ts), "the timestamp is not all digits (want Unix seconds): "+quote(ts))
	case len(ts) == 13:
		return warn(ws, CodeTimestampNotSeconds, "13 位是毫秒（应为 Unix 秒；除以 1000）："+quote(ts), "13 digits are milliseconds (want Unix seconds; divide by 1000): "+quote(ts))
	case len(ts) >= 12:
		return warn(ws, CodeTimestampNotSeconds, strconv.Itoa(len(ts))+" 位数字对 Unix 秒来说太多了："+quote(ts), strconv.Itoa(len(ts))+" digits are too many for Unix seconds: "+quote(ts))
	}
	return ws
}

func checkNonce(ws []Warning, nonce string) []Warning {
	if nonce == "" {
		return warn(ws, CodeNonceEmpty, "nonceStr 是空的", "the nonceStr is empty")
	}
	for i, r := range nonce {
		if !isNonceRune(r) {
			ws = warn(ws, CodeNonceInvalid, "第 "+strconv.Itoa(i)+" 字节的字符 "+strconv.QuoteRuneToASCII(r)+" 不在 [A-Za-z0-9_-] 之内（wecomdev 自己的谨慎）："+quote(nonce),
				"character "+strconv.QuoteRuneToASCII(r)+" at byte "+strconv.Itoa(i)+" is outside [A-Za-z0-9_-] (our own caution): "+quote(nonce))
			break
		}
	}
	if n := utf8.RuneCountInString(nonce); n > MaxNonceLength {
		ws = warn(ws, CodeNonceInvalid, strconv.Itoa(n)+" 个字符，超过了 wecomdev 自己的上限 "+strconv.Itoa(MaxNonceLength)+"："+quote(nonce),
			strconv.Itoa(n)+" characters, more than our own limit of "+strconv.Itoa(MaxNonceLength)+": "+quote(nonce))
	}
	return ws
}

func isNonceRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-'
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isSpace reports the characters that sneak into a pasted URL at its ends: Unicode white
// space (which includes NBSP and the ideographic space U+3000) and the zero-width ones.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || isZeroWidth(r)
}

func isZeroWidth(r rune) bool {
	return r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff'
}

// innerSpace finds the first raw space, control character or zero-width character in s.
// Invalid UTF-8 is not reported here.
func innerSpace(s string) (int, rune) {
	for i, r := range s {
		if r == utf8.RuneError {
			continue
		}
		if unicode.IsSpace(r) || unicode.IsControl(r) || isZeroWidth(r) {
			return i, r
		}
	}
	return -1, 0
}

// isEncodedURL reports whether s starts with a scheme followed by an encoded "://"
// (once or more: "%3A%2F%2F", "%253A%252F%252F").
func isEncodedURL(s string) bool {
	i := SchemeLen(s)
	if i == 0 {
		return false
	}
	rest := strings.ToUpper(s[i:])
	for _, enc := range []string{"%3A%2F%2F", "%253A%252F%252F", "%25253A%25252F%25252F"} {
		if strings.HasPrefix(rest, enc) {
			return true
		}
	}
	return false
}

// indexDoubleEncoded returns the index of the first "%25" followed by two hex digits.
func indexDoubleEncoded(s string) int {
	for i := 0; i+5 <= len(s); i++ {
		if s[i] == '%' && s[i+1] == '2' && s[i+2] == '5' && isHex(s[i+3]) && isHex(s[i+4]) {
			return i
		}
	}
	return -1
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// indexHTMLAmp returns the index of the first HTML entity for "&" ("&amp;", "&#38;",
// "&#x26;", any case).
func indexHTMLAmp(s string) int {
	best := -1
	lower := strings.ToLower(s)
	if len(lower) != len(s) { // ToLower changed byte lengths (odd Unicode): search s as is
		lower = s
	}
	for _, e := range []string{"&amp;", "&#38;", "&#x26;"} {
		if i := strings.Index(lower, e); i >= 0 && (best < 0 || i < best) {
			best = i
		}
	}
	return best
}

// SchemeLen returns the length of the RFC 3986 scheme characters at the start of s
// (ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )), 0 if none.
func SchemeLen(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return i
		}
	}
	return len(s)
}

// schemeEnd returns the index of the ':' that ends a scheme at the start of s, or -1.
func schemeEnd(s string) int {
	if i := SchemeLen(s); i > 0 && i < len(s) && s[i] == ':' {
		return i
	}
	return -1
}

// splitScheme splits "scheme:rest". "host:port…" ("a.com:8080/p", "localhost:3000") is
// not a scheme: it reports ok = false.
func splitScheme(s string) (scheme, rest string, ok bool) {
	i := schemeEnd(s)
	if i < 0 {
		return "", s, false
	}
	scheme, rest = s[:i], s[i+1:]
	j := 0
	for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
		j++
	}
	if j > 0 && (j == len(rest) || rest[j] == '/' || rest[j] == '?') {
		return "", s, false // a port
	}
	return scheme, rest, true
}

// hostOf returns the lower-cased host of an authority-first string ("user@Host:port/p?q"),
// without brackets for an IPv6 literal and without a trailing dot.
func hostOf(s string) string {
	if i := strings.IndexAny(s, "/?\\"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	if strings.HasPrefix(s, "[") {
		if i := strings.IndexByte(s, ']'); i >= 0 {
			return strings.ToLower(s[1:i])
		}
		return strings.ToLower(s[1:])
	}
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSuffix(strings.ToLower(s), ".")
}

type hostClass int

const (
	hostName hostClass = iota
	hostLoopback
	hostIP
)

// hostKind classifies a host from hostOf. Like browsers (WHATWG URL), a host whose last
// label is numeric is an IPv4 address even in short or hex forms ("127.1", "0x7f.1").
func hostKind(host string) hostClass {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return hostLoopback
	}
	if strings.Contains(host, ":") { // an IPv6 literal (brackets already removed)
		zone := strings.ReplaceAll(host, "%25", "%")
		if a, err := netip.ParseAddr(zone); err == nil && a.Unmap().IsLoopback() {
			return hostLoopback
		}
		return hostIP
	}
	if a, err := netip.ParseAddr(host); err == nil {
		if a.IsLoopback() {
			return hostLoopback
		}
		return hostIP
	}
	last := host
	if i := strings.LastIndexByte(host, '.'); i >= 0 {
		last = host[i+1:]
	}
	if last != "" && (allDigits(last) || strings.HasPrefix(last, "0x") && allHex(last[2:])) {
		first := host
		if i := strings.IndexByte(host, '.'); i >= 0 {
			first = host[:i]
		}
		if first == "127" || first == "0x7f" || first == "0177" {
			return hostLoopback
		}
		return hostIP
	}
	return hostName
}

func allHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return true
}

// quote quotes s for a Detail or a DetailZh, cut to fragmentRunes runes ("…" marks the cut).
func quote(s string) string {
	return strconv.Quote(truncate(s, fragmentRunes))
}

func truncate(s string, runes int) string {
	n := 0
	for i := range s {
		if n == runes {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// around quotes the part of s near byte i: up to 20 runes before it and the rest up to
// the usual fragment length.
func around(s string, i int) string {
	start := i
	for n := 0; n < 20 && start > 0; n++ {
		_, size := utf8.DecodeLastRuneInString(s[:start])
		start -= size
	}
	prefix := ""
	if start > 0 {
		prefix = "…"
	}
	return strconv.Quote(prefix + truncate(s[start:], fragmentRunes))
}

// quoteEnds quotes the whitespace around trimmed in raw, with a short piece of the URL.
func quoteEnds(raw, trimmed string) string {
	i := strings.Index(raw, trimmed)
	head, tail := raw[:i], raw[i+len(trimmed):]
	mid := trimmed
	if utf8.RuneCountInString(mid) > 20 {
		mid = truncate(mid, 10) + tailRunes(mid, 10)
	}
	return strconv.Quote(truncate(head, 20) + mid + truncate(tail, 20))
}

// tailRunes returns the last n runes of s.
func tailRunes(s string, n int) string {
	end := len(s)
	for ; n > 0 && end > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:end])
		end -= size
	}
	return s[end:]
}
