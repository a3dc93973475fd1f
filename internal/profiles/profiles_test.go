package profiles

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"wecomdev/internal/store"
)

func newStore(t *testing.T) *Store {
	t.Helper()
	db, err := store.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return New(db)
}

func TestTheSandboxProfileExistsOnceAndComesFirst(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		if err := s.EnsureSandbox(ctx, "ww5andb0x0000001", 1000002); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Add(ctx, Profile{Name: "acme", CorpID: "ww1", AgentID: 1}); err != nil {
		t.Fatal(err)
	}
	list, err := s.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Name != SandboxName || !list[0].Sandbox || list[1].Name != "acme" {
		t.Fatalf("List() = %+v", list)
	}
}

func TestAddFillsTheDefaultAPIBaseAndNormalizesDomains(t *testing.T) {
	s := newStore(t)
	p, err := s.Add(context.Background(), Profile{
		Name: " acme ", CorpID: "ww1234567890abcdef", AgentID: 1000002,
		TrustedDomains: []string{"H5.Example.com", "https://h5.example.com/path", "dev.example.com:8443", " "},
	})
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "acme" || p.APIBase != "https://qyapi.weixin.qq.com" || p.Sandbox {
		t.Fatalf("Add() = %+v", p)
	}
	if want := []string{"h5.example.com", "dev.example.com:8443"}; !reflect.DeepEqual(p.TrustedDomains, want) {
		t.Fatalf("TrustedDomains = %q, want %q", p.TrustedDomains, want)
	}
}

func TestBadFieldsAreNamedWithTheFix(t *testing.T) {
	s := newStore(t)
	ok := Profile{Name: "acme", CorpID: "ww1", AgentID: 1}
	tests := []struct {
		edit  func(*Profile)
		field string
	}{
		{func(p *Profile) { p.Name = "" }, "name"},
		{func(p *Profile) { p.Name = "has space" }, "name"},
		{func(p *Profile) { p.Name = "-flag" }, "name"},
		{func(p *Profile) { p.CorpID = "" }, "corpId"},
		{func(p *Profile) { p.CorpID = "ww 1" }, "corpId"},
		{func(p *Profile) { p.AgentID = 0 }, "agentId"},
		{func(p *Profile) { p.APIBase = "qyapi.weixin.qq.com" }, "apiBase"},
		{func(p *Profile) { p.APIBase = "http://10.0.0.5" }, "apiBase"}, // plain http off loopback: the secret in clear text
		{func(p *Profile) { p.APIBase = "http://qyapi.weixin.qq.com" }, "apiBase"},
		{func(p *Profile) { p.TrustedDomains = []string{"not a host"} }, "trustedDomains"},
		{func(p *Profile) { p.TrustedDomains = []string{"192.168.1.10"} }, "trustedDomains"},
	}
	for _, tt := range tests {
		p := ok
		tt.edit(&p)
		_, err := s.Add(context.Background(), p)
		var inv *InvalidError
		if !errors.As(err, &inv) || inv.Field != tt.field || !errors.Is(err, ErrInvalid) {
			t.Errorf("%+v: error = %v, want an InvalidError for %s", p, err, tt.field)
		}
	}
	if list, _ := s.List(context.Background()); len(list) != 0 {
		t.Fatalf("invalid profiles were stored: %+v", list)
	}
}

func TestNamesAreUnique(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	p := Profile{Name: "acme", CorpID: "ww1", AgentID: 1}
	if _, err := s.Add(ctx, p); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add(ctx, p); !errors.Is(err, ErrExists) {
		t.Fatalf("second Add: %v, want ErrExists", err)
	}
	if _, err := s.Add(ctx, Profile{Name: "other", CorpID: "ww1", AgentID: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Update(ctx, "other", Profile{Name: "acme", CorpID: "ww1", AgentID: 1}); !errors.Is(err, ErrExists) {
		t.Fatalf("rename onto an existing name: %v, want ErrExists", err)
	}
}

func TestUpdateRenamesAndReplaces(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	if _, err := s.Add(ctx, Profile{Name: "acme", CorpID: "ww1", AgentID: 1}); err != nil {
		t.Fatal(err)
	}
	p, err := s.Update(ctx, "acme", Profile{Name: "acme-prod", CorpID: "ww2", AgentID: 2, APIBase: "https://wecom.example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "acme-prod" || p.CorpID != "ww2" || p.AgentID != 2 || p.APIBase != "https://wecom.example.com" {
		t.Fatalf("Update() = %+v", p)
	}
	if _, err := s.Get(ctx, "acme"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("old name still there: %v", err)
	}
}

func TestTheSandboxTakesOnlyTrustedDomainsAndCannotBeRemoved(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	if err := s.EnsureSandbox(ctx, "ww5andb0x0000001", 1000002); err != nil {
		t.Fatal(err)
	}
	p, err := s.Update(ctx, SandboxName, Profile{Name: SandboxName, CorpID: "wwOTHER", AgentID: 9, TrustedDomains: []string{"h5.example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	if p.CorpID != "ww5andb0x0000001" || p.AgentID != 1000002 || !reflect.DeepEqual(p.TrustedDomains, []string{"h5.example.com"}) {
		t.Fatalf("sandbox after Update: %+v", p)
	}
	if _, err := s.Update(ctx, SandboxName, Profile{Name: "renamed"}); !errors.Is(err, ErrBuiltin) {
		t.Fatalf("renaming the sandbox: %v, want ErrBuiltin", err)
	}
	if err := s.Remove(ctx, SandboxName); !errors.Is(err, ErrBuiltin) {
		t.Fatalf("removing the sandbox: %v, want ErrBuiltin", err)
	}
}

func TestRemoveAndNotFound(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	if _, err := s.Add(ctx, Profile{Name: "acme", CorpID: "ww1", AgentID: 1}); err != nil {
		t.Fatal(err)
	}
	if err := s.Remove(ctx, "acme"); err != nil {
		t.Fatal(err)
	}
	err := s.Remove(ctx, "acme")
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "wecomdev profile list") {
		t.Fatalf("second Remove: %v", err)
	}
}
