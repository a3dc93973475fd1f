package reach

import "testing"

func TestAPageHostKeepsItsPortUnlessItIsTheSchemesDefault(t *testing.T) {
	for _, tc := range []struct{ scheme, hostport, want string }{
		{"https", "H5.Example.COM.", "h5.example.com"},
		{"https", "h5.example.com:443", "h5.example.com"},
		{"http", "h5.example.com:80", "h5.example.com"},
		{"https", "h5.example.com:80", "h5.example.com:80"},
		{"http", "h5.example.com:443", "h5.example.com:443"},
		{"https", "dev.example.com:8443", "dev.example.com:8443"},
		{"", "h5.example.com:443", "h5.example.com:443"},
		{"http", "[::1]:8787", "[::1]:8787"},
		{"http", "[::1]:80", "[::1]"},
		{"https", "h5.example.com:", "h5.example.com"},
		{"https", ":8443", ""},
		{"https", "h5.example.com:8443.evil.com", ""},
		{"https", "h5.example.com:123456", ""},
		{"https", "", ""},
	} {
		if got := PageHost(tc.scheme, tc.hostport); got != tc.want {
			t.Errorf("PageHost(%q, %q) = %q, want %q", tc.scheme, tc.hostport, got, tc.want)
		}
	}
}

func TestATrustedDomainKeepsThePortTypedAndDropsOnlyATypedSchemesDefault(t *testing.T) {
	for in, want := range map[string]string{
		" H5.Example.com ":           "h5.example.com",
		"https://h5.example.com/x":   "h5.example.com",
		"dev.example.com:8443":       "dev.example.com:8443",
		"https://h5.example.com:443": "h5.example.com",
		"http://h5.example.com:443/": "h5.example.com:443",
		"h5.example.com:443":         "h5.example.com:443",
		"h5.example.com.:8443":       "h5.example.com:8443",
		"user@h5.example.com:8443/p": "h5.example.com:8443",
		"":                           "",
	} {
		if got := NormalizeDomain(in); got != want {
			t.Errorf("NormalizeDomain(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestATrustedDomainCoversAPageOnlyOnItsPort(t *testing.T) {
	for _, tc := range []struct {
		d, scheme, host string
		want            bool
	}{
		{"h5.example.com", "https", "h5.example.com", true},
		{"h5.example.com", "http", "h5.example.com", true},
		{"h5.example.com", "https", "h5.example.com:8443", false},
		{"h5.example.com:8443", "https", "h5.example.com:8443", true},
		{"h5.example.com:8443", "https", "h5.example.com", false},
		// a default port typed into a trusted domain means that port, whatever the scheme
		{"h5.example.com:443", "https", "h5.example.com", true},
		{"h5.example.com:443", "http", "h5.example.com", false},
		{"h5.example.com:443", "http", "h5.example.com:443", true},
		{"h5.example.com:80", "http", "h5.example.com", true},
		{"h5.example.com:80", "https", "h5.example.com", false},
		{"h5.example.com", "https", "sub.h5.example.com", false},
		{"", "https", "", false},
	} {
		if got := Covers(tc.d, tc.scheme, tc.host); got != tc.want {
			t.Errorf("Covers(%q, %s://%s) = %v, want %v", tc.d, tc.scheme, tc.host, got, tc.want)
		}
	}
}

func TestTheNearMissNamesThePortRuleOrTheParentDomain(t *testing.T) {
	m, ok := NearMiss("https", "h5.example.com:8443", []string{"other.example.com", "h5.example.com"})
	if !ok || m.EnUS != "The port is part of the domain: the trusted domain h5.example.com means the default port. Serve the page there, or add h5.example.com:8443 to the app's trusted domains." ||
		m.ZhCN == "" {
		t.Errorf("port miss %+v %v", m, ok)
	}
	if m, ok := NearMiss("https", "a.h5.example.com", []string{"h5.example.com"}); !ok || m.EnUS == "" || m.ZhCN == "" {
		t.Errorf("parent-domain miss %+v %v", m, ok)
	}
	if _, ok := NearMiss("https", "evil.example.net", []string{"h5.example.com"}); ok {
		t.Error("a near miss for an unrelated host")
	}
}
