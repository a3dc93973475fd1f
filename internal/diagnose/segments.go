package diagnose

// Segment is a run of one URL that is the same in the other URL or differs from it.
type Segment struct {
	Text    string `json:"text"`
	Differs bool   `json:"differs"`
	// Ignored marks the page's own "#…": shown, but not compared (the SDK cuts it).
	Ignored bool `json:"ignored,omitempty"`
}

// maxLCSCells bounds the token diff's table; beyond it the middle is marked as one
// differing run (a URL pair that large is garbage anyway).
const maxLCSCells = 1 << 18

// segments diffs a and b on URL tokens (runs between delimiters, and each delimiter):
// the common prefix and suffix, then a longest common subsequence of what is left. Each
// side's segments join back into its input; both are non-nil.
func segments(a, b string) ([]Segment, []Segment) {
	ta, tb := tokenize(a), tokenize(b)
	pre := 0
	for pre < len(ta) && pre < len(tb) && ta[pre] == tb[pre] {
		pre++
	}
	suf := 0
	for suf < len(ta)-pre && suf < len(tb)-pre && ta[len(ta)-1-suf] == tb[len(tb)-1-suf] {
		suf++
	}
	ma, mb := ta[pre:len(ta)-suf], tb[pre:len(tb)-suf]
	da, db := make([]bool, len(ma)), make([]bool, len(mb)) // differs, per middle token
	if (len(ma)+1)*(len(mb)+1) > maxLCSCells {
		for i := range da {
			da[i] = true
		}
		for i := range db {
			db[i] = true
		}
	} else {
		lcsMark(ma, mb, da, db)
	}
	return build(a, ta, pre, da), build(b, tb, pre, db)
}

// lcsMark marks the tokens of a and b outside one longest common subsequence.
func lcsMark(a, b []string, da, db []bool) {
	n, m := len(a), len(b)
	w := m + 1
	l := make([]int32, (n+1)*w) // l[i*w+j]: LCS length of a[i:] and b[j:]
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			switch {
			case a[i] == b[j]:
				l[i*w+j] = l[(i+1)*w+j+1] + 1
			case l[(i+1)*w+j] >= l[i*w+j+1]:
				l[i*w+j] = l[(i+1)*w+j]
			default:
				l[i*w+j] = l[i*w+j+1]
			}
		}
	}
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			i++
			j++
		case l[(i+1)*w+j] >= l[i*w+j+1]:
			da[i] = true
			i++
		default:
			db[j] = true
			j++
		}
	}
	for ; i < n; i++ {
		da[i] = true
	}
	for ; j < m; j++ {
		db[j] = true
	}
}

// build joins the tokens of s into segments: pre equal tokens, then the middle as
// marked, then the rest equal; neighbours with the same mark merge.
func build(s string, tokens []string, pre int, differs []bool) []Segment {
	out := []Segment{}
	start, pos := 0, 0
	for i, t := range tokens {
		d := i >= pre && i < pre+len(differs) && differs[i-pre]
		if k := len(out) - 1; k >= 0 && out[k].Differs == d {
			pos += len(t)
			out[k].Text = s[start:pos]
			continue
		}
		start = pos
		pos += len(t)
		out = append(out, Segment{Text: s[start:pos], Differs: d})
	}
	return out
}

// isDelim: the bytes that split a URL into tokens. Multi-byte runes never split (their
// bytes are all ≥ 0x80).
func isDelim(c byte) bool {
	switch c {
	case ':', '/', '?', '#', '&', '=', ';', '@', '.', ',', '+', '!', '$', '\'', '(', ')', '*', '[', ']',
		' ', '\t', '\r', '\n', '\f', '\v':
		return true
	}
	return false
}

func tokenize(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if !isDelim(s[i]) {
			continue
		}
		if start < i {
			out = append(out, s[start:i])
		}
		out = append(out, s[i:i+1])
		start = i + 1
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}
