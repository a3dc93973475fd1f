package devserver

import "testing"

func TestUserAgentsNameTheWeComClientAndPlatform(t *testing.T) {
	for _, tc := range []struct {
		ua   string
		want ClientInfo
	}{
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.22 MicroMessenger/7.0.1 Language/zh ColorScheme/Light", ClientInfo{"wxwork", "4.1.22", "iOS"}},
		{"Mozilla/5.0 (Linux; Android 13; V2238A) AppleWebKit/537.36 Chrome/109 Mobile Safari/537.36 wxwork/4.1.16 MicroMessenger/7.0.1 NetType/WIFI Language/zh", ClientInfo{"wxwork", "4.1.16", "Android"}},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/81 Safari/537.36 wxwork/4.1.20 (MicroMessenger/6.2) WindowsWechat MailPlugin_Electron WeMail embeddisk", ClientInfo{"wxwork", "4.1.20", "Windows"}},
		{"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 wxwork/4.1.18 (MicroMessenger/6.2) MacWechat", ClientInfo{"wxwork", "4.1.18", "Mac"}},
		{"Mozilla/5.0 (Linux; Android 12) wxworklocal/3.1.9 MicroMessenger/7.0.1", ClientInfo{"wxworklocal", "3.1.9", "Android"}},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) MicroMessenger/8.0.44(0x18002c2f) NetType/WIFI", ClientInfo{"wechat", "8.0.44", "iOS"}},
		{"Mozilla/5.0 (X11; Linux x86_64) Chrome/120 Safari/537.36", ClientInfo{"", "", "Linux"}},
		{"curl/8.5.0", ClientInfo{}},
		{"", ClientInfo{}},
	} {
		if got := ParseUserAgent(tc.ua); got != tc.want {
			t.Errorf("%q: %+v, want %+v", tc.ua, got, tc.want)
		}
	}
}

func TestTheLoggedClientFollowsTheUserAgentOfEachRequestWhenTwoPhonesTakeTurns(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	iphone := "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.22 MicroMessenger/7.0.1 Language/zh"
	android := "Mozilla/5.0 (Linux; Android 13; V2238A) AppleWebKit/537.36 Chrome/109 Mobile Safari/537.36 wxwork/4.1.16 MicroMessenger/7.0.1 NetType/WIFI Language/zh"
	want := map[string]ClientInfo{iphone: {"wxwork", "4.1.22", "iOS"}, android: {"wxwork", "4.1.16", "Android"}, "": {}}
	order := []string{iphone, iphone, android, iphone, "", android, android}
	for _, ua := range order {
		get(t, s, PathConfigSignature+"?url="+q("http://localhost/"), "User-Agent", ua)
	}
	logged := entries(t, s)
	if len(logged) != len(order) {
		t.Fatalf("%d entries for %d requests", len(logged), len(order))
	}
	for i, e := range logged {
		if e.App != want[e.UserAgent] || e.UserAgent != order[i] {
			t.Errorf("request %d (%q): app %+v, want %+v", i, order[i], e.App, want[order[i]])
		}
	}
}
