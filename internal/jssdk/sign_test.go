package jssdk

import (
	"regexp"
	"testing"
	"time"
)

// The official example of WeCom doc 96909 (§9 of reference/wecom-api.md).
const (
	officialTicket    = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg"
	officialNonce     = "Wm3WZYTPz0wzccnW"
	officialTimestamp = "1414587457"
	officialURL       = "http://mp.weixin.qq.com?params=value"
	officialString    = "jsapi_ticket=sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg&noncestr=Wm3WZYTPz0wzccnW&timestamp=1414587457&url=http://mp.weixin.qq.com?params=value"
	officialSignature = "0f9de62fce790f9a083d5c99e95740ceb90c27ed"
)

func TestSignStringOfTheOfficialExampleMatchesTheDoc(t *testing.T) {
	if got := SignString(officialTicket, officialNonce, officialTimestamp, officialURL); got != officialString {
		t.Fatalf("SignString =\n%s\nwant\n%s", got, officialString)
	}
}

func TestSignatureMatchesKnownVectors(t *testing.T) {
	tests := []struct {
		name                   string
		ticket, nonce, ts, url string
		want                   string
	}{
		{"official example (doc 96909)", officialTicket, officialNonce, officialTimestamp, officialURL, officialSignature},
		{"derived vector (recomputed locally, not official)",
			"bxLdikRXVbTPdHSM05e5u5sUoXNKd8-41ZO3MhKoyN5OfkWITDGgnr2fwJ0m9E8NYzWKVZvdVtaUgWvsdshFKA",
			"Wm3WZYTPz0wzccnW", "1414587457", "https://example.com/page?a=1&b=2",
			"7a4ed819100877cc5b265a83d5fe4db4907549f6"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Signature(tt.ticket, tt.nonce, tt.ts, tt.url); got != tt.want {
				t.Fatalf("Signature = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestSignatureOfALongSignStringEqualsTheShortPathsResult(t *testing.T) {
	// Past the stack buffer Signature builds the string on the heap; the hash must not change.
	long := officialURL + "&pad=" + string(make([]byte, 2*stackSignString))
	if got, want := Signature(officialTicket, officialNonce, officialTimestamp, long),
		sha1Hex(SignString(officialTicket, officialNonce, officialTimestamp, long)); got != want {
		t.Fatalf("Signature = %s, want %s", got, want)
	}
}

func TestSignatureIsLowercaseHex(t *testing.T) {
	if got := Signature("T", "N", "1", "https://a.com/"); !regexp.MustCompile(`^[0-9a-f]{40}$`).MatchString(got) {
		t.Fatalf("Signature = %q, want 40 lowercase hex digits", got)
	}
}

func TestCutHashDropsTheFragment(t *testing.T) {
	tests := map[string]string{
		"":                                     "",
		"https://a.com/p?x=1":                  "https://a.com/p?x=1",
		"https://a.com/p?x=1#frag":             "https://a.com/p?x=1",
		"https://a.com/#/route?y=2":            "https://a.com/",
		"https://a.com/p#":                     "https://a.com/p",
		"https://a.com/p#a#b":                  "https://a.com/p",
		"#only":                                "",
		"https://a.com/p?next=%23encoded-hash": "https://a.com/p?next=%23encoded-hash",
	}
	for in, want := range tests {
		if got := CutHash(in); got != want {
			t.Errorf("CutHash(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNewNonceHas16AlphanumericCharacters(t *testing.T) {
	re := regexp.MustCompile(`^[A-Za-z0-9]{16}$`)
	for range 100 {
		if n := NewNonce(); !re.MatchString(n) {
			t.Fatalf("NewNonce() = %q, want 16 of [A-Za-z0-9]", n)
		}
	}
}

func TestNewNonceDiffersBetweenCalls(t *testing.T) {
	if a, b := NewNonce(), NewNonce(); a == b {
		t.Fatalf("two NewNonce() calls both returned %q", a)
	}
}

func TestNewNoncePassesCheck(t *testing.T) {
	if ws := Check(NewNonce(), officialTimestamp, officialURL); len(ws) != 0 {
		t.Fatalf("Check(NewNonce(), …) = %v, want none", ws)
	}
}

func TestTimestampIsUnixSeconds(t *testing.T) {
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Unix(1414587457, 999_000_000), "1414587457"},
		{time.Unix(0, 0), "0"},
		{time.Date(2025, 1, 2, 3, 4, 5, 0, time.FixedZone("CST", 8*3600)), "1735758245"},
	}
	for _, tt := range tests {
		if got := Timestamp(tt.in); got != tt.want {
			t.Errorf("Timestamp(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
