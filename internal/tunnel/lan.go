package tunnel

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"slices"
)

// lanProvider is no tunnel at all: a phone on the same network opens the dev server at one
// of this machine's addresses. The dev server must listen there (Config.ListenAddr).
// WeCom takes no IP address as a trusted domain: on the LAN a phone reaches the test page
// and the endpoints, but a page served from an IP cannot pass wx.config.
type lanProvider struct {
	target string
	list   func() ([]netip.Addr, error)
}

func (p *lanProvider) check() error {
	if _, _, err := net.SplitHostPort(p.target); err != nil {
		return fmt.Errorf("tunnel: the dev server address %q has no port", p.target)
	}
	return nil
}

func (p *lanProvider) run(ctx context.Context, a *attempt) error {
	host, port, _ := net.SplitHostPort(p.target)
	if ip, err := netip.ParseAddr(host); err == nil && ip.IsLoopback() {
		return permanent(fmt.Errorf("the dev server listens on %s, which other machines cannot reach: start it on %s", p.target, net.JoinHostPort("0.0.0.0", port)))
	}
	addrs, err := p.list()
	if err != nil {
		return permanent(fmt.Errorf("list this machine's addresses: %w", err))
	}
	switch ip, err := netip.ParseAddr(host); {
	case err == nil && ip.Is4() && ip.IsUnspecified(): // 0.0.0.0: IPv4 only
		addrs = slices.DeleteFunc(addrs, func(a netip.Addr) bool { return !a.Is4() })
	case err == nil && !ip.IsUnspecified(): // one address only
		addrs = []netip.Addr{ip}
	}
	if len(addrs) == 0 {
		return permanent(errors.New("this machine has no LAN address: connect it to the Wi-Fi or network the phone is on"))
	}
	urls := LANURLs(addrs, port)
	a.up(urls...)
	<-ctx.Done()
	return ctx.Err()
}

// LANURLs are the dev server's URLs at these addresses and port.
func LANURLs(addrs []netip.Addr, port string) []string {
	var out []string
	for _, ip := range addrs {
		out = append(out, "http://"+net.JoinHostPort(ip.String(), port))
	}
	return out
}

// LANAddresses lists this machine's addresses a phone on the same network may reach: IPv4
// first (private ranges first), then global IPv6; loopback, link-local and the interfaces
// that are down are left out.
func LANAddresses() ([]netip.Addr, error) {
	ifs, err := net.Interfaces()
	if err != nil {
		return nil, err
	}
	var out []netip.Addr
	for _, ifc := range ifs {
		if ifc.Flags&net.FlagUp == 0 || ifc.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, err := ifc.Addrs()
		if err != nil {
			continue
		}
		for _, a := range addrs {
			var ip netip.Addr
			switch v := a.(type) {
			case *net.IPNet:
				ip, _ = netip.AddrFromSlice(v.IP)
			case *net.IPAddr:
				ip, _ = netip.AddrFromSlice(v.IP)
			}
			ip = ip.Unmap()
			if usableLAN(ip) && !slices.Contains(out, ip) {
				out = append(out, ip)
			}
		}
	}
	sortLAN(out)
	return out, nil
}

func usableLAN(ip netip.Addr) bool {
	return ip.IsValid() && !ip.IsLoopback() && !ip.IsLinkLocalUnicast() && !ip.IsMulticast() && !ip.IsUnspecified() &&
		(ip.Is4() || ip.IsGlobalUnicast())
}

// sortLAN orders addresses: private IPv4, other IPv4, IPv6; then by value.
func sortLAN(addrs []netip.Addr) {
	rank := func(ip netip.Addr) int {
		switch {
		case ip.Is4() && ip.IsPrivate():
			return 0
		case ip.Is4():
			return 1
		}
		return 2
	}
	slices.SortStableFunc(addrs, func(a, b netip.Addr) int {
		if d := rank(a) - rank(b); d != 0 {
			return d
		}
		return a.Compare(b)
	})
}
