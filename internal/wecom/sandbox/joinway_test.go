package sandbox

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"wecomdev/internal/qr"
)

const (
	addJoinWay    = "externalcontact/groupchat/add_join_way"
	getJoinWay    = "externalcontact/groupchat/get_join_way"
	updateJoinWay = "externalcontact/groupchat/update_join_way"
	delJoinWay    = "externalcontact/groupchat/del_join_way"
)

func (sb *sandbox) addJoinWay(tok string, body map[string]any) string {
	sb.t.Helper()
	r := sb.post(addJoinWay, tok, body)
	wantCode(sb.t, r, 0)
	id, _ := r.Body["config_id"].(string)
	return id
}

func (sb *sandbox) getJoinWay(tok, id string) map[string]any {
	sb.t.Helper()
	r := sb.post(getJoinWay, tok, map[string]any{"config_id": id})
	wantCode(sb.t, r, 0)
	jw, _ := r.Body["join_way"].(map[string]any)
	return jw
}

func TestAddJoinWayReturnsA32HexConfigIDAndGetReturnsTheConfig(t *testing.T) {
	sb := start(t, Options{})
	tok := sb.token()
	id := sb.addJoinWay(tok, map[string]any{
		"scene": 2, "remark": "aa_remark", "room_base_name": "销售客服群", "room_base_id": 10,
		"chat_id_list": []string{ChatPool1, ChatPool2}, "state": "klsdup3kj3s1",
	})
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(id) {
		t.Fatalf("config_id %q is not 32 lowercase hex", id)
	}
	jw := sb.getJoinWay(tok, id)
	if jw["config_id"] != id || jw["scene"] != float64(2) || jw["remark"] != "aa_remark" ||
		jw["auto_create_room"] != float64(1) || jw["room_base_name"] != "销售客服群" ||
		jw["room_base_id"] != float64(10) || jw["state"] != "klsdup3kj3s1" {
		t.Errorf("join_way = %v", jw)
	}
	if got := strs(t, jw["chat_id_list"]); len(got) != 2 || got[0] != ChatPool1 || got[1] != ChatPool2 {
		t.Errorf("chat_id_list = %v", got)
	}
	qr, _ := jw["qr_code"].(string)
	if !strings.HasPrefix(qr, "https://") {
		t.Errorf("qr_code = %q, want an https URL", qr)
	}
	if again := sb.getJoinWay(tok, id); again["qr_code"] != qr {
		t.Error("qr_code changed between two gets")
	}
}

func TestAMiniProgramJoinWayHasNoQRCode(t *testing.T) {
	sb := start(t, Options{})
	tok := sb.token()
	id := sb.addJoinWay(tok, map[string]any{"scene": 1, "chat_id_list": []string{ChatPool1}})
	if _, ok := sb.getJoinWay(tok, id)["qr_code"]; ok {
		t.Error("a scene 1 config returned qr_code")
	}
}

func TestAutoCreateRoomCanBeTurnedOff(t *testing.T) {
	sb := start(t, Options{})
	tok := sb.token()
	id := sb.addJoinWay(tok, map[string]any{"scene": 2, "auto_create_room": 0, "chat_id_list": []string{ChatPool1}})
	if got := sb.getJoinWay(tok, id)["auto_create_room"]; got != float64(0) {
		t.Errorf("auto_create_room = %v, want 0", got)
	}
}

func TestARemarkOver30CharactersIsTruncated(t *testing.T) {
	sb := start(t, Options{})
	tok := sb.token()
	long := strings.Repeat("备", 25) + strings.Repeat("x", 10) // 35 characters, more bytes
	id := sb.addJoinWay(tok, map[string]any{"scene": 2, "remark": long, "chat_id_list": []string{ChatPool1}})
	if got := sb.getJoinWay(tok, id)["remark"]; got != strings.Repeat("备", 25)+"xxxxx" {
		t.Errorf("remark = %q", got)
	}
}

func TestAddJoinWayValidatesItsParameters(t *testing.T) {
	six := []string{ChatSales, ChatAfterSales, ChatPool1, ChatPool2, ChatPool3, ChatResigned}
	for _, tc := range []struct {
		name string
		body map[string]any
		code int
		msg  string
	}{
		{"scene missing", map[string]any{"chat_id_list": []string{ChatPool1}}, 40058, "missing field `scene`"},
		{"scene 3", map[string]any{"scene": 3, "chat_id_list": []string{ChatPool1}}, 40058, "invalid scene 3"},
		{"scene 0", map[string]any{"scene": 0, "chat_id_list": []string{ChatPool1}}, 40058, "invalid scene 0"},
		{"chat_id_list missing", map[string]any{"scene": 2}, 40058, "missing field `chat_id_list`"},
		{"chat_id_list empty", map[string]any{"scene": 2, "chat_id_list": []string{}}, 40058, "missing field `chat_id_list`"},
		{"six chats", map[string]any{"scene": 2, "chat_id_list": six}, 40058, "chat_id_list exceed max size 5"},
		{"unknown chat", map[string]any{"scene": 2, "chat_id_list": []string{ChatPool1, "wrNoSuchGroup"}}, 40050, "invalid group id"},
		{"state of 31 characters", map[string]any{"scene": 2, "chat_id_list": []string{ChatPool1}, "state": strings.Repeat("状", 31)}, 40058, "state exceed max length 30"},
		{"room_base_name of 41 characters", map[string]any{"scene": 2, "chat_id_list": []string{ChatPool1}, "room_base_name": strings.Repeat("群", 41)}, 40058, "room_base_name exceed max length 40"},
		{"auto_create_room 2", map[string]any{"scene": 2, "chat_id_list": []string{ChatPool1}, "auto_create_room": 2}, 40058, "invalid auto_create_room 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sb := start(t, Options{})
			r := sb.post(addJoinWay, sb.token(), tc.body)
			wantCode(t, r, tc.code)
			if !strings.HasPrefix(r.Msg, tc.msg) {
				t.Errorf("errmsg = %q, want it to start with %q", r.Msg, tc.msg)
			}
			if got := sb.srv.JoinWays(DefaultCorpID, DefaultAgentID); len(got) != 0 {
				t.Errorf("a refused add stored %v", got)
			}
		})
	}
}

func TestLimitsCountCharactersNotBytes(t *testing.T) {
	sb := start(t, Options{})
	tok := sb.token()
	sb.addJoinWay(tok, map[string]any{
		"scene": 2, "chat_id_list": []string{ChatPool1},
		"state": strings.Repeat("状", 30), "room_base_name": strings.Repeat("群", 40),
	})
}

func TestUpdateJoinWayOverwritesEveryFieldAndKeepsTheQRCode(t *testing.T) {
	sb := start(t, Options{})
	tok := sb.token()
	id := sb.addJoinWay(tok, map[string]any{
		"scene": 2, "remark": "old", "auto_create_room": 0, "room_base_name": "旧群", "room_base_id": 3,
		"chat_id_list": []string{ChatPool1}, "state": "old-state",
	})
	qr := sb.getJoinWay(tok, id)["qr_code"]
	r := sb.post(updateJoinWay, tok, map[string]any{"config_id": id, "scene": 2, "chat_id_list": []string{ChatPool2, ChatPool3}})
	wantCode(t, r, 0)
	if string(r.Raw) != `{"errcode":0,"errmsg":"ok"}` {
		t.Errorf("update answered %s", r.Raw)
	}
	jw := sb.getJoinWay(tok, id)
	if jw["remark"] != "" || jw["state"] != "" || jw["room_base_name"] != "" || jw["room_base_id"] != float64(0) || jw["auto_create_room"] != float64(1) {
		t.Errorf("omitted fields were not reset: %v", jw)
	}
	if got := strs(t, jw["chat_id_list"]); len(got) != 2 || got[0] != ChatPool2 {
		t.Errorf("chat_id_list = %v", got)
	}
	if jw["qr_code"] != qr {
		t.Errorf("qr_code changed from %v to %v", qr, jw["qr_code"])
	}
}

func TestUpdateJoinWayValidatesLikeAdd(t *testing.T) {
	sb := start(t, Options{})
	tok := sb.token()
	id := sb.addJoinWay(tok, map[string]any{"scene": 2, "chat_id_list": []string{ChatPool1}, "state": "keep"})
	wantCode(t, sb.post(updateJoinWay, tok, map[string]any{"config_id": id, "scene": 2, "chat_id_list": []string{"wrNoSuchGroup"}}), 40050)
	wantCode(t, sb.post(updateJoinWay, tok, map[string]any{"config_id": id, "chat_id_list": []string{ChatPool1}}), 40058)
	if got := sb.getJoinWay(tok, id)["state"]; got != "keep" {
		t.Errorf("a refused update changed the config: state = %v", got)
	}
}

func TestDelJoinWayRemovesTheConfig(t *testing.T) {
	sb := start(t, Options{})
	tok := sb.token()
	id := sb.addJoinWay(tok, map[string]any{"scene": 2, "chat_id_list": []string{ChatPool1}})
	wantCode(t, sb.post(delJoinWay, tok, map[string]any{"config_id": id}), 0)
	wantCode(t, sb.post(getJoinWay, tok, map[string]any{"config_id": id}), 41044)
	wantCode(t, sb.post(delJoinWay, tok, map[string]any{"config_id": id}), 41044)
	if got := sb.srv.JoinWays(DefaultCorpID, DefaultAgentID); len(got) != 0 {
		t.Errorf("JoinWays after delete = %v", got)
	}
}

func TestAnUnknownOrMissingConfigIDIsRefused(t *testing.T) {
	sb := start(t, Options{})
	tok := sb.token()
	for _, path := range []string{getJoinWay, updateJoinWay, delJoinWay} {
		r := sb.post(path, tok, map[string]any{"config_id": "9ad7fa5cdaa6511298498f979c472aaa", "scene": 2, "chat_id_list": []string{ChatPool1}})
		wantCode(t, r, 41044)
		if !strings.HasPrefix(r.Msg, "invalid config_id, hint: [") {
			t.Errorf("%s: errmsg = %q", path, r.Msg)
		}
		wantCode(t, sb.post(path, tok, map[string]any{}), 40058)
	}
}

func TestAnAppCannotSeeAnotherAppsJoinWays(t *testing.T) {
	sb := start(t, Options{Corps: []Corp{{CorpID: DefaultCorpID, Apps: []App{{AgentID: 1}, {AgentID: 2}}}}})
	id := sb.addJoinWay(sb.token(1), map[string]any{"scene": 2, "chat_id_list": []string{ChatPool1}})
	other := sb.token(2)
	wantCode(t, sb.post(getJoinWay, other, map[string]any{"config_id": id}), 41044)
	wantCode(t, sb.post(delJoinWay, other, map[string]any{"config_id": id}), 41044)
	if got := sb.srv.JoinWays(DefaultCorpID, 1); len(got) != 1 || got[0].ConfigID != id {
		t.Errorf("JoinWays(app 1) = %v", got)
	}
}

func TestScanJoinWayAddsTheCustomerWithTheConfigsState(t *testing.T) {
	sb := start(t, Options{})
	tok := sb.token()
	id := sb.addJoinWay(tok, map[string]any{"scene": 2, "chat_id_list": []string{ChatPool1}, "state": "poster-7"})
	chat, err := sb.srv.ScanJoinWay(DefaultCorpID, DefaultAgentID, id, CustomerWu)
	if err != nil || chat != ChatPool1 {
		t.Fatalf("ScanJoinWay = %q, %v", chat, err)
	}
	r := sb.post("externalcontact/groupchat/get", tok, map[string]any{"chat_id": ChatPool1})
	members := r.Body["group_chat"].(map[string]any)["member_list"].([]any)
	last := members[len(members)-1].(map[string]any)
	if last["userid"] != CustomerWu || last["state"] != "poster-7" || last["join_scene"] != float64(3) || last["type"] != float64(2) {
		t.Errorf("new member = %v", last)
	}
}

func TestScanJoinWayOpensANewRoomWhenTheGroupsAreFull(t *testing.T) {
	seed := DefaultData()
	for i := len(seed.Groups[2].Members); i < groupCapacity; i++ {
		seed.Groups[2].Members = append(seed.Groups[2].Members, GroupMember{UserID: "wmFiller" + string(rune('a'+i%26)) + strings.Repeat("x", i/26), Type: 2})
	}
	sb := start(t, Options{Seed: seed})
	tok := sb.token()
	id := sb.addJoinWay(tok, map[string]any{"scene": 2, "chat_id_list": []string{ChatPool1}, "room_base_name": "活动群", "room_base_id": 10})
	chat, err := sb.srv.ScanJoinWay(DefaultCorpID, DefaultAgentID, id, CustomerWu)
	if err != nil || chat == ChatPool1 {
		t.Fatalf("ScanJoinWay = %q, %v", chat, err)
	}
	r := sb.post("externalcontact/groupchat/get", tok, map[string]any{"chat_id": chat})
	wantCode(t, r, 0)
	if name := r.Body["group_chat"].(map[string]any)["name"]; name != "活动群10" {
		t.Errorf("new room name = %v", name)
	}
}

func TestTheSandboxServesEachQRImageUnderItsURLsPath(t *testing.T) {
	sb := start(t, Options{})
	tok := sb.token()
	id := sb.addJoinWay(tok, map[string]any{"scene": 2, "chat_id_list": []string{ChatPool1}})
	qrURL, _ := sb.getJoinWay(tok, id)["qr_code"].(string)
	u, err := url.Parse(qrURL)
	if err != nil || u.Host != QRHost {
		t.Fatalf("qr_code = %q, want WeCom's image host %s", qrURL, QRHost)
	}
	resp, err := http.Get(sb.base + u.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	img, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("GET %s: %d %s", u.Path, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	link, ok := sb.srv.JoinLink(qrURL)
	if !ok || !strings.HasPrefix(link, "https://work.weixin.qq.com/gm/") {
		t.Fatalf("JoinLink = %q, %v", link, ok)
	}
	if got, err := qr.Decode(img); err != nil || got != link {
		t.Fatalf("the image decodes to %q, %v; want %s", got, err, link)
	}
	if resp, err := http.Get(sb.base + qrPathPrefix + "nope/0"); err != nil || resp.StatusCode != 404 {
		t.Fatalf("an unknown image: %v %v", resp, err)
	}
}

func TestStallNextAppliesTheCallAndHoldsItsAnswerUntilTheCallerGivesUp(t *testing.T) {
	sb := start(t, Options{})
	tok := sb.token()
	stalled := sb.srv.StallNext(addJoinWay)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, sb.base+"/cgi-bin/"+addJoinWay+"?access_token="+tok,
			strings.NewReader(`{"scene":2,"chat_id_list":["`+ChatPool1+`"]}`))
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	<-stalled
	if got := len(sb.srv.JoinWays(DefaultCorpID, DefaultAgentID)); got != 1 {
		t.Fatalf("%d configs after the stalled call, want it applied", got)
	}
	select {
	case err := <-done:
		t.Fatalf("the stalled call answered: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	cancel()
	if err := <-done; err == nil {
		t.Fatal("the caller got an answer, want none")
	}
	// Only the next call stalls.
	sb.addJoinWay(tok, map[string]any{"scene": 2, "chat_id_list": []string{ChatPool2}})
}
