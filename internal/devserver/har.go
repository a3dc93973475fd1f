package devserver

import (
	"encoding/json"
	"io"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/): the pages' network sessions as
// a file DevTools, Charles or a HAR viewer opens. Every required field is written; what the
// reporter cannot know (header sizes, the HTTP version, a beacon's answer) is -1 or empty as
// the spec allows. Bodies and headers are as stored: masked.

// HAR is a HAR file.
type HAR struct {
	Log HARLog `json:"log"`
}

type HARLog struct {
	Version string     `json:"version"`
	Creator HARCreator `json:"creator"`
	Pages   []HARPage  `json:"pages"`
	Entries []HAREntry `json:"entries"`
}

type HARCreator struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type HARPage struct {
	StartedDateTime string         `json:"startedDateTime"`
	ID              string         `json:"id"`
	Title           string         `json:"title"`
	PageTimings     map[string]int `json:"pageTimings"`
}

type HAREntry struct {
	Pageref         string      `json:"pageref,omitempty"`
	StartedDateTime string      `json:"startedDateTime"`
	Time            float64     `json:"time"`
	Request         HARRequest  `json:"request"`
	Response        HARResponse `json:"response"`
	Cache           struct{}    `json:"cache"`
	Timings         HARTimings  `json:"timings"`
	Comment         string      `json:"comment,omitempty"`
	// The reporter's own fields: what kind of request, and a WebSocket's counts
	// (custom fields start with _, HAR 1.2 "Custom fields").
	Kind string   `json:"_resourceType,omitempty"`
	WS   *WSStats `json:"_webSocket,omitempty"`
}

type HARNV struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type HARRequest struct {
	Method      string       `json:"method"`
	URL         string       `json:"url"`
	HTTPVersion string       `json:"httpVersion"`
	Cookies     []HARNV      `json:"cookies"`
	Headers     []HARNV      `json:"headers"`
	QueryString []HARNV      `json:"queryString"`
	PostData    *HARPostData `json:"postData,omitempty"`
	HeadersSize int          `json:"headersSize"`
	BodySize    int64        `json:"bodySize"`
}

type HARPostData struct {
	MimeType string  `json:"mimeType"`
	Params   []HARNV `json:"params"`
	Text     string  `json:"text"`
	Comment  string  `json:"comment,omitempty"`
}

type HARResponse struct {
	Status      int        `json:"status"`
	StatusText  string     `json:"statusText"`
	HTTPVersion string     `json:"httpVersion"`
	Cookies     []HARNV    `json:"cookies"`
	Headers     []HARNV    `json:"headers"`
	Content     HARContent `json:"content"`
	RedirectURL string     `json:"redirectURL"`
	HeadersSize int        `json:"headersSize"`
	BodySize    int64      `json:"bodySize"`
	Comment     string     `json:"comment,omitempty"`
}

type HARContent struct {
	Size     int64  `json:"size"`
	MimeType string `json:"mimeType"`
	Text     string `json:"text,omitempty"`
	Comment  string `json:"comment,omitempty"`
}

type HARTimings struct {
	Blocked float64 `json:"blocked"`
	DNS     float64 `json:"dns"`
	Connect float64 `json:"connect"`
	Send    float64 `json:"send"`
	Wait    float64 `json:"wait"`
	Receive float64 `json:"receive"`
	SSL     float64 `json:"ssl"`
}

// BuildHAR makes one HAR of the sessions: a page per session, its requests in start order.
func BuildHAR(sessions []NetSession, version string) HAR {
	h := HAR{Log: HARLog{Version: "1.2", Creator: HARCreator{Name: "wecomdev", Version: version}, Pages: []HARPage{}, Entries: []HAREntry{}}}
	for _, s := range sessions {
		title := s.ID
		if s.Env != nil {
			title = s.Env.URL
			if s.Env.Title != "" {
				title = s.Env.Title + " — " + s.Env.URL
			}
		}
		started := s.Started
		if len(s.Events) > 0 && s.Events[0].Start > 0 {
			started = time.UnixMilli(s.Events[0].Start)
		}
		h.Log.Pages = append(h.Log.Pages, HARPage{StartedDateTime: harTime(started), ID: s.ID, Title: title, PageTimings: map[string]int{}})
		evs := append([]NetEvent(nil), s.Events...)
		sort.SliceStable(evs, func(i, j int) bool { return evs[i].Start < evs[j].Start })
		for _, e := range evs {
			h.Log.Entries = append(h.Log.Entries, harEntry(s.ID, e))
		}
	}
	return h
}

// WriteHAR writes the sessions as an indented HAR file.
func WriteHAR(w io.Writer, sessions []NetSession, version string) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(BuildHAR(sessions, version))
}

func harTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z07:00") }

func harEntry(page string, e NetEvent) HAREntry {
	start := time.UnixMilli(e.Start)
	if e.Start <= 0 {
		start = e.Received
	}
	var wait, total float64
	if e.TTFB != nil {
		wait = float64(*e.TTFB)
	}
	if e.Duration != nil {
		total = float64(*e.Duration)
	}
	total = max(total, wait)
	ent := HAREntry{
		Pageref:         page,
		StartedDateTime: harTime(start),
		Time:            total,
		Timings:         HARTimings{Blocked: -1, DNS: -1, Connect: -1, SSL: -1, Send: 0, Wait: wait, Receive: total - wait},
		Kind:            harKind(e.Kind),
		WS:              e.WS,
	}
	var notes []string
	if e.Console && e.LogID > 0 {
		notes = append(notes, "the console's own endpoint: request-log seq "+strconv.FormatInt(e.LogID, 10))
	} else if e.Console {
		notes = append(notes, "the console's own endpoint (see the request log)")
	}
	if e.Error != "" {
		notes = append(notes, "error: "+e.Error)
	}
	if e.Element != "" {
		notes = append(notes, "element: "+e.Element)
	}
	ent.Comment = strings.Join(notes, "; ")
	reqH := harHeaders(e.ReqHeaders)
	ent.Request = HARRequest{
		Method: e.Method, URL: e.URL, HTTPVersion: "", Cookies: harCookies(e.ReqHeaders["cookie"], false),
		Headers: reqH, QueryString: harQuery(e.URL), HeadersSize: -1, BodySize: -1,
	}
	if ent.Request.Method == "" {
		ent.Request.Method = "GET"
	}
	if e.ReqBody != "" || e.ReqSize > 0 || e.ReqBodyNote != "" {
		ent.Request.BodySize = e.ReqSize
		if e.ReqSize == 0 && e.ReqBody != "" {
			ent.Request.BodySize = int64(len(e.ReqBody))
		}
		ent.Request.PostData = &HARPostData{MimeType: orDefault(e.ReqHeaders["content-type"], "text/plain"), Params: []HARNV{}, Text: e.ReqBody, Comment: bodyComment(e.ReqBodyNote)}
	}
	resSize := e.ResSize
	if resSize == 0 && e.ResBody != "" {
		resSize = int64(len(e.ResBody))
	}
	ent.Response = HARResponse{
		Status: e.Status, StatusText: e.StatusText, HTTPVersion: "", Cookies: harCookies(e.ResHeaders["set-cookie"], true),
		Headers: harHeaders(e.ResHeaders), RedirectURL: e.ResHeaders["location"], HeadersSize: -1, BodySize: -1,
		Content: HARContent{Size: resSize, MimeType: orDefault(e.Mime, "x-unknown"), Text: e.ResBody, Comment: bodyComment(e.ResBodyNote)},
	}
	if e.Status > 0 {
		ent.Response.BodySize = resSize
	}
	return ent
}

func harKind(k string) string {
	switch k {
	case "ws":
		return "websocket"
	case "beacon":
		return "ping"
	case "resource":
		return "other"
	}
	return k
}

func bodyComment(note string) string {
	switch note {
	case "binary":
		return "binary body: not captured"
	case "truncated":
		return "body cut at the capture limit"
	case "off":
		return "bodies are off"
	case "unread":
		return "body not read (a stream)"
	}
	return ""
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func harHeaders(h map[string]string) []HARNV {
	out := make([]HARNV, 0, len(h))
	for k, v := range h {
		out = append(out, HARNV{Name: k, Value: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func harQuery(raw string) []HARNV {
	out := []HARNV{}
	u, err := url.Parse(raw)
	if err != nil {
		return out
	}
	for _, pair := range strings.Split(u.RawQuery, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		if uk, err := url.QueryUnescape(k); err == nil {
			k = uk
		}
		if uv, err := url.QueryUnescape(v); err == nil {
			v = uv
		}
		out = append(out, HARNV{Name: k, Value: v})
	}
	return out
}

// harCookies splits a (masked) Cookie or Set-Cookie header into name / value pairs.
func harCookies(v string, set bool) []HARNV {
	out := []HARNV{}
	if v == "" {
		return out
	}
	if set {
		for _, line := range strings.Split(v, "\n") {
			first, _, _ := strings.Cut(line, ";")
			if k, val, ok := strings.Cut(first, "="); ok {
				out = append(out, HARNV{Name: strings.TrimSpace(k), Value: strings.TrimSpace(val)})
			}
		}
		return out
	}
	for _, part := range strings.Split(v, ";") {
		if k, val, ok := strings.Cut(part, "="); ok {
			out = append(out, HARNV{Name: strings.TrimSpace(k), Value: strings.TrimSpace(val)})
		}
	}
	return out
}
