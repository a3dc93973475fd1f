package customers_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"wecomdev/internal/customers"
	"wecomdev/internal/wecom"
	"wecomdev/internal/wecom/sandbox"
)

const (
	batchPath = "externalcontact/batch/get_by_user"
	listPath  = "externalcontact/list"
	getPath   = "externalcontact/get"
)

// world is a started sandbox with an API bound to its default app's tokens.
type world struct {
	t           *testing.T
	sb          *sandbox.Server
	client      *wecom.Client
	api         customers.API
	mu          sync.Mutex
	token       string   // cached access_token, "" when none
	invalidated []string // tokens the adapter reported refused
}

func start(t *testing.T, opts sandbox.Options) *world {
	t.Helper()
	sb := sandbox.New(opts)
	base, err := sb.Start()
	if err != nil {
		t.Fatalf("sandbox Start: %v", err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	c, err := wecom.New(base, wecom.WithBackoff(func(int) time.Duration { return time.Millisecond }))
	if err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, sb: sb, client: c}
	w.api = customers.ClientAPI(c.WithTokens(wecom.TokenFuncs{Get: w.getToken, Drop: w.invalidate}))
	return w
}

// getToken hands out a cached token, fetching one with gettoken when there is none.
func (w *world) getToken(ctx context.Context) (string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.token == "" {
		secret := w.sb.Secret(sandbox.DefaultCorpID, sandbox.DefaultAgentID)
		cred, err := w.client.GetToken(ctx, sandbox.DefaultCorpID, secret)
		if err != nil {
			return "", err
		}
		w.token = cred.Value
	}
	return w.token, nil
}

func (w *world) invalidate(_ context.Context, refused string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.invalidated = append(w.invalidated, refused)
	if w.token == refused {
		w.token = ""
	}
}

func (w *world) lookup(userID, mobile string) ([]string, error) {
	w.t.Helper()
	return customers.Lookup(w.t.Context(), w.api, userID, mobile)
}

func (w *world) mustLookup(userID, mobile string) []string {
	w.t.Helper()
	got, err := w.lookup(userID, mobile)
	if err != nil {
		w.t.Fatalf("Lookup(%q, %q): %v", userID, mobile, err)
	}
	if got == nil {
		w.t.Fatalf("Lookup(%q, %q) = nil, want a non-nil slice", userID, mobile)
	}
	return got
}

func wantIDs(t *testing.T, got []string, want ...string) {
	t.Helper()
	if want == nil {
		want = []string{}
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}

func wantAPIError(t *testing.T, err error, code int) *wecom.APIError {
	t.Helper()
	var apiErr *wecom.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want a *wecom.APIError with errcode %d", err, code)
	}
	if apiErr.Code != code {
		t.Fatalf("errcode = %d (%v), want %d", apiErr.Code, err, code)
	}
	return apiErr
}

// bulkSeed is the default data plus n more customers of zhangsan without remark
// mobiles but the last, which has 13800000001; with n ≥ 98 they fill two pages.
func bulkSeed(n int) *sandbox.Data {
	seed := sandbox.DefaultData()
	for i := range n {
		mobiles := []string{}
		if i == n-1 {
			mobiles = []string{"138 0000 0001"}
		}
		seed.Customers = append(seed.Customers, sandbox.Customer{
			ExternalUserID: fmt.Sprintf("wmBulk%03d", i), Name: "客户", Type: 1,
			FollowUsers: []sandbox.FollowUser{{UserID: sandbox.UserZhangsan, RemarkMobiles: mobiles}},
		})
	}
	return seed
}

// --- Lookup against the sandbox -------------------------------------------------------

func TestWithoutAMobileLookupReturnsAllTheMembersCustomers(t *testing.T) {
	w := start(t, sandbox.Options{})
	got := w.mustLookup(sandbox.UserZhangsan, "")
	wantIDs(t, got, sandbox.CustomerChen, sandbox.CustomerLiu, sandbox.CustomerZheng)
}

func TestAMobileKeepsEveryCustomerWhoseRemarkMobilesHoldIt(t *testing.T) {
	w := start(t, sandbox.Options{})
	got := w.mustLookup(sandbox.UserZhangsan, "13800000001")
	wantIDs(t, got, sandbox.CustomerChen, sandbox.CustomerZheng)
}

func TestAMobileWithCountryCodeAndDashesMatchesTheSameRemark(t *testing.T) {
	w := start(t, sandbox.Options{})
	got := w.mustLookup(sandbox.UserZhangsan, "+86 139-0000-0002")
	wantIDs(t, got, sandbox.CustomerLiu)
}

func TestAPlainMobileMatchesARemarkTypedWithCountryCodeAndDashes(t *testing.T) {
	w := start(t, sandbox.Options{})
	got := w.mustLookup(sandbox.UserZhangsan, "13900000002")
	wantIDs(t, got, sandbox.CustomerLiu)
}

func TestALandlineMatchesTheMembersRemark(t *testing.T) {
	w := start(t, sandbox.Options{})
	got := w.mustLookup(sandbox.UserLisi, "021-55550000")
	wantIDs(t, got, sandbox.CustomerZhou)
}

func TestAMobileOnlyAnotherMemberNotedMatchesNothing(t *testing.T) {
	w := start(t, sandbox.Options{})
	// lisi follows 陈晓明 too, but only zhangsan noted 13800000001 for him.
	got := w.mustLookup(sandbox.UserLisi, "13800000001")
	wantIDs(t, got)
}

func TestAMobileNobodyNotedMatchesNothing(t *testing.T) {
	w := start(t, sandbox.Options{})
	got := w.mustLookup(sandbox.UserZhangsan, "13800000099")
	wantIDs(t, got)
}

func TestAMemberWithoutCustomersGetsAnEmptyListNotWeComs84061(t *testing.T) {
	w := start(t, sandbox.Options{})
	got := w.mustLookup(sandbox.UserZhaoliu, "")
	wantIDs(t, got)
	if n := w.sb.Calls(listPath); n != 1 {
		t.Errorf("externalcontact/list calls = %d, want 1", n)
	}
}

func TestAMemberWithoutCustomersGetsAnEmptyListForAMobileToo(t *testing.T) {
	w := start(t, sandbox.Options{})
	got := w.mustLookup(sandbox.UserZhaoliu, "13800000001")
	wantIDs(t, got)
}

func TestAnUnknownMemberIsWeComsError60111(t *testing.T) {
	w := start(t, sandbox.Options{})
	got, err := w.lookup("nobody", "")
	apiErr := wantAPIError(t, err, 60111)
	if got != nil || apiErr.Path != listPath {
		t.Errorf("got %v, path %q", got, apiErr.Path)
	}
	if !strings.Contains(err.Error(), "userid not found") || errors.Is(err, customers.ErrInvalid) {
		t.Errorf("err = %v", err)
	}
}

func TestAnUnknownMemberWithAMobileIsWeComsError60111FromBatch(t *testing.T) {
	w := start(t, sandbox.Options{})
	_, err := w.lookup("nobody", "13800000001")
	if apiErr := wantAPIError(t, err, 60111); apiErr.Path != batchPath {
		t.Errorf("path = %q, want %q", apiErr.Path, batchPath)
	}
}

func TestABadUserIDIsInvalidWithoutAnyWeComCall(t *testing.T) {
	for _, tc := range []struct{ userID, says string }{
		{"", `invalid userId: it is required`},
		{"zhang san", `invalid userId "zhang san": use only letters, digits and _ - . @`},
		{"张三", `invalid userId "张三": use only letters, digits and _ - . @`},
		{"zhangsan/../x", `use only letters, digits`},
		{" zhangsan", `invalid userId " zhangsan": remove the spaces around it`},
		{strings.Repeat("a", 65), `65 bytes is too long; a WeCom userid has at most 64`},
	} {
		t.Run(tc.userID, func(t *testing.T) {
			w := start(t, sandbox.Options{})
			got, err := w.lookup(tc.userID, "13800000001")
			if !errors.Is(err, customers.ErrInvalid) || got != nil {
				t.Fatalf("Lookup = %v, %v; want ErrInvalid", got, err)
			}
			if !strings.Contains(err.Error(), tc.says) {
				t.Errorf("err = %q, want it to say %q", err, tc.says)
			}
			for _, p := range []string{"gettoken", listPath, batchPath} {
				if n := w.sb.Calls(p); n != 0 {
					t.Errorf("%s was called %d times", p, n)
				}
			}
		})
	}
}

func TestABadMobileIsInvalidWithoutAnyWeComCall(t *testing.T) {
	for _, mobile := range []string{"abc", "1380", "+", "138+0000+0001", strings.Repeat("1", 21)} {
		t.Run(mobile, func(t *testing.T) {
			w := start(t, sandbox.Options{})
			got, err := w.lookup(sandbox.UserZhangsan, mobile)
			if !errors.Is(err, customers.ErrInvalid) || got != nil {
				t.Fatalf("Lookup = %v, %v; want ErrInvalid", got, err)
			}
			if !strings.HasPrefix(err.Error(), "invalid mobile ") {
				t.Errorf("err = %q", err)
			}
			for _, p := range []string{"gettoken", listPath, batchPath} {
				if n := w.sb.Calls(p); n != 0 {
					t.Errorf("%s was called %d times", p, n)
				}
			}
		})
	}
}

func TestAMatchOnALaterBatchPageIsFound(t *testing.T) {
	w := start(t, sandbox.Options{Seed: bulkSeed(120)})
	got := w.mustLookup(sandbox.UserZhangsan, "13800000001")
	wantIDs(t, got, sandbox.CustomerChen, sandbox.CustomerZheng, "wmBulk119")
	if n := w.sb.Calls(batchPath); n != 2 {
		t.Errorf("batch/get_by_user calls = %d, want 2 pages", n)
	}
}

// revokeAfterFirstPage revokes every token once the first batch page is in.
type revokeAfterFirstPage struct {
	customers.API
	sb    *sandbox.Server
	pages int
}

func (r *revokeAfterFirstPage) ByUser(ctx context.Context, userID, cursor string) (wecom.CustomerPage, error) {
	p, err := r.API.ByUser(ctx, userID, cursor)
	if r.pages++; r.pages == 1 {
		r.sb.InvalidateTokens()
	}
	return p, err
}

func TestATokenRevokedMidwayIsDroppedReplacedAndTheCallTriedOnceMore(t *testing.T) {
	w := start(t, sandbox.Options{Seed: bulkSeed(120)})
	first, err := w.getToken(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	api := &revokeAfterFirstPage{API: w.api, sb: w.sb}
	got, err := customers.Lookup(t.Context(), api, sandbox.UserZhangsan, "13800000001")
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, got, sandbox.CustomerChen, sandbox.CustomerZheng, "wmBulk119")
	if !slices.Equal(w.invalidated, []string{first}) {
		t.Errorf("invalidated %d tokens, want exactly the first one", len(w.invalidated))
	}
	if n := w.sb.Calls(batchPath); n != 3 {
		t.Errorf("batch/get_by_user calls = %d, want 3 (page 1, page 2 refused, page 2 again)", n)
	}
	if n := w.sb.Calls("gettoken"); n != 2 {
		t.Errorf("gettoken calls = %d, want 2", n)
	}
}

func TestATokenRefusedTwiceIsNotTriedAThirdTime(t *testing.T) {
	w := start(t, sandbox.Options{})
	stale := func(context.Context) (string, error) { return "revoked-token", nil }
	var refused []string
	api := customers.ClientAPI(w.client.WithTokens(wecom.TokenFuncs{Get: stale, Drop: func(_ context.Context, tok string) { refused = append(refused, tok) }}))
	_, err := customers.Lookup(t.Context(), api, sandbox.UserZhangsan, "")
	if !wecom.IsTokenInvalid(err) {
		t.Fatalf("err = %v, want 40014/42001", err)
	}
	if n := w.sb.Calls(listPath); n != 2 {
		t.Errorf("externalcontact/list calls = %d, want 2", n)
	}
	if !slices.Equal(refused, []string{"revoked-token"}) {
		t.Errorf("invalidate got %v", refused)
	}
}

func TestAnExpiredTokenIsReplacedToo(t *testing.T) {
	w := start(t, sandbox.Options{})
	if _, err := w.getToken(t.Context()); err != nil {
		t.Fatal(err)
	}
	w.sb.ExpireTokens() // 42001
	got := w.mustLookup(sandbox.UserZhangsan, "")
	wantIDs(t, got, sandbox.CustomerChen, sandbox.CustomerLiu, sandbox.CustomerZheng)
	if len(w.invalidated) != 1 {
		t.Errorf("invalidated %d tokens, want 1", len(w.invalidated))
	}
}

func TestWhenBatchIsForbiddenEachCustomerIsReadOneByOne(t *testing.T) {
	w := start(t, sandbox.Options{})
	w.sb.FailNext(batchPath, wecom.CodeAPIForbidden, 1)
	got := w.mustLookup(sandbox.UserZhangsan, "13800000001")
	wantIDs(t, got, sandbox.CustomerChen, sandbox.CustomerZheng)
	if l, g := w.sb.Calls(listPath), w.sb.Calls(getPath); l != 1 || g != 3 {
		t.Errorf("externalcontact/list calls = %d, externalcontact/get calls = %d; want 1 and 3", l, g)
	}
}

func TestTheOneByOneFallbackLooksOnlyAtTheMembersOwnRemarks(t *testing.T) {
	w := start(t, sandbox.Options{})
	w.sb.FailNext(batchPath, wecom.CodeAPIForbidden, 1)
	// 陈晓明 has 13800000001 from zhangsan, nothing from lisi.
	got := w.mustLookup(sandbox.UserLisi, "13800000001")
	wantIDs(t, got)
}

func TestAnAppWithoutCustomerContactGetsWeComs48002(t *testing.T) {
	w := start(t, sandbox.Options{Corps: []sandbox.Corp{{
		CorpID: sandbox.DefaultCorpID,
		Apps:   []sandbox.App{{AgentID: sandbox.DefaultAgentID, NoCustomerContact: true}},
	}}})
	_, err := w.lookup(sandbox.UserZhangsan, "13800000001")
	if apiErr := wantAPIError(t, err, wecom.CodeAPIForbidden); apiErr.Path != listPath {
		t.Errorf("path = %q: the fallback's list should be the last call", apiErr.Path)
	}
	if n := w.sb.Calls(getPath); n != 0 {
		t.Errorf("externalcontact/get calls = %d, want 0", n)
	}
}

// --- the WeCom calls decode what matters -----------------------------------------------

func TestByUserDecodesTheContactAndTheFollowInfo(t *testing.T) {
	w := start(t, sandbox.Options{})
	p, err := w.api.ByUser(t.Context(), sandbox.UserLisi, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 2 || p.NextCursor != "" {
		t.Fatalf("page = %+v", p)
	}
	want := wecom.CustomerFollow{
		Contact: wecom.ExternalContact{ExternalUserID: sandbox.CustomerZhou, Name: "周杰", Type: 2, CorpName: "示例科技"},
		Follow: wecom.FollowInfo{
			UserID: sandbox.UserLisi, Remark: "周经理", RemarkMobiles: []string{"13800000003", "021-55550000"},
			AddWay: 2, CreateTime: 1735689600 + 4*86400, TagIDs: []string{sandbox.TagVIP},
		},
	}
	got := p.Items[1]
	if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
		t.Errorf("item = %+v\nwant   %+v", got, want)
	}
}

func TestGetDecodesEveryFollowUserWithTheirRemarkMobiles(t *testing.T) {
	w := start(t, sandbox.Options{})
	d, err := w.api.Get(t.Context(), sandbox.CustomerChen)
	if err != nil {
		t.Fatal(err)
	}
	if d.Contact.Name != "陈晓明" || len(d.FollowUsers) != 2 {
		t.Fatalf("detail = %+v", d)
	}
	z, l := d.FollowUsers[0], d.FollowUsers[1]
	if z.UserID != sandbox.UserZhangsan || !slices.Equal(z.RemarkMobiles, []string{"13800000001"}) || len(z.Tags) != 2 || z.Tags[0].TagID != sandbox.TagVIP {
		t.Errorf("zhangsan = %+v", z)
	}
	if l.UserID != sandbox.UserLisi || l.RemarkMobiles == nil || len(l.RemarkMobiles) != 0 || l.State != "sandbox-qr-1" {
		t.Errorf("lisi = %+v", l)
	}
}

func TestGetOfAnUnknownCustomerIsWeComs84061(t *testing.T) {
	w := start(t, sandbox.Options{})
	_, err := w.api.Get(t.Context(), "wmNoSuchCustomer")
	wantAPIError(t, err, wecom.CodeNotExternalContact)
}

// --- Lookup's own rules, with a fake API ----------------------------------------------

// fakeAPI answers from canned pages and counts calls.
type fakeAPI struct {
	list    []string
	listErr error
	pages   func(n int, cursor string) (wecom.CustomerPage, error) // n: 0-based call number
	details map[string]wecom.CustomerDetail
	getErr  map[string]error

	listCalls, byUserCalls, getCalls int
}

func (f *fakeAPI) List(context.Context, string) ([]string, error) {
	f.listCalls++
	return f.list, f.listErr
}

func (f *fakeAPI) ByUser(_ context.Context, _, cursor string) (wecom.CustomerPage, error) {
	f.byUserCalls++
	return f.pages(f.byUserCalls-1, cursor)
}

func (f *fakeAPI) Get(_ context.Context, id string) (wecom.CustomerDetail, error) {
	f.getCalls++
	if err := f.getErr[id]; err != nil {
		return wecom.CustomerDetail{}, err
	}
	return f.details[id], nil
}

// forbiddenPages refuses batch/get_by_user as WeCom does for an app without the permission.
func forbiddenPages(int, string) (wecom.CustomerPage, error) {
	return wecom.CustomerPage{}, &wecom.APIError{Code: wecom.CodeAPIForbidden, Path: batchPath, Msg: "api forbidden"}
}

func item(id, userID string, mobiles ...string) wecom.CustomerFollow {
	return wecom.CustomerFollow{
		Contact: wecom.ExternalContact{ExternalUserID: id},
		Follow:  wecom.FollowInfo{UserID: userID, RemarkMobiles: mobiles},
	}
}

func TestACursorWeComRepeatsStopsTheLookupWithAnError(t *testing.T) {
	f := &fakeAPI{pages: func(int, string) (wecom.CustomerPage, error) {
		return wecom.CustomerPage{Items: []wecom.CustomerFollow{item("wmA", "u1", "13800000001")}, NextCursor: "again"}, nil
	}}
	_, err := customers.Lookup(t.Context(), f, "u1", "13800000001")
	if err == nil || !strings.Contains(err.Error(), "cursor it had already given") {
		t.Fatalf("err = %v", err)
	}
	if f.byUserCalls != 2 {
		t.Errorf("ByUser calls = %d, want 2", f.byUserCalls)
	}
}

func TestACursorThatNeverEndsStopsAfterMaxPages(t *testing.T) {
	f := &fakeAPI{pages: func(n int, _ string) (wecom.CustomerPage, error) {
		return wecom.CustomerPage{NextCursor: fmt.Sprintf("c%d", n+1)}, nil
	}}
	_, err := customers.Lookup(t.Context(), f, "u1", "13800000001")
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("after %d pages", customers.MaxPages)) {
		t.Fatalf("err = %v", err)
	}
	if f.byUserCalls != customers.MaxPages {
		t.Errorf("ByUser calls = %d, want %d", f.byUserCalls, customers.MaxPages)
	}
}

func TestACustomerOnSeveralPagesIsListedOnceInFirstPlace(t *testing.T) {
	pages := []wecom.CustomerPage{
		{Items: []wecom.CustomerFollow{item("wmB", "u1", "13800000001"), item("wmA", "u1", "138-0000-0001")}, NextCursor: "p2"},
		{Items: []wecom.CustomerFollow{item("wmA", "u1", "13800000001"), item("wmB", "u1", "13800000001"), item("wmC", "u1", "8613800000001")}},
	}
	f := &fakeAPI{pages: func(n int, _ string) (wecom.CustomerPage, error) { return pages[n], nil }}
	got, err := customers.Lookup(t.Context(), f, "u1", "13800000001")
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, got, "wmB", "wmA", "wmC")
}

func TestAListWithRepeatsIsDeduplicatedInOrder(t *testing.T) {
	f := &fakeAPI{list: []string{"wmB", "wmA", "wmB", "wmC", "wmA"}}
	got, err := customers.Lookup(t.Context(), f, "u1", "")
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, got, "wmB", "wmA", "wmC")
}

func TestAnItemOfAnotherMemberIsNotMatched(t *testing.T) {
	f := &fakeAPI{pages: func(int, string) (wecom.CustomerPage, error) {
		return wecom.CustomerPage{Items: []wecom.CustomerFollow{item("wmA", "someoneelse", "13800000001")}}, nil
	}}
	got, err := customers.Lookup(t.Context(), f, "u1", "13800000001")
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, got)
}

func TestTheFallbackRefusesMoreThanMaxGetsCustomersBeforeCallingGet(t *testing.T) {
	f := &fakeAPI{pages: forbiddenPages}
	for i := range customers.MaxGets + 1 {
		f.list = append(f.list, fmt.Sprintf("wm%04d", i))
	}
	_, err := customers.Lookup(t.Context(), f, "u1", "13800000001")
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("limit of %d externalcontact/get calls", customers.MaxGets)) {
		t.Fatalf("err = %v", err)
	}
	if f.getCalls != 0 {
		t.Errorf("Get calls = %d, want 0", f.getCalls)
	}
}

func TestTheFallbackReadsExactlyMaxGetsCustomers(t *testing.T) {
	f := &fakeAPI{pages: forbiddenPages, details: map[string]wecom.CustomerDetail{}}
	for i := range customers.MaxGets {
		f.list = append(f.list, fmt.Sprintf("wm%04d", i))
	}
	f.details["wm0199"] = wecom.CustomerDetail{FollowUsers: []wecom.FollowUser{{UserID: "u1", RemarkMobiles: []string{"13800000001"}}}}
	got, err := customers.Lookup(t.Context(), f, "u1", "13800000001")
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, got, "wm0199")
	if f.getCalls != customers.MaxGets {
		t.Errorf("Get calls = %d, want %d", f.getCalls, customers.MaxGets)
	}
}

func TestTheFallbackSkipsACustomerWhoLeftSinceTheList(t *testing.T) {
	f := &fakeAPI{
		pages: forbiddenPages,
		list:  []string{"wmGone", "wmHere"},
		getErr: map[string]error{
			"wmGone": &wecom.APIError{Code: wecom.CodeNotExternalContact, Path: getPath, Msg: "not external contact"},
		},
		details: map[string]wecom.CustomerDetail{
			"wmHere": {FollowUsers: []wecom.FollowUser{{UserID: "u1", RemarkMobiles: []string{"13800000001"}}}},
		},
	}
	got, err := customers.Lookup(t.Context(), f, "u1", "13800000001")
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, got, "wmHere")
}

func TestTheFallbackPassesOtherGetErrorsThrough(t *testing.T) {
	f := &fakeAPI{
		pages:  forbiddenPages,
		list:   []string{"wmA"},
		getErr: map[string]error{"wmA": &wecom.APIError{Code: wecom.CodeFreqLimit, Path: getPath, Msg: "api freq out of limit"}},
	}
	_, err := customers.Lookup(t.Context(), f, "u1", "13800000001")
	wantAPIError(t, err, wecom.CodeFreqLimit)
}

// --- NormalizeMobile ------------------------------------------------------------------

func TestNormalizeMobileKeepsTheDigitsOfTheNationalNumber(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"13800000001", "13800000001"},
		{"138 0000 0001", "13800000001"},
		{"138-0000-0001", "13800000001"},
		{"138.0000.0001", "13800000001"},
		{"+86 138-0000-0001", "13800000001"},
		{"+86 139-0000-0002", "13900000002"},
		{"+8613800000001", "13800000001"},
		{"(+86) 138 0000 0001", "13800000001"},
		{"0086 138 0000 0001", "13800000001"},
		{"8613800000001", "13800000001"},
		{"\t138\u00a00000\u30000001 ", "13800000001"},
		{"021-55550000", "02155550000"},
		{"(021) 5555 0000", "02155550000"},
		{"（021）5555－0000", "02155550000"},
		{"+86 21 5555 0000", "02155550000"},
		{"0086 21 5555 0000", "02155550000"},
		{"+86 (0)21 5555 0000", "02155550000"},
		{"+1 415 555 0100", "14155550100"},
		{"+852 2123 4567", "85221234567"},
		{"8621555500", "8621555500"}, // 86 not before a mobile: a local number
		{"10086", "10086"},
		{"12345678901234567890", "12345678901234567890"},
	} {
		got, err := customers.NormalizeMobile(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("NormalizeMobile(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestNormalizeMobileSaysWhatIsWrong(t *testing.T) {
	for _, tc := range []struct{ in, says string }{
		{"abc", `invalid mobile "abc": use digits, like 13800000001 or +86 138-0000-0001`},
		{"138 0000 000l", `invalid mobile "138 0000 000l": use digits`},
		{"１３８００００００01", `use digits`},
		{"13800000001 ext 2", `use digits`},
		{"", `invalid mobile "": it has no digits; give a number like 13800000001`},
		{" - ", `it has no digits`},
		{"+86", `it has no digits`},
		{"1380", `invalid mobile "1380": 4 digits is too few; give 5 to 20`},
		{strings.Repeat("1", 21), `21 digits is too many; give 5 to 20`},
		{"138+0000", `a + may only start the number`},
		{"++8613800000001", `a + may only start the number`},
		{strings.Repeat("x", 100), `invalid mobile "` + strings.Repeat("x", 40) + `"…: use digits`},
	} {
		got, err := customers.NormalizeMobile(tc.in)
		if !errors.Is(err, customers.ErrInvalid) || got != "" {
			t.Errorf("NormalizeMobile(%q) = %q, %v; want ErrInvalid", tc.in, got, err)
			continue
		}
		if !strings.Contains(err.Error(), tc.says) {
			t.Errorf("NormalizeMobile(%q): %q does not say %q", tc.in, err, tc.says)
		}
	}
}
