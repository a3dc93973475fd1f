package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"wecomdev/internal/qr"
	"wecomdev/internal/secrets"
	"wecomdev/internal/wecom/sandbox"
	"wecomdev/internal/workspace"
)

const (
	addJoinWay = "externalcontact/groupchat/add_join_way"

	// The child process (see TestRunsTheCLIAsTheChildProcessOfAnotherTest) reads these.
	childEnv     = "WECOMDEV_CLI_CHILD"
	childDirEnv  = "WECOMDEV_CLI_CHILD_DIR"
	childArgsEnv = "WECOMDEV_CLI_CHILD_ARGS"
)

// objectKeys returns the keys of the JSON object in out, in their order.
func objectKeys(t *testing.T, out string) []string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(out))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not a JSON object: %s", out)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

func TestEnsureTwiceWithTheSameStateMakesOneJoinWayAndTheSecondReusesIt(t *testing.T) {
	r := newCLIRig(t)
	addAcme(t, r)
	args := []string{"joinway", "ensure", "acme", "--state", "order-1001", "--chat-id", sandbox.ChatSales, "--json"}
	code, first, errOut := r.run(t, "", args...)
	if code != ExitOK {
		t.Fatalf("first ensure: %d %s", code, errOut)
	}
	code, second, errOut := r.run(t, "", args...)
	if code != ExitOK {
		t.Fatalf("second ensure: %d %s", code, errOut)
	}
	if n := r.sb.Calls(addJoinWay); n != 1 {
		t.Fatalf("add_join_way called %d times, want 1", n)
	}
	if keys := objectKeys(t, second); !slices.Equal(keys[:3], []string{"configId", "qrCode", "reused"}) {
		t.Errorf("keys %v: configId, qrCode, reused must come first", keys)
	}
	a, b := decode(t, first), decode(t, second)
	if a["reused"] != false || b["reused"] != true {
		t.Errorf("reused: first %v, second %v", a["reused"], b["reused"])
	}
	if a["configId"] == "" || a["configId"] != b["configId"] || a["qrCode"] == "" || a["qrCode"] != b["qrCode"] {
		t.Errorf("first %s\nsecond %s", first, second)
	}
	link, ok := r.sb.JoinLink(b["qrCode"].(string))
	if !ok || b["joinLink"] != link || b["state"] != "order-1001" {
		t.Errorf("joinLink %v state %v, the sandbox's link %q", b["joinLink"], b["state"], link)
	}
}

func TestEnsureWithoutJSONDrawsTheJoinLinkAndQROutWritesItsPNG(t *testing.T) {
	r := newCLIRig(t)
	addAcme(t, r)
	png := filepath.Join(t.TempDir(), "order.png")
	code, out, errOut := r.run(t, "", "joinway", "ensure", "acme", "--state", "order-7", "--chat-id", sandbox.ChatSales,
		"--remark", strings.Repeat("备", 31), "--qr-out", png)
	if code != ExitOK {
		t.Fatalf("%d %s", code, errOut)
	}
	_, js, _ := r.run(t, "", "joinway", "list", "acme", "--json")
	var list []map[string]any
	if err := json.Unmarshal([]byte(js), &list); err != nil || len(list) != 1 {
		t.Fatalf("list: %s", js)
	}
	link := list[0]["joinLink"].(string)
	for _, s := range []string{`state "order-7"`, "made now", "join link: " + link, "█", "Wrote " + png} {
		if !strings.Contains(out, s) {
			t.Errorf("stdout lacks %q:\n%s", s, out)
		}
	}
	if !strings.Contains(errOut, "REMARK_TRUNCATED") || !strings.Contains(errOut, "扫一扫") {
		t.Errorf("stderr: %s", errOut)
	}
	b, err := os.ReadFile(png)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := qr.Decode(b); err != nil || got != link {
		t.Errorf("the PNG decodes to %q, %v; want %s", got, err, link)
	}
	code, _, errOut = r.run(t, "", "joinway", "ensure", "acme", "--state", "order-7", "--chat-id", sandbox.ChatSales, "--qr-out", png)
	if code != ExitError || !strings.Contains(errOut, "--overwrite") {
		t.Errorf("an existing --qr-out: %d %s", code, errOut)
	}
	if code, _, errOut := r.run(t, "", "joinway", "ensure", "acme", "--state", "order-7", "--chat-id", sandbox.ChatSales, "--qr-out", png, "--overwrite"); code != ExitOK {
		t.Errorf("--overwrite: %d %s", code, errOut)
	}
}

// TestRunsTheCLIAsTheChildProcessOfAnotherTest is no test of its own: a test re-runs the
// test binary with WECOMDEV_CLI_CHILD=1 to run one command in a process it can kill.
func TestRunsTheCLIAsTheChildProcessOfAnotherTest(t *testing.T) {
	if os.Getenv(childEnv) != "1" {
		t.Skip("runs only as the child process of another test")
	}
	var args []string
	if err := json.Unmarshal([]byte(os.Getenv(childArgsEnv)), &args); err != nil {
		t.Fatal(err)
	}
	getenv := func(k string) string {
		if k == workspace.EnvCorpSecret {
			return os.Getenv(k)
		}
		return ""
	}
	dir := os.Getenv(childDirEnv)
	env := Env{
		Stdin: strings.NewReader(""), Stdout: os.Stdout, Stderr: os.Stderr, Getenv: getenv,
		OpenWorkspace: func(ctx context.Context) (*workspace.Workspace, error) {
			return workspace.Open(ctx, dir, workspace.Options{Keychain: secrets.NewMemory(), Getenv: getenv})
		},
	}
	if code := Run(env, args); code != ExitOK {
		os.Exit(code)
	}
}

func TestAnEnsureKilledWhileWaitingForWeComLeavesAPossibleOrphanThatOnlyForceGoesPast(t *testing.T) {
	r := newCLIRig(t)
	addAcme(t, r)
	ensure := []string{"joinway", "ensure", "acme", "--state", "order-42", "--chat-id", sandbox.ChatSales, "--json"}
	args, _ := json.Marshal(ensure)
	stalled := r.sb.StallNext(addJoinWay)

	child := exec.Command(os.Args[0], "-test.run=^TestRunsTheCLIAsTheChildProcessOfAnotherTest$")
	child.Env = append(os.Environ(), childEnv+"=1", childDirEnv+"="+r.dir, childArgsEnv+"="+string(args),
		workspace.EnvCorpSecret+"="+r.sb.Secret(sandbox.DefaultCorpID, sandbox.DefaultAgentID))
	var childOut bytes.Buffer
	child.Stdout, child.Stderr = &childOut, &childOut
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-stalled:
	case <-time.After(60 * time.Second):
		child.Process.Kill()
		child.Wait()
		t.Fatalf("the child never reached add_join_way:\n%s", childOut.String())
	}
	if err := child.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	child.Wait()
	if n := r.sb.Calls(addJoinWay); n != 1 {
		t.Fatalf("add_join_way called %d times before the retry", n)
	}

	code, out, errOut := r.run(t, "", ensure...)
	if code != ExitError || out != "" {
		t.Fatalf("ensure after the kill: code %d, stdout %q, stderr %q", code, out, errOut)
	}
	for _, s := range []string{"possible orphan", "--force", `"order-42"`} {
		if !strings.Contains(errOut, s) {
			t.Errorf("stderr lacks %q: %s", s, errOut)
		}
	}
	if n := r.sb.Calls(addJoinWay); n != 1 {
		t.Fatalf("the refused ensure called add_join_way: %d calls", n)
	}

	code, out, errOut = r.run(t, "", append(ensure, "--force")...)
	if code != ExitOK || decode(t, out)["reused"] != false {
		t.Fatalf("ensure --force: %d %s %s", code, out, errOut)
	}
	if n := r.sb.Calls(addJoinWay); n != 2 {
		t.Fatalf("add_join_way called %d times after --force, want 2", n)
	}

	_, out, _ = r.run(t, "", "joinway", "list", "acme", "--json")
	var list []map[string]any
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	var statuses []string
	for _, e := range list {
		statuses = append(statuses, e["status"].(string))
		if e["state"] != "order-42" {
			t.Errorf("entry %v", e)
		}
	}
	slices.Sort(statuses)
	if !slices.Equal(statuses, []string{"abandoned", "ready"}) {
		t.Fatalf("statuses %v:\n%s", statuses, out)
	}
	for _, e := range list {
		if e["status"] == "ready" && (e["configId"] == "" || e["qrCode"] == "" || e["createdAt"] == nil || e["readAt"] == nil) {
			t.Errorf("ready entry %v", e)
		}
		if e["status"] == "abandoned" && (e["configId"] != "" || e["createdAt"] != nil) {
			t.Errorf("abandoned entry %v", e)
		}
	}
}

func TestALostAnswerSaysTheNextEnsureWillAskBeforeAddingAgain(t *testing.T) {
	r := newCLIRig(t)
	addAcme(t, r)
	r.sb.FailNext(addJoinWay, -1, 10) // "system busy" after every retry: WeCom may or may not have acted
	ensure := []string{"joinway", "ensure", "acme", "--state", "order-9", "--chat-id", sandbox.ChatSales, "--json"}
	code, out, errOut := r.run(t, "", ensure...)
	if code != ExitError || out != "" || !strings.Contains(errOut, "the answer of add_join_way was lost") ||
		!strings.Contains(errOut, "stops and asks before adding again") {
		t.Fatalf("code %d, stdout %q, stderr %q", code, out, errOut)
	}
	r.sb.FailNext(addJoinWay, 0, 0)
	adds := r.sb.Calls(addJoinWay)
	if code, _, errOut := r.run(t, "", ensure...); code != ExitError || !strings.Contains(errOut, "possible orphan") {
		t.Fatalf("the next ensure: %d %s", code, errOut)
	}
	if r.sb.Calls(addJoinWay) != adds {
		t.Fatal("the next ensure called add_join_way")
	}
}

func TestBadValuesAreRefusedBeforeAnyWeComCall(t *testing.T) {
	r := newCLIRig(t)
	addAcme(t, r)
	six := []string{}
	for i := range 6 {
		six = append(six, "--chat-id", "wrChat"+strings.Repeat("x", i+1))
	}
	tests := []struct {
		args    []string
		mention string
	}{
		{[]string{"ensure", "acme", "--state", strings.Repeat("s", 31), "--chat-id", sandbox.ChatSales}, "invalid state: 31 characters"},
		{append([]string{"ensure", "acme", "--state", "s"}, six...), "6 given"},
		{[]string{"ensure", "acme", "--state", "s"}, "none given"},
		{[]string{"ensure", "acme", "--state", "s", "--chat-id", sandbox.ChatSales, "--scene", "3"}, "invalid scene"},
		{[]string{"ensure", "acme", "--chat-id", sandbox.ChatSales}, "--state is required"},
		{[]string{"ensure", "acme", "--state", "s", "--chat-id", sandbox.ChatSales, "--scene", "1", "--qr-out", "x.png"}, "--qr-out needs --scene 2"},
		{[]string{"batch", "acme", "--states", "a,b," + strings.Repeat("c", 31), "--chat-id", sandbox.ChatSales, "--out", "x.zip"}, "invalid state"},
		{[]string{"batch", "acme", "--prefix", "t-", "--count", "0", "--chat-id", sandbox.ChatSales, "--out", "x.zip"}, "invalid count"},
		{[]string{"batch", "acme", "--prefix", "t-", "--count", "3", "--chat-id", sandbox.ChatSales}, "--out FILE.zip is required"},
		{[]string{"groups", "acme", "--limit", "1001"}, "--limit 1001"},
		{[]string{"pool", "acme", "take", " padded"}, "leading or trailing spaces"},
		{[]string{"pool", "acme", "threshold", "ten"}, "whole number"},
		{[]string{"pool", "acme", "list", "--force"}, "go with take"},
		{[]string{"frobnicate"}, "unknown subcommand"},
	}
	tokens, adds := r.sb.Calls("gettoken"), r.sb.Calls(addJoinWay)
	for _, tt := range tests {
		code, out, errOut := r.run(t, "", append([]string{"joinway"}, tt.args...)...)
		if code != ExitUsage || out != "" || !strings.Contains(errOut, tt.mention) {
			t.Errorf("%q: code %d, stderr %q; want %d mentioning %q", tt.args, code, errOut, ExitUsage, tt.mention)
		}
	}
	if r.sb.Calls("gettoken") != tokens || r.sb.Calls(addJoinWay) != adds {
		t.Fatalf("WeCom was called: gettoken %d→%d, add_join_way %d→%d", tokens, r.sb.Calls("gettoken"), adds, r.sb.Calls(addJoinWay))
	}
}

func TestWeComRefusalsAreExplainedWithTheirCauseAndFix(t *testing.T) {
	r := newCLIRig(t)
	addAcme(t, r)
	code, _, errOut := r.run(t, "", "joinway", "delete", "acme", "0123456789abcdef0123456789abcdef")
	if code != ExitError || !strings.Contains(errOut, "errcode 41044") || !strings.Contains(errOut, "cause: The config_id is invalid") ||
		!strings.Contains(errOut, "fix:   An app can only manage the join ways it created") || !strings.Contains(errOut, "?e=41044") {
		t.Errorf("delete of an unknown config: %d %s", code, errOut)
	}
	code, _, errOut = r.run(t, "", "joinway", "ensure", "acme", "--state", "s1", "--chat-id", "wrNoSuchGroupAAAAAAAAAAAAAAAAAAA")
	if code != ExitError || !strings.Contains(errOut, "errcode 40050") || !strings.Contains(errOut, "cause: The chat_id does not exist") ||
		!strings.Contains(errOut, "fix:   List the groups again") {
		t.Errorf("ensure with an unknown chat: %d %s", code, errOut)
	}
	// WeCom refused, so nothing was made: no pending intent blocks the next ensure.
	if _, out, _ := r.run(t, "", "joinway", "list", "acme", "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("registry after a refusal: %s", out)
	}
}

func TestGroupsListsTheCustomerGroupsAndGroupShowsWhichStateEachMemberCameBy(t *testing.T) {
	r := newCLIRig(t)
	addAcme(t, r)
	code, out, errOut := r.run(t, "", "joinway", "groups", "acme", "--all", "--limit", "2", "--json")
	if code != ExitOK {
		t.Fatalf("groups: %d %s", code, errOut)
	}
	var ids []string
	for _, g := range decode(t, out)["groups"].([]any) {
		ids = append(ids, g.(map[string]any)["chatId"].(string))
	}
	for _, want := range []string{sandbox.ChatSales, sandbox.ChatAfterSales, sandbox.ChatPool1, sandbox.ChatPool2, sandbox.ChatPool3} {
		if !slices.Contains(ids, want) {
			t.Errorf("groups --all lacks %s: %v", want, ids)
		}
	}
	code, out, errOut = r.run(t, "", "joinway", "group", "acme", sandbox.ChatSales, "--json")
	if code != ExitOK {
		t.Fatalf("group: %d %s", code, errOut)
	}
	g := decode(t, out)
	found := false
	for _, m := range g["members"].([]any) {
		m := m.(map[string]any)
		if m["userId"] == sandbox.CustomerChen {
			found = m["state"] == "sandbox-qr-1" && m["type"] == "customer"
		}
	}
	if g["name"] != "销售客服群" || !found {
		t.Errorf("group: %s", out)
	}
	code, out, _ = r.run(t, "", "joinway", "group", "acme", sandbox.ChatSales)
	if code != ExitOK || !strings.Contains(out, "sandbox-qr-1") || !strings.Contains(out, "STATE") {
		t.Errorf("group as text: %s", out)
	}
}

// joinway groups shows each group's name beside its chat id (groupchat/list gives none,
// groupchat/get does); a name that cannot be read shows ? and why, once (issue 15).
func TestGroupsShowEachGroupsNameAndAFailedNameOnceWithItsReason(t *testing.T) {
	r := newCLIRig(t)
	addAcme(t, r)
	code, out, errOut := r.run(t, "", "joinway", "groups", "acme")
	if code != ExitOK || errOut != "" {
		t.Fatalf("groups: %d %s", code, errOut)
	}
	for _, want := range []string{sandbox.ChatSales + "  normal  销售客服群\n", sandbox.ChatAfterSales + "  normal  售后服务群\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
	code, out, _ = r.run(t, "", "joinway", "groups", "acme", "--json")
	for _, g := range decode(t, out)["groups"].([]any) {
		if g := g.(map[string]any); code != ExitOK || g["chatId"] == sandbox.ChatSales && g["name"] != "销售客服群" {
			t.Errorf("groups --json: %d %v", code, g)
		}
	}

	r.sb.FailNext("externalcontact/groupchat/get", 45033, 2) // api concurrent out of limit
	code, out, errOut = r.run(t, "", "joinway", "groups", "acme")
	if code != ExitOK || strings.Count(out, "  normal  ?\n") != 2 {
		t.Errorf("groups with two names failing: %d\n%s", code, out)
	}
	if strings.Count(errOut, "could not be read") != 1 || strings.Count(errOut, "errcode 45033") != 1 ||
		!strings.Contains(errOut, "the name of 2 group(s), shown as ?, could not be read") {
		t.Errorf("the reason, once: %q", errOut)
	}
}
