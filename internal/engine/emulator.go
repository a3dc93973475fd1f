package engine

import (
	"context"
	"fmt"
	"net/url"

	"wecomdev/internal/devserver"
	"wecomdev/internal/diagnose"
	"wecomdev/internal/wecom"
)

// The dev server's optional capabilities, which the emulator and the report checks use.
var (
	_ devserver.SignatureInspector = (*DevBackend)(nil)
	_ devserver.EmulatorData       = (*DevBackend)(nil)
	_ devserver.GroupMaker         = (*DevBackend)(nil)
)

// InspectSignature finds what produced a signature a page was given: diagnose.Forensics
// over every ticket of the profile the console has seen (current and earlier, both
// kinds). It never fetches a ticket: the dev server reads the current one first.
func (b *DevBackend) InspectSignature(ctx context.Context, q devserver.SignatureQuestion) (devserver.SignatureAnswer, error) {
	known := b.e.seenTickets(ctx, b.t)
	v, err := diagnose.Forensics(diagnose.ForensicsInput{
		PageURL: q.PageURL, Signature: q.Signature, Timestamp: q.Timestamp, NonceStr: q.NonceStr, Failed: q.Kind,
	}, known)
	if err != nil {
		return devserver.SignatureAnswer{}, err
	}
	a := devserver.SignatureAnswer{
		Verdict: v.Code, Kind: v.Kind, TicketIssue: v.TicketIssue, URL: v.URL, VariantCode: v.VariantCode,
		Explanation: v.Explanation, Fix: v.Fix, Findings: []devserver.Finding{},
	}
	for _, f := range v.Findings {
		a.Findings = append(a.Findings, devserver.Finding{Code: f.Code, Message: f.Message, Fix: f.Fix, Signed: f.Signed, Page: f.Page})
	}
	for _, w := range v.Warnings {
		a.Warnings = append(a.Warnings, devserver.Warning{Code: w.Code, Message: wecom.Text{ZhCN: w.Detail, EnUS: w.Detail}})
	}
	return a, nil
}

// EmulatorMembers lists the members who may use customer contact
// (externalcontact/get_follow_user_list), in WeCom's order.
func (b *DevBackend) EmulatorMembers(ctx context.Context) ([]string, error) {
	var out struct {
		FollowUser []string `json:"follow_user"`
	}
	err := b.withToken(ctx, func(tok string) error {
		return b.t.Client.Call(ctx, "GET", "externalcontact/get_follow_user_list", url.Values{"access_token": {tok}}, nil, &out)
	})
	return out.FollowUser, err
}

// MakeCustomerGroup makes the group of the emulator's openEnterpriseChat in the sandbox
// WeCom (sandbox.Server.CreateGroup, which checks the members and customers as the
// client would), where every process on the data directory finds it. A real profile
// answers devserver.ErrCannotMakeGroups: WeCom's server API has no call that creates one.
func (b *DevBackend) MakeCustomerGroup(ctx context.Context, g devserver.NewGroup) (string, error) {
	if !b.p.Sandbox {
		return "", devserver.ErrCannotMakeGroups
	}
	sb, _, err := b.e.Sandbox()
	if err != nil {
		return "", fmt.Errorf("start the sandbox WeCom: %w", err)
	}
	return sb.CreateGroup(b.p.CorpID, g.Owner, g.Name, g.Members, g.Customers)
}

// maxEmulatorGroupPages bounds the groupchat/list pages one EmulatorGroups reads.
const maxEmulatorGroupPages = 5

// EmulatorGroups lists the chat_ids of the customer groups a member owns
// (externalcontact/groupchat/list with owner_filter), at most 500.
func (b *DevBackend) EmulatorGroups(ctx context.Context, owner string) ([]string, error) {
	ids := []string{}
	cursor := ""
	for page := 0; page < maxEmulatorGroupPages; page++ {
		req := map[string]any{"owner_filter": map[string]any{"userid_list": []string{owner}}, "limit": 100}
		if cursor != "" {
			req["cursor"] = cursor
		}
		var out struct {
			List []struct {
				ChatID string `json:"chat_id"`
			} `json:"group_chat_list"`
			NextCursor string `json:"next_cursor"`
		}
		err := b.withToken(ctx, func(tok string) error {
			return b.t.Client.Call(ctx, "POST", "externalcontact/groupchat/list", url.Values{"access_token": {tok}}, req, &out)
		})
		if err != nil {
			return nil, err
		}
		for _, g := range out.List {
			ids = append(ids, g.ChatID)
		}
		if cursor = out.NextCursor; cursor == "" {
			break
		}
	}
	return ids, nil
}

// withToken runs call with the profile's access token, once more with a fresh one when
// WeCom refused it (42001 / 40014).
func (b *DevBackend) withToken(ctx context.Context, call func(token string) error) error {
	for try := 0; ; try++ {
		c, err := b.e.Tickets.Token(ctx, b.t)
		if err != nil {
			return err
		}
		err = call(c.Value)
		if try == 0 && wecom.IsTokenInvalid(err) {
			b.e.Tickets.InvalidateToken(ctx, b.t, c.Value)
			continue
		}
		return err
	}
}
