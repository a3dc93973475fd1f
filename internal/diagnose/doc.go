// Package diagnose answers "why does my JS-SDK signature fail?" in three ways:
//
//   - Diagnose compares the URL a backend signed with the page's URL, byte for byte as
//     WeCom does (after cutting the page's "#…", as @wecom/jssdk does), and explains every
//     difference with a stable code, a message and a fix in zh-CN and en-US.
//   - Forensics takes a signature a page was given (with its timestamp and nonceStr) and
//     finds what produced it: which ticket the console has seen (corp or app, current or
//     earlier) over which URL (the page's or one of its usual variants).
//   - ExplainText recognises what the phone showed (errMsg strings such as
//     "config:invalid signature", or an errcode) and says the cause, the fix and the
//     console tool that checks it.
//
// URLs are parsed here by hand and leniently: net/url rejects some inputs developers
// paste and rewrites others, and it must not decide whether two URLs are equal. Nothing
// in this package ever shows a ticket in clear (redact.Mask).
package diagnose

import "wecomdev/internal/wecom"

// Finding codes of Diagnose. They are a contract: the UI, the CLI's JSON and Forensics'
// URL_VARIANT verdict use them; texts may change, codes do not.
const (
	// CodeHashIncluded: the signed URL still has "#…" (the fragment is never signed).
	CodeHashIncluded = "HASH_INCLUDED"
	// CodeTrailingSlash: "/path/" against "/path" (or "" against "/").
	CodeTrailingSlash = "TRAILING_SLASH"
	// CodeIndexFile: "/dir/" against "/dir/index.html" (.htm, .php, .aspx, …).
	CodeIndexFile = "INDEX_FILE"
	// CodeScheme: http against https, another letter case, a broken "://", or no scheme.
	CodeScheme = "SCHEME"
	// CodePort: an explicit port differs, including ":443" / ":80" against none.
	CodePort = "PORT"
	// CodeHostCase: the same host in another letter case.
	CodeHostCase = "HOST_CASE"
	// CodeHost: another host (or none).
	CodeHost = "HOST"
	// CodePath: another path (a single-page app that moved on from its landing URL, …).
	CodePath = "PATH"
	// CodeQueryEncoding: the same path or query in another percent-encoding, or the whole
	// URL still percent-encoded.
	CodeQueryEncoding = "QUERY_ENCODING"
	// CodeHTMLEscaped: "&amp;" (or "&#38;", "&#x26;") where the other URL has "&".
	CodeHTMLEscaped = "HTML_ESCAPED"
	// CodeQueryOrder: the same parameters in another order.
	CodeQueryOrder = "QUERY_ORDER"
	// CodeQueryExtra: the page has parameters the signed URL lacks (from=singlemessage, …).
	CodeQueryExtra = "QUERY_EXTRA"
	// CodeQueryMissing: the signed URL has parameters the page lacks.
	CodeQueryMissing = "QUERY_MISSING"
	// CodeOAuthParams: the difference is OAuth's code / state.
	CodeOAuthParams = "OAUTH_PARAMS"
	// CodeWhitespace: leading or trailing spaces or newlines.
	CodeWhitespace = "WHITESPACE"
	// CodeOther: a difference none of the codes above describes (a stray "&", a bare
	// "?", …). Every difference gets at least one finding, this one as the last resort.
	CodeOther = "OTHER"
)

// FindingCodes lists every finding code, in the order Diagnose reports them when several
// hold (roughly left to right along the URL).
func FindingCodes() []string {
	return []string{
		CodeWhitespace, CodeHTMLEscaped, CodeQueryEncoding, CodeHashIncluded, CodeScheme,
		CodeHostCase, CodeHost, CodePort, CodeTrailingSlash, CodeIndexFile, CodePath,
		CodeQueryOrder, CodeOAuthParams, CodeQueryExtra, CodeQueryMissing, CodeOther,
	}
}

// Text is one message in both UI languages: {"zh-CN": "…", "en-US": "…"}. It is
// wecom.Text, so server explanations and diagnoses share one shape; Text.In(lang) picks
// one language.
type Text = wecom.Text

// tx builds a Text (keyed, so vet's composite check stays quiet about the alias).
func tx(zh, en string) Text { return Text{ZhCN: zh, EnUS: en} }

// Finding is one explained difference between the signed URL and the page's URL.
type Finding struct {
	Code    string `json:"code"`
	Message Text   `json:"message"`
	Fix     Text   `json:"fix"`
	// Signed and Page are the differing fragments, as they appear in each URL (either may
	// be empty: a fragment one side lacks), for highlighting.
	Signed string `json:"signed"`
	Page   string `json:"page"`
	// Severity and Evidence are set by checks that also warn (internal/oauth's authorize-URL
	// checker): "error" or "warn", and the part of the input the finding is about. Empty
	// for the URL diff, whose findings are all errors.
	Severity string `json:"severity,omitempty"`
	Evidence string `json:"evidence,omitempty"`
}

// LocalFinding is a Finding in one language, the CLI's {"code","message","fix"}.
type LocalFinding struct {
	Code     string `json:"code"`
	Message  string `json:"message"`
	Fix      string `json:"fix"`
	Severity string `json:"severity,omitempty"`
	Evidence string `json:"evidence,omitempty"`
}

// Lang returns the finding in one language ("zh…" for Chinese, anything else English).
func (f Finding) Lang(lang string) LocalFinding {
	return LocalFinding{Code: f.Code, Message: f.Message.In(lang), Fix: f.Fix.In(lang), Severity: f.Severity, Evidence: f.Evidence}
}

// Localize returns the findings in one language; never nil.
func Localize(fs []Finding, lang string) []LocalFinding {
	out := make([]LocalFinding, 0, len(fs))
	for _, f := range fs {
		out = append(out, f.Lang(lang))
	}
	return out
}
