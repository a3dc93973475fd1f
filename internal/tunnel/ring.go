package tunnel

import (
	"strings"
	"sync"
	"unicode/utf8"
)

// Output bounds: how many lines a tunnel keeps, and how long one may be.
const (
	outputLines   = 500
	maxLineLength = 2000
)

// ring keeps the last lines of output.
type ring struct {
	mu    sync.Mutex
	buf   []string
	start int // index of the oldest line once full
}

func newRing(n int) *ring { return &ring{buf: make([]string, 0, n)} }

// add stores a line (control characters dropped, cut to maxLineLength) and returns it.
func (r *ring) add(l string) string {
	l = cleanLine(l)
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.buf) < cap(r.buf) {
		r.buf = append(r.buf, l)
		return l
	}
	r.buf[r.start] = l
	r.start = (r.start + 1) % len(r.buf)
	return l
}

func (r *ring) lines() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.buf))
	out = append(out, r.buf[r.start:]...)
	return append(out, r.buf[:r.start]...)
}

// cleanLine drops a trailing CR, terminal escape sequences (colours: cloudflared and frpc
// print them) and other control characters, and cuts the line to maxLineLength bytes.
func cleanLine(l string) string {
	l = strings.TrimRight(l, "\r")
	var b strings.Builder
	for i := 0; i < len(l); {
		c := l[i]
		if c == 0x1b { // ESC [ … final byte
			i++
			if i < len(l) && l[i] == '[' {
				i++
				for i < len(l) && (l[i] < 0x40 || l[i] > 0x7e) {
					i++
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(l[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
		} else if r == '\t' || r >= 0x20 && r != 0x7f {
			b.WriteString(l[i : i+size])
		}
		i += size
		if b.Len() >= maxLineLength {
			break
		}
	}
	return b.String()
}
