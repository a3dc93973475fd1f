package jssdk

import (
	"crypto/sha1"
	"encoding/hex"
	"testing"
)

// benchURL makes a realistic 200-byte sign string with the official ticket (86 chars).
const benchURL = "https://h5.example.com/app/order?id=123&from=menu"

var sink string

// BenchmarkBaselineSHA1 is the floor: hex SHA-1 of a prebuilt 200-byte sign string.
func BenchmarkBaselineSHA1(b *testing.B) {
	buf := []byte(SignString(officialTicket, officialNonce, officialTimestamp, benchURL))
	if len(buf) != 200 {
		b.Fatalf("sign string has %d bytes, want 200", len(buf))
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(buf)))
	for b.Loop() {
		sum := sha1.Sum(buf)
		var out [2 * sha1.Size]byte
		hex.Encode(out[:], sum[:])
		sink = string(out[:])
	}
}

// BenchmarkSignature is Signature with realistic inputs (the same 200-byte sign string).
func BenchmarkSignature(b *testing.B) {
	n := len(SignString(officialTicket, officialNonce, officialTimestamp, benchURL))
	b.ReportAllocs()
	b.SetBytes(int64(n))
	for b.Loop() {
		sink = Signature(officialTicket, officialNonce, officialTimestamp, benchURL)
	}
}

// BenchmarkExplain is the full breakdown (sign, mask, check) for the same inputs.
func BenchmarkExplain(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		bd := Explain(KindCorp, officialTicket, officialNonce, officialTimestamp, benchURL)
		sink = bd.Signature
	}
}
