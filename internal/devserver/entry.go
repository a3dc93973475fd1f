package devserver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"wecomdev/internal/wecom"
)

// Where the emulated page was opened (getContext().entry). The developer picks one
// (serve --entry, the Dev server area, the emulator's overlay on the page); the
// customer-context APIs answer only from the entries that carry a customer or a chat.
// docs/wecom-facts.md, Emulator; source: @wecom/jssdk 2.4.4 types/index.d.ts:4364-4409
// (enum EntryType). The chain_* and internal_group_chat_board entries of that enum are
// left out: the emulator has no upstream/downstream (上下游) or internal-group data.
const (
	EntryNormal           = "normal"            // 除以上场景之外进入，例如工作台 (the workbench)
	EntryContactProfile   = "contact_profile"   // 从联系人详情进入
	EntrySingleChatTools  = "single_chat_tools" // 从单聊会话的工具栏进入
	EntryGroupChatTools   = "group_chat_tools"  // 从群聊会话的工具栏进入
	EntryChatAttachment   = "chat_attachment"   // 从会话的聊天附件栏进入 (WeCom >= 3.1.6)
	EntrySingleKfTools    = "single_kf_tools"   // 从微信客服的工具栏进入 (WeCom >= 3.1.10)
	maxEntryIDBytes       = 64
	errWithoutContactText = ":fail without context of external contact"
)

// Entries are the entries a developer may pick, the default first.
var Entries = []string{EntryNormal, EntryContactProfile, EntrySingleChatTools, EntryGroupChatTools, EntryChatAttachment, EntrySingleKfTools}

// Which entries each customer-context API answers from; elsewhere it fails with
// "<api>:fail without context of external contact". docs/wecom-facts.md, Emulator.
var entryAPIs = map[string][]string{
	// types/index.d.ts:4555-4581: contact_profile, single_chat_tools, single_kf_tools;
	// the failure text is the one documented at :4580.
	"getCurExternalContact": {EntryContactProfile, EntrySingleChatTools, EntrySingleKfTools},
	// types/index.d.ts:4520-4543: group_chat_tools; the failure text is documented at :4542.
	"getCurExternalChat": {EntryGroupChatTools},
	// types/index.d.ts:6225-6241: single_chat_tools, group_chat_tools, chat_attachment,
	// single_kf_tools. Its failure text is a guess in the same shape: the docs' table
	// (:6260) names claimClassAdmin, a copy from another API.
	"sendChatMessage": {EntrySingleChatTools, EntryGroupChatTools, EntryChatAttachment, EntrySingleKfTools},
}

// PageEntry is where the emulated page counts as opened, and the customer or group
// that entry stands for ("" = the emulator's default pick).
type PageEntry struct {
	Entry   string `json:"entry"`
	Contact string `json:"contact,omitempty"` // the external_userid getCurExternalContact answers
	Chat    string `json:"chat,omitempty"`    // the chat_id getCurExternalChat answers
}

var entryIDPattern = regexp.MustCompile(`^[A-Za-z0-9_.@-]+$`)

// ParseEntry checks an entry name; "" is normal.
func ParseEntry(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return EntryNormal, nil
	}
	if !slices.Contains(Entries, v) {
		return "", fmt.Errorf("entry %s is not one the emulator knows; use one of %s", quoteShort(v), strings.Join(Entries, ", "))
	}
	return v, nil
}

// Check returns the entry with its name checked ("" becomes normal) and its ids trimmed.
func (p PageEntry) Check() (PageEntry, error) {
	var err error
	if p.Entry, err = ParseEntry(p.Entry); err != nil {
		return PageEntry{}, err
	}
	for _, f := range []struct {
		name string
		v    *string
	}{{"contact", &p.Contact}, {"chat", &p.Chat}} {
		*f.v = strings.TrimSpace(*f.v)
		if *f.v != "" && (len(*f.v) > maxEntryIDBytes || !entryIDPattern.MatchString(*f.v)) {
			return PageEntry{}, fmt.Errorf("entry %s id %s is not an id WeCom gives (letters, digits, _ . @ -, at most %d bytes)", f.name, quoteShort(*f.v), maxEntryIDBytes)
		}
	}
	return p, nil
}

// SetPageEntry sets where pages count as opened unless a page's overlay says otherwise;
// it applies to the next client API call.
func (s *Server) SetPageEntry(p PageEntry) error {
	p, err := p.Check()
	if err != nil {
		return err
	}
	s.pageEntry.Store(&p)
	return nil
}

// PageEntry is where pages count as opened (normal until SetPageEntry).
func (s *Server) PageEntry() PageEntry {
	if p := s.pageEntry.Load(); p != nil {
		return *p
	}
	return PageEntry{Entry: EntryNormal}
}

type pageEntryKey struct{}

// entryOverride is what a page's overlay sends with each /__wecomdev/emulator/invoke
// body, beside api and params; a field it sets wins over the server's.
type entryOverride struct {
	Entry   string `json:"entry"`
	Contact string `json:"entryContact"`
	Chat    string `json:"entryChat"`
}

// withPageEntry reads the overlay's choice from an invoke body and hands the entry in
// force to the handler through the request's context. A bad choice is a 400.
func (s *Server) withPageEntry(handle func(http.ResponseWriter, *http.Request, *Entry, []byte)) func(http.ResponseWriter, *http.Request, *Entry, []byte) {
	return func(w http.ResponseWriter, r *http.Request, e *Entry, body []byte) {
		p := s.PageEntry()
		var o entryOverride
		if json.Unmarshal(body, &o) == nil && (o.Entry != "" || o.Contact != "" || o.Chat != "") {
			if o.Entry != "" {
				p.Entry = o.Entry
			}
			if o.Contact != "" {
				p.Contact = o.Contact
			}
			if o.Chat != "" {
				p.Chat = o.Chat
			}
			var err error
			if p, err = p.Check(); err != nil {
				s.failText(w, e, http.StatusBadRequest, CodeInvalidInput, wecom.Text{ZhCN: err.Error() + "（由页面上模拟器的浮层发出）", EnUS: err.Error() + " (the emulator's overlay on the page sent it)"})
				return
			}
		}
		handle(w, r.WithContext(context.WithValue(r.Context(), pageEntryKey{}, p)), e, body)
	}
}

// entryOf is the entry in force for this request.
func (s *Server) entryOf(ctx context.Context) PageEntry {
	if p, ok := ctx.Value(pageEntryKey{}).(PageEntry); ok {
		return p
	}
	return s.PageEntry()
}

// clientFail is a failure whose errMsg the client gives in full (not "<api>:fail").
type clientFail struct{ errMsg string }

func (f clientFail) Error() string { return f.errMsg }

// clientFailMsg is the client's errMsg when err is one.
func clientFailMsg(err error) (string, bool) {
	var f clientFail
	if errors.As(err, &f) {
		return f.errMsg, true
	}
	return "", false
}

// entryAllows fails as the client does when the API does not answer from the entry.
func entryAllows(api string, p PageEntry) error {
	if slices.Contains(entryAPIs[api], p.Entry) {
		return nil
	}
	return clientFail{api + errWithoutContactText}
}

func entryNote(api string, p PageEntry) string {
	return fmt.Sprintf("the page counts as opened from entry %s, where %s answers only from %s (pick the entry with serve --entry, the Dev server area or the emulator's overlay on the page)",
		p.Entry, api, strings.Join(entryAPIs[api], ", "))
}

// answerContext is getContext: {entry, shareTicket?} (types/index.d.ts:4423-4445; the
// emulator never opens a page from a shared message, so no shareTicket).
func (s *Server) answerContext(ctx context.Context) (map[string]any, string, error) {
	p := s.entryOf(ctx)
	return map[string]any{"entry": p.Entry},
		fmt.Sprintf("entry %s as picked (serve --entry, the Dev server area or the emulator's overlay); getContext never gives the userid: a page learns it through OAuth", p.Entry), nil
}

// answerCurExternalContact is getCurExternalContact from the entry's customer: the one
// picked, else the signed-in member's first customer.
func (s *Server) answerCurExternalContact(ctx context.Context) (map[string]any, string, error) {
	p := s.entryOf(ctx)
	if err := entryAllows("getCurExternalContact", p); err != nil {
		return nil, entryNote("getCurExternalContact", p), err
	}
	if p.Contact != "" {
		return map[string]any{"userId": p.Contact}, fmt.Sprintf("the page counts as opened from customer %s (%s), as picked", p.Contact, p.Entry), nil
	}
	ids, err := s.signedInCustomers(ctx)
	if err != nil {
		return nil, "", err
	}
	if len(ids) == 0 {
		return nil, "", errors.New("the signed-in member has no customers")
	}
	return map[string]any{"userId": ids[0]}, fmt.Sprintf("the page counts as opened from the signed-in member's first customer (%s)", p.Entry), nil
}

// answerCurExternalChat is getCurExternalChat from the entry's group: the one picked,
// else the group openEnterpriseChat opened last, else the member's first group.
func (s *Server) answerCurExternalChat(ctx context.Context) (map[string]any, string, error) {
	p := s.entryOf(ctx)
	if err := entryAllows("getCurExternalChat", p); err != nil {
		return nil, entryNote("getCurExternalChat", p), err
	}
	if p.Chat != "" {
		return map[string]any{"chatId": p.Chat}, fmt.Sprintf("the page counts as opened from group %s, as picked", p.Chat), nil
	}
	return s.curExternalChat(ctx)
}

// answerSendChatMessage is sendChatMessage: ok from a chat toolbar or the attachment
// bar, the client's failure elsewhere.
func (s *Server) answerSendChatMessage(ctx context.Context) (map[string]any, string, error) {
	p := s.entryOf(ctx)
	if err := entryAllows("sendChatMessage", p); err != nil {
		return nil, entryNote("sendChatMessage", p) + "; the failure text is a guess in the shape of getCurExternalContact's (WeCom's docs list another API's)", err
	}
	return map[string]any{}, "the emulator shows nothing; a phone would send it to the current chat", nil
}

// EntryChoices are the customers and groups an entry can stand for: the signed-in
// member's customers and customer groups in the profile's WeCom (any other id may be
// typed in).
type EntryChoices struct {
	Member    string   `json:"member"` // who the emulated client is signed in as
	Customers []string `json:"customers"`
	Groups    []string `json:"groups"`
}

// EntryChoices lists them; without emulator data, none.
func (s *Server) EntryChoices(ctx context.Context) (EntryChoices, error) {
	c := EntryChoices{Customers: []string{}, Groups: []string{}}
	d, ok := s.b.(EmulatorData)
	if c.Member = s.emulatedUser(ctx); !ok || c.Member == "" {
		return c, nil
	}
	ids, err := s.signedInCustomers(ctx)
	if err != nil {
		return c, err
	}
	groups, err := d.EmulatorGroups(ctx, c.Member)
	if err != nil {
		return c, err
	}
	c.Customers = ids
	if groups != nil {
		c.Groups = groups
	}
	return c, nil
}
