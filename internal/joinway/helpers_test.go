package joinway

import (
	"context"
	"net/url"
	"sync"
	"testing"

	"wecomdev/internal/qr"
	"wecomdev/internal/store"
	"wecomdev/internal/wecom"
	"wecomdev/internal/wecom/sandbox"
)

const (
	addPath = "externalcontact/groupchat/add_join_way"
	getPath = "externalcontact/groupchat/get_join_way"
	delPath = "externalcontact/groupchat/del_join_way"
)

// rig is a Service on a fresh database and a sandbox WeCom on loopback.
type rig struct {
	t    *testing.T
	sb   *sandbox.Server
	base string
	s    *Service

	mu    sync.Mutex
	pools []PoolStatus // what OnPool heard
}

func newRig(t *testing.T) *rig {
	t.Helper()
	db, err := store.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	sb := sandbox.New(sandbox.Options{})
	base, err := sb.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	c, err := wecom.New(base)
	if err != nil {
		t.Fatal(err)
	}
	secret := sb.Secret(sandbox.DefaultCorpID, sandbox.DefaultAgentID)
	r := &rig{t: t, sb: sb, base: base}
	apiBase, _ := url.Parse(base)
	r.s = &Service{
		DB: db, Profile: "acme", CorpID: sandbox.DefaultCorpID, AgentID: sandbox.DefaultAgentID,
		API: ClientAPI(c.WithTokens(wecom.TokenFuncs{Get: func(ctx context.Context) (string, error) {
			cred, err := c.GetToken(ctx, sandbox.DefaultCorpID, secret)
			return cred.Value, err
		}})),
		// The sandbox serves its QR images itself, under the paths of their URLs.
		Fetch:  HTTPFetcher(nil, func(u *url.URL) { u.Scheme, u.Host = apiBase.Scheme, apiBase.Host }),
		Decode: qr.Decode,
		OnPool: func(st PoolStatus) {
			r.mu.Lock()
			r.pools = append(r.pools, st)
			r.mu.Unlock()
		},
	}
	return r
}

func (r *rig) calls(endpoint string) int { return r.sb.Calls(endpoint) }

func (r *rig) heard() []PoolStatus {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]PoolStatus(nil), r.pools...)
}

func qrConfig(state string, chats ...string) Config {
	c := DefaultConfig()
	c.State = state
	c.ChatIDs = chats
	return c
}
