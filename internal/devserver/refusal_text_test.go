package devserver

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestTheCommonRefusalsAreLoggedInChineseTooWhileTheHTTPAnswerStaysEnglish(t *testing.T) {
	s, b := newTestServer(t, Options{})
	b.setDomains("h5.example.com")
	for _, tc := range []struct {
		name, target, origin, endpoint string
		status                         int
		en, zh                         string
	}{
		{"host not allowed", PathConfigSignature + "?url=" + url.QueryEscape("https://evil.example.com/p"), "", EndpointConfigSignature,
			http.StatusForbidden, "evil.example.com is not an allowed host", "evil.example.com 不是允许的主机"},
		{"no scheme", PathConfigSignature + "?url=" + url.QueryEscape("/app/page"), "", EndpointConfigSignature,
			http.StatusBadRequest, "has no scheme", "没有协议头"},
		{"origin not allowed", PathConfigSignature + "?url=" + url.QueryEscape("https://h5.example.com/p"), "https://evil.example.com", EndpointConfigSignature,
			http.StatusForbidden, "may not call this server", "不能调用本服务器"},
	} {
		var header []string
		if tc.origin != "" {
			header = []string{"Origin", tc.origin}
		}
		w := get(t, s, tc.target, header...)
		if w.Code != tc.status {
			t.Errorf("%s: status %d, want %d: %s", tc.name, w.Code, tc.status, w.Body)
			continue
		}
		if body := w.Body.String(); !strings.Contains(body, tc.en) || strings.Contains(body, tc.zh) {
			t.Errorf("%s: the HTTP answer is not the English one: %s", tc.name, body)
		}
		e := lastEntry(t, s, tc.endpoint)
		if !strings.Contains(e.Message, tc.en) || !strings.Contains(e.MessageZhCN, tc.zh) {
			t.Errorf("%s: logged %q / %q", tc.name, e.Message, e.MessageZhCN)
		}
		if tc.name != "no scheme" && !strings.Contains(e.MessageZhCN, "「配置 → 可信域名」") {
			t.Errorf("%s: the Chinese text does not point to 配置 → 可信域名: %s", tc.name, e.MessageZhCN)
		}
	}
}
