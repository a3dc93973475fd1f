// Package jssdk computes WeCom JS-SDK signatures (wx.config / wx.agentConfig,
// getConfigSignature / getAgentConfigSignature) and explains them: the sign string, the
// URL that was really signed, and warnings for the inputs that most often end in
// "invalid signature" (a hash in the URL, an encoded or HTML-escaped URL, milliseconds
// instead of seconds, and so on).
//
// The algorithm (WeCom doc 96909): string1 = "jsapi_ticket=" + ticket + "&noncestr=" +
// nonceStr + "&timestamp=" + timestamp + "&url=" + url, in that fixed order and with no
// encoding of any part; url is the full page URL without "#" and what follows; the
// signature is the lowercase hex SHA-1 of string1. The corp ticket signs wx.config and
// the app (agent_config) ticket signs wx.agentConfig; the algorithm is the same.
package jssdk

import (
	"crypto/rand"
	"crypto/sha1"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// Kind says which ticket signs: the corp ticket or the app (agent) ticket.
type Kind string

const (
	// KindCorp is the corp ticket (get_jsapi_ticket): wx.config / getConfigSignature.
	KindCorp Kind = "corp"
	// KindAgent is the app ticket (ticket/get?type=agent_config): wx.agentConfig /
	// getAgentConfigSignature.
	KindAgent Kind = "agent"
)

// The fixed parts of the sign string, in order.
const (
	keyTicket    = "jsapi_ticket="
	keyNonce     = "&noncestr="
	keyTimestamp = "&timestamp="
	keyURL       = "&url="
)

// SignString builds "jsapi_ticket=T&noncestr=N&timestamp=TS&url=U": fixed order, nothing
// encoded. The URL is used as given; the caller cuts the hash (see CutHash).
func SignString(ticket, nonceStr, timestamp, url string) string {
	return keyTicket + ticket + keyNonce + nonceStr + keyTimestamp + timestamp + keyURL + url
}

// stackSignString is the sign-string length Signature builds without a heap allocation.
// A real sign string is ~200 bytes (a 86-char ticket plus the page URL).
const stackSignString = 1024

// Signature is the lowercase hex SHA-1 of SignString(ticket, nonceStr, timestamp, url).
// It sits on the dev server's hot path: the sign string is built in a stack buffer (when
// it fits) and hashed with sha1.Sum, so the only allocation is the returned string.
func Signature(ticket, nonceStr, timestamp, url string) string {
	n := len(keyTicket) + len(ticket) + len(keyNonce) + len(nonceStr) +
		len(keyTimestamp) + len(timestamp) + len(keyURL) + len(url)
	var stack [stackSignString]byte
	var buf []byte
	if n <= len(stack) {
		buf = stack[:0]
	} else {
		buf = make([]byte, 0, n)
	}
	buf = append(buf, keyTicket...)
	buf = append(buf, ticket...)
	buf = append(buf, keyNonce...)
	buf = append(buf, nonceStr...)
	buf = append(buf, keyTimestamp...)
	buf = append(buf, timestamp...)
	buf = append(buf, keyURL...)
	buf = append(buf, url...)
	sum := sha1.Sum(buf)
	var out [2 * sha1.Size]byte
	hex.Encode(out[:], sum[:])
	return string(out[:])
}

// CutHash returns url without "#" and everything after it, as @wecom/jssdk does with
// location.href before it asks for a signature. A URL without "#" comes back unchanged.
func CutHash(url string) string {
	if i := strings.IndexByte(url, '#'); i >= 0 {
		return url[:i]
	}
	return url
}

// nonceAlphabet is what NewNonce draws from: [A-Za-z0-9].
const nonceAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// NonceLength is the length of a NewNonce nonceStr (the official example's length).
const NonceLength = 16

// NewNonce returns a random 16-character [A-Za-z0-9] nonceStr from crypto/rand, without
// modulo bias (bytes ≥ 248 = 4×62 are drawn again).
func NewNonce() string {
	var out [NonceLength]byte
	var pool [32]byte
	for n := 0; n < len(out); {
		// crypto/rand.Read never returns an error (Go ≥ 1.24: it crashes the program
		// instead of handing out predictable bytes).
		_, _ = rand.Read(pool[:])
		for _, b := range pool {
			if int(b) >= 4*len(nonceAlphabet) {
				continue
			}
			out[n] = nonceAlphabet[int(b)%len(nonceAlphabet)]
			n++
			if n == len(out) {
				break
			}
		}
	}
	return string(out[:])
}

// Timestamp formats t as Unix seconds, a decimal string, as the SDK expects.
func Timestamp(t time.Time) string {
	return strconv.FormatInt(t.Unix(), 10)
}
