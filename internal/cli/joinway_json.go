package cli

import (
	"time"

	"wecomdev/internal/joinway"
)

// ensureJSON is the contract of `joinway ensure --json`.
type ensureJSON struct {
	ConfigID string            `json:"configId"`
	QRCode   string            `json:"qrCode"` // the QR image URL WeCom gave ("" for scene 1)
	Reused   bool              `json:"reused"` // true: no add_join_way was made
	State    string            `json:"state"`
	JoinLink string            `json:"joinLink"` // the link the QR image encodes ("" when it could not be read)
	Warnings []joinway.Warning `json:"warnings"` // what WeCom changes silently (REMARK_TRUNCATED …)
}

// entryJSON is one registry row: the contract of `joinway list --json` (an array of
// them, newest first) and `joinway get --json`.
type entryJSON struct {
	ID         int64     `json:"id"`       // the registry's id (forget takes it)
	ConfigID   string    `json:"configId"` // "" while pending or when abandoned
	State      string    `json:"state"`
	Status     string    `json:"status"` // pending, created, ready, abandoned
	Chats      []string  `json:"chats"`
	Scene      int       `json:"scene"`
	Remark     string    `json:"remark"`
	QRCode     string    `json:"qrCode"`   // the QR image URL
	JoinLink   string    `json:"joinLink"` // the link the QR image encodes, when it could be read
	IntentAt   time.Time `json:"intentAt"` // when add_join_way was about to be called
	CreatedAt  time.Time `json:"createdAt,omitzero"`
	UpdatedAt  time.Time `json:"updatedAt,omitzero"`
	ReadAt     time.Time `json:"readAt,omitzero"` // the last get_join_way
	LastError  string    `json:"lastError,omitempty"`
	ImageError string    `json:"imageError,omitempty"` // why the QR image could not be downloaded
	// Joins: who joined by this state, as callbacks told (newest first; [] when none yet).
	Joins []joinway.Join `json:"joins"`
}

func toEntryJSON(e joinway.Entry) entryJSON {
	chats := e.Config.ChatIDs
	if chats == nil {
		chats = []string{}
	}
	out := entryJSON{ID: e.ID, ConfigID: e.ConfigID, State: e.Config.State, Status: e.Status, Chats: chats,
		Scene: e.Config.Scene, Remark: e.Config.Remark, QRCode: e.QRURL, JoinLink: e.JoinLink,
		IntentAt: e.IntentAt, CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt, ReadAt: e.ReadAt,
		LastError: e.LastError, ImageError: e.ImageError, Joins: e.Joins}
	if out.Joins == nil {
		out.Joins = []joinway.Join{}
	}
	return out
}

// groupsJSON is the contract of `joinway groups --json`.
type groupsJSON struct {
	Groups     []groupRefJSON `json:"groups"`
	NextCursor string         `json:"nextCursor"` // "" after the last page (always with --all)
}

type groupRefJSON struct {
	ChatID string `json:"chatId"`
	Status int    `json:"status"` // the owner: 0 normal, 1 resigned, 2 being inherited, 3 inherited
	// Name is the group's name from groupchat/get ("" for a group without one, or when
	// it could not be read: NameError says why).
	Name      string `json:"name"`
	NameError string `json:"nameError,omitempty"`
}

// groupJSON is the contract of `joinway group --json`.
type groupJSON struct {
	ChatID    string       `json:"chatId"`
	Name      string       `json:"name"`
	Owner     string       `json:"owner"`
	CreatedAt time.Time    `json:"createdAt,omitzero"`
	Notice    string       `json:"notice"`
	Members   []memberJSON `json:"members"`
	Admins    []string     `json:"admins"`
}

type memberJSON struct {
	UserID        string    `json:"userId"`
	Type          string    `json:"type"` // "member" (of the corp) or "customer" (an external contact)
	Name          string    `json:"name"`
	GroupNickname string    `json:"groupNickname,omitempty"`
	JoinedAt      time.Time `json:"joinedAt,omitzero"`
	JoinScene     string    `json:"joinScene"` // "invited", "invite-link", "qr-code"
	State         string    `json:"state"`     // the state of the join way the member came by ("" when none)
	Invitor       string    `json:"invitor,omitempty"`
	UnionID       string    `json:"unionId,omitempty"`
}

// poolListJSON is the contract of `joinway pool NAME list --json`.
type poolListJSON struct {
	Groups []joinway.PoolGroup `json:"groups"`
	Pool   joinway.PoolStatus  `json:"pool"`
}

// poolAddJSON is the contract of `joinway pool NAME add --json`.
type poolAddJSON struct {
	Added []joinway.PoolGroup `json:"added"`
	Pool  joinway.PoolStatus  `json:"pool"`
}

// poolTakeJSON is the contract of `joinway pool NAME take --json`.
type poolTakeJSON struct {
	Label    string             `json:"label"`
	ChatID   string             `json:"chatId"`
	ConfigID string             `json:"configId"`
	QRCode   string             `json:"qrCode"`
	JoinLink string             `json:"joinLink"`
	State    string             `json:"state"`
	Reused   bool               `json:"reused"` // the label held this group already
	Pool     joinway.PoolStatus `json:"pool"`
}

// poolChangeJSON is the contract of `joinway pool NAME release|remove|threshold --json`.
type poolChangeJSON struct {
	Released string             `json:"released,omitempty"` // the label or chat_id given
	Removed  string             `json:"removed,omitempty"`
	Pool     joinway.PoolStatus `json:"pool"`
}

// batchJSON is the contract of `joinway batch --json`.
type batchJSON struct {
	Total   int                 `json:"total"`   // states asked for
	Done    int                 `json:"done"`    // codes made or reused
	Failed  int                 `json:"failed"`  // states whose code failed (see their error)
	Stopped bool                `json:"stopped"` // Ctrl-C (or an error) ended the batch early
	Out     string              `json:"out"`     // the zip written ("" when none was)
	Error   string              `json:"error,omitempty"`
	Items   []joinway.BatchItem `json:"items"`
}
