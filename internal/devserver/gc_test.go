package devserver

import "testing"

func TestADeveloperSetGOGCOrGOMEMLIMITWinsOverTheServingSettings(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	for _, c := range []struct {
		env     map[string]string
		percent int
		limit   int64
	}{
		{nil, servingGCPercent, servingMemoryLimit},
		{map[string]string{"GOGC": "100"}, 0, servingMemoryLimit},
		{map[string]string{"GOGC": "off", "GOMEMLIMIT": "1GiB"}, 0, 0},
		{map[string]string{"GOMEMLIMIT": "64MiB"}, servingGCPercent, 0},
	} {
		p, l := gcSettings(env(c.env))
		if p != c.percent || l != c.limit {
			t.Errorf("%v: percent %d, limit %d; want %d, %d", c.env, p, l, c.percent, c.limit)
		}
	}
}
