package devserver

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"wecomdev/internal/wecom"
)

// The phone-side face under /__wecomdev/: the built-in test page, the reporter and
// emulator scripts any page may load, and the endpoints they post to.
const (
	PhonePrefix        = "/__wecomdev/"
	PathTestPage       = "/__wecomdev/test/"
	PathReporterJS     = "/__wecomdev/reporter.js"
	PathEmulatorJS     = "/__wecomdev/emulator.js"
	PathPhoneConfig    = "/__wecomdev/config.json"
	PathReport         = "/__wecomdev/report"
	PathEmulatorVerify = "/__wecomdev/emulator/verify"
	PathEmulatorInvoke = "/__wecomdev/emulator/invoke"
	PathChat           = "/__wecomdev/chat"
)

// Endpoint names of the phone-side requests in the request log.
const (
	EndpointPhone    = "phone"    // the test page, its assets, the scripts, config.json
	EndpointReport   = "report"   // one entry per reported event
	EndpointEmulator = "emulator" // a verification (config / agentConfig) or an emulated client API
	EndpointChat     = "chat"     // a chatId ↔ label stored
)

// Error codes of the phone-side endpoints (besides the shared ones).
const (
	CodePhoneNotBuilt = "PHONE_NOT_BUILT"
	CodeEmulatorOff   = "EMULATOR_OFF"
	CodeBodyTooLarge  = "BODY_TOO_LARGE"
	CodeMediaType     = "UNSUPPORTED_MEDIA_TYPE"
	CodeStore         = "STORE_ERROR"
)

// Limits of the phone-side endpoints.
const (
	maxReportBody   = 64 << 10 // one report batch
	maxEmulatorBody = 32 << 10 // one verification or client API call
	maxChatBody     = 4 << 10
	reportPerMinute = 120 // report batches per client
	emulatorPerMin  = 300 // verifications and client API calls per client
	chatPerMinute   = 30
	maxMemoryChats  = 1000 // chat labels kept without a database
	maxChatIDBytes  = 64
	maxLabelRunes   = 64
)

// phoneFiles is the build of frontend/phone (npm run build:phone). A fresh clone holds
// only the placeholder README.md: the handlers then answer 503 with the command to run.
//
//go:embed all:phone
var phoneFiles embed.FS

// phoneAssets is the build as the handlers read it (tests swap it).
var phoneAssets fs.FS = phoneFiles

// phoneState is the phone side's own state, made on first use.
type phoneState struct {
	emulate  atomic.Bool
	report   *limiter
	emulator *limiter
	chat     *limiter

	mu     sync.Mutex
	chats  map[string]ChatLabel // without a database
	groups []emulatedGroup      // made by the emulated openEnterpriseChat, newest last
	user   cachedUser           // who the emulated client is signed in as
}

type cachedUser struct {
	id string
	at time.Time
}

func (s *Server) phoneState() *phoneState {
	if p := s.phoneSide.Load(); p != nil {
		return p
	}
	p := &phoneState{
		report:   newLimiter(reportPerMinute, time.Minute, s.now),
		emulator: newLimiter(emulatorPerMin, time.Minute, s.now),
		chat:     newLimiter(chatPerMinute, time.Minute, s.now),
		chats:    map[string]ChatLabel{},
	}
	if s.phoneSide.CompareAndSwap(nil, p) {
		return p
	}
	return s.phoneSide.Load()
}

// SetEmulator turns the WeCom client emulator on or off: the test page then loads
// /__wecomdev/emulator.js before the SDK, and /__wecomdev/emulator/* answer. Off by
// default: the emulator answers client APIs from the profile's data (member userids,
// customers' external_userids, group chat_ids), which only the developer's own desktop
// browser should be told, not whoever reaches the server through a tunnel.
func (s *Server) SetEmulator(on bool) { s.phoneState().emulate.Store(on) }

// Emulator says whether the emulator is on.
func (s *Server) Emulator() bool { return s.phoneState().emulate.Load() }

// phoneReport is POST /__wecomdev/report.
func (s *Server) phoneReport(w http.ResponseWriter, r *http.Request, e *Entry) {
	s.phonePost(w, r, e, s.phoneState().report, maxReportBody, true, s.report)
}

// phoneChat is POST /__wecomdev/chat.
func (s *Server) phoneChat(w http.ResponseWriter, r *http.Request, e *Entry) {
	s.phonePost(w, r, e, s.phoneState().chat, maxChatBody, false, s.storeChat)
}

// emulatorPost is a POST endpoint of the emulator: it answers only while the emulator is on.
func (s *Server) emulatorPost(handle func(http.ResponseWriter, *http.Request, *Entry, []byte)) func(http.ResponseWriter, *http.Request, *Entry) {
	return func(w http.ResponseWriter, r *http.Request, e *Entry) {
		p := s.phoneState()
		s.phonePost(w, r, e, p.emulator, maxEmulatorBody, false, func(w http.ResponseWriter, r *http.Request, e *Entry, body []byte) {
			if !p.emulate.Load() {
				s.failText(w, e, http.StatusForbidden, CodeEmulatorOff, wecom.Text{
					ZhCN: "企业微信客户端模拟器没有打开；在{tool:emulator}打开它（或 wecomdev serve … --emulate），才能在桌面浏览器里调试 ww.register",
					EnUS: "the WeCom client emulator is off; start the dev server with the emulator on (wecomdev serve … --emulate) to debug ww.register in a desktop browser"})
				return
			}
			handle(w, r, e, body)
		})
	}
}

// phonePost runs a POST endpoint: origin (same origin, or an allowed host with CORS),
// method, rate, media type and size checks, then handle with the body. The Host rule is
// the route's (route.dataHost).
func (s *Server) phonePost(w http.ResponseWriter, r *http.Request, e *Entry, lim *limiter, maxBody int64, textOK bool,
	handle func(http.ResponseWriter, *http.Request, *Entry, []byte)) {
	if !s.gate(w, r, e, http.MethodPost) {
		return
	}
	if ok, retry := lim.allow(e.Client); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int((retry+time.Second-1)/time.Second)))
		s.failText(w, e, http.StatusTooManyRequests, CodeRateLimited, wecom.Text{
			ZhCN: fmt.Sprintf("来自 %s 的 %s 请求太多；请 %s 后再试", e.Client, r.URL.Path, retry.Round(time.Second)),
			EnUS: fmt.Sprintf("too many requests from %s to %s; try again in %s", e.Client, r.URL.Path, retry.Round(time.Second))})
		return
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || !(mt == "application/json" || (textOK && mt == "text/plain")) {
		want, wantZh := "application/json", "application/json"
		if textOK {
			want += " (or text/plain from navigator.sendBeacon)"
			wantZh += "（或 navigator.sendBeacon 的 text/plain）"
		}
		s.failText(w, e, http.StatusUnsupportedMediaType, CodeMediaType, wecom.Text{ZhCN: "请求体请以 " + wantZh + " 发送", EnUS: "send the body as " + want})
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.failText(w, e, http.StatusRequestEntityTooLarge, CodeBodyTooLarge, wecom.Text{
				ZhCN: fmt.Sprintf("请求体超过此接口读取的 %d kB；请少发或发短一些", maxBody>>10),
				EnUS: fmt.Sprintf("the body is larger than the %d kB this endpoint reads; send fewer or shorter items", maxBody>>10)})
			return
		}
		s.failText(w, e, http.StatusBadRequest, CodeInvalidInput, wecom.Text{ZhCN: "请求体读取失败", EnUS: "the body could not be read"})
		return
	}
	handle(w, r, e, body)
}

// writeJSON answers v as JSON with every known credential masked.
func (s *Server) writeJSON(w http.ResponseWriter, ctx context.Context, e *Entry, status int, v any) {
	var buf strings.Builder
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		s.failText(w, e, http.StatusInternalServerError, CodeInvalidInput, wecom.Text{ZhCN: "应答无法编码", EnUS: "the answer could not be encoded"})
		return
	}
	e.Status = status
	writeBody(w, status, []byte(scrub(buf.String(), s.sensitive(ctx))))
}

// ---- config.json ----

// PhoneConfig is what /__wecomdev/config.json tells the test page.
type PhoneConfig struct {
	Profile string `json:"profile"`
	CorpID  string `json:"corpId"`
	AgentID int64  `json:"agentId"`
	Emulate bool   `json:"emulate"`
	// EmulatorUserID is who the emulated client is signed in as (emulator on, and the
	// profile offers EmulatorData): the test page's default member.
	EmulatorUserID string `json:"emulatorUserId,omitempty"`
	// Entry is where pages count as opened unless the emulator's overlay says otherwise
	// (emulator on; entry.go).
	Entry *PageEntry `json:"entry,omitempty"`
}

func (s *Server) phoneConfig(w http.ResponseWriter, r *http.Request, e *Entry) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		s.failText(w, e, http.StatusMethodNotAllowed, CodeMethod, textMethod(r.Method, "GET"))
		return
	}
	c := PhoneConfig{Profile: s.b.Profile(), CorpID: s.b.CorpID(), AgentID: s.b.AgentID(), Emulate: s.Emulator()}
	if c.Emulate {
		c.EmulatorUserID = s.emulatedUser(r.Context())
		p := s.PageEntry()
		c.Entry = &p
	}
	s.writeJSON(w, r.Context(), e, http.StatusOK, c)
}

// ---- static files ----

// phoneStatic serves the built test page and scripts from the embedded build.
func (s *Server) phoneStatic(w http.ResponseWriter, r *http.Request, e *Entry) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		s.failText(w, e, http.StatusMethodNotAllowed, CodeMethod, textMethod(r.Method, "GET"))
		return
	}
	rel := strings.TrimPrefix(r.URL.Path, PhonePrefix)
	if rel == "test" {
		target := PathTestPage
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		e.Status = http.StatusPermanentRedirect
		http.Redirect(w, r, target, http.StatusPermanentRedirect)
		return
	}
	var name string
	switch {
	case rel == "reporter.js", rel == "emulator.js", rel == "eruda.js":
		name = rel
	case rel == "test/":
		name = "test/index.html"
	case strings.HasPrefix(rel, "test/"):
		name = rel
	default:
		s.failText(w, e, http.StatusNotFound, CodeNotFound, textNotFound(r.URL.Path,
			"手机端页面是 "+PathTestPage+"、"+PathReporterJS+"、"+PathEmulatorJS+" 和 "+PathPhoneConfig,
			"the phone side is "+PathTestPage+", "+PathReporterJS+", "+PathEmulatorJS+" and "+PathPhoneConfig))
		return
	}
	if !phoneBuilt(name) {
		s.failText(w, e, http.StatusServiceUnavailable, CodePhoneNotBuilt, wecom.Text{
			ZhCN: "这个 wecomdev 没有内置手机端页面：运行 `make frontend`（或 `cd frontend && npm run build`），再重新构建 wecomdev",
			EnUS: "the phone-side pages are not built into this wecomdev: run `make frontend` (or `cd frontend && npm run build`), then build wecomdev again"})
		return
	}
	if !validAssetName(name) {
		s.failText(w, e, http.StatusNotFound, CodeNotFound, textNotFound(r.URL.Path, "", ""))
		return
	}
	data, err := fs.ReadFile(phoneAssets, "phone/"+name)
	if err != nil && strings.HasPrefix(name, "test/") && !strings.Contains(path.Base(name), ".") {
		// A path inside the test page with no file extension (/__wecomdev/test/app): the
		// page itself, as a single-page app's server would answer.
		name = "test/index.html"
		data, err = fs.ReadFile(phoneAssets, "phone/"+name)
	}
	if err != nil {
		s.failText(w, e, http.StatusNotFound, CodeNotFound, textNotFound(r.URL.Path, "", ""))
		return
	}
	h := w.Header()
	h.Set("Content-Type", contentTypeOf(name))
	h.Set("Content-Length", strconv.Itoa(len(data)))
	if strings.HasPrefix(name, "test/assets/") {
		h.Set("Cache-Control", "public, max-age=31536000, immutable") // hashed names
	}
	if strings.HasSuffix(name, ".html") {
		h.Set("Content-Security-Policy", testPageCSP(s.net.Eruda())) // testpage_csp.go
	}
	e.Status = http.StatusOK
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		w.Write(data)
	}
}

// phoneBuilt says whether the build holds the test page, or the script asked for.
func phoneBuilt(name string) bool {
	probe := "phone/test/index.html"
	if name == "reporter.js" || name == "emulator.js" || name == "eruda.js" {
		probe = "phone/" + name
	}
	_, err := fs.Stat(phoneAssets, probe)
	return err == nil
}

// validAssetName refuses names the embedded build cannot hold: dot files, "..",
// backslashes, empty segments.
func validAssetName(name string) bool {
	if name == "" || strings.ContainsAny(name, "\\\x00") || path.Clean(name) != name {
		return false
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == "" || strings.HasPrefix(seg, ".") {
			return false
		}
	}
	return true
}

func contentTypeOf(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".json":
		return "application/json; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	case ".ico":
		return "image/x-icon"
	case ".woff2":
		return "font/woff2"
	}
	return "application/octet-stream"
}

// ---- chatId ↔ label ----

// ChatLabel is a customer group the test page created, with the label the user gave it
// (a customer name or an order number).
type ChatLabel struct {
	ChatID    string    `json:"chatId"`
	Label     string    `json:"label"`
	Profile   string    `json:"profile"`
	CreatedAt time.Time `json:"createdAt"`
}

// ErrChatLabel: the chatId or label is not one the store keeps.
var ErrChatLabel = errors.New("invalid chat label")

var chatIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// ValidateChatLabel checks a chatId and label and returns them trimmed.
func ValidateChatLabel(chatID, label string) (string, string, error) {
	chatID, label = strings.TrimSpace(chatID), strings.TrimSpace(label)
	switch {
	case !chatIDPattern.MatchString(chatID):
		return "", "", fmt.Errorf("%w: the chatId %s is not a WeCom chat id (letters, digits, _ and -, at most %d); pass the chatId openEnterpriseChat answered",
			ErrChatLabel, quoteShort(truncateUTF8(strings.ToValidUTF8(chatID, "\uFFFD"), 80)), maxChatIDBytes)
	case label == "":
		return "", "", fmt.Errorf("%w: the label is empty; give the customer or order number the group is for", ErrChatLabel)
	case !utf8.ValidString(label):
		return "", "", fmt.Errorf("%w: the label is not valid UTF-8", ErrChatLabel)
	case utf8.RuneCountInString(label) > maxLabelRunes:
		return "", "", fmt.Errorf("%w: the label has %d characters, more than %d", ErrChatLabel, utf8.RuneCountInString(label), maxLabelRunes)
	}
	if strings.IndexFunc(label, unicode.IsControl) >= 0 {
		return "", "", fmt.Errorf("%w: the label has a control character (a line break?); give one line", ErrChatLabel)
	}
	return chatID, label, nil
}

// ChatStore keeps the chat labels in the database (table chat_labels).
type ChatStore struct{ DB *sql.DB }

// MaxChatLabels bounds the labels kept per profile: the endpoint is reachable through a
// tunnel, so the table must not grow without end.
const MaxChatLabels = 10000

// ErrChatStoreFull: the profile has MaxChatLabels labels already.
var ErrChatStoreFull = errors.New("the chat label store is full")

// Put stores a label for a chat (replacing the label of a chat already stored) and
// returns the row as stored.
func (c ChatStore) Put(ctx context.Context, profile, chatID, label string, now time.Time) (ChatLabel, error) {
	chatID, label, err := ValidateChatLabel(chatID, label)
	if err != nil {
		return ChatLabel{}, err
	}
	var n int
	if err := c.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM chat_labels WHERE profile = ? AND chat_id <> ?`, profile, chatID).Scan(&n); err != nil {
		return ChatLabel{}, fmt.Errorf("store the chat label: %w", err)
	}
	if n >= MaxChatLabels {
		return ChatLabel{}, fmt.Errorf("%w: profile %s has %d labels; delete old ones in the console", ErrChatStoreFull, profile, n)
	}
	var at int64
	err = c.DB.QueryRowContext(ctx, `INSERT INTO chat_labels(chat_id, label, profile, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT(chat_id) DO UPDATE SET label = excluded.label, profile = excluded.profile
		RETURNING created_at`, chatID, label, profile, now.UnixMilli()).Scan(&at)
	if err != nil {
		return ChatLabel{}, fmt.Errorf("store the chat label: %w", err)
	}
	return ChatLabel{ChatID: chatID, Label: label, Profile: profile, CreatedAt: time.UnixMilli(at)}, nil
}

// List returns the labels of a profile ("" for every profile), newest first.
func (c ChatStore) List(ctx context.Context, profile string) ([]ChatLabel, error) {
	q := `SELECT chat_id, label, profile, created_at FROM chat_labels`
	var args []any
	if profile != "" {
		q += ` WHERE profile = ?`
		args = append(args, profile)
	}
	rows, err := c.DB.QueryContext(ctx, q+` ORDER BY created_at DESC, chat_id LIMIT 1000`, args...)
	if err != nil {
		return nil, fmt.Errorf("read the chat labels: %w", err)
	}
	defer rows.Close()
	out := []ChatLabel{}
	for rows.Next() {
		var l ChatLabel
		var at int64
		if err := rows.Scan(&l.ChatID, &l.Label, &l.Profile, &at); err != nil {
			return nil, fmt.Errorf("read the chat labels: %w", err)
		}
		l.CreatedAt = time.UnixMilli(at)
		out = append(out, l)
	}
	return out, rows.Err()
}

// ChatLabels lists the labels stored for this server's profile, newest first: from the
// database of the server's log, or from memory when the log has none.
func (s *Server) ChatLabels(ctx context.Context) ([]ChatLabel, error) {
	if s.log.db != nil {
		return ChatStore{DB: s.log.db}.List(ctx, s.b.Profile())
	}
	p := s.phoneState()
	p.mu.Lock()
	out := make([]ChatLabel, 0, len(p.chats))
	for _, l := range p.chats {
		out = append(out, l)
	}
	p.mu.Unlock()
	slices.SortFunc(out, func(a, b ChatLabel) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ChatID, b.ChatID)
	})
	return out, nil
}

// storeChat is POST /__wecomdev/chat {"chatId": …, "label": …}.
func (s *Server) storeChat(w http.ResponseWriter, r *http.Request, e *Entry, body []byte) {
	var req struct {
		ChatID string `json:"chatId"`
		Label  string `json:"label"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		s.failText(w, e, http.StatusBadRequest, CodeInvalidInput, wecom.Text{ZhCN: `请求体不是 {"chatId": "…", "label": "…"}`, EnUS: `the body is not {"chatId": "…", "label": "…"}`})
		return
	}
	chatID, label, err := ValidateChatLabel(req.ChatID, req.Label)
	if err != nil {
		s.failText(w, e, http.StatusBadRequest, CodeInvalidInput, wecom.Text{ZhCN: "群标签有误：" + err.Error(), EnUS: err.Error()})
		return
	}
	e.URL = "chatId=" + chatID
	e.Report = &Report{Type: ReportChat, OK: true, Message: label, ChatID: chatID}
	var stored ChatLabel
	if s.log.db != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		defer cancel()
		if stored, err = (ChatStore{DB: s.log.db}).Put(ctx, s.b.Profile(), chatID, label, s.now()); err != nil {
			e.Error = err.Error()
			if errors.Is(err, ErrChatStoreFull) {
				s.failText(w, e, http.StatusInsufficientStorage, CodeStore, wecom.Text{ZhCN: fmt.Sprintf("控制台每个配置最多保存 %d 个群标签，已经存满；请在 wecomdev 的{tool:devserver}中删除旧的", MaxChatLabels), EnUS: fmt.Sprintf("the console keeps at most %d chat labels per profile and has them all; delete old ones in wecomdev", MaxChatLabels)})
				return
			}
			s.failText(w, e, http.StatusInternalServerError, CodeStore, wecom.Text{ZhCN: "控制台没能保存这个标签；原因见它的{tool:devserver}请求日志", EnUS: "the console could not store the label; its request log has the cause"})
			return
		}
	} else {
		stored = s.phoneState().putChat(ChatLabel{ChatID: chatID, Label: label, Profile: s.b.Profile(), CreatedAt: s.now()})
	}
	s.writeJSON(w, r.Context(), e, http.StatusOK, stored)
}

func (p *phoneState) putChat(l ChatLabel) ChatLabel {
	p.mu.Lock()
	defer p.mu.Unlock()
	if old, ok := p.chats[l.ChatID]; ok {
		l.CreatedAt = old.CreatedAt
	} else if len(p.chats) >= maxMemoryChats {
		var oldest string
		for id, c := range p.chats {
			if oldest == "" || c.CreatedAt.Before(p.chats[oldest].CreatedAt) {
				oldest = id
			}
		}
		delete(p.chats, oldest)
	}
	p.chats[l.ChatID] = l
	return l
}
