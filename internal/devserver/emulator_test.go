package devserver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"wecomdev/internal/jssdk"
)

const pageURL = "http://127.0.0.1:8787/__wecomdev/test/?from=e2e#/flow"

// verifyBody is the body the emulator posts for a page signed with ticket over signed.
func verifyBody(api, page, ticket, signed string, extra ...string) string {
	ts, nonce := "1763719200", "Wm3WZYTPz0wzccnW"
	params := map[string]any{"timestamp": ts, "nonceStr": nonce, "signature": jssdk.Signature(ticket, nonce, ts, signed),
		"jsApiList": []string{"getContext", "openEnterpriseChat"}}
	if api == "config" {
		params["appId"] = "ww0123456789abcdef"
	} else {
		params["corpId"] = "ww0123456789abcdef"
		params["agentId"] = "1000002"
	}
	for i := 0; i+1 < len(extra); i += 2 {
		if extra[i+1] == "" {
			delete(params, extra[i])
		} else {
			params[extra[i]] = extra[i+1]
		}
	}
	b, _ := json.Marshal(map[string]any{"api": api, "pageUrl": page, "params": params})
	return string(b)
}

func verify(t *testing.T, s *Server, body string) VerifyAnswer {
	t.Helper()
	w := post(t, s, PathEmulatorVerify, body)
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	noCredential(t, w.Body.Bytes())
	return decode[VerifyAnswer](t, w)
}

func hasWarning(a VerifyAnswer, code string) bool {
	for _, w := range a.Warnings {
		if w.Code == code {
			return true
		}
	}
	return false
}

func TestTheEmulatorEndpointsAreRefusedWhileTheEmulatorIsOff(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	s.SetEmulator(false)
	for _, p := range []string{PathEmulatorVerify, PathEmulatorInvoke} {
		w := post(t, s, p, `{"api":"getContext"}`)
		if w.Code != http.StatusForbidden || decode[errBody](t, w).Code != CodeEmulatorOff {
			t.Errorf("%s: status %d %s", p, w.Code, w.Body)
		}
	}
}

func TestConfigSignedRightOnLoopbackIsOkWithTheWarningAPhoneWouldRefuseTheDomain(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	a := verify(t, s, verifyBody("config", pageURL, testCorpTicket, jssdk.CutHash(pageURL)))
	if !a.OK || a.ErrMsg != "config:ok" || a.Result["errMsg"] != "config:ok" || a.Verdict != "OK" {
		t.Errorf("answer %+v", a)
	}
	if !hasWarning(a, "LOOPBACK") {
		t.Errorf("no LOOPBACK warning: %+v", a.Warnings)
	}
	e := lastEntry(t, s, EndpointEmulator)
	if e.Report == nil || e.Report.Type != ReportVerify || e.Report.API != "config" || !e.Report.OK || e.Report.ErrMsg != "config:ok" {
		t.Fatalf("log entry report %+v", e.Report)
	}
	if e.URL != pageURL || e.Host != "127.0.0.1:8787" || e.Timestamp != "1763719200" || e.Decision != AllowLoopback {
		t.Errorf("log entry %+v", e)
	}
}

func TestAgentConfigSignedRightOnATrustedDomainIsOkWithoutWarnings(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	page := "https://h5.example.com/app/?a=1#/x"
	a := verify(t, s, verifyBody("agentConfig", page, testAgentTicket, jssdk.CutHash(page)))
	if !a.OK || a.ErrMsg != "agentConfig:ok" || len(a.Warnings) != 0 {
		t.Errorf("answer %+v", a)
	}
}

// config answers invalid url domain (doc 96912), agentConfig "not match any reliable
// domain … e=80001" (blog.csdn.net/qq_40621681/article/details/107404674).
func TestAPageOutsideTheTrustedDomainsGetsInvalidURLDomainFromConfigAndNotMatchAnyReliableDomainFromAgentConfig(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	s.SetTunnelHost("abc.ngrok-free.app")
	for _, page := range []string{"https://shop.example.cn/p", "https://abc.ngrok-free.app/p"} {
		for _, api := range []string{"config", "agentConfig"} {
			ticket := testCorpTicket
			if api == "agentConfig" {
				ticket = testAgentTicket
			}
			a := verify(t, s, verifyBody(api, page, ticket, page))
			want := "config:invalid url domain"
			if api == "agentConfig" {
				want = "agentConfig:not match any reliable domain. more info at https://open.work.weixin.qq.com/devtool/query?e=80001"
			}
			if a.OK || a.ErrMsg != want || a.Result["err_msg"] != want || !hasWarning(a, "NOT_TRUSTED") {
				t.Errorf("%s %s: %+v", api, page, a)
			}
		}
	}
}

// config: iOS's {errCode:2, errMsg:"config:fail", err_Info:"invalid corpid …e=40013"}
// (WeCom community personal/oCJUswzYeIzdcqCR7ePuhafDHMrQ); agentConfig: "invalid corpId …
// e=40013" (blog.csdn.net/qq_40621681/article/details/107404674). Both on an untrusted
// page too: the corpId is looked at first.
func TestAnotherCorpIDGetsInvalidCorpIDAndTheWarningNamesBothCorpIDs(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	for _, page := range []string{pageURL, "https://shop.example.cn/p"} {
		a := verify(t, s, verifyBody("config", page, testCorpTicket, jssdk.CutHash(page), "appId", "wwOTHER"))
		if a.ErrMsg != "config:fail" || a.Result["err_Info"] != "invalid corpid more info at https://open.work.weixin.qq.com/devtool/query?e=40013" ||
			a.Result["errCode"] != float64(2) || !hasWarning(a, "CORP_ID") {
			t.Errorf("config on %s: %+v", page, a)
		}
		g := verify(t, s, verifyBody("agentConfig", page, testAgentTicket, jssdk.CutHash(page), "corpId", "wwOTHER"))
		if g.ErrMsg != "agentConfig:invalid corpId more info at https://open.work.weixin.qq.com/devtool/query?e=40013" || g.Result["err_msg"] != g.ErrMsg {
			t.Errorf("agentConfig on %s: %+v", page, g)
		}
		for _, w := range append(a.Warnings, g.Warnings...) {
			for _, text := range []string{w.Message.ZhCN, w.Message.EnUS} {
				if !strings.Contains(text, "wwOTHER") || !strings.Contains(text, "ww0123456789abcdef") || !strings.Contains(text, "40013") {
					t.Errorf("warning %q does not name both corpIds and 40013", text)
				}
			}
		}
	}
}

func TestAgentConfigOnLoopbackWarnsWithTheAnswerAPhoneWouldGive(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	a := verify(t, s, verifyBody("agentConfig", pageURL, testAgentTicket, jssdk.CutHash(pageURL)))
	if !a.OK || a.Result["err_msg"] != "agentConfig:ok" {
		t.Fatalf("answer %+v", a)
	}
	for _, w := range a.Warnings {
		if w.Code == "LOOPBACK" && strings.Contains(w.Message.EnUS, "not match any reliable domain") && strings.Contains(w.Message.ZhCN, "e=80001") {
			return
		}
	}
	t.Errorf("no LOOPBACK warning with the 80001 answer: %+v", a.Warnings)
}

func TestASignatureOverTheURLWithATrailingSlashIsInvalidAndNamedTRAILING_SLASH(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	page := "http://127.0.0.1:8787/__wecomdev/test?mistake=trailing-slash"
	signed := "http://127.0.0.1:8787/__wecomdev/test/?mistake=trailing-slash"
	a := verify(t, s, verifyBody("config", page, testCorpTicket, signed))
	if a.OK || a.ErrMsg != "config:invalid signature" || a.Result["errMsg"] != "config:invalid signature" {
		t.Fatalf("answer %+v", a)
	}
	if a.Verdict != "URL_VARIANT" || a.SignedURL != signed || len(a.Findings) == 0 || a.Findings[0].Code != "TRAILING_SLASH" {
		t.Errorf("verdict %s over %s, findings %+v", a.Verdict, a.SignedURL, a.Findings)
	}
	e := lastEntry(t, s, EndpointEmulator)
	if e.Report.Verdict != "URL_VARIANT" || len(e.Report.Findings) == 0 || e.Report.Findings[0].Code != "TRAILING_SLASH" ||
		e.Report.Explanation == nil || e.Report.Expected == "" || !strings.Contains(e.Message, "TRAILING_SLASH") {
		t.Errorf("log entry %+v / report %+v", e, e.Report)
	}
}

func TestAFailedVerificationOnAnAllowedHostKeepsAllowedForTheHostAndTheFailureInTheReport(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	page := "http://127.0.0.1:8787/__wecomdev/test?mistake=trailing-slash"
	verify(t, s, verifyBody("config", page, testCorpTicket, page+"/"))
	e := lastEntry(t, s, EndpointEmulator)
	if !e.Allowed || e.Decision != AllowLoopback {
		t.Errorf("allowed %v, decision %q: want the host allow-list's answer (true, %q)", e.Allowed, e.Decision, AllowLoopback)
	}
	if e.Report == nil || e.Report.OK || e.Report.ErrMsg != "config:invalid signature" {
		t.Errorf("report %+v: want the verification's failure", e.Report)
	}
	verify(t, s, verifyBody("config", "https://shop.example.cn/p", testCorpTicket, "https://shop.example.cn/p"))
	if e := lastEntry(t, s, EndpointEmulator); e.Allowed || e.Decision != "not a trusted domain" {
		t.Errorf("a page outside the trusted domains: allowed %v, decision %q", e.Allowed, e.Decision)
	}
}

func TestAgentConfigSignedWithTheCorpTicketGetsTicketNoAvailable42012(t *testing.T) {
	for _, plain := range []bool{false, true} {
		s, _ := newPhoneServer(t, Options{})
		if plain {
			withoutCapabilities(s) // the fallback tries the other kind's ticket itself
		}
		a := verify(t, s, verifyBody("agentConfig", pageURL, testCorpTicket, jssdk.CutHash(pageURL)))
		if a.OK || a.ErrMsg != "agentConfig:fail" || a.Verdict != "WRONG_TICKET_KIND" ||
			a.Result["err_msg"] != "ticket no available more info at https://open.work.weixin.qq.com/devtool/query?e=42012" {
			t.Errorf("plain backend %v: %+v", plain, a)
		}
	}
}

func TestConfigSignedWithTheAppTicketIsAnInvalidSignature(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	a := verify(t, s, verifyBody("config", pageURL, testAgentTicket, jssdk.CutHash(pageURL)))
	if a.ErrMsg != "config:invalid signature" || a.Verdict != "WRONG_TICKET_KIND" {
		t.Errorf("answer %+v", a)
	}
}

func TestAnAgentConfigWithAnUnknownSignatureGetsThe40093Answer(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	a := verify(t, s, verifyBody("agentConfig", pageURL, "someOtherAppsTicketXXXXXXXXXXXXXXXXXXXXXXXXXXXX", jssdk.CutHash(pageURL)))
	if a.ErrMsg != "agentConfig:invalid signature more info at https://open.work.weixin.qq.com/devtool/query?e=40093" || a.Verdict != "UNKNOWN_TICKET" {
		t.Errorf("answer %+v", a)
	}
}

func TestAnotherAgentIDIsAnInvalidSignature(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	a := verify(t, s, verifyBody("agentConfig", pageURL, testAgentTicket, jssdk.CutHash(pageURL), "agentId", "1000003"))
	if !strings.HasPrefix(a.ErrMsg, "agentConfig:invalid signature") || !hasWarning(a, "AGENT_ID") {
		t.Errorf("answer %+v", a)
	}
	// A number is as good as a string.
	body := strings.Replace(verifyBody("agentConfig", pageURL, testAgentTicket, jssdk.CutHash(pageURL)), `"agentId":"1000002"`, `"agentId":1000002`, 1)
	if a := verify(t, s, body); !a.OK {
		t.Errorf("numeric agentId: %+v", a)
	}
}

func TestMissingSignatureParametersFailAsTheClientDoes(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	a := verify(t, s, verifyBody("config", pageURL, testCorpTicket, jssdk.CutHash(pageURL), "nonceStr", ""))
	if a.ErrMsg != "config:fail" || a.Result["hint"] != "Missing params" || !hasWarning(a, "MISSING_PARAMS") {
		t.Errorf("answer %+v", a)
	}
}

func TestVerifyRefusesABadRequest(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	for _, body := range []string{
		`{"api":"wx.config","pageUrl":"http://127.0.0.1/"}`,
		`{"api":"config","pageUrl":"/relative"}`,
		`{"api":"config"}`,
		`{"api":"config","pageUrl":"http://127.0.0.1/","params":[1]}`,
		`not json`,
	} {
		if w := post(t, s, PathEmulatorVerify, body); w.Code != http.StatusBadRequest {
			t.Errorf("%s: status %d", body, w.Code)
		}
	}
}

func TestATicketTheConsoleCannotGetIs503(t *testing.T) {
	s, b := newPhoneServer(t, Options{})
	b.ticketErr = errors.New("keychain locked")
	w := post(t, s, PathEmulatorVerify, verifyBody("config", pageURL, testCorpTicket, jssdk.CutHash(pageURL)))
	if w.Code != http.StatusServiceUnavailable || decode[errBody](t, w).Code != CodeUnavailable {
		t.Errorf("status %d %s", w.Code, w.Body)
	}
}

func invoke(t *testing.T, s *Server, api, params string) InvokeAnswer {
	t.Helper()
	w := post(t, s, PathEmulatorInvoke, `{"api":"`+api+`","params":`+params+`}`)
	if w.Code != http.StatusOK {
		t.Fatalf("%s: status %d: %s", api, w.Code, w.Body)
	}
	noCredential(t, w.Body.Bytes())
	return decode[InvokeAnswer](t, w)
}

func TestOpenEnterpriseChatMakesUpAGroupThatGetCurExternalChatThenGives(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	a := invoke(t, s, "openEnterpriseChat", `{"chatId":"","groupName":"客户服务群-A1","userIds":"zhangsan;lisi","externalUserIds":"wmAAA;wmBBB"}`)
	chatID, _ := a.Result["chatId"].(string)
	if !a.OK || a.ErrMsg != "openEnterpriseChat:ok" || a.Result["errMsg"] != "openEnterpriseChat:ok" || !strings.HasPrefix(chatID, "wr") || len(chatID) != 32 {
		t.Fatalf("answer %+v", a)
	}
	if cur := invokeFrom(t, s, EntryGroupChatTools, "getCurExternalChat", `{}`); cur.Result["chatId"] != chatID {
		t.Errorf("getCurExternalChat %+v, want %s", cur, chatID)
	}
	e := lastEntry(t, s, EndpointEmulator)
	if e.Report == nil || e.Report.Type != ReportInvoke || e.Report.API != "getCurExternalChat" || !e.Report.OK {
		t.Errorf("log entry report %+v", e.Report)
	}
}

func TestOpenEnterpriseChatWithNobodyFails(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	if a := invoke(t, s, "openEnterpriseChat", `{"groupName":"x","userIds":"","externalUserIds":""}`); a.OK || a.ErrMsg != "openEnterpriseChat:fail" {
		t.Errorf("answer %+v", a)
	}
}

func TestClientAPIsAnswerFromTheSignedInMembersData(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	if a := invoke(t, s, "selectExternalContact", `{"filterType":0}`); !equalAny(a.Result["userIds"], []string{"wmAAA", "wmBBB"}) {
		t.Errorf("selectExternalContact %+v", a)
	}
	if a := invokeFrom(t, s, EntryContactProfile, "getCurExternalContact", `{}`); a.Result["userId"] != "wmAAA" {
		t.Errorf("getCurExternalContact %+v", a)
	}
	if a := invokeFrom(t, s, EntryGroupChatTools, "getCurExternalChat", `{}`); a.Result["chatId"] != "wrSalesGroupAAAA" {
		t.Errorf("getCurExternalChat %+v", a)
	}
	if a := invoke(t, s, "getContext", `{}`); a.Result["entry"] != "normal" || a.ErrMsg != "getContext:ok" {
		t.Errorf("getContext %+v", a)
	}
	if a := invoke(t, s, "geoLocation", `{"type":"wgs84"}`); a.ErrMsg != "getLocation:ok" || a.Result["latitude"] == nil {
		t.Errorf("geoLocation %+v", a)
	}
	if a := invoke(t, s, "checkJsApi", `{"jsApiList":["getContext"]}`); a.Result["checkResult"].(map[string]any)["getContext"] != true {
		t.Errorf("checkJsApi %+v", a)
	}
	if a := invoke(t, s, "selectEnterpriseContact", `{"mode":"multi"}`); a.Result["result"] == nil {
		t.Errorf("selectEnterpriseContact %+v", a)
	}
}

// Pages written for jweixin / jwxwork read res.err_msg (client-fidelity.md §1 #5).
func TestEveryInvokeAnswerCarriesErrMsgAndTheClientsErrMsg(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	for api, want := range map[string][2]string{
		"getContext":            {"getContext:ok", "getContext:ok"},
		"geoLocation":           {"getLocation:ok", "geoLocation:ok"},
		"updateMomentsSetting":  {"updateMomentsSetting:ok", "updateMomentsSetting:ok"},
		"selectExternalContact": {"selectExternalContact:ok", "selectExternalContact:ok"},
	} {
		a := invoke(t, s, api, `{}`)
		if a.Result["errMsg"] != want[0] || a.Result["err_msg"] != want[1] {
			t.Errorf("%s: %+v", api, a.Result)
		}
	}
	withoutCapabilities(s)
	if a := invoke(t, s, "selectExternalContact", `{}`); a.Result["errMsg"] != "selectExternalContact:fail" || !strings.HasPrefix(a.Result["err_msg"].(string), "selectExternalContact:fail ") {
		t.Errorf("failure: %+v", a.Result)
	}
}

func TestAnAPIThatIsNoneOfTheSDKsAnswersFunctionNotExist(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	a := invoke(t, s, "someFutureApi", `null`)
	if a.OK || a.ErrMsg != "someFutureApi:function not exist" || a.Result["err_msg"] != "someFutureApi:function not exist" || a.Note == "" {
		t.Errorf("unknown API %+v", a)
	}
	if a := invoke(t, s, "setKeepScreenOn", `{"keepScreenOn":true}`); !a.OK || a.ErrMsg != "setKeepScreenOn:ok" {
		t.Errorf("an SDK API the emulator does not emulate: %+v", a)
	}
}

func TestCheckJsApiSaysTrueForTheSDKsAPIsAndFalseForOtherNames(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	a := invoke(t, s, "checkJsApi", `{"jsApiList":["getContext","geoLocation","menu:share:appmessage","setKeepScreenOn","getLocation","someFutureApi"]}`)
	want := map[string]any{"getContext": true, "geoLocation": true, "menu:share:appmessage": true, "setKeepScreenOn": true, "getLocation": false, "someFutureApi": false}
	if got := a.Result["checkResult"]; !reflect.DeepEqual(got, want) {
		t.Errorf("checkResult %v, want %v", got, want)
	}
}

func TestAPIsThatNeedMembersFailWithoutEmulatorData(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	withoutCapabilities(s)
	if a := invoke(t, s, "selectExternalContact", `{}`); a.OK || a.ErrMsg != "selectExternalContact:fail" {
		t.Errorf("answer %+v", a)
	}
	if a := invoke(t, s, "openUserProfile", `{"type":1,"userid":"zhangsan"}`); !a.OK {
		t.Errorf("openUserProfile needs no data: %+v", a)
	}
}

func TestInvokeRefusesANameThatIsNoAPI(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	for _, body := range []string{`{"api":""}`, `{"api":"a b"}`, `{"api":"x","params":[1]}`} {
		if w := post(t, s, PathEmulatorInvoke, body); w.Code != http.StatusBadRequest {
			t.Errorf("%s: status %d", body, w.Code)
		}
	}
}

func equalAny(v any, want []string) bool {
	l, ok := v.([]any)
	if !ok || len(l) != len(want) {
		return false
	}
	for i := range l {
		if l[i] != want[i] {
			return false
		}
	}
	return true
}

func TestAMemberWithoutCustomersSelectsNone(t *testing.T) {
	s, b := newPhoneServer(t, Options{})
	b.custErr = errNotFollowed // WeCom's 84061
	if a := invoke(t, s, "selectExternalContact", `{}`); !a.OK || !equalAny(a.Result["userIds"], []string{}) {
		t.Errorf("answer %+v", a)
	}
}

// makerBackend is a phoneBackend whose WeCom makes the groups (as the sandbox does):
// a made group joins its owner's groups; err, when set, is the answer instead.
type makerBackend struct {
	*phoneBackend
	made []NewGroup
	err  error
}

func (b *makerBackend) MakeCustomerGroup(_ context.Context, g NewGroup) (string, error) {
	if b.err != nil {
		return "", b.err
	}
	b.made = append(b.made, g)
	id := fmt.Sprintf("wrMadeInBackend%d", len(b.made))
	b.groups[g.Owner] = append(b.groups[g.Owner], id)
	return id, nil
}

func newMakerServer(t *testing.T) (*Server, *makerBackend) {
	t.Helper()
	s, pb := newPhoneServer(t, Options{})
	b := &makerBackend{phoneBackend: pb}
	s.b = b
	return s, b
}

func TestOpenEnterpriseChatMakesTheGroupInTheBackendsWeComWhenItCan(t *testing.T) {
	s, b := newMakerServer(t)
	a := invoke(t, s, "openEnterpriseChat", `{"groupName":"客户服务群","userIds":"lisi","externalUserIds":"wmAAA;wmBBB"}`)
	if !a.OK || a.Result["chatId"] != "wrMadeInBackend1" || !strings.Contains(a.Note, "sandbox WeCom") {
		t.Fatalf("answer %+v", a)
	}
	want := NewGroup{Owner: "zhangsan", Name: "客户服务群", Members: []string{"lisi"}, Customers: []string{"wmAAA", "wmBBB"}}
	if len(b.made) != 1 || !reflect.DeepEqual(b.made[0], want) {
		t.Errorf("made %+v, want %+v", b.made, want)
	}
	if cur := invokeFrom(t, s, EntryGroupChatTools, "getCurExternalChat", `{}`); cur.Result["chatId"] != "wrMadeInBackend1" {
		t.Errorf("getCurExternalChat %+v", cur)
	}
	// Once the backend's WeCom no longer has it (a sandbox reset), the member's first group.
	b.groups["zhangsan"] = []string{"wrSalesGroupAAAA"}
	if cur := invokeFrom(t, s, EntryGroupChatTools, "getCurExternalChat", `{}`); cur.Result["chatId"] != "wrSalesGroupAAAA" {
		t.Errorf("getCurExternalChat after the group went %+v", cur)
	}
}

func TestOpenEnterpriseChatFailsWithTheBackendsReason(t *testing.T) {
	s, b := newMakerServer(t)
	b.err = errors.New(`sandbox: external userid "wmZZZ" is not a customer of zhangsan`)
	a := invoke(t, s, "openEnterpriseChat", `{"groupName":"g","externalUserIds":"wmZZZ"}`)
	if a.OK || a.ErrMsg != "openEnterpriseChat:fail" || !strings.Contains(fmt.Sprint(a.Result["err_msg"]), "not a customer of zhangsan") {
		t.Errorf("answer %+v", a)
	}
}

func TestOpenEnterpriseChatMakesUpTheGroupWhenTheBackendCannotMakeOne(t *testing.T) {
	s, b := newMakerServer(t)
	b.err = ErrCannotMakeGroups
	a := invoke(t, s, "openEnterpriseChat", `{"groupName":"g","externalUserIds":"wmAAA"}`)
	chatID, _ := a.Result["chatId"].(string)
	if !a.OK || len(chatID) != 32 || !strings.Contains(a.Note, "made-up customer group") {
		t.Fatalf("answer %+v", a)
	}
	if cur := invokeFrom(t, s, EntryGroupChatTools, "getCurExternalChat", `{}`); cur.Result["chatId"] != chatID {
		t.Errorf("getCurExternalChat %+v, want the made-up %s", cur, chatID)
	}
}

func TestOpenEnterpriseChatWithMembersOnlyMakesUpAnInternalGroup(t *testing.T) {
	s, b := newMakerServer(t)
	a := invoke(t, s, "openEnterpriseChat", `{"groupName":"g","userIds":"lisi"}`)
	if !a.OK || len(b.made) != 0 || !strings.Contains(a.Note, "internal group") {
		t.Errorf("answer %+v, made %v", a, b.made)
	}
}
