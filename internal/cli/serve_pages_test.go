package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"wecomdev/internal/devserver"
)

type fakePages struct{ calls []string }

func (f *fakePages) Reload(sid string) error {
	f.calls = append(f.calls, "reload "+sid)
	if sid == "gone" {
		return devserver.ErrNoPage
	}
	return nil
}

func (f *fakePages) Navigate(sid, target string) error {
	f.calls = append(f.calls, "open "+target+" "+sid)
	return devserver.NewNetwork(devserver.NetworkOptions{}).Navigate(sid, target) // its URL check; no page
}

func TestPageCommandsFromStdinReloadAndOpenPagesAndAnswerEachAsAJSONLine(t *testing.T) {
	var buf bytes.Buffer
	out := newLineWriter(&buf)
	p := &servePrinter{out: out, asJSON: true}
	f := &fakePages{}
	runPageCommands(strings.NewReader("reload\n\nreload gone\nopen javascript:alert(1) abc\nopen https://h5.example.com/b abc\nformat c:\n"), f, p)
	out.stop(5 * time.Second)

	want := []string{"reload ", "reload gone", "open javascript:alert(1) abc", "open https://h5.example.com/b abc"}
	if strings.Join(f.calls, "|") != strings.Join(want, "|") {
		t.Errorf("calls %q, want %q", f.calls, want)
	}
	var got []commandEvent
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var ev commandEvent
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatalf("not JSON: %q", line)
		}
		got = append(got, ev)
	}
	if len(got) != 5 {
		t.Fatalf("%d answers, want 5: %s", len(got), buf.String())
	}
	if !got[0].Delivered || got[0].Event != "command" || got[0].Command != "reload" {
		t.Errorf("reload: %+v", got[0])
	}
	if got[1].Delivered || !strings.Contains(got[1].Error, "no page with the reporter") || got[1].Session != "gone" {
		t.Errorf("reload of a session without a page: %+v", got[1])
	}
	if got[2].Delivered || !strings.Contains(got[2].Error, "the address to open") {
		t.Errorf("open javascript: %+v", got[2])
	}
	if got[3].Delivered || got[3].URL != "https://h5.example.com/b" || !strings.Contains(got[3].Error, "no page with the reporter") {
		t.Errorf("open with no page connected: %+v", got[3])
	}
	if got[4].Delivered || got[4].Command != "format" || !strings.Contains(got[4].Error, "not a page command") {
		t.Errorf("unknown command: %+v", got[4])
	}
}

func TestPageCommandsSayWhatTheyDidInText(t *testing.T) {
	var buf bytes.Buffer
	out := newLineWriter(&buf)
	runPageCommands(strings.NewReader("reload abc\nreload gone\n"), &fakePages{}, &servePrinter{out: out})
	out.stop(5 * time.Second)
	if s := buf.String(); !strings.Contains(s, "reloading page session abc\n") || !strings.Contains(s, "reload: no page with the reporter") {
		t.Errorf("text output %q", s)
	}
}
