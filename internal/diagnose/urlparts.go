package diagnose

import (
	"strconv"
	"strings"
	"unicode"

	"wecomdev/internal/jssdk"
)

// URLParts is a URL cut into its pieces exactly as given: nothing is decoded, lower-cased
// or dropped, the delimiters stay with their piece ("://", ":8080", "?a=1", "#/r"), and
// String joins the pieces back into the input byte for byte. ParseURL never fails: a
// piece it cannot find is empty.
type URLParts struct {
	Lead      string `json:"lead"`      // leading whitespace
	Scheme    string `json:"scheme"`    // "https", without the ':'; "" when none
	Separator string `json:"separator"` // "://" normally; ":/", ":" or "//" (no scheme) when odd
	UserInfo  string `json:"userInfo"`  // "user:pw@", with the '@'
	Host      string `json:"host"`      // as written ("[::1]" keeps its brackets)
	Port      string `json:"port"`      // ":8080", with the ':'
	Path      string `json:"path"`
	Query     string `json:"query"` // "?a=1", with the '?'
	Hash      string `json:"hash"`  // "#/orders", with the '#'
	Trail     string `json:"trail"` // trailing whitespace
}

// String joins the pieces: ParseURL(s).String() == s for every s.
func (u URLParts) String() string {
	return u.Lead + u.Scheme + u.Separator + u.UserInfo + u.Host + u.Port + u.Path + u.Query + u.Hash + u.Trail
}

// ParseURL cuts s leniently: whitespace at the ends, then the first '#', then the first
// '?', then a scheme (letters followed by ':' and any number of slashes; "host:8080" is
// a port, not a scheme), then the authority up to the first '/'. "//host/p" and
// "host/p" have an authority without a scheme; "/p" is a path alone.
func ParseURL(s string) URLParts {
	var u URLParts
	var rest string
	u.Lead, rest, u.Trail = splitSpace(s)
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		rest, u.Hash = rest[:i], rest[i:]
	}
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		rest, u.Query = rest[:i], rest[i:]
	}
	switch n := schemeColon(rest); {
	case n > 0:
		j := n + 1
		for j < len(rest) && (rest[j] == '/' || rest[j] == '\\') {
			j++
		}
		u.Scheme, u.Separator, rest = rest[:n], rest[n:j], rest[j:]
	case strings.HasPrefix(rest, "//"):
		u.Separator, rest = "//", rest[2:]
	case strings.HasPrefix(rest, "/"), rest == "":
		u.Path = rest
		return u
	}
	end := strings.IndexByte(rest, '/')
	if end < 0 {
		end = len(rest)
	}
	auth := rest[:end]
	u.Path = rest[end:]
	if i := strings.LastIndexByte(auth, '@'); i >= 0 {
		u.UserInfo, auth = auth[:i+1], auth[i+1:]
	}
	if strings.HasPrefix(auth, "[") {
		if j := strings.IndexByte(auth, ']'); j >= 0 && (j+1 == len(auth) || auth[j+1] == ':') {
			u.Host, u.Port = auth[:j+1], auth[j+1:]
			return u
		}
		u.Host = auth
		return u
	}
	if i := strings.LastIndexByte(auth, ':'); i >= 0 {
		u.Host, u.Port = auth[:i], auth[i:]
	} else {
		u.Host = auth
	}
	return u
}

// schemeColon returns the index of the ':' that ends a scheme at the start of s, or 0.
// "a.com:8080/p" and "localhost:3000" have a port there, not a scheme.
func schemeColon(s string) int {
	n := jssdk.SchemeLen(s)
	if n == 0 || n >= len(s) || s[n] != ':' {
		return 0
	}
	j := n + 1
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j > n+1 && (j == len(s) || s[j] == '/') {
		return 0
	}
	return n
}

// defaultPort is the port a browser drops from location.href for a scheme.
func defaultPort(scheme string) string {
	switch strings.ToLower(scheme) {
	case "https":
		return ":443"
	case "http":
		return ":80"
	}
	return ""
}

// isSpace: Unicode white space (NBSP, U+3000 included) and the zero-width characters
// that sneak into a pasted URL.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff'
}

// splitSpace splits s into its leading whitespace, the middle and its trailing whitespace.
func splitSpace(s string) (lead, mid, trail string) {
	mid = strings.TrimLeftFunc(s, isSpace)
	lead = s[:len(s)-len(mid)]
	t := strings.TrimRightFunc(mid, isSpace)
	return lead, t, mid[len(t):]
}

// ---- percent-encoding ----

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// decodeOnce replaces every valid %XX with its byte; invalid sequences stay as they are.
// With plus, '+' becomes a space (form encoding, which URLSearchParams writes).
func decodeOnce(s string, plus bool) string {
	if !strings.ContainsRune(s, '%') && (!plus || !strings.ContainsRune(s, '+')) {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' && i+2 < len(s) {
			hi, ok1 := unhex(s[i+1])
			lo, ok2 := unhex(s[i+2])
			if ok1 && ok2 {
				b = append(b, hi<<4|lo)
				i += 2
				continue
			}
		}
		if c == '+' && plus {
			c = ' '
		}
		b = append(b, c)
	}
	return string(b)
}

// maxDecodeRounds bounds repeated decoding (a value encoded twice or three times).
const maxDecodeRounds = 3

// decodeFull decodes s until it stops changing (at most maxDecodeRounds times); plus
// applies to the first round only (a '+' that decoding produced is a real '+').
func decodeFull(s string, plus bool) string {
	s = decodeOnce(s, plus)
	for n := 1; n < maxDecodeRounds; n++ {
		d := decodeOnce(s, false)
		if d == s {
			break
		}
		s = d
	}
	return s
}

// isWholeEncoded reports a URL percent-encoded as a whole, once or more: a scheme
// followed by an encoded "://" ("https%3A%2F%2F…", "https%253A%252F%252F…").
func isWholeEncoded(s string) bool {
	n := jssdk.SchemeLen(s)
	if n == 0 || !strings.HasPrefix(s[n:], "%") {
		return false
	}
	head := s[n:min(len(s), n+40)]
	for range maxDecodeRounds {
		head = decodeOnce(head, false)
		if strings.HasPrefix(head, "://") {
			return true
		}
	}
	return false
}

// decodeWhole decodes a URL encoded as a whole, once per layer, and says how many layers.
func decodeWhole(s string) (int, string) {
	n := 0
	for n < maxDecodeRounds && isWholeEncoded(s) {
		s = decodeOnce(s, false)
		n++
	}
	return n, s
}

// ---- HTML entities for '&' ----

var ampEntities = []string{"&amp;", "&#38;", "&#x26;"}

// entitiesIn lists the '&' entities in s in order, lower-cased.
func entitiesIn(s string) []string {
	var out []string
	for i := 0; i < len(s); i++ {
		if s[i] != '&' {
			continue
		}
		for _, e := range ampEntities {
			if len(s)-i >= len(e) && strings.EqualFold(s[i:i+len(e)], e) {
				out = append(out, e)
				i += len(e) - 1
				break
			}
		}
	}
	return out
}

// unescapeAmp turns every '&' entity back into '&'.
func unescapeAmp(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '&' {
			matched := false
			for _, e := range ampEntities {
				if len(s)-i >= len(e) && strings.EqualFold(s[i:i+len(e)], e) {
					b.WriteByte('&')
					i += len(e) - 1
					matched = true
					break
				}
			}
			if matched {
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// ---- quoting fragments in messages ----

// fragmentRunes is how much of a fragment a message quotes.
const fragmentRunes = 60

// q quotes s for a message (Go syntax, so a newline shows as \n), cut to fragmentRunes.
func q(s string) string {
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
