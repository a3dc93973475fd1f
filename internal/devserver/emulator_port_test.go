package devserver

import (
	"strings"
	"testing"

	"wecomdev/internal/jssdk"
)

// notTrustedWarning is the NOT_TRUSTED warning of an answer, or nil.
func notTrustedWarning(a VerifyAnswer) *Warning {
	for i, w := range a.Warnings {
		if w.Code == "NOT_TRUSTED" {
			return &a.Warnings[i]
		}
	}
	return nil
}

func TestAPageOnAnotherPortOfATrustedDomainIsNotTrustedAndTheWarningNamesThePortRule(t *testing.T) {
	s, _ := newPhoneServer(t, Options{}) // trusted: h5.example.com
	page := "https://h5.example.com:8443/app/?a=1"
	for _, api := range []string{"config", "agentConfig"} {
		ticket := testCorpTicket
		if api == "agentConfig" {
			ticket = testAgentTicket
		}
		a := verify(t, s, verifyBody(api, page, ticket, page))
		w := notTrustedWarning(a)
		// config: invalid url domain (doc 96912); agentConfig: the client's 80001 text.
		want := "config:invalid url domain"
		if api == "agentConfig" {
			want = "agentConfig:not match any reliable domain. more info at https://open.work.weixin.qq.com/devtool/query?e=80001"
		}
		if a.OK || a.ErrMsg != want || w == nil {
			t.Fatalf("%s: %+v", api, a)
		}
		if !strings.Contains(w.Message.EnUS, "h5.example.com:8443 is not one of the app's trusted domains") ||
			!strings.Contains(w.Message.EnUS, "The port is part of the domain: the trusted domain h5.example.com means the default port") ||
			!strings.Contains(w.Message.ZhCN, "端口也是域名的一部分") {
			t.Errorf("%s: the warning does not name the port rule: %+v", api, w.Message)
		}
	}
	if e := lastEntry(t, s, EndpointEmulator); e.Host != "h5.example.com:8443" || e.Decision != "not a trusted domain" {
		t.Errorf("log entry host %q decision %q", e.Host, e.Decision)
	}
}

func TestAPageOnAPortIsTrustedWhenTheTrustedDomainCarriesThePort(t *testing.T) {
	s, b := newPhoneServer(t, Options{})
	b.setDomains("h5.example.com:8443", "tls.example.com:443")
	for _, page := range []string{"https://h5.example.com:8443/app/", "https://tls.example.com/app/", "https://tls.example.com:443/app/"} {
		a := verify(t, s, verifyBody("config", page, testCorpTicket, jssdk.CutHash(page)))
		if !a.OK || a.ErrMsg != "config:ok" || len(a.Warnings) != 0 {
			t.Errorf("%s: %+v", page, a)
		}
	}
	// h5.example.com:8443 does not cover the default port, nor http://tls.example.com/
	for _, page := range []string{"https://h5.example.com/app/", "http://tls.example.com/app/"} {
		a := verify(t, s, verifyBody("config", page, testCorpTicket, page))
		if w := notTrustedWarning(a); a.OK || a.ErrMsg != "config:invalid url domain" || w == nil || !strings.Contains(w.Message.EnUS, "The port is part of the domain") {
			t.Errorf("%s: %+v", page, a)
		}
	}
}

func TestTheEmulatorAllowsLoopbackOnAnyPort(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	for _, page := range []string{"http://localhost:5173/", "http://127.0.0.1:9/x", "http://[::1]:3000/"} {
		a := verify(t, s, verifyBody("config", page, testCorpTicket, page))
		if !a.OK || !hasWarning(a, "LOOPBACK") {
			t.Errorf("%s: %+v", page, a)
		}
	}
}
