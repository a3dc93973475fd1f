package joinway

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"wecomdev/internal/qr"
	"wecomdev/internal/wecom"
	"wecomdev/internal/wecom/sandbox"
)

func TestEnsureTwiceWithTheSameStateMakesOneAddJoinWay(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	first, err := r.s.Ensure(ctx, qrConfig("order-1024", sandbox.ChatSales), false)
	if err != nil {
		t.Fatal(err)
	}
	if first.Reused || first.Entry.Status != StatusReady || first.Entry.ConfigID == "" || first.Entry.QRURL == "" {
		t.Fatalf("first ensure = %+v", first)
	}
	second, err := r.s.Ensure(ctx, qrConfig("order-1024", sandbox.ChatSales), false)
	if err != nil {
		t.Fatal(err)
	}
	if !second.Reused || second.Entry.ConfigID != first.Entry.ConfigID || second.Entry.QRURL != first.Entry.QRURL {
		t.Fatalf("second ensure = %+v, want the first config reused", second)
	}
	if n := r.calls(addPath); n != 1 {
		t.Fatalf("add_join_way calls = %d, want 1", n)
	}
	if n := r.calls(getPath); n != 1 {
		t.Fatalf("get_join_way calls = %d, want 1 (a stored QR code is reused without a call)", n)
	}
}

func TestTheQRImageIsDownloadedStoredAndReadBackToItsJoinLink(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	res, err := r.s.Ensure(ctx, qrConfig("c-1", sandbox.ChatSales), false)
	if err != nil {
		t.Fatal(err)
	}
	e := res.Entry
	want, ok := r.sb.JoinLink(e.QRURL)
	if !ok {
		t.Fatalf("the sandbox does not know %s", e.QRURL)
	}
	if !e.HasImage || e.ImageError != "" || e.JoinLink != want {
		t.Fatalf("entry = %+v, want the image stored and join link %s", e, want)
	}
	img, err := r.s.Image(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := qr.Decode(img); err != nil || got != want {
		t.Fatalf("stored image decodes to %q, %v; want %s", got, err, want)
	}
	code, err := r.s.CodePNG(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := qr.Decode(code); err != nil || got != want {
		t.Fatalf("rendered code decodes to %q, %v; want %s", got, err, want)
	}
}

// A response lost after add_join_way: WeCom made the config, the caller never heard.
func TestALostAnswerLeavesAPendingIntentAndTheNextEnsureAsksBeforeAddingAgain(t *testing.T) {
	r := newRig(t)
	stalled := r.sb.StallNext(addPath)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := r.s.Ensure(ctx, qrConfig("cust-7", sandbox.ChatSales), false)
		errc <- err
	}()
	select {
	case <-stalled:
	case <-time.After(10 * time.Second):
		t.Fatal("add_join_way was never called")
	}
	cancel()
	if err := <-errc; !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("ensure with a lost answer = %v, want ErrOutcomeUnknown", err)
	}
	if got := len(r.sb.JoinWays(sandbox.DefaultCorpID, sandbox.DefaultAgentID)); got != 1 {
		t.Fatalf("WeCom holds %d configs, want the 1 whose answer was lost", got)
	}

	_, err := r.s.Ensure(context.Background(), qrConfig("cust-7", sandbox.ChatSales), false)
	var orphan *OrphanError
	if !errors.As(err, &orphan) || orphan.Entry.Status != StatusPending || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("second ensure = %v, want an OrphanError naming --force", err)
	}
	if n := r.calls(addPath); n != 1 {
		t.Fatalf("add_join_way calls = %d, want still 1 without force", n)
	}

	res, err := r.s.Ensure(context.Background(), qrConfig("cust-7", sandbox.ChatSales), true)
	if err != nil || res.Reused || res.Entry.Status != StatusReady {
		t.Fatalf("forced ensure = %+v, %v", res, err)
	}
	if n := r.calls(addPath); n != 2 {
		t.Fatalf("add_join_way calls = %d, want 2 with force", n)
	}
	list, _ := r.s.List(context.Background())
	statuses := map[string]int{}
	for _, e := range list {
		statuses[e.Status]++
	}
	if statuses[StatusAbandoned] != 1 || statuses[StatusReady] != 1 {
		t.Fatalf("registry statuses = %v, want the old intent kept as abandoned", statuses)
	}
	// The forced config is now the state's: ensure reuses it.
	again, err := r.s.Ensure(context.Background(), qrConfig("cust-7", sandbox.ChatSales), false)
	if err != nil || !again.Reused || again.Entry.ConfigID != res.Entry.ConfigID {
		t.Fatalf("ensure after force = %+v, %v", again, err)
	}
}

func TestBadConfigsAreRefusedBeforeAnyCall(t *testing.T) {
	long := strings.Repeat("长", 31)
	cases := []struct {
		name string
		c    Config
		want string
	}{
		{"no chats", qrConfig("s"), "chats"},
		{"six chats", qrConfig("s", "wr1", "wr2", "wr3", "wr4", "wr5", "wr6"), "at most 5"},
		{"a chat twice", qrConfig("s", "wr1", "wr1"), "twice"},
		{"an empty chat id", qrConfig("s", ""), "chat_id"},
		{"a 31-character state", qrConfig(long, "wr1"), "state"},
		{"a state with a line break", qrConfig("a\nb", "wr1"), "line break"},
		{"a 41-character room name", func() Config {
			c := qrConfig("s", "wr1")
			c.RoomBaseName = strings.Repeat("群", 41)
			return c
		}(), "room_base_name"},
		{"scene 3", func() Config { c := qrConfig("s", "wr1"); c.Scene = 3; return c }(), "scene"},
		{"a negative room number", func() Config { c := qrConfig("s", "wr1"); c.RoomBaseID = -1; return c }(), "room_base_id"},
		{"invalid UTF-8", qrConfig("\xff", "wr1"), "UTF-8"},
	}
	r := newRig(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := r.s.Ensure(context.Background(), tc.c, false)
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want ErrInvalid naming %q", err, tc.want)
			}
		})
	}
	if _, err := r.s.Ensure(context.Background(), qrConfig("", sandbox.ChatSales), false); !errors.Is(err, ErrInvalid) {
		t.Fatalf("ensure without a state = %v, want ErrInvalid", err)
	}
	if n := r.calls("gettoken") + r.calls(addPath); n != 0 {
		t.Fatalf("%d WeCom calls for invalid configs, want 0", n)
	}
	if list, _ := r.s.List(context.Background()); len(list) != 0 {
		t.Fatalf("registry = %+v, want nothing written for invalid configs", list)
	}
}

func TestALongRemarkIsAWarningAndWeComTruncatesIt(t *testing.T) {
	r := newRig(t)
	c := qrConfig("s-remark", sandbox.ChatSales)
	c.Remark = strings.Repeat("备", 35)
	res, err := r.s.Ensure(context.Background(), c, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 1 || res.Warnings[0].Code != "REMARK_TRUNCATED" {
		t.Fatalf("warnings = %+v", res.Warnings)
	}
	if got := []rune(res.Entry.Config.Remark); len(got) != MaxRemarkRunes {
		t.Fatalf("stored remark has %d characters, want WeCom's %d", len(got), MaxRemarkRunes)
	}
}

func TestWeComsRefusalsAreExplainedAndLeaveNoPendingIntent(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	_, err := r.s.Ensure(ctx, qrConfig("s-40050", "wrNoSuchGroupAAAAAAAAAAAAAAAAAAA"), false)
	var api *wecom.APIError
	if !errors.As(err, &api) || api.Code != 40050 {
		t.Fatalf("unknown chat = %v, want errcode 40050", err)
	}
	if ex, ok := wecom.ExplainError(err); !ok || !strings.Contains(ex.Cause.In("en-US"), "chat_id") {
		t.Fatalf("40050 explanation = %+v, %v", ex, ok)
	}
	if list, _ := r.s.List(ctx); len(list) != 0 {
		t.Fatalf("registry = %+v, want the refused intent gone", list)
	}
	// The state is free again: a correct ensure works without --force.
	if _, err := r.s.Ensure(ctx, qrConfig("s-40050", sandbox.ChatSales), false); err != nil {
		t.Fatalf("ensure after a refusal: %v", err)
	}

	err = r.s.Delete(ctx, "0123456789abcdef0123456789abcdef")
	if !errors.As(err, &api) || api.Code != 41044 {
		t.Fatalf("deleting an unknown config = %v, want errcode 41044", err)
	}
	if ex, ok := wecom.ExplainError(err); !ok || !strings.Contains(ex.Fix.In("en-US"), "registry") {
		t.Fatalf("41044 explanation = %+v, %v", ex, ok)
	}
}

func TestAStateWithOtherChatsIsRefusedNotSilentlyReused(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	if _, err := r.s.Ensure(ctx, qrConfig("s", sandbox.ChatSales), false); err != nil {
		t.Fatal(err)
	}
	_, err := r.s.Ensure(ctx, qrConfig("s", sandbox.ChatAfterSales), false)
	var inUse *StateInUseError
	if !errors.As(err, &inUse) {
		t.Fatalf("err = %v, want StateInUseError", err)
	}
	if n := r.calls(addPath); n != 1 {
		t.Fatalf("add_join_way calls = %d, want 1", n)
	}
}

func TestUpdateOverwritesTheWholeConfigAndDeleteRemovesIt(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	c := qrConfig("s-up", sandbox.ChatSales)
	c.RoomBaseName, c.RoomBaseID = "销售客服群", 10
	res, err := r.s.Ensure(ctx, c, false)
	if err != nil {
		t.Fatal(err)
	}
	c2 := qrConfig("s-up", sandbox.ChatSales, sandbox.ChatAfterSales)
	c2.Remark = "new"
	up, err := r.s.Update(ctx, res.Entry.ConfigID, c2)
	if err != nil {
		t.Fatal(err)
	}
	got := up.Entry.Config
	if got.Remark != "new" || got.RoomBaseName != "" || got.RoomBaseID != 0 || len(got.ChatIDs) != 2 || up.Entry.QRURL != res.Entry.QRURL {
		t.Fatalf("after update: %+v", up.Entry)
	}
	if err := r.s.Delete(ctx, res.Entry.ConfigID); err != nil {
		t.Fatal(err)
	}
	if list, _ := r.s.List(ctx); len(list) != 0 {
		t.Fatalf("registry after delete = %+v", list)
	}
	if got := r.sb.JoinWays(sandbox.DefaultCorpID, sandbox.DefaultAgentID); len(got) != 0 {
		t.Fatalf("WeCom still holds %+v", got)
	}
}

func TestReadAddsAConfigTheRegistryDidNotKnow(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	res, err := r.s.Ensure(ctx, qrConfig("s-read", sandbox.ChatSales), false)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.s.Forget(ctx, res.Entry.ID); err != nil {
		t.Fatal(err)
	}
	e, err := r.s.Read(ctx, res.Entry.ConfigID)
	if err != nil || e.ConfigID != res.Entry.ConfigID || e.Config.State != "s-read" || !e.HasImage {
		t.Fatalf("read = %+v, %v", e, err)
	}
}

func TestThePoolAlertFiresBelowTheThreshold(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	if _, err := r.s.SetThreshold(ctx, 2); err != nil {
		t.Fatal(err)
	}
	if _, st, err := r.s.PoolAdd(ctx, []string{sandbox.ChatPool1, sandbox.ChatPool2, sandbox.ChatPool3}); err != nil || st.Free != 3 || st.Low {
		t.Fatalf("pool after add = %+v, %v", st, err)
	}
	a, err := r.s.PoolTake(ctx, "order-A", "", false)
	if err != nil {
		t.Fatal(err)
	}
	if a.Mapping.ChatID != sandbox.ChatPool1 || a.Entry.Config.State != "order-A" || a.Mapping.ConfigID != a.Entry.ConfigID || a.Pool.Free != 2 || a.Pool.Low {
		t.Fatalf("take A = %+v", a)
	}
	b, err := r.s.PoolTake(ctx, "order-B", "", false)
	if err != nil {
		t.Fatal(err)
	}
	if b.Mapping.ChatID != sandbox.ChatPool2 || b.Pool.Free != 1 || !b.Pool.Low {
		t.Fatalf("take B = %+v, want the alert (1 free < 2)", b)
	}
	heard := r.heard()
	if last := heard[len(heard)-1]; !last.Low || last.Free != 1 || last.Threshold != 2 {
		t.Fatalf("last pool event = %+v, want low", last)
	}
	lows := 0
	for _, st := range heard {
		if st.Low {
			lows++
		}
	}
	if lows != 1 {
		t.Fatalf("pool events %+v: want exactly one low (from the second take)", heard)
	}

	// Taking again for the same order gives its group back, with no new config.
	again, err := r.s.PoolTake(ctx, "order-B", "", false)
	if err != nil || !again.Reused || again.Mapping.ChatID != sandbox.ChatPool2 || r.calls(addPath) != 2 {
		t.Fatalf("take B again = %+v, %v (adds %d)", again, err, r.calls(addPath))
	}

	st, err := r.s.PoolRelease(ctx, "order-B")
	if err != nil || st.Free != 2 || st.Low {
		t.Fatalf("release = %+v, %v", st, err)
	}
	if n := r.calls(delPath); n != 1 {
		t.Fatalf("del_join_way calls = %d, want the released group's config deleted", n)
	}
	maps, _ := r.s.Mappings(ctx)
	if len(maps) != 1 || maps[0].Label != "order-A" || maps[0].Source != SourcePool || !maps[0].InPool {
		t.Fatalf("mappings = %+v", maps)
	}
}

func TestThePoolTakesOnlyEmptyGroupsAndSaysWhenItIsEmpty(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	if _, _, err := r.s.PoolAdd(ctx, []string{sandbox.ChatSales}); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "customer") {
		t.Fatalf("pooling a group with customers = %v", err)
	}
	if _, err := r.s.PoolTake(ctx, "order-X", "", false); !errors.Is(err, ErrPoolEmpty) {
		t.Fatalf("take from an empty pool = %v", err)
	}
}

func TestTheTestPagesGroupsShareTheMappingTable(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	// What devserver.ChatStore.Put writes for a group openEnterpriseChat made.
	if _, err := r.s.DB.ExecContext(ctx, `INSERT INTO chat_labels(chat_id, label, profile, created_at) VALUES (?, ?, ?, ?)`,
		"wrFromTheTestPageAAAAAAAAAAAAAAA", "VIP-9", "acme", time.Now().UnixMilli()); err != nil {
		t.Fatal(err)
	}
	maps, err := r.s.Mappings(ctx)
	if err != nil || len(maps) != 1 || maps[0].Source != SourceTestPage || maps[0].Label != "VIP-9" {
		t.Fatalf("mappings = %+v, %v", maps, err)
	}
}

func TestABatchOf50CodesAllDecodeToTheirLinks(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	states, err := BatchStates("test-", 50, 1)
	if err != nil {
		t.Fatal(err)
	}
	if states[0] != "test-01" || states[49] != "test-50" {
		t.Fatalf("states = %v…%v", states[0], states[49])
	}
	var seen []int
	items, err := r.s.Batch(ctx, states, qrConfig("", sandbox.ChatSales), false, func(p BatchProgress) { seen = append(seen, p.Done) })
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 50 || len(seen) != 50 || seen[49] != 50 {
		t.Fatalf("%d items, progress %v", len(items), seen)
	}
	var buf bytes.Buffer
	if err := r.s.WriteZip(ctx, items, &buf); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		files[f.Name] = b
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(files["manifest.csv"]), "\ufeff"))).ReadAll()
	if err != nil || len(rows) != 51 {
		t.Fatalf("manifest: %d rows, %v", len(rows), err)
	}
	for i, it := range items {
		want, ok := r.sb.JoinLink(it.QRURL)
		if !ok || it.JoinLink != want {
			t.Fatalf("item %d: link %q, the sandbox's %q", i, it.JoinLink, want)
		}
		name := FileName(i, it.State)
		got, err := qr.Decode(files[name])
		if err != nil || got != want {
			t.Fatalf("%s decodes to %q, %v; want %s", name, got, err, want)
		}
		if rows[i+1][0] != it.State || rows[i+1][4] != name {
			t.Fatalf("manifest row %v", rows[i+1])
		}
	}
	if len(files) != 51 {
		t.Fatalf("zip holds %d files, want 50 PNGs and the manifest", len(files))
	}
}

func TestACancelledBatchStopsAndKeepsWhatWasDone(t *testing.T) {
	r := newRig(t)
	ctx, cancel := context.WithCancel(context.Background())
	states, _ := BatchStates("c-", 10, 1)
	items, err := r.s.Batch(ctx, states, qrConfig("", sandbox.ChatSales), false, func(p BatchProgress) {
		if p.Done == 3 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) || len(items) != 3 {
		t.Fatalf("cancelled batch: %d items, %v", len(items), err)
	}
	if n := r.calls(addPath); n != 3 {
		t.Fatalf("add_join_way calls = %d, want 3", n)
	}
}

func TestABatchWithOneBadStateIsRefusedBeforeAnyCall(t *testing.T) {
	r := newRig(t)
	_, err := r.s.Batch(context.Background(), []string{"ok-1", strings.Repeat("x", 31)}, qrConfig("", sandbox.ChatSales), false, nil)
	if !errors.Is(err, ErrInvalid) || r.calls("gettoken")+r.calls(addPath) != 0 {
		t.Fatalf("err = %v, calls %d", err, r.calls(addPath))
	}
}
