package jssdk

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestExplainOfTheOfficialExampleShowsTheDocsSignature(t *testing.T) {
	b := Explain(KindCorp, officialTicket, officialNonce, officialTimestamp, officialURL)
	want := Breakdown{
		Kind:             KindCorp,
		URL:              officialURL,
		SignedURL:        officialURL,
		Timestamp:        officialTimestamp,
		NonceStr:         officialNonce,
		TicketMasked:     "sM…qg",
		SignStringMasked: "jsapi_ticket=sM…qg&noncestr=Wm3WZYTPz0wzccnW&timestamp=1414587457&url=http://mp.weixin.qq.com?params=value",
		Signature:        officialSignature,
		Warnings:         []Warning{},
	}
	got, _ := json.Marshal(b)
	wantJSON, _ := json.Marshal(want)
	if string(got) != string(wantJSON) {
		t.Fatalf("Explain =\n%s\nwant\n%s", got, wantJSON)
	}
}

func TestExplainNeverShowsTheTicketInTheSignString(t *testing.T) {
	b := Explain(KindAgent, officialTicket, officialNonce, officialTimestamp, officialURL)
	if strings.Contains(b.SignStringMasked, officialTicket) || strings.Contains(b.TicketMasked, officialTicket) {
		t.Fatalf("ticket leaked: %+v", b)
	}
}

func TestExplainSignsTheURLWithoutItsHash(t *testing.T) {
	url := "https://a.com/app/?x=1#/orders/42"
	b := Explain(KindCorp, officialTicket, officialNonce, officialTimestamp, url)
	cut := "https://a.com/app/?x=1"
	if b.URL != url || b.SignedURL != cut {
		t.Fatalf("URL = %q, SignedURL = %q; want %q and %q", b.URL, b.SignedURL, url, cut)
	}
	if want := Signature(officialTicket, officialNonce, officialTimestamp, cut); b.Signature != want {
		t.Fatalf("Signature = %s, want that of the cut URL %s", b.Signature, want)
	}
	if !strings.HasSuffix(b.SignStringMasked, "&url="+cut) {
		t.Fatalf("SignStringMasked = %q, want it to end with the cut URL", b.SignStringMasked)
	}
	if got := codes(b.Warnings); !slices.Equal(got, []string{CodeURLHasHash}) {
		t.Fatalf("Warnings = %v, want [%s]", got, CodeURLHasHash)
	}
}

func TestExplainEncodesNoWarningsAsAnEmptyArray(t *testing.T) {
	out, err := json.Marshal(Explain(KindCorp, officialTicket, officialNonce, officialTimestamp, officialURL))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"warnings":[]`) {
		t.Fatalf("JSON = %s, want \"warnings\":[]", out)
	}
}

func TestBreakdownUsesTheContractsJSONNames(t *testing.T) {
	out, _ := json.Marshal(Explain(KindAgent, officialTicket, officialNonce, officialTimestamp, officialURL))
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	want := []string{"kind", "nonceStr", "signStringMasked", "signature", "signedUrl", "ticketMasked", "timestamp", "url", "warnings"}
	if !slices.Equal(keys, want) {
		t.Fatalf("JSON keys = %v, want %v", keys, want)
	}
	if m["kind"] != "agent" {
		t.Fatalf("kind = %v, want agent", m["kind"])
	}
}

func TestExplainMasksATicketThatAlsoAppearsInTheURL(t *testing.T) {
	url := "https://a.com/p?jsapi_ticket=" + officialTicket + "#t=" + officialTicket
	b := Explain(KindCorp, officialTicket, officialNonce, officialTimestamp, url)
	out, _ := json.Marshal(b)
	if strings.Contains(string(out), officialTicket) {
		t.Fatalf("ticket leaked: %s", out)
	}
	if want := Signature(officialTicket, officialNonce, officialTimestamp, CutHash(url)); b.Signature != want {
		t.Fatalf("Signature = %s, want that of the real inputs %s", b.Signature, want)
	}
	if got := codes(b.Warnings); !slices.Contains(got, CodeTicketInInput) {
		t.Fatalf("Warnings = %v, want %s", got, CodeTicketInInput)
	}
}

func TestExplainLeavesAShortTicketsLookalikesAlone(t *testing.T) {
	// A 7-character "ticket" is not hunted for: it would mask ordinary text.
	b := Explain(KindCorp, "a.com/p", officialNonce, officialTimestamp, "https://a.com/p")
	if b.URL != "https://a.com/p" || slices.Contains(codes(b.Warnings), CodeTicketInInput) {
		t.Fatalf("Explain changed the URL or warned: %+v", b)
	}
}

func TestExplainReportsTheSameWarningsAsCheck(t *testing.T) {
	url := " http://localhost:5173/?a=1&amp;b=2#/x"
	b := Explain(KindCorp, officialTicket, "", "1414587457123", url)
	if got, want := codes(b.Warnings), codes(Check("", "1414587457123", url)); !slices.Equal(got, want) {
		t.Fatalf("Explain warnings = %v, Check = %v", got, want)
	}
}
