package workspace

import (
	"context"
	"net/url"

	"wecomdev/internal/joinway"
	"wecomdev/internal/qr"
	"wecomdev/internal/wecom"
)

// JoinWays returns the join-way service of a profile. onPool (may be nil) hears every
// change of the profile's buffer pool.
func (e *Workspace) JoinWays(ctx context.Context, name string, onPool func(joinway.PoolStatus)) (*joinway.Service, error) {
	t, p, err := e.Target(ctx, name)
	if err != nil {
		return nil, err
	}
	return &joinway.Service{
		DB: e.db, Profile: p.Name, CorpID: p.CorpID, AgentID: p.AgentID,
		API:    joinway.ClientAPI(e.client(t)),
		Fetch:  joinway.HTTPFetcher(nil, loopbackImages(t.Client.BaseURL())),
		Decode: qr.Decode,
		OnPool: onPool,
	}, nil
}

// loopbackImages: a WeCom on loopback is a stand-in (the sandbox, a mock) that serves
// its QR images itself, under the same paths; their URLs name WeCom's image host, which
// is not it. A real API base leaves the URLs alone.
func loopbackImages(apiBase string) func(*url.URL) {
	base, err := url.Parse(apiBase)
	if err != nil {
		return nil
	}
	if !wecom.IsLoopbackHost(base.Hostname()) {
		return nil
	}
	return func(u *url.URL) { u.Scheme, u.Host = base.Scheme, base.Host }
}
