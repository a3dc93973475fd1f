package devserver

import (
	"context"
	"net/http"

	"wecomdev/internal/wecom"
)

// failText is fail with the refusal in both languages: the HTTP answer stays the English
// text pages and tests read, and the entry also keeps the Chinese text, for the request
// log of a zh-CN window (issue 15). A text may point to an area as {tool:ID}
// (wecom.AreaName): the window's names go in, 「配置 → 可信域名」 / "Profiles → Trusted domains".
// Every refusal of the dev server goes through here (TestEveryRefusalHasAChineseText).
func (s *Server) failText(w http.ResponseWriter, e *Entry, status int, code string, msg wecom.Text) {
	msg = msg.At(wecom.AreaName)
	s.fail(w, e, status, code, msg.EnUS)
	e.MessageZhCN = scrub(msg.ZhCN, s.sensitive(context.Background()))
}

// textMethod refuses a method the endpoint does not serve.
func textMethod(got, want string) wecom.Text {
	return wecom.Text{ZhCN: "此处不接受 " + got + " 请求；请用 " + want, EnUS: got + " is not served here; use " + want}
}

// textNotFound refuses a path nothing is served at; the more texts (may be empty) say what is.
func textNotFound(path, moreZh, moreEn string) wecom.Text {
	t := wecom.Text{ZhCN: "此处没有 " + quoteShort(path), EnUS: "nothing is served at " + quoteShort(path)}
	if moreEn != "" {
		t.ZhCN += "；" + moreZh
		t.EnUS += "; " + moreEn
	}
	return t
}

// textBadSID refuses a network batch's session id.
var textBadSID = wecom.Text{
	ZhCN: "sid 须为 8 到 64 位小写十六进制数字（reporter.js 每次加载页面生成一个）",
	EnUS: "sid must be 8 to 64 lower-case hex digits (reporter.js makes one per page load)",
}

// textBadQuery refuses a query string that is not valid percent-encoding; how says how to build it.
func textBadQuery(howZh, howEn string) wecom.Text {
	return wecom.Text{ZhCN: "查询串不是合法的百分号编码；" + howZh, EnUS: "the query string is not valid percent-encoding; " + howEn}
}
