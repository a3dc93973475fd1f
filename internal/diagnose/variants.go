package diagnose

import (
	"slices"
	"strings"

	"wecomdev/internal/jssdk"
)

// Variant is a URL a backend may have signed instead of the page's, with the finding
// code Diagnose(URL, page) reports for it.
type Variant struct {
	Code string `json:"code"`
	URL  string `json:"url"`
}

// MaxVariants bounds Variants.
const MaxVariants = 64

// maxParamVariants bounds the "without this one parameter" variants.
const maxParamVariants = 8

// Variants returns the plausible URLs a backend may have signed for a page URL
// (location.href; surrounding whitespace is ignored): each differs from the page URL
// without its hash in one of the usual ways (the hash kept, the trailing slash, index.html,
// http↔https, a default port, the host's case, another encoding, &amp;, sorted or
// missing parameters, OAuth's code/state or a share's from=… removed, whitespace, the
// site root). The order is stable, most common first; no duplicates, not the page URL
// itself, at most MaxVariants.
func Variants(pageURL string) []Variant {
	_, raw, _ := splitSpace(pageURL)
	base := jssdk.CutHash(raw)
	vs := &variantSet{seen: map[string]bool{base: true}, out: []Variant{}}
	if base == "" {
		return vs.out
	}
	u := ParseURL(base)
	// with builds a variant from changed parts; "" (skipped) when the result would not
	// parse back into those parts (garbage such as "s://s://" without its scheme).
	with := func(f func(*URLParts)) string {
		c := u
		f(&c)
		if s := c.String(); ParseURL(s) == c {
			return s
		}
		return ""
	}

	if raw != base {
		code := CodeHashIncluded
		if !slices.Equal(entitiesIn(raw), entitiesIn(base)) {
			code = CodeHTMLEscaped // "&#38;": its '#' starts the hash, Diagnose sees an entity
		}
		vs.add(code, raw)
	}

	// The trailing slash, and the default document (not for a scheme with nothing after
	// it, where a new '/' would join the scheme's separator).
	pathOK := u.Host != "" || u.Path != ""
	if pathOK {
		vs.add(CodeTrailingSlash, with(func(c *URLParts) {
			switch {
			case c.Path == "":
				c.Path = "/"
			case c.Path == "/":
				c.Path = ""
			case strings.HasSuffix(c.Path, "/"):
				c.Path = strings.TrimSuffix(c.Path, "/")
			default:
				c.Path += "/"
			}
		}))
	}
	if dir, file := splitIndex(u.Path); file != "" {
		vs.add(CodeIndexFile, with(func(c *URLParts) { c.Path = dir }))
	} else if pathOK && (u.Path == "" || strings.HasSuffix(u.Path, "/")) {
		dir := u.Path
		if dir == "" {
			dir = "/"
		}
		for _, f := range []string{"index.html", "index.htm", "index.php", "index.aspx"} {
			vs.add(CodeIndexFile, with(func(c *URLParts) { c.Path = dir + f }))
		}
	}

	// Scheme and port.
	if u.Scheme != "" {
		swap := map[string]string{"https": "http", "http": "https"}[strings.ToLower(u.Scheme)]
		if swap != "" {
			vs.add(CodeScheme, with(func(c *URLParts) { c.Scheme = swap }))
		}
		if u.Host != "" && u.Separator == "://" {
			vs.add(CodeScheme, with(func(c *URLParts) { c.Scheme, c.Separator = "", "//" }))
			vs.add(CodeScheme, with(func(c *URLParts) { c.Scheme, c.Separator = "", "" }))
		}
	}
	if u.Host != "" {
		if u.Port == "" {
			if p := defaultPort(u.Scheme); p != "" {
				vs.add(CodePort, with(func(c *URLParts) { c.Port = p }))
			}
		} else {
			vs.add(CodePort, with(func(c *URLParts) { c.Port = "" }))
		}
		vs.add(CodeHostCase, with(func(c *URLParts) { c.Host = lowerASCII(c.Host) }))
	}

	// Encodings.
	vs.add(CodeQueryEncoding, with(func(c *URLParts) { c.Path, c.Query = encodeNonASCII(c.Path), encodeNonASCII(c.Query) }))
	vs.add(CodeQueryEncoding, with(func(c *URLParts) { c.Path, c.Query = decodeSafe(c.Path), decodeSafe(c.Query) }))
	vs.add(CodeQueryEncoding, with(func(c *URLParts) { c.Path, c.Query = swapHexCase(c.Path, c.Query) }))
	if u.Scheme != "" && u.Separator == "://" && encodeComponent(u.Scheme) == u.Scheme {
		vs.add(CodeQueryEncoding, encodeComponent(base))
	}
	if strings.Contains(u.Query, "%20") {
		vs.add(CodeQueryEncoding, with(func(c *URLParts) { c.Query = strings.ReplaceAll(c.Query, "%20", "+") }))
	} else if strings.Contains(u.Query, "+") {
		vs.add(CodeQueryEncoding, with(func(c *URLParts) { c.Query = strings.ReplaceAll(c.Query, "+", "%20") }))
	}
	if strings.Contains(u.Query, "%") && !strings.Contains(strings.ToUpper(u.Query), "%25") {
		vs.add(CodeQueryEncoding, with(func(c *URLParts) { c.Query = strings.ReplaceAll(c.Query, "%", "%25") }))
	}

	// The query's parameters.
	pieces := strings.Split(strings.TrimPrefix(u.Query, "?"), "&")
	clean := u.Query != "" && !slices.Contains(pieces, "")
	if clean && len(pieces) > 1 && len(entitiesIn(u.Query)) == 0 {
		vs.add(CodeHTMLEscaped, with(func(c *URLParts) { c.Query = strings.ReplaceAll(c.Query, "&", "&amp;") }))
	}
	if clean {
		sorted := slices.Clone(pieces)
		slices.SortStableFunc(sorted, func(x, y string) int { return strings.Compare(pieceName(x), pieceName(y)) })
		vs.add(CodeQueryOrder, with(func(c *URLParts) { c.Query = joinQuery(sorted) }))
	}
	if u.Query != "" {
		isOAuth := func(p string) bool { return isOAuthParam(decodeFull(pieceName(p), true)) }
		if slices.ContainsFunc(pieces, isOAuth) {
			vs.add(CodeOAuthParams, with(func(c *URLParts) { c.Query = joinQuery(without(pieces, isOAuth)) }))
			for _, name := range []string{"code", "state"} {
				vs.add(CodeOAuthParams, with(func(c *URLParts) {
					c.Query = joinQuery(without(pieces, func(p string) bool { return strings.EqualFold(decodeFull(pieceName(p), true), name) }))
				}))
			}
		}
		isShare := func(p string) bool { return isShareParam(parseParams(p)[0].key) }
		if slices.ContainsFunc(pieces, func(p string) bool { return p != "" && isShare(p) }) {
			vs.add(CodeQueryExtra, with(func(c *URLParts) {
				c.Query = joinQuery(without(pieces, func(p string) bool { return p == "" || isShare(p) }))
			}))
		}
		if slices.ContainsFunc(pieces, func(p string) bool { return p != "" && !isOAuth(p) }) {
			vs.add(CodeQueryExtra, with(func(c *URLParts) { c.Query = "" }))
		}
		n := 0
		for i, p := range pieces {
			if p == "" || isOAuth(p) || n == maxParamVariants {
				continue
			}
			n++
			rest := slices.Delete(slices.Clone(pieces), i, i+1)
			vs.add(CodeQueryExtra, with(func(c *URLParts) {
				c.Query = joinQuery(without(rest, func(p string) bool { return p == "" }))
			}))
		}
	}

	// Whitespace, and the site root (a hard-coded or landing URL).
	vs.add(CodeWhitespace, base+"\n")
	vs.add(CodeWhitespace, base+" ")
	vs.add(CodeWhitespace, " "+base)
	if u.Host != "" && u.Path != "/" && u.Path != "" && decodeFull(u.Path, false) != "/" && pathRelation("/", decodeFull(u.Path, false)) == "" {
		vs.add(CodePath, with(func(c *URLParts) { c.Path = "/" }))
		vs.add(CodePath, with(func(c *URLParts) { c.Path, c.Query = "/", "" }))
	}
	return vs.out
}

type variantSet struct {
	seen map[string]bool
	out  []Variant
}

func (s *variantSet) add(code, url string) {
	if url == "" || s.seen[url] || len(s.out) == MaxVariants {
		return
	}
	if code != CodeWhitespace && !unchangedEnds(url) {
		return // a cut that leaves whitespace at an end ("/p /" without its slash) is a WHITESPACE case
	}
	s.seen[url] = true
	s.out = append(s.out, Variant{Code: code, URL: url})
}

// pieceName is the raw name of a "name=value" piece.
func pieceName(p string) string {
	if i := strings.IndexByte(p, '='); i >= 0 {
		return p[:i]
	}
	return p
}

func without(pieces []string, drop func(string) bool) []string {
	out := make([]string, 0, len(pieces))
	for _, p := range pieces {
		if !drop(p) {
			out = append(out, p)
		}
	}
	return out
}

// joinQuery joins pieces into "?a=1&b=2"; no pieces make no query at all (no bare '?').
func joinQuery(pieces []string) string {
	if len(pieces) == 0 {
		return ""
	}
	return "?" + strings.Join(pieces, "&")
}

func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// unchangedEnds: s has no whitespace at its ends.
func unchangedEnds(s string) bool {
	lead, _, trail := splitSpace(s)
	return lead == "" && trail == ""
}

const upperHex = "0123456789ABCDEF"

// encodeNonASCII percent-encodes the bytes ≥ 0x80, as a browser does for location.href.
func encodeNonASCII(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 {
			b.WriteByte('%')
			b.WriteByte(upperHex[c>>4])
			b.WriteByte(upperHex[c&15])
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// encodeComponent is JavaScript's encodeURIComponent on bytes.
func encodeComponent(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-_.!~*'()", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(upperHex[c>>4])
		b.WriteByte(upperHex[c&15])
	}
	return b.String()
}

// decodeSafe decodes the %XX that do not change a URL's structure: non-ASCII bytes and
// printable ASCII other than the delimiters (# % ? & = + / ;) and the space.
func decodeSafe(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			hi, ok1 := unhex(s[i+1])
			lo, ok2 := unhex(s[i+2])
			if c := hi<<4 | lo; ok1 && ok2 && (c >= 0x80 || c > 0x20 && c < 0x7f && strings.IndexByte("#%?&=+/;", c) < 0) {
				b.WriteByte(c)
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// swapHexCase writes every %XX's letters in lower case, or in upper case when they
// already all are.
func swapHexCase(path, query string) (string, string) {
	lp, lq := hexCase(path, false), hexCase(query, false)
	if lp != path || lq != query {
		return lp, lq
	}
	return hexCase(path, true), hexCase(query, true)
}

func hexCase(s string, upper bool) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] != '%' {
			continue
		}
		if _, ok := unhex(b[i+1]); !ok {
			continue
		}
		if _, ok := unhex(b[i+2]); !ok {
			continue
		}
		for j := i + 1; j <= i+2; j++ {
			switch c := b[j]; {
			case upper && c >= 'a' && c <= 'f':
				b[j] = c - 'a' + 'A'
			case !upper && c >= 'A' && c <= 'F':
				b[j] = c - 'A' + 'a'
			}
		}
		i += 2
	}
	return string(b)
}
