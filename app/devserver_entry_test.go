package app

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"wecomdev/internal/devserver"
)

func TestTheEntryHoldsAcrossRestartsAndReachesTheRunningServer(t *testing.T) {
	s, _ := newDevServerService(t)
	if st, err := s.Status(); err != nil || st.Entry.Entry != devserver.EntryNormal {
		t.Fatalf("default entry %+v %v", st.Entry, err)
	}
	if st, err := s.SetEntry("single_chat_tools", "wmPicked", ""); err != nil || st.Entry != (devserver.PageEntry{Entry: "single_chat_tools", Contact: "wmPicked"}) {
		t.Fatalf("%+v %v", st.Entry, err)
	}
	s.SetEmulator(true)
	st, err := s.Start("sandbox", "127.0.0.1:0", "")
	if err != nil || st.Entry.Entry != "single_chat_tools" {
		t.Fatalf("%+v %v", st, err)
	}
	contact := func() string {
		resp, err := http.Post(st.BaseURL+devserver.PathEmulatorInvoke, "application/json", bytes.NewReader([]byte(`{"api":"getCurExternalContact"}`)))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var a devserver.InvokeAnswer
		json.NewDecoder(resp.Body).Decode(&a)
		if a.Result["userId"] != nil {
			return a.Result["userId"].(string)
		}
		return a.ErrMsg
	}
	if got := contact(); got != "wmPicked" {
		t.Errorf("after start: %s", got)
	}
	// without a restart
	if _, err := s.SetEntry("normal", "", ""); err != nil {
		t.Fatal(err)
	}
	if got := contact(); got != "getCurExternalContact:fail without context of external contact" {
		t.Errorf("after SetEntry(normal) on the running server: %s", got)
	}
	c, err := s.EntryChoices()
	if err != nil || c.Member == "" || len(c.Customers) == 0 {
		t.Errorf("entry choices of the sandbox: %+v %v", c, err)
	}
}

func TestABadEntryIsEntryInvalidAndKeepsTheOldOne(t *testing.T) {
	s, _ := newDevServerService(t)
	s.SetEntry("group_chat_tools", "", "wrX")
	_, err := s.SetEntry("workbench", "", "")
	if err == nil || !strings.HasPrefix(err.Error(), CodeEntryInvalid+": ") || !strings.Contains(err.Error(), "single_kf_tools") {
		t.Errorf("%v", err)
	}
	if st, _ := s.Status(); st.Entry.Entry != "group_chat_tools" || st.Entry.Chat != "wrX" {
		t.Errorf("entry after a refused one %+v", st.Entry)
	}
	if c, err := s.EntryChoices(); err != nil || c.Customers == nil || c.Groups == nil {
		t.Errorf("choices while stopped %+v %v", c, err)
	}
}
