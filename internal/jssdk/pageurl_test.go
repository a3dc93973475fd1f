package jssdk

import (
	"errors"
	"strings"
	"testing"
)

func TestValidatePageURLRefusesWhatCannotBeSignedAndSaysWhy(t *testing.T) {
	long := "https://a.com/" + strings.Repeat("a", MaxURLBytes)
	tests := []struct {
		name string
		url  string
		want URLProblem // 0: accepted
		msg  string
	}{
		{"an ordinary page URL", "https://h5.example.com/page?x=1#top", 0, ""},
		{"a URL exactly at the limit", "https://a.com/" + strings.Repeat("a", MaxURLBytes-len("https://a.com/")), 0, ""},
		{"an empty URL", "", URLEmpty, "invalid URL: the URL is empty; give the page URL"},
		{"only whitespace", " \t ", URLEmpty, "the URL is empty"},
		{"one byte over the limit", long[:MaxURLBytes+1], URLTooLong, "4097 bytes is longer than the 4096 we sign"},
		{"invalid UTF-8", "https://a.com/\xff", URLNotUTF8, "not valid UTF-8"},
		{"a header injection", "https://a.com/\r\nX-Evil: 1", URLControl, "line break or NUL"},
		{"a NUL", "https://a.com/\x00", URLControl, "line break or NUL"},
		{"only whitespace, longer than the limit", strings.Repeat(" ", MaxURLBytes+1), URLTooLong, "longer than the 4096"},
	}
	for _, tc := range tests {
		err := ValidatePageURL(tc.url)
		if tc.want == 0 {
			if err != nil {
				t.Errorf("%s: %v, want nil", tc.name, err)
			}
			continue
		}
		var ue *URLError
		if !errors.Is(err, ErrURLInvalid) || !errors.As(err, &ue) || ue.Problem != tc.want || ue.Bytes != len(tc.url) ||
			!strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: %v (%+v), want problem %d with %q", tc.name, err, ue, tc.want, tc.msg)
		}
	}
}
