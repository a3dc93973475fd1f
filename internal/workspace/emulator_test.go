package workspace

import (
	"context"
	"slices"
	"strings"
	"testing"

	"wecomdev/internal/devserver"
	"wecomdev/internal/jssdk"
	"wecomdev/internal/profiles"
	"wecomdev/internal/wecom/sandbox"
)

func TestInspectSignatureNamesATrailingSlashOverTheSandboxTickets(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	b, err := r.e.DevBackend(ctx, profiles.SandboxName)
	if err != nil {
		t.Fatal(err)
	}
	corp, err := b.Ticket(ctx, jssdk.KindCorp) // the dev server reads the ticket before it asks
	if err != nil {
		t.Fatal(err)
	}
	page := "https://h5.example.com/shop?id=7#/cart"
	sig := jssdk.Signature(corp, "nonce1", "1763719200", "https://h5.example.com/shop/?id=7")
	a, err := b.InspectSignature(ctx, devserver.SignatureQuestion{PageURL: page, Signature: sig, Timestamp: "1763719200", NonceStr: "nonce1", Kind: jssdk.KindCorp})
	if err != nil {
		t.Fatal(err)
	}
	if a.Verdict != "URL_VARIANT" || a.VariantCode != "TRAILING_SLASH" || len(a.Findings) == 0 || a.Findings[0].Code != "TRAILING_SLASH" {
		t.Errorf("answer %+v", a)
	}
	if strings.Contains(a.Explanation.EnUS, corp) {
		t.Error("the explanation shows the ticket in clear")
	}
}

func TestInspectSignatureGivesItsWarningsInChineseAndInEnglish(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	b, _ := r.e.DevBackend(ctx, profiles.SandboxName)
	corp, _ := b.Ticket(ctx, jssdk.KindCorp)
	page, ms := "https://h5.example.com/shop?id=7", "1763719200000" // Date.now(): milliseconds
	a, err := b.InspectSignature(ctx, devserver.SignatureQuestion{PageURL: page, Signature: jssdk.Signature(corp, "n", ms, page), Timestamp: ms, NonceStr: "n", Kind: jssdk.KindCorp})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Warnings) == 0 {
		t.Fatalf("no warning for a timestamp in milliseconds: %+v", a)
	}
	for _, w := range a.Warnings {
		if w.Message.ZhCN == w.Message.EnUS || !strings.Contains(w.Message.ZhCN, "毫秒") {
			t.Errorf("%s: zh-CN %q, en-US %q: the zh-CN text is not Chinese", w.Code, w.Message.ZhCN, w.Message.EnUS)
		}
	}
}

func TestInspectSignatureTellsTheCorpTicketUsedForAgentConfig(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	b, _ := r.e.DevBackend(ctx, profiles.SandboxName)
	corp, _ := b.Ticket(ctx, jssdk.KindCorp)
	if _, err := b.Ticket(ctx, jssdk.KindAgent); err != nil {
		t.Fatal(err)
	}
	page := "https://h5.example.com/p"
	a, err := b.InspectSignature(ctx, devserver.SignatureQuestion{PageURL: page, Signature: jssdk.Signature(corp, "n", "1", page), Timestamp: "1", NonceStr: "n", Kind: jssdk.KindAgent})
	if err != nil {
		t.Fatal(err)
	}
	if a.Verdict != "WRONG_TICKET_KIND" || a.Kind != jssdk.KindCorp {
		t.Errorf("answer %+v", a)
	}
}

func TestTheEmulatorDataComesFromTheSandboxWeCom(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	b, _ := r.e.DevBackend(ctx, profiles.SandboxName)
	members, err := b.EmulatorMembers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(members) == 0 || members[0] != sandbox.UserZhangsan {
		t.Errorf("members %v, want zhangsan first", members)
	}
	groups, err := b.EmulatorGroups(ctx, sandbox.UserZhangsan)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(groups, sandbox.ChatSales) || slices.Contains(groups, sandbox.ChatAfterSales) {
		t.Errorf("zhangsan's groups %v", groups)
	}
}

func TestTheEmulatorsCallsTakeANewTokenWhenWeComDropsTheCachedOne(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	b, _ := r.e.DevBackend(ctx, profiles.SandboxName)
	if _, err := b.EmulatorMembers(ctx); err != nil { // caches a token
		t.Fatal(err)
	}
	r.sb.InvalidateTokens()
	members, err := b.EmulatorMembers(ctx)
	if err != nil || len(members) == 0 {
		t.Fatalf("members after WeCom dropped the token: %v, %v", members, err)
	}
	r.sb.InvalidateTokens()
	groups, err := b.EmulatorGroups(ctx, sandbox.UserZhangsan)
	if err != nil || !slices.Contains(groups, sandbox.ChatSales) {
		t.Fatalf("groups after WeCom dropped the token: %v, %v", groups, err)
	}
	if n := r.sb.Calls("gettoken"); n != 3 {
		t.Errorf("gettoken calls = %d, want 3: one each time WeCom dropped the token", n)
	}
}
