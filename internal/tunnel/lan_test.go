package tunnel

import (
	"context"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"
)

func fakeLAN(addrs ...string) func() ([]netip.Addr, error) {
	return func() ([]netip.Addr, error) {
		var out []netip.Addr
		for _, a := range addrs {
			out = append(out, netip.MustParseAddr(a))
		}
		sortLAN(out)
		return out, nil
	}
}

func TestLANIsUpAtEveryIPv4AddressWhenTheServerListensOnAllOfThem(t *testing.T) {
	r, rec := build(t, Config{Provider: ProviderLAN}, Options{Target: "0.0.0.0:8787"})
	r.p.(*lanProvider).list = fakeLAN("2001:db8::5", "203.0.113.9", "192.168.1.20", "10.0.0.5")
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := rec.waitFor(t, StateUp, 5*time.Second)
	want := []string{"http://10.0.0.5:8787", "http://192.168.1.20:8787", "http://203.0.113.9:8787"}
	if s.PublicURL != want[0] || !reflect.DeepEqual(s.URLs, want) || s.Provider != ProviderLAN {
		t.Errorf("status %+v, want URLs %v", s, want)
	}
	r.Stop()
	if got := rec.states(); got != "connecting up down" {
		t.Errorf("states %q", got)
	}
}

func TestLANOnEveryInterfaceIncludesIPv6(t *testing.T) {
	r, rec := build(t, Config{Provider: ProviderLAN}, Options{Target: "[::]:9000"})
	r.p.(*lanProvider).list = fakeLAN("2001:db8::5", "192.168.1.20")
	r.Start(context.Background())
	s := rec.waitFor(t, StateUp, 5*time.Second)
	if want := []string{"http://192.168.1.20:9000", "http://[2001:db8::5]:9000"}; !reflect.DeepEqual(s.URLs, want) {
		t.Errorf("URLs %v, want %v", s.URLs, want)
	}
}

func TestLANRefusesADevServerOnLoopbackAndAMachineWithoutAddresses(t *testing.T) {
	for _, tc := range []struct {
		target string
		addrs  []string
		want   string
	}{
		{"127.0.0.1:8787", []string{"192.168.1.20"}, "start it on 0.0.0.0:8787"},
		{"0.0.0.0:8787", nil, "no LAN address"},
	} {
		r, rec := build(t, Config{Provider: ProviderLAN}, Options{Target: tc.target})
		r.p.(*lanProvider).list = fakeLAN(tc.addrs...)
		r.Start(context.Background())
		if s := rec.waitFor(t, StateError, 5*time.Second); !strings.Contains(s.Reason, tc.want) {
			t.Errorf("%s: reason %q, want %q", tc.target, s.Reason, tc.want)
		}
	}
}

func TestLANAddressesLeavesOutLoopbackAndLinkLocal(t *testing.T) {
	addrs, err := LANAddresses()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("this machine: %v", addrs)
	for i, a := range addrs {
		if a.IsLoopback() || a.IsLinkLocalUnicast() || !a.IsValid() {
			t.Errorf("%v listed", a)
		}
		if i > 0 && addrs[i-1].Is6() && a.Is4() {
			t.Errorf("IPv4 %v after IPv6 %v", a, addrs[i-1])
		}
	}
}
