package devserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
)

// PageEnv is a page session's environment as reporter.js reads it (frontend/phone/src/
// reporter/env.ts), with the user agent parsed here (ParseUserAgent) and every storage
// value masked again.
type PageEnv struct {
	URL        string     `json:"url"`
	LandingURL string     `json:"landingUrl"`
	Title      string     `json:"title,omitempty"`
	UserAgent  string     `json:"userAgent"`
	App        ClientInfo `json:"app"`
	// Dark: WeCom's in-app browser says ColorScheme/Dark in its User-Agent when the client
	// is in dark mode (a guess from observed User-Agents, not in WeCom's docs; the page's
	// prefers-color-scheme is ColorScheme below).
	Dark        bool              `json:"dark"`
	SDK         SDKInfo           `json:"sdk"`
	Screen      *ScreenSize       `json:"screen,omitempty"`
	Viewport    *ScreenSize       `json:"viewport,omitempty"`
	ColorScheme string            `json:"colorScheme,omitempty"` // dark or light, as the page's CSS sees it
	Storage     map[string]KVList `json:"storage"`               // local, session, cookies
}

// KVList is a storage area's keys and their masked values.
type KVList map[string]string

// SDKInfo is which JS-SDK the page loaded, and from where.
type SDKInfo struct {
	Kind    string `json:"kind"` // wecom-jssdk, jweixin, jwxwork, none
	Version string `json:"version,omitempty"`
	Src     string `json:"src,omitempty"` // the script's URL; "" when bundled into the page
}

// ScreenSize is in CSS pixels.
type ScreenSize struct {
	Width  int     `json:"width"`
	Height int     `json:"height"`
	DPR    float64 `json:"dpr,omitempty"`
}

var sdkKinds = map[string]bool{"wecom-jssdk": true, "jweixin": true, "jwxwork": true, "none": true}

const maxStorageKeys = 50

// parsePageEnv reads and masks the environment a page sent.
func parsePageEnv(p []byte, creds []string) (*PageEnv, error) {
	var env PageEnv
	d := json.NewDecoder(bytes.NewReader(p))
	if err := d.Decode(&env); err != nil {
		return nil, fmt.Errorf("not the environment object reporter.js sends (%v)", shortJSONError(err))
	}
	env.URL = maskSecretsInText(clip(env.URL, maxNetURL), creds)
	env.LandingURL = maskSecretsInText(clip(env.LandingURL, maxNetURL), creds)
	env.Title = scrub(clip(env.Title, 200), creds)
	env.UserAgent = scrub(clip(env.UserAgent, maxUserAgent), creds)
	env.App = ParseUserAgent(env.UserAgent)
	// A guess, said so in the UI ("WeCom dark mode (guess)"): WeCom documents no dark-mode
	// signal for H5 pages. It rests on captured User-Agents of WeCom's in-app browser, e.g.
	// iOS "… Mobile/15E148 wxwork/4.0.3 MicroMessenger/7.0.1 Language/zh ColorScheme/Dark"
	// and Android "… wxwork/3.1.18 ColorScheme/Dark MicroMessenger/7.0.1 NetType/4G …"
	// (request headers copied into public scripts), and "ColorScheme/Light" in a UA quoted in
	// WeChat developer community thread 0000c2838541c0ecc74cae2e65b800
	// (shared/reference/client-fidelity.md §2.8). The page's own prefers-color-scheme is
	// ColorScheme, which the reporter reads.
	env.Dark = strings.Contains(env.UserAgent, "ColorScheme/Dark")
	if !sdkKinds[env.SDK.Kind] {
		env.SDK.Kind = "none"
	}
	env.SDK.Version = clip(env.SDK.Version, 24)
	env.SDK.Src = maskSecretsInText(clip(env.SDK.Src, maxNetURL), creds)
	if env.ColorScheme != "dark" && env.ColorScheme != "light" {
		env.ColorScheme = ""
	}
	store := map[string]KVList{}
	for _, area := range []string{"local", "session", "cookies"} {
		kv := KVList{}
		for k, v := range env.Storage[area] {
			if len(kv) >= maxStorageKeys {
				break
			}
			kv[clip(k, 100)] = maskStorageValue(v)
		}
		store[area] = kv
	}
	env.Storage = store
	return &env, nil
}

// maskStorageValue keeps what the reporter masked and masks anything longer than a short word.
func maskStorageValue(v string) string {
	if alreadyMasked(v) || len([]rune(v)) <= 24 {
		return clip(v, 64)
	}
	return maskTicket(v)
}

// parseAbsoluteURL parses an absolute URL with a host.
func parseAbsoluteURL(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || u.Host == "" || u.Scheme == "" {
		return nil, fmt.Errorf("%s is not an absolute URL like https://app.example.com/page", quoteShort(s))
	}
	return u, nil
}
