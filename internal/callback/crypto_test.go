package callback

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// WeCom's published sample vectors: the Sample files shipped with the official WXBizMsgCrypt
// libraries (加解密库下载与返回码, developer.work.weixin.qq.com/document/path/90468), e.g.
// sample.go of github.com/sbzhu/weworkapi_golang (the golang download) and Sample.java /
// Sample.cs / Sample.php of the other languages, which carry the same values.
const (
	sampleToken     = "QDG6eK"
	sampleReceiveID = "wx5823bf96d3bd56c7"
	sampleAESKey    = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"

	// 使用示例一：验证回调URL (GET).
	sampleVerifySig   = "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3"
	sampleVerifyTS    = "1409659589"
	sampleVerifyNonce = "263014780"
	sampleVerifyEcho  = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=="

	// 使用示例二：对用户回复的消息解密 (POST).
	samplePostSig   = "477715d11cdb4164915debcba66cb864d751f3e6"
	samplePostTS    = "1409659813"
	samplePostNonce = "1372623149"
	samplePostBody  = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>"
)

func sampleCrypter(t *testing.T) *Crypter {
	t.Helper()
	c, err := NewCrypter(sampleToken, sampleAESKey, sampleReceiveID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestTheOfficialURLVerificationSampleVerifiesAndDecrypts(t *testing.T) {
	c := sampleCrypter(t)
	if got := c.Signature(sampleVerifyTS, sampleVerifyNonce, sampleVerifyEcho); got != sampleVerifySig {
		t.Fatalf("signature %s, the sample says %s", got, sampleVerifySig)
	}
	echo, err := c.VerifyURL(sampleVerifySig, sampleVerifyTS, sampleVerifyNonce, sampleVerifyEcho)
	if err != nil {
		t.Fatal(err)
	}
	// The samples print the plain echostr; it is this decimal string.
	if string(echo) != "1616140317555161061" {
		t.Fatalf("echostr %q", echo)
	}
}

func TestTheOfficialPostSampleVerifiesAndDecryptsToTheMessageXML(t *testing.T) {
	c := sampleCrypter(t)
	msg, err := c.DecryptMsg(samplePostSig, samplePostTS, samplePostNonce, []byte(samplePostBody))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		ToUserName, FromUserName, MsgType, Content string
		AgentID                                    int
	}
	if err := xml.Unmarshal(msg, &m); err != nil {
		t.Fatalf("%v\n%s", err, msg)
	}
	if m.ToUserName != sampleReceiveID || m.FromUserName != "mycreate" || m.MsgType != "text" || m.Content != "hello" || m.AgentID != 218 {
		t.Fatalf("decrypted %+v", m)
	}
}

func TestTheOfficialSampleReplyRoundTripsThroughEncryptMsgAndDecryptMsg(t *testing.T) {
	c := sampleCrypter(t)
	// 使用示例三：企业回复用户消息的加密 (the sample's reply text).
	reply := []byte("<xml><ToUserName><![CDATA[mycreate]]></ToUserName><FromUserName><![CDATA[wx5823bf96d3bd56c7]]></FromUserName><CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[this is a test]]></Content><MsgId>1234567890123456</MsgId><AgentID>128</AgentID></xml>")
	out, err := c.EncryptMsg(reply, samplePostTS, samplePostNonce)
	if err != nil {
		t.Fatal(err)
	}
	var env struct {
		Encrypt, MsgSignature, TimeStamp, Nonce string
	}
	if err := xml.Unmarshal(out, &env); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(out, []byte("<xml><Encrypt><![CDATA[")) || env.TimeStamp != samplePostTS || env.Nonce != samplePostNonce {
		t.Fatalf("envelope %s", out)
	}
	got, err := c.DecryptMsg(env.MsgSignature, env.TimeStamp, env.Nonce, out)
	if err != nil || !bytes.Equal(got, reply) {
		t.Fatalf("%v %q", err, got)
	}
}

func TestSealEventBuildsTheBodyAndSignatureWeComPosts(t *testing.T) {
	c := sampleCrypter(t)
	plain := []byte("<xml><Event><![CDATA[change_external_chat]]></Event></xml>")
	body, sig, err := c.SealEvent(plain, "1700000000", "n1", sampleReceiveID, "1000002")
	if err != nil {
		t.Fatal(err)
	}
	var env struct{ ToUserName, AgentID, Encrypt string }
	if err := xml.Unmarshal(body, &env); err != nil || env.ToUserName != sampleReceiveID || env.AgentID != "1000002" {
		t.Fatalf("%v %s", err, body)
	}
	got, err := c.DecryptMsg(sig, "1700000000", "n1", body)
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("%v %q", err, got)
	}
}

func TestEachFailedCheckHasItsOwnError(t *testing.T) {
	c := sampleCrypter(t)
	otherKey, err := NewCrypter(sampleToken, strings.Repeat("A", 43), sampleReceiveID)
	if err != nil {
		t.Fatal(err)
	}
	suite, err := NewCrypter(sampleToken, sampleAESKey, "ww0suiteid000000")
	if err != nil {
		t.Fatal(err)
	}
	tooLong := sealRaw(t, c, func(p []byte) []byte { binary.BigEndian.PutUint32(p[16:20], 1<<20); return p })
	short := sealRaw(t, c, func(p []byte) []byte { return p[:10] })
	wrongPad := base64.StdEncoding.EncodeToString(encryptBlocks(t, c, append(make([]byte, 31), 5))) // pad 5, but 0s before it
	all := []error{ErrSignature, ErrKeyLength, ErrBase64, ErrPadding, ErrLength, ErrReceiveID, ErrXML}
	cases := []struct {
		name string
		run  func() error
		want error
	}{
		{"a changed signature", func() error {
			_, err := c.VerifyURL(strings.Replace(sampleVerifySig, "5", "6", 1), sampleVerifyTS, sampleVerifyNonce, sampleVerifyEcho)
			return err
		}, ErrSignature},
		{"another token", func() error {
			other, _ := NewCrypter("other", sampleAESKey, sampleReceiveID)
			_, err := other.DecryptMsg(samplePostSig, samplePostTS, samplePostNonce, []byte(samplePostBody))
			return err
		}, ErrSignature},
		{"a 42-character key", func() error { _, err := NewCrypter("t", sampleAESKey[:42], ""); return err }, ErrKeyLength},
		{"a 44-character key", func() error { _, err := NewCrypter("t", sampleAESKey+"=", ""); return err }, ErrKeyLength},
		{"a key with a '+'", func() error { _, err := NewCrypter("t", "+"+sampleAESKey[1:], ""); return err }, ErrKeyLength},
		{"a '+' that became a space", func() error { _, err := c.Decrypt(strings.ReplaceAll(sampleVerifyEcho, "+", " ")); return err }, ErrBase64},
		{"not whole AES blocks", func() error { _, err := c.Decrypt(base64.StdEncoding.EncodeToString([]byte("short"))); return err }, ErrPadding},
		{"another key", func() error { _, err := otherKey.Decrypt(sampleVerifyEcho); return err }, ErrPadding},
		{"padding bytes that differ", func() error { _, err := c.Decrypt(wrongPad); return err }, ErrPadding},
		{"a length field past the end", func() error { _, err := c.Decrypt(tooLong); return err }, ErrLength},
		{"fewer than 20 bytes", func() error { _, err := c.Decrypt(short); return err }, ErrLength},
		{"the suiteid where the corpid was used", func() error { _, err := suite.Decrypt(sampleVerifyEcho); return err }, ErrReceiveID},
		{"a JSON body", func() error { _, err := c.DecryptMsg("x", "1", "2", []byte(`{"Encrypt":"x"}`)); return err }, ErrXML},
		{"XML without Encrypt", func() error { _, err := c.DecryptMsg("x", "1", "2", []byte(`<xml><A>1</A></xml>`)); return err }, ErrXML},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			for _, other := range all {
				if other != tc.want && errors.Is(err, other) {
					t.Fatalf("%v is also %v", err, other)
				}
			}
			if msg := err.Error(); msg != strings.ToLower(msg[:1])+msg[1:] {
				t.Fatalf("error starts with a capital: %s", msg)
			}
		})
	}
}

func TestTheReceiveIDErrorNamesBothIDs(t *testing.T) {
	suite, _ := NewCrypter(sampleToken, sampleAESKey, "ww0suiteid000000")
	_, err := suite.Decrypt(sampleVerifyEcho)
	if err == nil || !strings.Contains(err.Error(), sampleReceiveID) || !strings.Contains(err.Error(), "ww0suiteid000000") {
		t.Fatalf("%v", err)
	}
	msg, id, err := suite.Open(sampleVerifyEcho)
	if err != nil || id != sampleReceiveID || string(msg) != "1616140317555161061" {
		t.Fatalf("open: %v %q %q", err, id, msg)
	}
}

func TestAnEmptyReceiveIDWorksForPersonalThirdPartyApps(t *testing.T) {
	c, err := NewCrypter("t", GenerateAESKey(), "")
	if err != nil {
		t.Fatal(err)
	}
	enc, err := c.Encrypt([]byte("hi"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := c.Decrypt(enc); err != nil || string(got) != "hi" {
		t.Fatalf("%v %q", err, got)
	}
}

func TestCiphertextIsPaddedToThirtyTwoBytes(t *testing.T) {
	c := sampleCrypter(t)
	for n := 0; n < 70; n++ {
		enc, err := c.Encrypt(bytes.Repeat([]byte("x"), n))
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := base64.StdEncoding.DecodeString(enc)
		if len(raw)%32 != 0 {
			t.Fatalf("%d-byte message: %d-byte ciphertext", n, len(raw))
		}
	}
}

func TestGeneratedKeysHaveWeComsShape(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 50; i++ {
		tok, key := GenerateToken(), GenerateAESKey()
		if len(tok) != 32 || len(key) != 43 || seen[key] || seen[tok] {
			t.Fatalf("token %d chars, key %d chars, repeated %v", len(tok), len(key), seen[key] || seen[tok])
		}
		seen[key], seen[tok] = true, true
		for _, s := range []string{tok, key} {
			for _, r := range s {
				if !strings.ContainsRune(keyAlphabet, r) {
					t.Fatalf("%q is not from a-z A-Z 0-9", r)
				}
			}
		}
		if _, err := NewCrypter(tok, key, "ww1"); err != nil {
			t.Fatal(err)
		}
	}
}

func TestKeysNeverPrintTheirValues(t *testing.T) {
	k := Keys{Token: "tok-" + GenerateToken(), EncodingAESKey: GenerateAESKey()}
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		out := fmt.Sprintf(format, k)
		if strings.Contains(out, k.Token) || strings.Contains(out, k.EncodingAESKey) || strings.Contains(out, k.Token[4:20]) || strings.Contains(out, k.EncodingAESKey[3:40]) {
			t.Fatalf("%s prints a secret: %s", format, out)
		}
	}
	if got := fmt.Sprintf("%v", &k); strings.Contains(got, k.EncodingAESKey) {
		t.Fatalf("pointer prints a secret: %s", got)
	}
}

// sealRaw encrypts the official layout after change edits it, to build malformed plaintexts.
func sealRaw(t *testing.T, c *Crypter, change func([]byte) []byte) string {
	t.Helper()
	p := make([]byte, 20, 64)
	binary.BigEndian.PutUint32(p[16:20], 2)
	p = append(p, "hi"...)
	p = append(p, c.receiveID...)
	p = change(p)
	pad := 32 - len(p)%32
	p = append(p, bytes.Repeat([]byte{byte(pad)}, pad)...)
	return base64.StdEncoding.EncodeToString(encryptBlocks(t, c, p))
}

// --- the independent oracle: @wecom/crypto, run by node -------------------------------

// oracleCase is one random round trip; the JSON names are oracle.cjs's.
type oracleCase struct {
	Key       string `json:"key"`
	Token     string `json:"token"`
	ID        string `json:"id"`
	Timestamp string `json:"timestamp"`
	Nonce     string `json:"nonce"`
	Message   string `json:"message"`
	Random    string `json:"random"` // hex of the 16 random bytes Go used
	GoEnc     string `json:"goEnc"`
}

type oracleAnswer struct {
	DecMessage    string `json:"decMessage"`
	DecID         string `json:"decID"`
	Signature     string `json:"signature"`
	SameRandomEnc string `json:"sameRandomEnc"`
	OwnEnc        string `json:"ownEnc"`
}

// TestAThousandRandomRoundTripsAgreeWithTheOfficialNpmPackage: Go encrypts → @wecom/crypto
// decrypts; @wecom/crypto encrypts → Go decrypts; both sign alike; with the same 16 random
// bytes both produce the same ciphertext.
func TestAThousandRandomRoundTripsAgreeWithTheOfficialNpmPackage(t *testing.T) {
	node, err := exec.LookPath("node")
	pkg, _ := filepath.Abs(filepath.Join("..", "..", "frontend", "node_modules", "@wecom", "crypto"))
	if _, statErr := os.Stat(filepath.Join(pkg, "package.json")); err != nil || statErr != nil {
		reason := "node or frontend/node_modules/@wecom/crypto is missing (cd frontend && npm ci)"
		if os.Getenv("CI") != "" {
			t.Fatal(reason)
		}
		t.Skip(reason)
	}
	rng := rand.New(rand.NewPCG(18, 3))
	const n = 1000
	cases := make([]oracleCase, n)
	crypters := make([]*Crypter, n)
	for i := range cases {
		key, tok := GenerateAESKey(), GenerateToken()[:1+rng.IntN(32)]
		id := ""
		if rng.IntN(10) > 0 {
			id = fmt.Sprintf("ww%016x", rng.Uint64())
		}
		c, err := NewCrypter(tok, key, id)
		if err != nil {
			t.Fatal(err)
		}
		random := make([]byte, 16)
		for j := range random {
			random[j] = byte(rng.IntN(256))
		}
		c.rand = bytes.NewReader(random)
		msg := randomText(rng, rng.IntN(600))
		enc, err := c.Encrypt([]byte(msg))
		if err != nil {
			t.Fatal(err)
		}
		crypters[i] = c
		cases[i] = oracleCase{Key: key, Token: tok, ID: id, Timestamp: fmt.Sprint(1_600_000_000 + rng.IntN(1e9)),
			Nonce: randomNonce(rng), Message: msg, Random: hex.EncodeToString(random), GoEnc: enc}
	}
	in, _ := json.Marshal(cases)
	file := filepath.Join(t.TempDir(), "cases.json")
	if err := os.WriteFile(file, in, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(node, filepath.Join("testdata", "oracle.cjs"), pkg, file).Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var answers []oracleAnswer
	if err := json.Unmarshal(out, &answers); err != nil || len(answers) != n {
		t.Fatalf("%v: %d answers", err, len(answers))
	}
	for i, a := range answers {
		c, tc := crypters[i], cases[i]
		if a.DecMessage != tc.Message || a.DecID != tc.ID {
			t.Fatalf("case %d: npm decrypted Go's text to %q / %q", i, a.DecMessage, a.DecID)
		}
		if sig := c.Signature(tc.Timestamp, tc.Nonce, tc.GoEnc); a.Signature != sig {
			t.Fatalf("case %d: signatures differ: npm %s, Go %s", i, a.Signature, sig)
		}
		if a.SameRandomEnc != tc.GoEnc {
			t.Fatalf("case %d: with the same random bytes the ciphertexts differ", i)
		}
		got, err := c.Decrypt(a.OwnEnc)
		if err != nil || string(got) != tc.Message {
			t.Fatalf("case %d: Go decrypting npm's text: %v %q", i, err, got)
		}
		// and through the full POST path, with npm's signature over npm's text
		body := []byte("<xml><ToUserName><![CDATA[" + tc.ID + "]]></ToUserName><Encrypt><![CDATA[" + a.OwnEnc + "]]></Encrypt></xml>")
		if _, err := c.DecryptMsg(c.Signature(tc.Timestamp, tc.Nonce, a.OwnEnc), tc.Timestamp, tc.Nonce, body); err != nil {
			t.Fatalf("case %d: DecryptMsg of npm's text: %v", i, err)
		}
	}
}

func randomText(rng *rand.Rand, n int) string {
	var b strings.Builder
	pools := [][2]rune{{0x20, 0x7e}, {0x4e00, 0x9fa5}, {0x1f600, 0x1f64f}, {0x0a, 0x0a}}
	for i := 0; i < n; i++ {
		p := pools[rng.IntN(len(pools))]
		r := p[0] + rune(rng.IntN(int(p[1]-p[0]+1)))
		if utf8.ValidRune(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func randomNonce(rng *rand.Rand) string {
	b := make([]byte, 1+rng.IntN(20))
	for i := range b {
		b[i] = keyAlphabet[rng.IntN(len(keyAlphabet))]
	}
	return string(b)
}
