package callback

import (
	"bytes"
	"testing"
)

// The fuzz targets feed outside input (what a server or an attacker sends) to the decrypting
// side. The seed corpus is testdata/fuzz/<target>; run longer with
// go test -fuzz=FuzzDecrypt -fuzztime=1m ./internal/callback/.

func fuzzCrypter(t *testing.T) *Crypter {
	c, err := NewCrypter(sampleToken, sampleAESKey, sampleReceiveID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// FuzzDecrypt: Decrypt and Open never panic, and what Decrypt accepts re-encrypts to itself.
func FuzzDecrypt(f *testing.F) {
	f.Add(sampleVerifyEcho)
	f.Fuzz(func(t *testing.T, enc string) {
		c := fuzzCrypter(t)
		msg, err := c.Decrypt(enc)
		_, _, _ = c.Open(enc)
		if err != nil {
			return
		}
		again, err := c.Encrypt(msg)
		if err != nil {
			t.Fatal(err)
		}
		back, err := c.Decrypt(again)
		if err != nil || !bytes.Equal(back, msg) {
			t.Fatalf("round trip of an accepted text: %v", err)
		}
	})
}

// FuzzVerifyURL: the GET check never panics and accepts only a matching signature.
func FuzzVerifyURL(f *testing.F) {
	f.Add(sampleVerifySig, sampleVerifyTS, sampleVerifyNonce, sampleVerifyEcho)
	f.Fuzz(func(t *testing.T, sig, ts, nonce, echostr string) {
		c := fuzzCrypter(t)
		if _, err := c.VerifyURL(sig, ts, nonce, echostr); err == nil && sig != c.Signature(ts, nonce, echostr) {
			t.Fatal("accepted a signature that does not match")
		}
	})
}

// FuzzDecryptMsg: the POST path (XML parse, signature, decryption) never panics.
func FuzzDecryptMsg(f *testing.F) {
	f.Add(samplePostSig, samplePostTS, samplePostNonce, []byte(samplePostBody))
	f.Fuzz(func(t *testing.T, sig, ts, nonce string, body []byte) {
		_, _ = fuzzCrypter(t).DecryptMsg(sig, ts, nonce, body)
	})
}
