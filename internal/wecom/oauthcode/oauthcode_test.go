package oauthcode

import (
	"fmt"
	"testing"
	"time"
)

var t0 = time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)

func TestACodeWorksOnceWithItsValue(t *testing.T) {
	var s Store[string]
	s.Issue("c0de", "lisi", t0)
	if v, st := s.Take("c0de", t0.Add(time.Minute)); st != Live || v != "lisi" {
		t.Fatalf("first take = %q, %v; want lisi, Live", v, st)
	}
	if v, st := s.Take("c0de", t0.Add(time.Minute)); st != Unknown || v != "" {
		t.Fatalf("second take = %q, %v; want \"\", Unknown", v, st)
	}
}

func TestACodeWorksUntilFiveMinutesAfterItsIssueAndIsExpiredFromThen(t *testing.T) {
	var s Store[int]
	s.Issue("early", 1, t0)
	s.Issue("late", 2, t0)
	if _, st := s.Take("early", t0.Add(TTL-time.Nanosecond)); st != Live {
		t.Errorf("just before five minutes: %v, want Live", st)
	}
	if v, st := s.Take("late", t0.Add(TTL)); st != Expired || v != 2 {
		t.Errorf("at five minutes: %d, %v; want 2, Expired", v, st)
	}
	if TTL != 5*time.Minute {
		t.Errorf("TTL = %v; doc 91023 says five minutes", TTL)
	}
}

func TestAnExpiredCodeIsToldApartFromAnUnknownOneForAnotherFiveMinutes(t *testing.T) {
	var s Store[int]
	s.Issue("a", 1, t0)
	s.Issue("b", 2, t0)
	if _, st := s.Take("a", t0.Add(2*TTL)); st != Expired {
		t.Errorf("ten minutes on: %v, want Expired", st)
	}
	if _, st := s.Take("b", t0.Add(2*TTL+time.Second)); st != Unknown {
		t.Errorf("past ten minutes: %v, want Unknown", st)
	}
	if _, st := s.Take("never", t0); st != Unknown {
		t.Errorf("a code never issued: %v, want Unknown", st)
	}
}

func TestTheStoreKeepsAtMostMaxCodesAndClearForgetsThemAll(t *testing.T) {
	var s Store[int]
	for i := range MaxCodes + 5 {
		s.Issue(fmt.Sprint("code", i), i, t0)
	}
	if n := s.Len(); n != MaxCodes {
		t.Errorf("Len = %d, want %d", n, MaxCodes)
	}
	if _, st := s.Take(fmt.Sprint("code", MaxCodes+4), t0); st != Live {
		t.Errorf("the newest code: %v, want Live", st)
	}
	s.Clear()
	if n := s.Len(); n != 0 {
		t.Errorf("after Clear, Len = %d", n)
	}
}

func TestTheStoreKeepsNoCodeAsItIs(t *testing.T) {
	var s Store[string]
	s.Issue("secret-code-value", "x", t0)
	for k := range s.codes {
		if string(k[:]) == "secret-code-value" || fmt.Sprintf("%x", k) == "secret-code-value" {
			t.Fatal("the code is kept as it is")
		}
	}
	if s.codes[hash("secret-code-value")].v != "x" {
		t.Fatal("the code is not kept by its hash")
	}
}

func TestIssuingForgetsTheCodesPastTenMinutes(t *testing.T) {
	var s Store[int]
	s.Issue("old", 1, t0)
	s.Issue("new", 2, t0.Add(2*TTL+time.Second))
	if n := s.Len(); n != 1 {
		t.Errorf("Len = %d, want 1 (the old code forgotten)", n)
	}
}
