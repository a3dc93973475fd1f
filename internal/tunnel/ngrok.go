package tunnel

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.ngrok.com/ngrok"
	"golang.ngrok.com/ngrok/config"

	"wecomdev/internal/buildinfo"
)

// ngrokProvider is an ngrok HTTPS endpoint (a reserved domain, or one ngrok assigns)
// forwarding to the dev server. The authtoken comes from the keychain.
type ngrokProvider struct {
	cfg    Config
	target string
	secret func(ctx context.Context, item string) (string, error)
	note   func(format string, args ...any)
	// server replaces ngrok's (tests: an address nothing answers on).
	server string
}

func (p *ngrokProvider) check() error {
	if p.target == "" {
		return errors.New("tunnel: no dev server address to forward to")
	}
	return nil
}

// connectOptions are the ngrok session's options: the authtoken, the client's name, and the
// handlers that report the session's ups and downs.
func (p *ngrokProvider) connectOptions(token string, onConnect func(), onDisconnect func(error)) []ngrok.ConnectOption {
	opts := []ngrok.ConnectOption{
		ngrok.WithAuthtoken(token),
		ngrok.WithClientInfo("wecomdev", strings.TrimPrefix(buildinfo.Version, "v")),
		ngrok.WithConnectHandler(func(context.Context, ngrok.Session) { onConnect() }),
		ngrok.WithDisconnectHandler(func(_ context.Context, _ ngrok.Session, err error) { onDisconnect(err) }),
	}
	if p.server != "" {
		opts = append(opts, ngrok.WithServer(p.server))
	}
	return opts
}

// endpoint is the ngrok endpoint's configuration.
func (p *ngrokProvider) endpoint() config.Tunnel {
	var opts []config.HTTPEndpointOption
	if p.cfg.Domain != "" {
		opts = append(opts, config.WithDomain(p.cfg.Domain))
	}
	opts = append(opts, config.WithDescription("wecomdev dev server"))
	return config.HTTPEndpoint(opts...)
}

// backendURL is the dev server as ngrok forwards to it.
func (p *ngrokProvider) backendURL() *url.URL {
	return &url.URL{Scheme: "http", Host: localTarget(p.target)}
}

func (p *ngrokProvider) run(ctx context.Context, a *attempt) error {
	if p.secret == nil {
		return permanent(errors.New("ngrok needs an authtoken (from https://dashboard.ngrok.com/get-started/your-authtoken)"))
	}
	token, err := p.secret(ctx, ItemNgrokAuthtoken)
	if err != nil {
		return permanent(fmt.Errorf("ngrok needs an authtoken (%s, from https://dashboard.ngrok.com/get-started/your-authtoken): %w", ItemNgrokAuthtoken, err))
	}
	if strings.TrimSpace(token) == "" {
		return permanent(fmt.Errorf("the ngrok authtoken (%s) is empty", ItemNgrokAuthtoken))
	}
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu     sync.Mutex
		fatal  error
		public string
	)
	onDisconnect := func(err error) {
		if err == nil || cctx.Err() != nil {
			return
		}
		var nerr ngrok.Error
		if errors.As(err, &nerr) && nerr.ErrorCode() != "" {
			// ngrok answered with a coded refusal (a bad authtoken, a domain not yours…):
			// retrying will not change its mind
			mu.Lock()
			fatal = fmt.Errorf("ngrok refused: %s (%s, https://ngrok.com/docs/errors/%s)", nerr.Msg(), nerr.ErrorCode(), strings.ToLower(nerr.ErrorCode()))
			mu.Unlock()
			cancel()
			return
		}
		p.note("ngrok: %v", err)
		mu.Lock()
		up := public != ""
		mu.Unlock()
		if up {
			a.down(fmt.Sprintf("ngrok: %v; it reconnects by itself", err))
		} else {
			a.progress(fmt.Sprintf("ngrok: %v; trying again", err))
		}
	}
	onConnect := func() {
		mu.Lock()
		u := public
		mu.Unlock()
		if u != "" {
			p.note("ngrok: reconnected")
			a.up(u)
		}
	}
	sess, err := ngrok.Connect(cctx, p.connectOptions(token, onConnect, onDisconnect)...)
	mu.Lock()
	f := fatal
	mu.Unlock()
	if f != nil {
		return permanent(f)
	}
	if err != nil {
		return fmt.Errorf("ngrok: %w", err)
	}
	defer sess.Close()
	fwd, err := sess.ListenAndForward(cctx, p.backendURL(), p.endpoint())
	if err != nil {
		var nerr ngrok.Error
		if errors.As(err, &nerr) && nerr.ErrorCode() != "" {
			return permanent(fmt.Errorf("ngrok refused the endpoint: %s (%s)", nerr.Msg(), nerr.ErrorCode()))
		}
		return fmt.Errorf("ngrok: %w", err)
	}
	mu.Lock()
	public = fwd.URL()
	mu.Unlock()
	p.note("ngrok: %s forwards to %s", fwd.URL(), p.backendURL())
	a.up(fwd.URL())
	done := make(chan error, 1)
	go func() { done <- fwd.Wait() }()
	select {
	case <-cctx.Done():
	case err = <-done:
	}
	closeCtx, closeCancel := context.WithTimeout(context.Background(), 3*time.Second)
	fwd.CloseWithContext(closeCtx)
	closeCancel()
	mu.Lock()
	f = fatal
	mu.Unlock()
	if f != nil {
		return permanent(f)
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		return fmt.Errorf("ngrok: the endpoint ended: %w", err)
	}
	return errors.New("ngrok: the endpoint ended")
}
