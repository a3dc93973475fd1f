package jssdk

import (
	"strings"
	"testing"
)

// FuzzCheck: Check and Explain never panic; Explain signs the cut URL, shows no '#' in
// SignedURL, never shows a ticket of 8 or more bytes, and always has a non-nil Warnings.
func FuzzCheck(f *testing.F) {
	seeds := []struct{ ticket, nonce, ts, url string }{
		{officialTicket, officialNonce, officialTimestamp, officialURL},
		{"", "", "", ""},
		{"ticket-12345678", "n", "1414587457123", " https%253A%252F%252Fa.com#x\n"},
		{"&noncestr=", "&noncestr=", "1", "http://[::1]:80/?a=1&amp;b&#38;c"},
		{"abcdefgh", "abcdabcdefghefgh", "x", "http://abcdefgh.localhost/#abcdefgh"},
		{"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8", "\xff", "\xff", "http://127.1/\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8"},
		{"sM4AOVdW", "x", "1", "https://[fe80::1%25en0]:8080/p?q=%2520\u3000"},
		{"tttttttt", "ttttttt", "tttttttttt", "tttttttttttttttt"},
	}
	for _, s := range seeds {
		f.Add(s.ticket, s.nonce, s.ts, s.url)
	}
	f.Fuzz(func(t *testing.T, ticket, nonce, ts, url string) {
		if ws := Check(nonce, ts, url); ws == nil {
			t.Fatal("Check returned nil")
		}
		for _, kind := range []Kind{KindCorp, KindAgent} {
			b := Explain(kind, ticket, nonce, ts, url)
			if b.Warnings == nil {
				t.Fatal("Explain returned nil Warnings")
			}
			if strings.Contains(b.SignedURL, "#") {
				t.Fatalf("SignedURL %q contains '#'", b.SignedURL)
			}
			if len(ticket) >= minScrub && strings.Contains(b.SignStringMasked, ticket) {
				t.Fatalf("SignStringMasked %q contains the ticket %q", b.SignStringMasked, ticket)
			}
			if want := Signature(ticket, nonce, ts, CutHash(url)); b.Signature != want {
				t.Fatalf("Signature = %s, want %s", b.Signature, want)
			}
		}
		if got, want := Signature(ticket, nonce, ts, url), sha1Hex(SignString(ticket, nonce, ts, url)); got != want {
			t.Fatalf("Signature = %s, want %s", got, want)
		}
	})
}

// FuzzCutHash: the result is the input up to its first '#', and cutting twice changes nothing.
func FuzzCutHash(f *testing.F) {
	for _, s := range []string{"", "#", "https://a.com/p?x=1", "https://a.com/#/r?x=1#y", "a%23b#c", "\xff#\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, url string) {
		got := CutHash(url)
		if strings.Contains(got, "#") {
			t.Fatalf("CutHash(%q) = %q contains '#'", url, got)
		}
		if !strings.HasPrefix(url, got) {
			t.Fatalf("CutHash(%q) = %q is not a prefix", url, got)
		}
		if rest := url[len(got):]; rest != "" && rest[0] != '#' {
			t.Fatalf("CutHash(%q) = %q cut before a non-'#' %q", url, got, rest)
		}
		if CutHash(got) != got {
			t.Fatalf("CutHash is not idempotent on %q", url)
		}
	})
}
