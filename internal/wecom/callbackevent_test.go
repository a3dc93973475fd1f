package wecom

import (
	"errors"
	"slices"
	"testing"
)

func TestAMemberJoinEventReadsBackWithItsChatSceneAndMembers(t *testing.T) {
	ev, err := ParseCallbackEvent(MemberJoinXML("ww5a4db0c500000001", "wrAAA", 1700000000, EventJoinSceneQRCode, []string{"wmA", "wmB"}))
	if err != nil {
		t.Fatal(err)
	}
	if !ev.IsMemberJoin() || ev.IsContactAdded() {
		t.Fatalf("IsMemberJoin = %v, IsContactAdded = %v", ev.IsMemberJoin(), ev.IsContactAdded())
	}
	if ev.ToUserName != "ww5a4db0c500000001" || ev.ChatID != "wrAAA" || ev.CreateTime != 1700000000 || ev.MemChangeCnt != 2 ||
		ev.JoinScene == nil || *ev.JoinScene != 3 || !slices.Equal(ev.MemChangeList, []string{"wmA", "wmB"}) {
		t.Fatalf("event = %+v", ev)
	}
	if got, want := ev.Summary(), "event/change_external_chat/update/add_member chat=wrAAA join_scene=3 members=2"; got != want {
		t.Fatalf("Summary = %q, want %q", got, want)
	}
}

// The sample of doc 92130 (添加企业客户事件).
func TestTheDocsAddExternalContactSampleIsAContactAddedWithItsState(t *testing.T) {
	ev, err := ParseCallbackEvent([]byte(`<xml>
	<ToUserName><![CDATA[toUser]]></ToUserName>
	<FromUserName><![CDATA[sys]]></FromUserName>
	<CreateTime>1403610513</CreateTime>
	<MsgType><![CDATA[event]]></MsgType>
	<Event><![CDATA[change_external_contact]]></Event>
	<ChangeType><![CDATA[add_external_contact]]></ChangeType>
	<UserID><![CDATA[zhangsan]]></UserID>
	<ExternalUserID><![CDATA[woAJ2GCAAAXtWyujaWJHDDGi0mAAAA]]></ExternalUserID>
	<State><![CDATA[teststate]]></State>
	<WelcomeCode><![CDATA[WELCOMECODE]]></WelcomeCode>
</xml>`))
	if err != nil {
		t.Fatal(err)
	}
	if !ev.IsContactAdded() || ev.State != "teststate" || ev.UserID != "zhangsan" || ev.ExternalUserID != "woAJ2GCAAAXtWyujaWJHDDGi0mAAAA" {
		t.Fatalf("event = %+v", ev)
	}
}

func TestTextThatIsNotWeComsXMLIsRefused(t *testing.T) {
	for _, in := range []string{"", "success", `{"a":1}`, "<xml><Foo>1</Foo></xml>", "<xml><MsgType>event"} {
		if _, err := ParseCallbackEvent([]byte(in)); !errors.Is(err, ErrCallbackXML) {
			t.Errorf("ParseCallbackEvent(%q) = %v, want ErrCallbackXML", in, err)
		}
	}
}

func FuzzParseCallbackEvent(f *testing.F) {
	f.Add(MemberJoinXML("ww1", "wr1", 1, 3, []string{"wm1"}))
	f.Add([]byte("<xml><MsgType>event</MsgType></xml>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ev, err := ParseCallbackEvent(b)
		if err == nil {
			_ = ev.Summary()
		}
	})
}
