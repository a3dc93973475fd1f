package devserver

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// invokeFrom calls a client API from a page whose overlay picked the entry.
func invokeFrom(t *testing.T, s *Server, entry, api, params string) InvokeAnswer {
	t.Helper()
	w := post(t, s, PathEmulatorInvoke, `{"api":"`+api+`","params":`+params+`,"entry":"`+entry+`"}`)
	if w.Code != http.StatusOK {
		t.Fatalf("%s from %s: status %d: %s", api, entry, w.Code, w.Body)
	}
	noCredential(t, w.Body.Bytes())
	return decode[InvokeAnswer](t, w)
}

func TestEachEntryAnswersTheCustomerContextAPIsAsTheClientDoes(t *testing.T) {
	ok := map[string][]string{ // types/index.d.ts:4520-4581, 6225-6241
		"getCurExternalContact": {EntryContactProfile, EntrySingleChatTools, EntrySingleKfTools},
		"getCurExternalChat":    {EntryGroupChatTools},
		"sendChatMessage":       {EntrySingleChatTools, EntryGroupChatTools, EntryChatAttachment, EntrySingleKfTools},
	}
	for _, entry := range Entries {
		s, _ := newPhoneServer(t, Options{})
		if err := s.SetPageEntry(PageEntry{Entry: entry}); err != nil {
			t.Fatal(err)
		}
		if a := invoke(t, s, "getContext", `{}`); !a.OK || a.Result["entry"] != entry {
			t.Errorf("%s: getContext %+v", entry, a)
		} else if _, has := a.Result["shareTicket"]; has {
			t.Errorf("%s: getContext gives a shareTicket the emulator never has: %+v", entry, a)
		}
		for api, from := range ok {
			a := invoke(t, s, api, `{"msgtype":"text","text":{"content":"hi"}}`)
			if slices.Contains(from, entry) {
				if !a.OK || a.ErrMsg != api+":ok" {
					t.Errorf("%s from %s: %+v, want ok", api, entry, a)
				}
				continue
			}
			want := api + ":fail without context of external contact"
			if a.OK || a.ErrMsg != want || a.Result["errMsg"] != want || a.Result["err_msg"] != want || !strings.Contains(a.Note, entry) {
				t.Errorf("%s from %s: %+v, want %q", api, entry, a, want)
			}
		}
	}
}

func TestTheEntryAnswersWithThePickedCustomerAndGroup(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	if err := s.SetPageEntry(PageEntry{Entry: EntrySingleChatTools, Contact: "wmPickedOne", Chat: "wrPickedGroup"}); err != nil {
		t.Fatal(err)
	}
	if a := invoke(t, s, "getCurExternalContact", `{}`); a.Result["userId"] != "wmPickedOne" {
		t.Errorf("getCurExternalContact %+v", a)
	}
	if a := invokeFrom(t, s, EntryGroupChatTools, "getCurExternalChat", `{}`); a.Result["chatId"] != "wrPickedGroup" {
		t.Errorf("getCurExternalChat %+v", a)
	}
}

func TestWithoutAPickTheEntryStandsForTheMembersFirstCustomerAndGroup(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	if a := invokeFrom(t, s, EntryContactProfile, "getCurExternalContact", `{}`); a.Result["userId"] != "wmAAA" {
		t.Errorf("getCurExternalContact %+v", a)
	}
	if a := invokeFrom(t, s, EntryGroupChatTools, "getCurExternalChat", `{}`); a.Result["chatId"] != "wrSalesGroupAAAA" {
		t.Errorf("getCurExternalChat %+v", a)
	}
}

func TestTheOverlaysChoiceWinsOverTheServersForThatRequestOnly(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	if err := s.SetPageEntry(PageEntry{Entry: EntryGroupChatTools, Contact: "wmServer"}); err != nil {
		t.Fatal(err)
	}
	w := post(t, s, PathEmulatorInvoke, `{"api":"getCurExternalContact","params":{},"entry":"contact_profile","entryContact":"wmFromOverlay"}`)
	if a := decode[InvokeAnswer](t, w); a.Result["userId"] != "wmFromOverlay" {
		t.Errorf("overlay's pick: %+v", a)
	}
	w = post(t, s, PathEmulatorInvoke, `{"api":"getCurExternalContact","params":{},"entry":"single_kf_tools"}`)
	if a := decode[InvokeAnswer](t, w); a.Result["userId"] != "wmServer" {
		t.Errorf("the overlay's entry with the server's customer: %+v", a)
	}
	if a := invoke(t, s, "getContext", `{}`); a.Result["entry"] != EntryGroupChatTools {
		t.Errorf("the server's entry after the overlay's requests: %+v", a)
	}
}

func TestABadEntryIsRefusedWithTheAllowedOnes(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	err := s.SetPageEntry(PageEntry{Entry: "workbench"})
	if err == nil || !strings.Contains(err.Error(), "normal, contact_profile, single_chat_tools, group_chat_tools, chat_attachment, single_kf_tools") {
		t.Errorf("SetPageEntry(workbench) = %v", err)
	}
	if err := s.SetPageEntry(PageEntry{Entry: EntryContactProfile, Contact: "wm a<b>"}); err == nil {
		t.Error("an id with spaces and markup was taken")
	}
	if got := s.PageEntry(); got.Entry != EntryNormal {
		t.Errorf("a refused entry changed the server's: %+v", got)
	}
	for _, body := range []string{`{"api":"getContext","entry":"workbench"}`, `{"api":"getContext","entryChat":"` + strings.Repeat("w", 65) + `"}`} {
		w := post(t, s, PathEmulatorInvoke, body)
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "overlay") {
			t.Errorf("%s: status %d %s", body, w.Code, w.Body)
		}
	}
}

func TestAnEmptyEntryIsNormal(t *testing.T) {
	for _, v := range []string{"", "  "} {
		if got, err := ParseEntry(v); err != nil || got != EntryNormal {
			t.Errorf("ParseEntry(%q) = %q, %v", v, got, err)
		}
	}
	b, _ := json.Marshal(PageEntry{Entry: EntryNormal})
	if string(b) != `{"entry":"normal"}` {
		t.Errorf("json %s", b)
	}
}

func TestEntryChoicesAreTheSignedInMembersCustomersAndGroups(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	c, err := s.EntryChoices(context.Background())
	if err != nil || c.Member != "zhangsan" || !slices.Equal(c.Customers, []string{"wmAAA", "wmBBB"}) || !slices.Contains(c.Groups, "wrSalesGroupAAAA") {
		t.Errorf("%+v %v", c, err)
	}
	withoutCapabilities(s)
	if c, err := s.EntryChoices(context.Background()); err != nil || c.Member != "" || c.Customers == nil || c.Groups == nil {
		t.Errorf("without data: %+v %v", c, err)
	}
}

func FuzzInvokeBodyEntry(f *testing.F) {
	f.Add(`{"api":"getContext","entry":"single_chat_tools","entryContact":"wmA","entryChat":"wrB"}`)
	f.Add(`{"api":"getCurExternalChat","entry":"workbench"}`)
	f.Add(`{"api":"x","entryChat":"` + strings.Repeat("é", 40) + `"}`)
	f.Fuzz(func(t *testing.T, body string) {
		s, _ := newPhoneServer(t, Options{})
		w := post(t, s, PathEmulatorInvoke, body)
		if w.Code != http.StatusOK && w.Code != http.StatusBadRequest && w.Code != http.StatusTooManyRequests {
			t.Fatalf("status %d for %q", w.Code, body)
		}
		var o entryOverride
		if json.Unmarshal([]byte(body), &o) != nil || w.Code != http.StatusOK {
			return
		}
		if p, err := (PageEntry{Entry: o.Entry, Contact: o.Contact, Chat: o.Chat}).Check(); err != nil && (o.Entry != "" || o.Contact != "" || o.Chat != "") {
			t.Fatalf("answered %q with a bad entry %+v: %v", body, p, err)
		}
	})
}
