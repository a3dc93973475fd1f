package joinway

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"wecomdev/internal/wecom"
)

// API is the WeCom calls this package makes, each already bound to an access token.
type API interface {
	ListGroups(ctx context.Context, q wecom.GroupListQuery) (wecom.GroupPage, error)
	GetGroup(ctx context.Context, chatID string) (wecom.GroupChat, error)
	Add(ctx context.Context, jw wecom.JoinWay) (string, error)
	Get(ctx context.Context, configID string) (wecom.JoinWay, error)
	Update(ctx context.Context, jw wecom.JoinWay) error
	Delete(ctx context.Context, configID string) error
}

// ClientAPI is the API of a WeCom client that owns its access token (wecom.Client.WithTokens).
func ClientAPI(c *wecom.Client) API { return clientAPI{c} }

type clientAPI struct{ c *wecom.Client }

func (a clientAPI) ListGroups(ctx context.Context, q wecom.GroupListQuery) (wecom.GroupPage, error) {
	return a.c.ListGroups(ctx, q)
}

func (a clientAPI) GetGroup(ctx context.Context, chatID string) (wecom.GroupChat, error) {
	return a.c.GetGroup(ctx, chatID)
}

func (a clientAPI) Add(ctx context.Context, jw wecom.JoinWay) (string, error) {
	return a.c.AddJoinWay(ctx, jw)
}

func (a clientAPI) Get(ctx context.Context, configID string) (wecom.JoinWay, error) {
	return a.c.GetJoinWay(ctx, configID)
}

func (a clientAPI) Update(ctx context.Context, jw wecom.JoinWay) error {
	return a.c.UpdateJoinWay(ctx, jw)
}

func (a clientAPI) Delete(ctx context.Context, configID string) error {
	return a.c.DelJoinWay(ctx, configID)
}

// Fetcher downloads a QR image from WeCom's image host.
type Fetcher func(ctx context.Context, rawURL string) ([]byte, error)

// MaxImageBytes bounds a downloaded QR image (WeCom's are a few tens of kB).
const MaxImageBytes = 2 << 20

// HTTPFetcher downloads QR images with h (nil: a client with a 15 s timeout). rewrite, if
// not nil, may change the URL first (the sandbox serves its QR images itself).
func HTTPFetcher(h *http.Client, rewrite func(*url.URL)) Fetcher {
	if h == nil {
		h = &http.Client{Timeout: 15 * time.Second}
	}
	return func(ctx context.Context, rawURL string) ([]byte, error) {
		u, err := url.Parse(rawURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, fmt.Errorf("the QR image URL %q is not an http(s) URL", rawURL)
		}
		if rewrite != nil {
			rewrite(u)
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return nil, err
		}
		resp, err := h.Do(req)
		if err != nil {
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err
			}
			return nil, fmt.Errorf("download the QR image from %s: %w", u.Host, err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("download the QR image from %s: HTTP %d", u.Host, resp.StatusCode)
		}
		b, err := io.ReadAll(io.LimitReader(resp.Body, MaxImageBytes+1))
		if err != nil {
			return nil, fmt.Errorf("download the QR image from %s: %w", u.Host, err)
		}
		if len(b) > MaxImageBytes {
			return nil, fmt.Errorf("the QR image from %s is larger than %d bytes", u.Host, MaxImageBytes)
		}
		if ct := http.DetectContentType(b); ct != "image/png" && ct != "image/jpeg" && ct != "image/gif" {
			return nil, fmt.Errorf("what %s sent is not an image (%s)", u.Host, ct)
		}
		return b, nil
	}
}
