package joinway

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"wecomdev/internal/wecom"
)

// Service is the join ways of one profile (one WeCom app: only the creating app can
// manage its configs).
type Service struct {
	DB      *sql.DB
	Profile string
	CorpID  string
	AgentID int64
	API     API
	// Fetch downloads QR images; nil leaves them undownloaded.
	Fetch Fetcher
	// Decode reads the link out of a QR image; nil leaves JoinLink empty.
	Decode func(img []byte) (string, error)
	Now    func() time.Time
	// OnPool is called after every change of the pool with its new status.
	OnPool func(PoolStatus)
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

var (
	// ErrPossibleOrphan: an earlier add_join_way for this state got no stored answer.
	ErrPossibleOrphan = errors.New("possible orphan join way")
	// ErrStateInUse: another config of the registry has this state.
	ErrStateInUse = errors.New("state already used by another join way")
	// ErrOutcomeUnknown: add_join_way was sent but its answer was lost.
	ErrOutcomeUnknown = errors.New("the answer of add_join_way was lost")
)

// OrphanError says that an add_join_way for the state was sent and its answer never
// stored: WeCom may hold a config for the state whose config_id is lost. WeCom has no call
// that lists join ways, so this cannot be checked.
type OrphanError struct{ Entry Entry }

func (e *OrphanError) Error() string {
	return fmt.Sprintf("state %q: the add_join_way sent at %s (chats %v) got no stored answer, so WeCom may hold a config for it whose config_id is lost; "+
		"WeCom cannot list join ways to check. Make a new config only if you accept a possible duplicate (CLI: --force; the old intent stays in the registry as abandoned)",
		e.Entry.Config.State, e.Entry.IntentAt.Format(time.DateTime), e.Entry.Config.ChatIDs)
}

func (e *OrphanError) Unwrap() error { return ErrPossibleOrphan }

// StateInUseError: the registry has a config with this state and other chats.
type StateInUseError struct{ Entry Entry }

func (e *StateInUseError) Error() string {
	return fmt.Sprintf("state %q already belongs to join way %s (chats %v); update that config, delete it, or use another state",
		e.Entry.Config.State, e.Entry.ConfigID, e.Entry.Config.ChatIDs)
}

func (e *StateInUseError) Unwrap() error { return ErrStateInUse }

// Result is what Ensure and Create return.
type Result struct {
	Entry    Entry     `json:"entry"`
	Reused   bool      `json:"reused"` // no add_join_way was made
	Warnings []Warning `json:"warnings"`
}

// Ensure returns the join way for c.State with c's chats, making it only when the
// registry has none: a stored QR code is reused; a stored config_id alone is read with
// get_join_way; otherwise add_join_way then get_join_way, with the intent written before
// the call and the result after it. A pending intent for the state (a crash or a lost
// answer) is an *OrphanError unless force is set.
func (s *Service) Ensure(ctx context.Context, c Config, force bool) (Result, error) {
	if c.State == "" {
		return Result{}, invalid("state", "it is empty; ensure finds a join way by its state (the customer or order)")
	}
	return s.create(ctx, c, force, true)
}

// Create makes a new join way. With a state it is Ensure without reuse across chats: a
// state the registry already holds for the same chats is reused, for other chats refused.
func (s *Service) Create(ctx context.Context, c Config, force bool) (Result, error) {
	return s.create(ctx, c, force, c.State != "")
}

func (s *Service) create(ctx context.Context, c Config, force, byState bool) (Result, error) {
	if c.ChatIDs == nil {
		c.ChatIDs = []string{}
	}
	warn, err := Validate(c)
	if err != nil {
		return Result{}, err
	}
	if warn == nil {
		warn = []Warning{}
	}
	id, existing, err := s.claim(ctx, c, force, byState)
	if err != nil {
		return Result{}, err
	}
	if existing != nil {
		e, err := s.reuse(ctx, *existing)
		return Result{Entry: e, Reused: true, Warnings: warn}, err
	}
	configID, err := s.API.Add(ctx, c.toWeCom(""))
	if err != nil {
		var api *wecom.APIError
		if errors.As(err, &api) && api.Code != wecom.CodeBusy {
			// WeCom refused: nothing was made, so the intent goes.
			_, _ = s.DB.ExecContext(context.WithoutCancel(ctx), `DELETE FROM join_ways WHERE id = ?`, id)
			return Result{}, err
		}
		s.setError(ctx, id, err)
		return Result{}, fmt.Errorf("%w (the registry keeps it as pending): %w", ErrOutcomeUnknown, err)
	}
	now := s.now().UnixMilli()
	// The answer is stored even when ctx ended meanwhile: it is the only record of the id.
	if _, err := s.DB.ExecContext(context.WithoutCancel(ctx), `UPDATE join_ways SET config_id = ?, status = 'created', created_at = ?, updated_at = ?, last_error = '' WHERE id = ?`,
		configID, now, now, id); err != nil {
		return Result{}, fmt.Errorf("store config_id %s of state %q (note it down: WeCom made it): %w", configID, c.State, err)
	}
	e, err := s.read(ctx, id, configID, c.MarkSource)
	return Result{Entry: e, Warnings: warn}, err
}

// claim writes the intent in one transaction with the look-up of the state, so two
// ensures of one state cannot both call add_join_way. It returns the new row's id, or
// the existing entry to reuse.
func (s *Service) claim(ctx context.Context, c Config, force, byState bool) (int64, *Entry, error) {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return 0, nil, fmt.Errorf("open the join-way registry: %w", err)
	}
	defer tx.Rollback()
	if byState {
		e, err := s.byState(ctx, tx, c.State)
		switch {
		case errors.Is(err, ErrNotFound):
		case err != nil:
			return 0, nil, err
		case e.Status == StatusPending && !force:
			return 0, nil, &OrphanError{Entry: e}
		case e.Status == StatusPending:
			if _, err := tx.ExecContext(ctx, `UPDATE join_ways SET status = 'abandoned', updated_at = ? WHERE id = ?`, s.now().UnixMilli(), e.ID); err != nil {
				return 0, nil, fmt.Errorf("mark the old intent abandoned: %w", err)
			}
		case !sameChats(e.Config.ChatIDs, c.ChatIDs):
			return 0, nil, &StateInUseError{Entry: e}
		default:
			return 0, &e, nil
		}
	}
	id, err := s.insertIntent(ctx, tx, c)
	if errors.Is(err, ErrStateInUse) {
		// A concurrent ensure won the race between the look-up and the insert.
		if e, err2 := s.byState(ctx, s.DB, c.State); err2 == nil {
			return 0, nil, &OrphanError{Entry: e}
		}
	}
	if err != nil {
		return 0, nil, err
	}
	if err := tx.Commit(); err != nil {
		return 0, nil, fmt.Errorf("write the join-way intent: %w", err)
	}
	return id, nil, nil
}

// reuse completes an existing entry without add_join_way: the stored QR code as it is;
// a config_id without one is read with get_join_way; a QR URL without its image is
// downloaded again.
func (s *Service) reuse(ctx context.Context, e Entry) (Entry, error) {
	switch {
	case e.Status == StatusCreated || (e.QRURL == "" && e.Config.Scene == wecom.SceneQRCode):
		return s.read(ctx, e.ID, e.ConfigID, e.Config.MarkSource)
	case e.QRURL != "" && !e.HasImage && s.Fetch != nil:
		s.storeImage(ctx, e.ID, e.QRURL)
		return s.Entry(ctx, e.ID)
	}
	return e, nil
}

// read stores get_join_way's answer (and the QR image) in row id.
func (s *Service) read(ctx context.Context, id int64, configID string, markSource bool) (Entry, error) {
	jw, err := s.API.Get(ctx, configID)
	if err != nil {
		s.setError(ctx, id, err)
		return Entry{}, fmt.Errorf("read join way %s: %w", configID, err)
	}
	c := fromWeCom(jw, markSource)
	now := s.now().UnixMilli()
	if _, err := s.DB.ExecContext(context.WithoutCancel(ctx), `UPDATE join_ways SET status = 'ready', scene = ?, remark = ?, auto_create_room = ?,
		room_base_name = ?, room_base_id = ?, chat_ids = ?, state = ?, qr_url = ?, last_error = '', read_at = ?,
		created_at = CASE created_at WHEN 0 THEN ? ELSE created_at END, updated_at = CASE updated_at WHEN 0 THEN ? ELSE updated_at END
		WHERE id = ?`,
		c.Scene, c.Remark, c.AutoCreateRoom, c.RoomBaseName, c.RoomBaseID, chatsJSON(c.ChatIDs), c.State, jw.QRCode, now, now, now, id); err != nil {
		return Entry{}, fmt.Errorf("store join way %s: %w", configID, err)
	}
	if jw.QRCode != "" {
		s.storeImage(ctx, id, jw.QRCode)
	}
	return s.Entry(ctx, id)
}

// storeImage downloads the QR image of row id and stores it with the link it encodes;
// a failure is kept in image_error (the QR URL still works in a browser).
func (s *Service) storeImage(ctx context.Context, id int64, qrURL string) {
	if s.Fetch == nil {
		return
	}
	img, err := s.Fetch(ctx, qrURL)
	if err != nil {
		_, _ = s.DB.ExecContext(context.WithoutCancel(ctx), `UPDATE join_ways SET image_error = ? WHERE id = ?`, err.Error(), id)
		return
	}
	link := ""
	if s.Decode != nil {
		link, _ = s.Decode(img)
	}
	_, _ = s.DB.ExecContext(context.WithoutCancel(ctx), `UPDATE join_ways SET qr_image = ?, join_link = ?, image_error = '' WHERE id = ?`, img, link, id)
}

func (s *Service) setError(ctx context.Context, id int64, err error) {
	_, _ = s.DB.ExecContext(context.WithoutCancel(ctx), `UPDATE join_ways SET last_error = ? WHERE id = ?`, err.Error(), id)
}

// Read reads a config from WeCom with get_join_way and stores it in the registry, adding
// a config the registry did not know (one this app made elsewhere).
func (s *Service) Read(ctx context.Context, configID string) (Entry, error) {
	if configID == "" {
		return Entry{}, invalid("config_id", "it is empty")
	}
	e, err := s.ByConfigID(ctx, configID)
	if errors.Is(err, ErrNotFound) {
		jw, err := s.API.Get(ctx, configID)
		if err != nil {
			return Entry{}, fmt.Errorf("read join way %s: %w", configID, err)
		}
		c := fromWeCom(jw, true)
		if c.State != "" {
			if other, err := s.byState(ctx, s.DB, c.State); err == nil {
				return Entry{}, &StateInUseError{Entry: other}
			}
		}
		id, err := s.insertIntent(ctx, s.DB, c)
		if err != nil {
			return Entry{}, err
		}
		if _, err := s.DB.ExecContext(ctx, `UPDATE join_ways SET config_id = ?, status = 'created' WHERE id = ?`, configID, id); err != nil {
			return Entry{}, err
		}
		return s.read(ctx, id, configID, true)
	}
	if err != nil {
		return Entry{}, err
	}
	return s.read(ctx, e.ID, configID, e.Config.MarkSource)
}

// Update overwrites a config at WeCom with c (update_join_way replaces every field) and
// stores what get_join_way then returns.
func (s *Service) Update(ctx context.Context, configID string, c Config) (Result, error) {
	if configID == "" {
		return Result{}, invalid("config_id", "it is empty")
	}
	if c.ChatIDs == nil {
		c.ChatIDs = []string{}
	}
	warn, err := Validate(c)
	if err != nil {
		return Result{}, err
	}
	if warn == nil {
		warn = []Warning{}
	}
	e, err := s.ByConfigID(ctx, configID)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Result{}, err
	}
	if c.State != "" {
		if other, err := s.byState(ctx, s.DB, c.State); err == nil && other.ConfigID != configID {
			return Result{}, &StateInUseError{Entry: other}
		}
	}
	if err := s.API.Update(ctx, c.toWeCom(configID)); err != nil {
		return Result{}, fmt.Errorf("update join way %s: %w", configID, err)
	}
	if e.ID == 0 {
		got, err := s.Read(ctx, configID)
		return Result{Entry: got, Reused: true, Warnings: warn}, err
	}
	if _, err := s.DB.ExecContext(ctx, `UPDATE join_ways SET mark_source = ?, updated_at = ? WHERE id = ?`, c.MarkSource, s.now().UnixMilli(), e.ID); err != nil {
		return Result{}, err
	}
	got, err := s.read(ctx, e.ID, configID, c.MarkSource)
	return Result{Entry: got, Reused: true, Warnings: warn}, err
}

// Delete deletes a config at WeCom (del_join_way) and then from the registry; mappings
// that named it keep their chat but lose the config_id.
func (s *Service) Delete(ctx context.Context, configID string) error {
	if configID == "" {
		return invalid("config_id", "it is empty")
	}
	if err := s.API.Delete(ctx, configID); err != nil {
		return fmt.Errorf("delete join way %s: %w", configID, err)
	}
	if _, err := s.DB.ExecContext(context.WithoutCancel(ctx), `DELETE FROM join_ways WHERE profile = ? AND config_id = ?`, s.Profile, configID); err != nil {
		return fmt.Errorf("WeCom deleted join way %s but the registry could not: %w", configID, err)
	}
	_, _ = s.DB.ExecContext(context.WithoutCancel(ctx), `UPDATE chat_labels SET config_id = '' WHERE profile = ? AND config_id = ?`, s.Profile, configID)
	return nil
}

// Groups returns one page of the app's customer groups.
func (s *Service) Groups(ctx context.Context, q wecom.GroupListQuery) (wecom.GroupPage, error) {
	if q.Limit == 0 {
		q.Limit = 100
	}
	if q.Limit < 1 || q.Limit > wecom.MaxGroupListLimit {
		return wecom.GroupPage{}, invalid("limit", "%d; give 1 to %d", q.Limit, wecom.MaxGroupListLimit)
	}
	if q.StatusFilter < 0 || q.StatusFilter > 3 {
		return wecom.GroupPage{}, invalid("status filter", "%d; give 0 (all), 1 (owner resigned), 2 (being inherited) or 3 (inherited)", q.StatusFilter)
	}
	if len(q.Owners) > wecom.MaxOwnerFilter {
		return wecom.GroupPage{}, invalid("owners", "%d given, WeCom takes at most %d per call", len(q.Owners), wecom.MaxOwnerFilter)
	}
	return s.API.ListGroups(ctx, q)
}

// Group returns a customer group's details, with members' names and join states.
func (s *Service) Group(ctx context.Context, chatID string) (wecom.GroupChat, error) {
	if err := CheckChatID(chatID); err != nil {
		return wecom.GroupChat{}, err
	}
	return s.API.GetGroup(ctx, chatID)
}
