package wecom

import (
	"context"
	"errors"
	"fmt"
	"net/url"
)

// Tokens is where a Client gets the access_token its calls carry, as go-github's client
// gets its auth from the http.Client it is given: the caller says once where tokens come
// from, and every call after that carries one.
type Tokens interface {
	// Token returns the access_token to send. It is asked once per try, so it should
	// serve a cached token.
	Token(ctx context.Context) (string, error)
	// Invalidate drops a token WeCom refused, so that the next Token fetches a new one.
	Invalidate(ctx context.Context, refused string)
}

// TokenFuncs makes Tokens of two functions. Drop may be nil.
type TokenFuncs struct {
	Get  func(ctx context.Context) (string, error)
	Drop func(ctx context.Context, refused string)
}

// Token calls Get.
func (f TokenFuncs) Token(ctx context.Context) (string, error) {
	if f.Get == nil {
		return "", fmt.Errorf("wecom: %w", errNoTokens)
	}
	return f.Get(ctx)
}

// Invalidate calls Drop when there is one.
func (f TokenFuncs) Invalidate(ctx context.Context, refused string) {
	if f.Drop != nil {
		f.Drop(ctx, refused)
	}
}

// StaticToken is one fixed access_token, never dropped: for a token the caller already
// holds (tests, one-off calls).
func StaticToken(token string) Tokens {
	return TokenFuncs{Get: func(context.Context) (string, error) { return token, nil }}
}

// errNoTokens: a call that needs an access_token on a client made without WithTokens.
var errNoTokens = errors.New("no access_token source: make the client with Client.WithTokens")

// WithTokens returns a copy of c whose calls carry the access tokens src hands out.
func (c *Client) WithTokens(src Tokens) *Client {
	cp := *c
	cp.tokens = src
	return &cp
}

// authed makes one call that carries an access_token. It is the one place that handles
// a refused token: when WeCom answers 42001 (expired) or 40014 (invalid, which WeCom also
// answers for an expired token since ~2024), it drops the token, takes a new one and
// tries once more, never twice: WeCom may invalidate a token before its expires_in, and
// answers 40014 for an expired one too (global error codes 42001 / 40014, doc 90313;
// NotFound403/wecom-sdk#22).
func (c *Client) authed(ctx context.Context, method, path string, query url.Values, body, out any) error {
	if c.tokens == nil {
		return fmt.Errorf("wecom %s: %w", path, errNoTokens)
	}
	for try := 0; ; try++ {
		tok, err := c.tokens.Token(ctx)
		if err != nil {
			return err
		}
		q := make(url.Values, len(query)+1)
		for k, v := range query {
			q[k] = v
		}
		q.Set("access_token", tok)
		err = c.call(ctx, method, path, q, body, out)
		if try == 0 && IsTokenInvalid(err) {
			c.tokens.Invalidate(ctx, tok)
			continue
		}
		return err
	}
}
