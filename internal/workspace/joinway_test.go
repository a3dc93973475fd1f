package workspace

import (
	"net/url"
	"testing"
)

func TestQRImagesComeFromALoopbackAPIBaseButNotFromARealOne(t *testing.T) {
	img := "https://wework.qpic.cn/wwpic3az/5andb0x_abc/0"
	cases := []struct{ base, want string }{
		{"http://127.0.0.1:4567", "http://127.0.0.1:4567/wwpic3az/5andb0x_abc/0"},
		{"http://[::1]:4567", "http://[::1]:4567/wwpic3az/5andb0x_abc/0"},
		{"http://localhost:80", "http://localhost:80/wwpic3az/5andb0x_abc/0"},
		{"https://qyapi.weixin.qq.com", img},
		{"https://wecom.corp.example", img},
	}
	for _, tc := range cases {
		u, _ := url.Parse(img)
		if f := loopbackImages(tc.base); f != nil {
			f(u)
		}
		if u.String() != tc.want {
			t.Errorf("API base %s: image from %s, want %s", tc.base, u, tc.want)
		}
	}
}
