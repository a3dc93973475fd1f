package devserver

import (
	"context"
	"net/http"

	"wecomdev/internal/wecom"
)

// failText is fail for the refusals a developer meets most (no scheme, host not allowed,
// origin not allowed): the HTTP answer stays the English text pages and tests read, and
// the entry also keeps the Chinese text, for the request log of a zh-CN window (issue 15).
func (s *Server) failText(w http.ResponseWriter, e *Entry, status int, code string, msg wecom.Text) {
	s.fail(w, e, status, code, msg.EnUS)
	e.MessageZhCN = scrub(msg.ZhCN, s.sensitive(context.Background()))
}
