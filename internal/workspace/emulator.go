package workspace

import (
	"context"
	"fmt"

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
		a.Warnings = append(a.Warnings, devserver.Warning{Code: w.Code, Message: wecom.Text{ZhCN: w.DetailZh, EnUS: w.Detail}})
	}
	return a, nil
}

// EmulatorMembers lists the members who may use customer contact
// (externalcontact/get_follow_user_list), in WeCom's order.
func (b *DevBackend) EmulatorMembers(ctx context.Context) ([]string, error) {
	return b.e.client(b.t).FollowUsers(ctx)
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
	c := b.e.client(b.t)
	ids := []string{}
	cursor := ""
	for page := 0; page < maxEmulatorGroupPages; page++ {
		p, err := c.ListGroups(ctx, wecom.GroupListQuery{Owners: []string{owner}, Cursor: cursor, Limit: 100})
		if err != nil {
			return nil, err
		}
		for _, g := range p.Groups {
			ids = append(ids, g.ChatID)
		}
		if cursor = p.NextCursor; cursor == "" {
			break
		}
	}
	return ids, nil
}
