package devserver

import (
	"strings"
)

// ClientInfo is what a User-Agent says about the WeCom (or WeChat) client.
type ClientInfo struct {
	Client   string `json:"client,omitempty"`   // wxwork, wxworklocal (private deployment), wechat, or "" for a browser
	Version  string `json:"version,omitempty"`  // e.g. 4.1.22
	Platform string `json:"platform,omitempty"` // iOS, Android, Windows, Mac, Linux, or ""
}

// ParseUserAgent reads the WeCom client and platform from a User-Agent such as
// "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) … wxwork/4.1.22 MicroMessenger/7.0.1 Language/zh"
// (WeCom's in-app browser also says MicroMessenger; wxwork wins).
func ParseUserAgent(ua string) ClientInfo {
	var c ClientInfo
	for _, p := range []struct{ token, client string }{
		{"wxworklocal/", "wxworklocal"},
		{"wxwork/", "wxwork"},
		{"MicroMessenger/", "wechat"},
	} {
		if i := strings.Index(ua, p.token); i >= 0 {
			c.Client = p.client
			c.Version = versionAt(ua[i+len(p.token):])
			break
		}
	}
	switch {
	case strings.Contains(ua, "iPhone"), strings.Contains(ua, "iPad"), strings.Contains(ua, "iPod"):
		c.Platform = "iOS"
	case strings.Contains(ua, "Android"):
		c.Platform = "Android"
	case strings.Contains(ua, "Windows"):
		c.Platform = "Windows"
	case strings.Contains(ua, "Macintosh"), strings.Contains(ua, "Mac OS X"):
		c.Platform = "Mac"
	case strings.Contains(ua, "Linux"):
		c.Platform = "Linux"
	}
	return c
}

// versionAt reads a dotted version at the start of s: digits and dots, at most 24 bytes.
func versionAt(s string) string {
	n := 0
	for n < len(s) && n < 24 && (s[n] == '.' || (s[n] >= '0' && s[n] <= '9')) {
		n++
	}
	return strings.TrimSuffix(s[:n], ".")
}

// clientInfo is ParseUserAgent(ua), kept for the last User-Agent seen: a phone sends the
// same one with every request, and comparing it costs less than reading it again.
func (s *Server) clientInfo(ua string) ClientInfo {
	if c := s.lastUA.Load(); c != nil && c.ua == ua {
		return c.info
	}
	c := &uaInfo{ua: ua, info: ParseUserAgent(ua)}
	s.lastUA.Store(c)
	return c.info
}

type uaInfo struct {
	ua   string
	info ClientInfo
}
