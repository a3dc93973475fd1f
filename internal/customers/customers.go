// Package customers finds a member's customers (external contacts), optionally only
// those whose remark mobiles hold a given phone number. It backs the dev server's
// GET /api/customers?userId=U[&mobile=M].
//
// WeCom exposes no phone number of a customer except remark_mobiles, the numbers each
// member noted for the customer, typed as the member liked; both sides are normalised
// (NormalizeMobile) before they are compared.
package customers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"wecomdev/internal/wecom"
)

// Limits of one Lookup.
const (
	// MaxPages bounds the batch/get_by_user pages of one lookup (100 relationships each),
	// so a cursor that never ends cannot keep it running.
	MaxPages = 50
	// MaxGets bounds the externalcontact/get calls of the fallback used when the app
	// may not call batch/get_by_user: one call per customer.
	MaxGets = 200
	// pageSize is the batch/get_by_user limit ClientAPI asks for: WeCom's maximum.
	pageSize = 100
	// maxGetPages bounds the externalcontact/get pages of one customer (500 follow users each).
	maxGetPages = 20
	// maxUserIDBytes is WeCom's limit on a member's userid.
	maxUserIDBytes = 64
	// Digits a normalised phone number may have.
	minMobileDigits = 5
	maxMobileDigits = 20
)

// ErrInvalid marks a userId or mobile the caller must fix; no WeCom call was made.
// Errors wrapping it read "invalid <field> …: <how to fix it>".
var ErrInvalid = errors.New("invalid")

// API is the WeCom calls a lookup needs, each already bound to an access token.
type API interface {
	// List returns the external_userids of the member's customers (externalcontact/list).
	List(ctx context.Context, userID string) ([]string, error)
	// ByUser returns one page of the member's (customer, member) pairs
	// (externalcontact/batch/get_by_user); cursor is "" first, then NextCursor.
	ByUser(ctx context.Context, userID, cursor string) (wecom.CustomerPage, error)
	// Get returns a customer with every member who follows them (externalcontact/get).
	Get(ctx context.Context, externalUserID string) (wecom.CustomerDetail, error)
}

// ClientAPI is the API of a WeCom client that owns its access token
// (wecom.Client.WithTokens): a call whose token WeCom refuses is tried once more with a
// new one, never twice.
func ClientAPI(c *wecom.Client) API { return &clientAPI{c} }

type clientAPI struct{ c *wecom.Client }

func (a *clientAPI) List(ctx context.Context, userID string) ([]string, error) {
	return a.c.ListCustomers(ctx, userID)
}

func (a *clientAPI) ByUser(ctx context.Context, userID, cursor string) (wecom.CustomerPage, error) {
	return a.c.CustomersByUser(ctx, []string{userID}, cursor, pageSize)
}

// Get reads every page of the customer's follow users (WeCom pages past 500).
func (a *clientAPI) Get(ctx context.Context, externalUserID string) (wecom.CustomerDetail, error) {
	var all wecom.CustomerDetail
	cursor := ""
	for page := 0; ; page++ {
		if page == maxGetPages {
			return wecom.CustomerDetail{}, fmt.Errorf("wecom externalcontact/get %s: still more follow users after %d pages; stopped", externalUserID, maxGetPages)
		}
		d, err := a.c.GetCustomer(ctx, externalUserID, cursor)
		if err != nil {
			return wecom.CustomerDetail{}, err
		}
		if page == 0 {
			all = d
		} else {
			all.FollowUsers = append(all.FollowUsers, d.FollowUsers...)
		}
		if d.NextCursor == "" || d.NextCursor == cursor {
			all.NextCursor = ""
			return all, nil
		}
		cursor = d.NextCursor
	}
}

// Lookup returns the external_userids of the member's customers, in WeCom's order,
// without repeats and never nil. With a mobile it keeps only the customers for whom the
// member noted that number in remark_mobiles (compared after NormalizeMobile).
//
// With a mobile it pages batch/get_by_user; if the app may not call it (48002) it reads
// the member's customers with externalcontact/list and each one with externalcontact/get,
// at most MaxGets of them.
//
// A bad userID or mobile gives an error wrapping ErrInvalid before any WeCom call.
// WeCom's errors are wrapped: errors.As(err, &apiErr) with apiErr a *wecom.APIError finds them.
func Lookup(ctx context.Context, api API, userID, mobile string) ([]string, error) {
	if err := ValidateUserID(userID); err != nil {
		return nil, err
	}
	if mobile == "" {
		return list(ctx, api, userID)
	}
	want, err := NormalizeMobile(mobile)
	if err != nil {
		return nil, err
	}
	return byMobile(ctx, api, userID, want)
}

func list(ctx context.Context, api API, userID string) ([]string, error) {
	ids, err := api.List(ctx, userID)
	if isCode(err, wecom.CodeNotExternalContact) {
		return []string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("customers of %q: %w", userID, err)
	}
	return dedupe(ids), nil
}

func byMobile(ctx context.Context, api API, userID, want string) ([]string, error) {
	out := []string{}
	seen := map[string]bool{}
	cursors := map[string]bool{}
	cursor := ""
	for page := 0; ; page++ {
		if page == MaxPages {
			return nil, fmt.Errorf("customers of %q: WeCom still had more after %d pages of batch/get_by_user; stopped", userID, MaxPages)
		}
		p, err := api.ByUser(ctx, userID, cursor)
		if isCode(err, wecom.CodeAPIForbidden) {
			return byMobileOneByOne(ctx, api, userID, want)
		}
		if err != nil {
			return nil, fmt.Errorf("customers of %q: %w", userID, err)
		}
		for _, it := range p.Items {
			id := it.Contact.ExternalUserID
			if id == "" || seen[id] || (it.Follow.UserID != "" && it.Follow.UserID != userID) {
				continue
			}
			if hasMobile(it.Follow.RemarkMobiles, want) {
				seen[id] = true
				out = append(out, id)
			}
		}
		if p.NextCursor == "" {
			return out, nil
		}
		if cursors[p.NextCursor] {
			return nil, fmt.Errorf("customers of %q: batch/get_by_user handed back a cursor it had already given; stopped", userID)
		}
		cursors[p.NextCursor] = true
		cursor = p.NextCursor
	}
}

// byMobileOneByOne is the fallback for apps refused batch/get_by_user: list, then get
// each customer and look at this member's follow_user entry.
func byMobileOneByOne(ctx context.Context, api API, userID, want string) ([]string, error) {
	ids, err := list(ctx, api, userID)
	if err != nil {
		return nil, err
	}
	if len(ids) > MaxGets {
		return nil, fmt.Errorf("customers of %q: the app may not call batch/get_by_user (48002), and reading %d customers one by one is over the limit of %d externalcontact/get calls: add the app to 客户联系「可调用接口的应用」 in the WeCom admin console", userID, len(ids), MaxGets)
	}
	out := []string{}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d, err := api.Get(ctx, id)
		if isCode(err, wecom.CodeNotExternalContact) {
			continue // the member or the customer ended the relationship since the list
		}
		if err != nil {
			return nil, fmt.Errorf("customers of %q: customer %s: %w", userID, id, err)
		}
		for _, f := range d.FollowUsers {
			if f.UserID == userID && hasMobile(f.RemarkMobiles, want) {
				out = append(out, id)
				break
			}
		}
	}
	return out, nil
}

func hasMobile(remarks []string, want string) bool {
	for _, r := range remarks {
		if m, err := NormalizeMobile(r); err == nil && m == want {
			return true
		}
	}
	return false
}

func isCode(err error, code int) bool {
	var e *wecom.APIError
	return errors.As(err, &e) && e.Code == code
}

func dedupe(ids []string) []string {
	out := make([]string, 0, len(ids))
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// ValidateUserID checks a member's userid as WeCom defines it: 1 to 64 bytes of ASCII
// letters, digits and _ - . @.
func ValidateUserID(userID string) error {
	switch {
	case userID == "":
		return fmt.Errorf("%w userId: it is required; give the member's account (userid) from the WeCom address book, like zhangsan", ErrInvalid)
	case strings.TrimSpace(userID) != userID:
		return fmt.Errorf("%w userId %s: remove the spaces around it", ErrInvalid, quote(userID))
	case len(userID) > maxUserIDBytes:
		return fmt.Errorf("%w userId %s: %d bytes is too long; a WeCom userid has at most %d", ErrInvalid, quote(userID), len(userID), maxUserIDBytes)
	}
	for i := 0; i < len(userID); i++ {
		if !userIDByte(userID[i]) {
			return fmt.Errorf("%w userId %s: use only letters, digits and _ - . @, as in the WeCom address book", ErrInvalid, quote(userID))
		}
	}
	return nil
}

func userIDByte(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' ||
		b == '_' || b == '-' || b == '.' || b == '@'
}

// NormalizeMobile reduces a phone number to its digits so that two spellings of one
// number compare equal: it drops spaces, dashes, dots and parentheses (also the
// full-width ones), and the country code 86 (written +86, 0086 or 86) before an 11-digit
// mainland mobile. "+86 138-0000-0001" → "13800000001", "021-55550000" → "02155550000".
// A landline written with +86 or 0086 gets its trunk 0 back: "+86 21 5555 0000" →
// "02155550000". Other country codes stay: "+1 415 555 0100" → "14155550100".
// What is left must be 5 to 20 digits. NormalizeMobile(NormalizeMobile(s)) is
// NormalizeMobile(s). Errors wrap ErrInvalid.
func NormalizeMobile(s string) (string, error) {
	var b strings.Builder
	plus := false
	for _, r := range s {
		switch {
		case '0' <= r && r <= '9':
			b.WriteRune(r)
		case unicode.IsSpace(r) || strings.ContainsRune("-.()－（）", r):
		case r == '+' && !plus && b.Len() == 0:
			plus = true
		case r == '+':
			return "", fmt.Errorf("%w mobile %s: a + may only start the number, like +86 138-0000-0001", ErrInvalid, quote(s))
		default:
			return "", fmt.Errorf("%w mobile %s: use digits, like 13800000001 or +86 138-0000-0001", ErrInvalid, quote(s))
		}
	}
	d := b.String()
	if plus {
		if rest, ok := strings.CutPrefix(d, "86"); ok {
			d = fromChina(rest)
		} else {
			d = national(d)
		}
	} else {
		d = national(d)
	}
	switch n := len(d); {
	case n == 0:
		return "", fmt.Errorf("%w mobile %s: it has no digits; give a number like 13800000001", ErrInvalid, quote(s))
	case n < minMobileDigits:
		return "", fmt.Errorf("%w mobile %s: %d digits is too few; give %d to %d, like 13800000001", ErrInvalid, quote(s), n, minMobileDigits, maxMobileDigits)
	case n > maxMobileDigits:
		return "", fmt.Errorf("%w mobile %s: %d digits is too many; give %d to %d, like 13800000001", ErrInvalid, quote(s), n, minMobileDigits, maxMobileDigits)
	}
	return d, nil
}

// national drops an international prefix 0086, or 86 before a mainland mobile.
func national(d string) string {
	if rest, ok := strings.CutPrefix(d, "0086"); ok {
		return fromChina(rest)
	}
	if rest, ok := strings.CutPrefix(d, "86"); ok && isMainlandMobile(rest) {
		return rest
	}
	return d
}

// fromChina turns what follows the country code 86 into the national number: a mobile
// as it is, a landline with its trunk 0 ("21 5555 0000" → "02155550000").
func fromChina(rest string) string {
	switch {
	case rest == "" || isMainlandMobile(rest):
		return rest
	case rest[0] == '0': // written "+86 021 …" anyway
		return national(rest)
	}
	return "0" + rest
}

// isMainlandMobile: 11 digits, 1 then 3 to 9.
func isMainlandMobile(d string) bool {
	return len(d) == 11 && d[0] == '1' && '3' <= d[1] && d[1] <= '9'
}

// quote quotes user input for an error, cut to 40 characters.
func quote(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) <= max {
		return fmt.Sprintf("%q", s)
	}
	r := []rune(s)
	return fmt.Sprintf("%q…", string(r[:max]))
}
