package callback

import (
	"crypto/aes"
	"crypto/cipher"
	"testing"
)

// encryptBlocks is AES-256-CBC with WeCom's IV and no padding, for hand-made plaintexts.
func encryptBlocks(t *testing.T, c *Crypter, plain []byte) []byte {
	t.Helper()
	block, err := aes.NewCipher(c.key)
	if err != nil {
		t.Fatal(err)
	}
	out := append([]byte(nil), plain...)
	cipher.NewCBCEncrypter(block, c.key[:aes.BlockSize]).CryptBlocks(out, out)
	return out
}
