package jssdk

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxURLBytes is our own limit on a URL's length; WeCom documents none. It is the one
// limit of the whole console: the signer (engine, `wecomdev sign`), the dev server's url
// parameter and pageUrl field refuse a longer URL (ValidatePageURL) and Check warns about
// one (CodeURLTooLong, whose zh-CN and en-US texts name 4096).
const MaxURLBytes = 4096

// ErrURLInvalid: the URL cannot be signed at all (the softer problems are Check's
// warnings). ValidatePageURL's errors are *URLError, which wrap it.
var ErrURLInvalid = errors.New("invalid URL")

// URLProblem says why ValidatePageURL refused a URL.
type URLProblem int

const (
	URLEmpty   URLProblem = iota + 1 // empty or only whitespace
	URLTooLong                       // longer than MaxURLBytes
	URLNotUTF8                       // not valid UTF-8
	URLControl                       // a line break or NUL inside (header-injection material)
)

// URLError is a URL ValidatePageURL refused and why. Callers that answer in their own
// words (the dev server's JSON errors) switch on Problem; the message is the signer's.
type URLError struct {
	Problem URLProblem
	Bytes   int // the URL's length
}

func (e *URLError) Error() string {
	var why string
	switch e.Problem {
	case URLEmpty:
		why = "the URL is empty; give the page URL, like https://h5.example.com/page?x=1"
	case URLTooLong:
		why = fmt.Sprintf("%d bytes is longer than the %d we sign", e.Bytes, MaxURLBytes)
	case URLNotUTF8:
		why = "it is not valid UTF-8"
	default:
		why = "it contains a line break or NUL; pass location.href, not text around it"
	}
	return ErrURLInvalid.Error() + ": " + why
}

func (e *URLError) Unwrap() error { return ErrURLInvalid }

// ValidatePageURL refuses what cannot be a page URL to sign: longer than MaxURLBytes,
// empty (or only whitespace), not UTF-8, or with a line break or NUL. It checks in that
// order (the length first: nothing else is read of a huge value) and returns a
// *URLError, or nil.
func ValidatePageURL(u string) error {
	p := URLProblem(0)
	switch {
	case len(u) > MaxURLBytes:
		p = URLTooLong
	case strings.TrimSpace(u) == "":
		p = URLEmpty
	case !utf8.ValidString(u):
		p = URLNotUTF8
	case strings.ContainsAny(u, "\r\n\x00"):
		p = URLControl
	default:
		return nil
	}
	return &URLError{Problem: p, Bytes: len(u)}
}
