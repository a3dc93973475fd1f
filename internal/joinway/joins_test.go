package joinway

import (
	"context"
	"testing"

	"wecomdev/internal/wecom"
	"wecomdev/internal/wecom/sandbox"
)

// joinEvent is the change_external_chat add_member event of a scan, as WeCom sends it.
func joinEvent(t *testing.T, chatID string, users ...string) wecom.CallbackEvent {
	t.Helper()
	ev, err := wecom.ParseCallbackEvent(wecom.MemberJoinXML(sandbox.DefaultCorpID, chatID, 1700000000, wecom.EventJoinSceneQRCode, users))
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func TestAJoinEventMarksTheRegistryRowOfTheMembersStateOnceEvenWhenDeliveredTwice(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	res, err := r.s.Ensure(ctx, qrConfig("order-77", sandbox.ChatSales), false)
	if err != nil {
		t.Fatal(err)
	}
	chat, err := r.sb.ScanJoinWay(sandbox.DefaultCorpID, sandbox.DefaultAgentID, res.Entry.ConfigID, sandbox.CustomerWu)
	if err != nil {
		t.Fatal(err)
	}
	ev := joinEvent(t, chat, sandbox.CustomerWu)
	first, err := r.s.RecordEvent(ctx, ev)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 1 || !first[0].New || first[0].State != "order-77" || first[0].JoinWayID != res.Entry.ID ||
		first[0].ExternalUserID != sandbox.CustomerWu || first[0].ChatID != chat || first[0].JoinScene != 3 || first[0].ConfigID != res.Entry.ConfigID {
		t.Fatalf("first delivery recorded %+v", first)
	}
	again, err := r.s.RecordEvent(ctx, ev)
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != 1 || again[0].New || again[0].ID != first[0].ID {
		t.Fatalf("second delivery recorded %+v, want the known join", again)
	}
	list, err := r.s.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || len(list[0].Joins) != 1 || list[0].Joins[0].ExternalUserID != sandbox.CustomerWu {
		t.Fatalf("List = %+v, want the row with one join", list)
	}
}

func TestAJoinEventWithAMemberListRecordsOnlyThoseMembers(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	// ChatSales already holds 陈晓明 with state "sandbox-qr-1"; the event names only 吴敏.
	res, err := r.s.Ensure(ctx, qrConfig("order-78", sandbox.ChatSales), false)
	if err != nil {
		t.Fatal(err)
	}
	chat, err := r.sb.ScanJoinWay(sandbox.DefaultCorpID, sandbox.DefaultAgentID, res.Entry.ConfigID, sandbox.CustomerWu)
	if err != nil {
		t.Fatal(err)
	}
	joins, err := r.s.RecordEvent(ctx, joinEvent(t, chat, sandbox.CustomerWu))
	if err != nil {
		t.Fatal(err)
	}
	if len(joins) != 1 || joins[0].ExternalUserID != sandbox.CustomerWu {
		t.Fatalf("joins = %+v, want 吴敏 only", joins)
	}
	// An older event without the list: every member with a state, the unknown state too.
	joins, err = r.s.RecordEvent(ctx, joinEvent(t, chat))
	if err != nil {
		t.Fatal(err)
	}
	if len(joins) != 2 {
		t.Fatalf("joins = %+v, want 陈晓明 (state unknown to the registry) and 吴敏", joins)
	}
	for _, j := range joins {
		if j.ExternalUserID == sandbox.CustomerChen && (j.JoinWayID != 0 || !j.New) {
			t.Errorf("陈晓明's join = %+v, want new and on no registry row", j)
		}
	}
}

func TestAnAddedContactWithAStateIsAJoinOfKindContact(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	ev := wecom.CallbackEvent{MsgType: "event", Event: wecom.EventChangeExternalContact, ChangeType: wecom.ChangeTypeAddExternalContact,
		UserID: "zhangsan", ExternalUserID: sandbox.CustomerLiu, State: "ad-campaign", CreateTime: 1700000000}
	joins, err := r.s.RecordEvent(ctx, ev)
	if err != nil {
		t.Fatal(err)
	}
	if len(joins) != 1 || joins[0].Kind != JoinContact || joins[0].UserID != "zhangsan" || joins[0].State != "ad-campaign" {
		t.Fatalf("joins = %+v", joins)
	}
	ev.State = ""
	if joins, _ := r.s.RecordEvent(ctx, ev); len(joins) != 0 {
		t.Fatalf("a contact without a state recorded %+v", joins)
	}
}

func TestAGroupChangeThatIsNoJoinCallsNothing(t *testing.T) {
	r := newRig(t)
	ev := joinEvent(t, sandbox.ChatSales)
	ev.UpdateDetail = wecom.UpdateDetailDelMember
	before := r.calls("externalcontact/groupchat/get")
	if joins, err := r.s.RecordEvent(context.Background(), ev); err != nil || len(joins) != 0 {
		t.Fatalf("RecordEvent = %+v, %v", joins, err)
	}
	if r.calls("externalcontact/groupchat/get") != before {
		t.Fatal("a del_member event called groupchat/get")
	}
}
