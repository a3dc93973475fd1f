package cli

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"wecomdev/internal/devserver"
)

func TestServeEmulatesThePickedEntryAndSaysItInTheListeningEvent(t *testing.T) {
	r := newCLIRig(t)
	s := r.serve(t, "sandbox", "--addr", "127.0.0.1:0", "--json", "--emulate", "--entry", "single_chat_tools", "--entry-contact", "wmPicked")
	ev := s.next(t)
	entry, _ := ev["entry"].(map[string]any)
	if ev["event"] != "listening" || entry["entry"] != "single_chat_tools" || entry["contact"] != "wmPicked" {
		t.Fatalf("listening event %v", ev)
	}
	for api, want := range map[string]string{"getContext": `"entry":"single_chat_tools"`, "getCurExternalContact": `"userId":"wmPicked"`,
		"getCurExternalChat": `"errMsg":"getCurExternalChat:fail without context of external contact"`} {
		resp, err := http.Post(ev["url"].(string)+devserver.PathEmulatorInvoke, "application/json", strings.NewReader(`{"api":"`+api+`","params":{}}`))
		if err != nil {
			t.Fatal(err)
		}
		var a devserver.InvokeAnswer
		json.NewDecoder(resp.Body).Decode(&a)
		resp.Body.Close()
		b, _ := json.Marshal(a.Result)
		if !strings.Contains(string(b), want) {
			t.Errorf("%s: %d %s, want %s", api, resp.StatusCode, b, want)
		}
	}
	s.cancel()
	<-s.code
}

func TestServeSaysTheEntryInItsStatusLine(t *testing.T) {
	r := newCLIRig(t)
	s := r.serve(t, "sandbox", "--addr", "127.0.0.1:0", "--emulate", "--entry", "group_chat_tools", "--entry-chat", "wrPicked")
	s.line(t, "emulating the WeCom client (entry group_chat_tools, group wrPicked)")
	s.cancel()
	<-s.code
}

func TestServeWithoutEntryEmulatesTheWorkbench(t *testing.T) {
	r := newCLIRig(t)
	s := r.serve(t, "sandbox", "--addr", "127.0.0.1:0", "--json", "--emulate")
	if ev := s.next(t); ev["entry"].(map[string]any)["entry"] != "normal" {
		t.Errorf("listening event %v", ev)
	}
	s.cancel()
	<-s.code
	s = r.serve(t, "sandbox", "--addr", "127.0.0.1:0", "--json")
	if ev := s.next(t); ev["entry"] != nil {
		t.Errorf("without the emulator the event names an entry: %v", ev)
	}
	s.cancel()
	<-s.code
}

func TestServeRefusesABadEntryAndAnEntryWithoutTheEmulator(t *testing.T) {
	r := newCLIRig(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--emulate", "--entry", "workbench"}, "use one of normal, contact_profile, single_chat_tools, group_chat_tools, chat_attachment, single_kf_tools"},
		{[]string{"--entry", "contact_profile"}, "--entry needs --emulate"},
		{[]string{"--entry-chat", "wrX"}, "--entry-chat needs --emulate"},
		{[]string{"--emulate", "--entry-contact", "wm x"}, "entry contact id"},
	} {
		code, _, errOut := r.run(t, "", append([]string{"serve", "sandbox", "--addr", "127.0.0.1:0"}, tc.args...)...)
		if code != ExitUsage || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: code %d, stderr %q, want %q", tc.args, code, errOut, tc.want)
		}
	}
}
