// Package devutil holds the few helpers the dev server and its proxy (internal/devserver
// and internal/devserver/proxy) both use, so that neither keeps a copy.
package devutil

import (
	"io"
	"log"
	"net/netip"
	"strings"
	"unicode/utf8"
)

// IsLoopback: localhost, *.localhost, 127.0.0.0/8 and ::1 (host in lower case, brackets
// allowed).
func IsLoopback(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	a, err := netip.ParseAddr(strings.Trim(host, "[]"))
	return err == nil && a.IsLoopback()
}

// TruncateUTF8 cuts s to at most n bytes without splitting a UTF-8 sequence.
func TruncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// DiscardLogger is an http.Server's or a ReverseProxy's ErrorLog that writes nothing:
// their errors reach the request log instead.
func DiscardLogger() *log.Logger { return log.New(io.Discard, "", 0) }
