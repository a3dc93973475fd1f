package wecom

import (
	"context"
	"strings"
	"testing"
)

func TestTheJoinWayCallsSendWhatWeComDocuments(t *testing.T) {
	c, rec := record(t, `{"errcode":0,"errmsg":"ok","config_id":"9ad7fa5cdaa6511298498f979c472aaa"}`)
	ctx := context.Background()
	mark := false
	id, err := c.AddJoinWay(ctx, JoinWay{ConfigID: "ignored", QRCode: "ignored", Scene: SceneQRCode, Remark: "r", AutoCreateRoom: 1,
		RoomBaseName: "销售客服群", RoomBaseID: 10, ChatIDList: []string{"wr1"}, State: "s1", MarkSource: &mark})
	if err != nil || id != "9ad7fa5cdaa6511298498f979c472aaa" {
		t.Fatalf("AddJoinWay = %q, %v", id, err)
	}
	if err := c.UpdateJoinWay(ctx, JoinWay{ConfigID: id, Scene: SceneQRCode, ChatIDList: []string{"wr1"}}); err != nil {
		t.Fatal(err)
	}
	if err := c.DelJoinWay(ctx, id); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"POST /cgi-bin/externalcontact/groupchat/add_join_way?access_token=TOK",
		"POST /cgi-bin/externalcontact/groupchat/update_join_way?access_token=TOK",
		"POST /cgi-bin/externalcontact/groupchat/del_join_way?access_token=TOK",
	}
	if strings.Join(rec.paths, "\n") != strings.Join(want, "\n") {
		t.Fatalf("requests:\n%s", strings.Join(rec.paths, "\n"))
	}
	add := rec.bodies[0]
	if _, ok := add["config_id"]; ok {
		t.Fatalf("add_join_way body has config_id: %v", add)
	}
	if _, ok := add["qr_code"]; ok {
		t.Fatalf("add_join_way body has qr_code: %v", add)
	}
	if add["scene"] != float64(2) || add["mark_source"] != false || add["room_base_name"] != "销售客服群" || add["state"] != "s1" {
		t.Fatalf("add_join_way body = %v", add)
	}
	// update is a full overwrite: every optional field is sent, empty or not.
	for _, k := range []string{"config_id", "scene", "remark", "auto_create_room", "room_base_name", "room_base_id", "chat_id_list", "state"} {
		if _, ok := rec.bodies[1][k]; !ok {
			t.Fatalf("update_join_way body lacks %s: %v", k, rec.bodies[1])
		}
	}
	if rec.bodies[2]["config_id"] != id {
		t.Fatalf("del_join_way body = %v", rec.bodies[2])
	}
}

func TestGetJoinWayReturnsTheDocumentedFields(t *testing.T) {
	c, _ := record(t, `{"errcode":0,"errmsg":"ok","join_way":{"config_id":"9ad7","scene":2,"remark":"aa_remark","auto_create_room":1,
		"room_base_name":"销售客服群","room_base_id":10,"chat_id_list":["wrA","wrB"],"qr_code":"http://p.qpic.cn/wwhead/x/0","state":"klsdup3kj3s1"}}`)
	jw, err := c.GetJoinWay(context.Background(), "9ad7")
	if err != nil {
		t.Fatal(err)
	}
	if jw.ConfigID != "9ad7" || jw.QRCode != "http://p.qpic.cn/wwhead/x/0" || len(jw.ChatIDList) != 2 || jw.State != "klsdup3kj3s1" || jw.RoomBaseID != 10 {
		t.Fatalf("GetJoinWay = %+v", jw)
	}
}
