package wecom

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"wecomdev/internal/redact"
)

// CodeInvalidCode is auth/getuserinfo's answer to a code used before, expired (5 minutes)
// or never issued (doc 91023: 「code只能使用一次，5分钟未被使用自动过期」).
const CodeInvalidCode = 40029

// CodeRedirectUnauthorized: the code was sent to a domain that is not a trusted domain of
// the token's app (doc 91023: 「跳转的域名须完全匹配access_token对应应用的可信域名，否则会返回50001错误」).
const CodeRedirectUnauthorized = 50001

// OAuthUser is auth/getuserinfo's answer (doc 91023): a member's UserID (with a
// UserTicket for snsapi_privateinfo when the member is in the app's visible range), or a
// non-member's OpenID (with ExternalUserID when they are a customer). UserTicket is a
// credential: it never leaves the console.
type OAuthUser struct {
	UserID         string `json:"userid,omitempty"`
	UserTicket     string `json:"user_ticket,omitempty"`
	OpenID         string `json:"openid,omitempty"`
	ExternalUserID string `json:"external_userid,omitempty"`
}

// GetUserInfo exchanges an OAuth code for who is on the page (GET auth/getuserinfo, doc
// 91023). A code works once: a second call with it answers 40029. The code never appears
// in an error.
func (c *Client) GetUserInfo(ctx context.Context, code string) (OAuthUser, error) {
	if code == "" {
		return OAuthUser{}, errors.New("wecom auth/getuserinfo: the code is empty: pass the code WeCom appended to the redirect_uri")
	}
	var out OAuthUser
	err := c.authed(ctx, http.MethodGet, "auth/getuserinfo", url.Values{"code": {code}}, nil, &out)
	if err != nil {
		return OAuthUser{}, scrubErr(err, code)
	}
	if out.UserID == "" && out.OpenID == "" {
		return OAuthUser{}, fmt.Errorf("wecom auth/getuserinfo: errcode 0 but neither userid nor openid in the answer")
	}
	return out, nil
}

// UserDetail is auth/getuserdetail's answer (doc 95833): the fields an admin let the app
// see and the member consented to; the others come back empty.
type UserDetail struct {
	UserID  string `json:"userid"`
	Gender  string `json:"gender,omitempty"` // "0" undefined, "1" male, "2" female
	Avatar  string `json:"avatar,omitempty"`
	QRCode  string `json:"qr_code,omitempty"`
	Mobile  string `json:"mobile,omitempty"`
	Email   string `json:"email,omitempty"`
	BizMail string `json:"biz_mail,omitempty"`
	Address string `json:"address,omitempty"`
}

// GetUserDetail reads a member's details with the user_ticket of GetUserInfo (POST
// auth/getuserdetail, doc 95833; the ticket lives 1800 s). The ticket never appears in an
// error.
func (c *Client) GetUserDetail(ctx context.Context, userTicket string) (UserDetail, error) {
	if userTicket == "" {
		return UserDetail{}, errors.New("wecom auth/getuserdetail: the user_ticket is empty: it comes from auth/getuserinfo with scope snsapi_privateinfo")
	}
	var out UserDetail
	err := c.authed(ctx, http.MethodPost, "auth/getuserdetail", nil, map[string]string{"user_ticket": userTicket}, &out)
	if err != nil {
		return UserDetail{}, scrubErr(err, userTicket)
	}
	return out, nil
}

// scrubErr masks values (a code, a user_ticket) that a WeCom error or a transport error
// (which quotes the URL) may echo.
func scrubErr(err error, values ...string) error {
	var ae *APIError
	if errors.As(err, &ae) {
		ae.Msg = redact.Replace(ae.Msg, values...)
		return err
	}
	var te *TransportError
	if errors.As(err, &te) {
		te.Msg = redact.Replace(te.Msg, values...)
		return err
	}
	if s := redact.Replace(err.Error(), values...); s != err.Error() {
		return errors.New(s)
	}
	return err
}
