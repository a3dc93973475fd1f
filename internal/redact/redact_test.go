package redact

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestMaskShowsTwoCharactersAtEachEnd(t *testing.T) {
	tests := map[string]string{
		"":                     "",
		"short":                "…",
		"1234567":              "…",
		"12345678":             "12…78",
		"sM4AOVdWfPE4DxkXGEs8": "sM…s8",
		"票据票据票据票据":             "票据…票据",
	}
	for in, want := range tests {
		if got := Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestURLRedactsEveryCredentialParameter(t *testing.T) {
	in := `Get "https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=ww1&corpsecret=S3CRET-value": dial tcp; ` +
		`next https://x/cgi-bin/get_jsapi_ticket?access_token=TOKEN_abc&type=agent_config`
	got := URL(in)
	for _, leaked := range []string{"S3CRET-value", "TOKEN_abc"} {
		if strings.Contains(got, leaked) {
			t.Errorf("URL() kept %q: %s", leaked, got)
		}
	}
	for _, kept := range []string{"corpid=ww1", "corpsecret=REDACTED", "access_token=REDACTED", "type=agent_config"} {
		if !strings.Contains(got, kept) {
			t.Errorf("URL() lost %q: %s", kept, got)
		}
	}
}

func TestReplaceMasksVerbatimEchoes(t *testing.T) {
	got := Replace("token TOKENVALUE123 and ticket TICKETVALUE456, id 42", "TOKENVALUE123", "TICKETVALUE456", "42")
	if strings.Contains(got, "TOKENVALUE123") || strings.Contains(got, "TICKETVALUE456") {
		t.Fatalf("Replace() leaked: %s", got)
	}
	if !strings.Contains(got, "id 42") {
		t.Fatalf("Replace() redacted a short ordinary value: %s", got)
	}
}

func TestValuesAreTheCredentialsAQueryCarries(t *testing.T) {
	q := url.Values{"corpid": {"ww1"}, "corpsecret": {"S3CRET"}, "Access_Token": {"TOK"}, "type": {"agent_config"}}
	got := Values(q)
	slices.Sort(got)
	if want := []string{"S3CRET", "TOK"}; !slices.Equal(got, want) {
		t.Fatalf("Values() = %q, want %q", got, want)
	}
}

func TestReplaceMasksAQueryEscapedEchoAndALongerValueWhole(t *testing.T) {
	secret := "s3cret+/value=="
	got := Replace("bad secret "+url.QueryEscape(secret)+" or "+secret+"; token TOKENVALUE123-longer", secret, "TOKENVALUE123", "TOKENVALUE123-longer")
	for _, leak := range []string{secret, url.QueryEscape(secret), "TOKENVALUE123", "-longer"} {
		if strings.Contains(got, leak) {
			t.Fatalf("Replace() leaked %q: %s", leak, got)
		}
	}
}

func TestAnOAuthCodeInAPageURLIsMaskedAndOtherCodesAreNot(t *testing.T) {
	for in, want := range map[string]string{
		"https://h5.example.com/?code=CODE0123456789&state=s1":          "https://h5.example.com/?code=CO…89&state=s1",
		"https://h5.example.com/p?state=s1&code=CODE0123456789#/a":      "https://h5.example.com/p?state=s1&code=CO…89#/a",
		"https://h5.example.com/#/login?code=CODE0123456789":            "https://h5.example.com/#/login?code=CO…89",
		"https://h5.example.com/?auth_code=AUTH0123456789":              "https://h5.example.com/?auth_code=AU…89",
		"https://h5.example.com/?errcode=40029&qrcode=QR0123456789":     "https://h5.example.com/?errcode=40029&qrcode=QR0123456789",
		"https://h5.example.com/?a=1":                                   "https://h5.example.com/?a=1",
		"config:invalid signature at https://h5/?code=CODE0123456789 x": "config:invalid signature at https://h5/?code=CO…89 x",
	} {
		if got := OAuthCode(in); got != want {
			t.Errorf("OAuthCode(%q) = %q, want %q", in, got, want)
		}
	}
}
