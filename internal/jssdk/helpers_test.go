package jssdk

import (
	"crypto/sha1"
	"encoding/hex"
)

// sha1Hex is the straightforward reference for Signature.
func sha1Hex(s string) string {
	sum := sha1.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// codes lists the codes of ws in order.
func codes(ws []Warning) []string {
	out := []string{}
	for _, w := range ws {
		out = append(out, w.Code)
	}
	return out
}
