// Package callback is WeCom's callback message crypto (WXBizMsgCrypt), written here, and the
// probe that plays WeCom against a developer's callback URL.
//
// The scheme, from WeCom's 加解密方案说明 (developer.work.weixin.qq.com/document/path/90968,
// the same text for third-party apps at /document/path/91144) and 回调配置
// (/document/path/90930):
//   - msg_signature = hex(SHA-1(sort(token, timestamp, nonce, msg_encrypt) joined));
//   - EncodingAESKey is 43 characters from a-z A-Z 0-9; AESKey = Base64_Decode(EncodingAESKey + "="),
//     32 bytes; AES-256-CBC, IV = AESKey[:16], PKCS#7 padding to a multiple of 32 bytes;
//   - plaintext = random(16 bytes) + msg_len(4 bytes, big-endian) + msg + receiveid;
//   - receiveid is the corpid for a corp's own app, the suiteid for a third-party suite's
//     callbacks, and "" for a personal third-party app (附注: ReceiveId 含义, 90968).
//
// The official samples (WXBizMsgCrypt for c++/python/php/java/golang/c#/node, listed with
// their return codes -40001…-40011 in 加解密库下载与返回码, /document/path/90468) and the npm
// package @wecom/crypto implement the same; the tests check
// this package against both.
package callback

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Every check has its own error, so a caller (the dev server's receiver, the probe, the UI)
// can say which one failed. Compare with errors.Is.
var (
	// ErrSignature: msg_signature is not SHA-1 over the sorted token, timestamp, nonce and
	// encrypted text: the Token differs, or a parameter was altered (-40001 in the samples).
	ErrSignature = errors.New("msg_signature does not match: the Token differs from the one in the admin console, or timestamp/nonce/echostr were changed on the way")
	// ErrKeyLength: the EncodingAESKey is not 43 characters from a-z A-Z 0-9 (-40004).
	ErrKeyLength = errors.New("encodingaeskey must be 43 characters from a-z, A-Z and 0-9: copy it again from the admin console")
	// ErrBase64: the encrypted text is not base64 (-40010); a '+' that became a space in a
	// hand-decoded query string is the usual cause.
	ErrBase64 = errors.New("the encrypted text is not valid base64 (a '+' turned into a space by URL decoding is the usual cause)")
	// ErrPadding: the decrypted text does not end in PKCS#7 padding of 1..32 bytes, or the
	// cipher text is not whole AES blocks: the EncodingAESKey differs (-40007).
	ErrPadding = errors.New("the decrypted text has no valid PKCS#7 padding: the EncodingAESKey differs from the one that encrypted it")
	// ErrLength: the 4-byte message length points past the end of the decrypted text (-40008).
	ErrLength = errors.New("the decrypted text is shorter than its length field says: the EncodingAESKey differs or the text was cut")
	// ErrReceiveID: the receiveid at the end of the message is not the expected one: corpid
	// for a corp's own app, suiteid for a third-party suite (-40005).
	ErrReceiveID = errors.New("the receiveid inside the message differs: a corp's own app uses the corpid, a third-party suite's callbacks the suiteid")
	// ErrXML: the POST body is not XML with an <Encrypt> element (-40002).
	ErrXML = errors.New("the body is not XML with an <Encrypt> element")
)

// Keys are the two values a developer sets in the admin console's 接收消息 settings (API接收).
// They are secrets: String and GoString mask them, and they are never logged.
type Keys struct{ Token, EncodingAESKey string }

// String masks both values, so %v and %+v never print them.
func (k Keys) String() string {
	return fmt.Sprintf("callback.Keys{Token:%s EncodingAESKey:%s}", Mask(k.Token), Mask(k.EncodingAESKey))
}

// GoString masks both values for %#v.
func (k Keys) GoString() string { return k.String() }

// Mask shows a secret as its first and last two characters ("ab…yz"), or only its length
// when it is too short for that to hide anything.
func Mask(s string) string {
	switch {
	case s == "":
		return "(not set)"
	case len(s) < 12:
		return fmt.Sprintf("(%d characters)", len(s))
	default:
		return s[:2] + "…" + s[len(s)-2:]
	}
}

// Crypter encrypts, decrypts and signs for one Token, EncodingAESKey and receiveid.
type Crypter struct {
	token     string
	aesKey    string // the EncodingAESKey as given (the probe masks it wherever an answer repeats it)
	key       []byte // AESKey, 32 bytes
	receiveID string
	rand      io.Reader // the 16 random bytes; crypto/rand unless a test sets it
}

// keyAlphabet is the EncodingAESKey's alphabet (90968: "从a-z, A-Z, 0-9共62个字符中选取").
const keyAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// CheckAESKey reports whether s can be an EncodingAESKey: 43 characters from a-z A-Z 0-9 (90968).
func CheckAESKey(s string) error {
	if len(s) != 43 {
		return fmt.Errorf("%w (it has %d)", ErrKeyLength, len(s))
	}
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune(keyAlphabet, rune(s[i])) {
			return fmt.Errorf("%w (character %d is not one of them)", ErrKeyLength, i+1)
		}
	}
	return nil
}

// NewCrypter checks the EncodingAESKey and returns a Crypter. receiveID is the corpid for a
// corp's own app, the suiteid for a third-party suite, "" for a personal third-party app (90968).
func NewCrypter(token, encodingAESKey, receiveID string) (*Crypter, error) {
	if err := CheckAESKey(encodingAESKey); err != nil {
		return nil, err
	}
	// AESKey = Base64_Decode(EncodingAESKey + "=") (90968). The last character carries 4 bits
	// beyond the 32 bytes; WeCom's console does not zero them, so the decoding is not strict.
	key, err := base64.StdEncoding.DecodeString(encodingAESKey + "=")
	if err != nil || len(key) != 32 {
		return nil, fmt.Errorf("%w (it does not decode to 32 bytes)", ErrKeyLength)
	}
	return &Crypter{token: token, aesKey: encodingAESKey, key: key, receiveID: receiveID, rand: rand.Reader}, nil
}

// ReceiveID is the receiveid this Crypter writes and expects.
func (c *Crypter) ReceiveID() string { return c.receiveID }

// Signature is msg_signature: the lower-case hex SHA-1 of the token, timestamp, nonce and
// encrypted text, sorted as strings and joined without separators (90968 消息体签名校验).
func (c *Crypter) Signature(timestamp, nonce, encrypted string) string {
	return signature(c.token, timestamp, nonce, encrypted)
}

func signature(parts ...string) string {
	sorted := append([]string(nil), parts...)
	sort.Strings(sorted)
	sum := sha1.Sum([]byte(strings.Join(sorted, "")))
	return hex.EncodeToString(sum[:])
}

func (c *Crypter) checkSignature(msgSignature, timestamp, nonce, encrypted string) error {
	want := c.Signature(timestamp, nonce, encrypted)
	if subtle.ConstantTimeCompare([]byte(want), []byte(msgSignature)) != 1 {
		return ErrSignature
	}
	return nil
}

// VerifyURL is the GET check WeCom makes when a callback URL is saved (90930 验证URL有效性):
// it checks msg_signature over echostr and returns the decrypted echostr, which the server
// must answer as the bare body (no quotes, no BOM, no newline; 90930). echostr must already
// be URL-decoded (net/url's Query does that).
func (c *Crypter) VerifyURL(msgSignature, timestamp, nonce, echostr string) ([]byte, error) {
	if err := c.checkSignature(msgSignature, timestamp, nonce, echostr); err != nil {
		return nil, err
	}
	return c.Decrypt(echostr)
}

// envelope is the XML WeCom POSTs (ToUserName, AgentID, Encrypt; 90930 接收数据格式) or a
// passive reply (Encrypt, MsgSignature, TimeStamp, Nonce; 90968 加密函数). Only Encrypt matters here.
type envelope struct {
	Encrypt string `xml:"Encrypt"`
}

// EncryptedText returns the <Encrypt> element of a POST body or passive reply.
func EncryptedText(body []byte) (string, error) {
	var env envelope
	if err := xml.Unmarshal(body, &env); err != nil {
		return "", fmt.Errorf("%w: %v", ErrXML, err)
	}
	if env.Encrypt == "" {
		return "", ErrXML
	}
	return env.Encrypt, nil
}

// DecryptMsg handles a POST from WeCom (90930 接收业务数据): it takes <Encrypt> from the XML
// body, checks msg_signature over it and returns the decrypted XML message.
func (c *Crypter) DecryptMsg(msgSignature, timestamp, nonce string, body []byte) ([]byte, error) {
	enc, err := EncryptedText(body)
	if err != nil {
		return nil, err
	}
	if err := c.checkSignature(msgSignature, timestamp, nonce, enc); err != nil {
		return nil, err
	}
	return c.Decrypt(enc)
}

// reply is the passive-reply envelope of 90968 (加密函数 EncryptMsg).
type reply struct {
	XMLName      xml.Name `xml:"xml"`
	Encrypt      cdata    `xml:"Encrypt"`
	MsgSignature cdata    `xml:"MsgSignature"`
	TimeStamp    string   `xml:"TimeStamp"`
	Nonce        cdata    `xml:"Nonce"`
}

// event is the envelope WeCom POSTs to a callback URL (90930 接收数据格式).
type event struct {
	XMLName    xml.Name `xml:"xml"`
	ToUserName cdata    `xml:"ToUserName"`
	AgentID    cdata    `xml:"AgentID"`
	Encrypt    cdata    `xml:"Encrypt"`
}

type cdata struct {
	Text string `xml:",cdata"`
}

// EncryptMsg encrypts plain and wraps it as the official samples' EncryptMsg does (90968):
// <xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>, the form of a passive reply.
func (c *Crypter) EncryptMsg(plain []byte, timestamp, nonce string) ([]byte, error) {
	enc, err := c.Encrypt(plain)
	if err != nil {
		return nil, err
	}
	return xml.Marshal(reply{
		Encrypt:      cdata{enc},
		MsgSignature: cdata{c.Signature(timestamp, nonce, enc)},
		TimeStamp:    timestamp,
		Nonce:        cdata{nonce},
	})
}

// SealEvent builds what WeCom POSTs for an event (90930 接收数据格式): the body
// <xml><ToUserName/><AgentID/><Encrypt/></xml> and the msg_signature that goes into the query
// string beside timestamp and nonce. toUserName is the corpid (the suiteid for a suite).
func (c *Crypter) SealEvent(plain []byte, timestamp, nonce, toUserName, agentID string) (body []byte, msgSignature string, err error) {
	enc, err := c.Encrypt(plain)
	if err != nil {
		return nil, "", err
	}
	body, err = xml.Marshal(event{ToUserName: cdata{toUserName}, AgentID: cdata{agentID}, Encrypt: cdata{enc}})
	if err != nil {
		return nil, "", err
	}
	return body, c.Signature(timestamp, nonce, enc), nil
}

// blockSize is the PKCS#7 block WeCom pads to: 32 bytes, not AES's 16 (90968).
const blockSize = 32

// Encrypt returns base64(AES-256-CBC(random16 + len(plain) big-endian + plain + receiveid)),
// padded with PKCS#7 to a multiple of 32 bytes (90968 明文msg的加密过程).
func (c *Crypter) Encrypt(plain []byte) (string, error) {
	var buf bytes.Buffer
	random := make([]byte, 16)
	if _, err := io.ReadFull(c.rand, random); err != nil {
		return "", fmt.Errorf("reading 16 random bytes: %w", err)
	}
	buf.Write(random)
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(plain)))
	buf.Write(n[:])
	buf.Write(plain)
	buf.WriteString(c.receiveID)
	pad := blockSize - buf.Len()%blockSize
	buf.Write(bytes.Repeat([]byte{byte(pad)}, pad))

	block, err := aes.NewCipher(c.key)
	if err != nil {
		return "", err
	}
	out := buf.Bytes()
	cipher.NewCBCEncrypter(block, c.key[:aes.BlockSize]).CryptBlocks(out, out)
	return base64.StdEncoding.EncodeToString(out), nil
}

// Decrypt reverses Encrypt and checks the receiveid (90968 密文解密得到msg的过程).
func (c *Crypter) Decrypt(enc string) ([]byte, error) {
	msg, id, err := c.Open(enc)
	if err != nil {
		return nil, err
	}
	if subtle.ConstantTimeCompare([]byte(id), []byte(c.receiveID)) != 1 {
		return nil, fmt.Errorf("%w: the message carries %q, this side expects %q", ErrReceiveID, id, c.receiveID)
	}
	return msg, nil
}

// Open decrypts enc and returns the message and the receiveid it carries, without comparing
// that receiveid with this Crypter's (the probe uses it to name corpid-vs-suiteid mix-ups).
func (c *Crypter) Open(enc string) (msg []byte, receiveID string, err error) {
	raw, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		return nil, "", fmt.Errorf("%w: %v", ErrBase64, err)
	}
	if len(raw) == 0 || len(raw)%aes.BlockSize != 0 {
		return nil, "", fmt.Errorf("%w (%d bytes is not a whole number of 16-byte AES blocks)", ErrPadding, len(raw))
	}
	block, err := aes.NewCipher(c.key)
	if err != nil {
		return nil, "", err
	}
	plain := make([]byte, len(raw))
	cipher.NewCBCDecrypter(block, c.key[:aes.BlockSize]).CryptBlocks(plain, raw)

	pad := int(plain[len(plain)-1])
	if pad < 1 || pad > blockSize || pad > len(plain) {
		return nil, "", ErrPadding
	}
	for _, b := range plain[len(plain)-pad:] {
		if int(b) != pad {
			return nil, "", ErrPadding
		}
	}
	plain = plain[:len(plain)-pad]
	if len(plain) < 20 {
		return nil, "", fmt.Errorf("%w (%d bytes, fewer than the 16 random and 4 length bytes)", ErrLength, len(plain))
	}
	n := binary.BigEndian.Uint32(plain[16:20])
	if uint64(n) > uint64(len(plain)-20) {
		return nil, "", fmt.Errorf("%w (length field %d, %d bytes left)", ErrLength, n, len(plain)-20)
	}
	end := 20 + int(n)
	return plain[20:end], string(plain[end:]), nil
}

// GenerateToken makes a Token as the admin console's 随机获取 does: 32 characters from
// a-z A-Z 0-9 (the console takes letters and digits, at most 32; 90930).
func GenerateToken() string { return randomString(32) }

// GenerateAESKey makes an EncodingAESKey: 43 characters from a-z A-Z 0-9 (90968).
func GenerateAESKey() string { return randomString(43) }

func randomString(n int) string {
	out := make([]byte, n)
	max := byte(256 - 256%len(keyAlphabet)) // reject bytes that would bias the choice
	buf := make([]byte, 1)
	for i := 0; i < n; {
		if _, err := rand.Read(buf); err != nil {
			panic(fmt.Sprintf("crypto/rand failed: %v", err)) // crypto/rand.Read does not fail on supported systems
		}
		if buf[0] >= max {
			continue
		}
		out[i] = keyAlphabet[int(buf[0])%len(keyAlphabet)]
		i++
	}
	return string(out)
}
