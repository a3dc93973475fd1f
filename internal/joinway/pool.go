package joinway

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"wecomdev/internal/wecom"
)

// DefaultThreshold is the number of free pool groups below which the pool is low.
const DefaultThreshold = 3

// maxLabelRunes bounds a mapping's label (a customer or order number).
const maxLabelRunes = 64

// Mapping sources.
const (
	SourcePool     = "pool"      // a pool group taken for a customer or order
	SourceTestPage = "test-page" // a group the test page made with openEnterpriseChat
	SourceManual   = "manual"
)

// PoolStatus is the buffer pool's count of free and used groups.
type PoolStatus struct {
	Profile   string `json:"profile"`
	Free      int    `json:"free"`
	Used      int    `json:"used"`
	Threshold int    `json:"threshold"`
	Low       bool   `json:"low"` // the pool has groups and Free < Threshold: build more
}

// PoolGroup is one group of the pool; Label is set while a customer or order holds it.
type PoolGroup struct {
	ChatID   string    `json:"chatId"`
	Name     string    `json:"name"`
	AddedAt  time.Time `json:"addedAt"`
	Free     bool      `json:"free"`
	Label    string    `json:"label,omitempty"`
	ConfigID string    `json:"configId,omitempty"`
	TakenAt  time.Time `json:"takenAt,omitzero"`
}

// Mapping is one customer/order ↔ chat_id ↔ config_id row.
type Mapping struct {
	Label     string    `json:"label"`
	ChatID    string    `json:"chatId"`
	ConfigID  string    `json:"configId"`
	Source    string    `json:"source"`
	InPool    bool      `json:"inPool"`
	CreatedAt time.Time `json:"createdAt"`
}

// ErrPoolEmpty: no free group is left in the pool.
var ErrPoolEmpty = errors.New("the pool has no free group")

// CheckLabel validates a customer or order label.
func CheckLabel(label string) error {
	if label == "" {
		return invalid("label", "it is empty; give the customer or order number")
	}
	if label != strings.TrimSpace(label) {
		return invalid("label", "%q has leading or trailing spaces; remove them", label)
	}
	return checkText("label", label, maxLabelRunes)
}

// PoolStatus counts the pool's free and used groups.
func (s *Service) PoolStatus(ctx context.Context) (PoolStatus, error) {
	st := PoolStatus{Profile: s.Profile, Threshold: DefaultThreshold}
	err := s.DB.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN l.chat_id IS NULL THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN l.chat_id IS NULL THEN 0 ELSE 1 END), 0),
		COALESCE((SELECT threshold FROM join_pool_settings WHERE profile = ?), ?)
		FROM join_pool p LEFT JOIN chat_labels l ON l.chat_id = p.chat_id
		WHERE p.profile = ?`, s.Profile, DefaultThreshold, s.Profile).Scan(&st.Free, &st.Used, &st.Threshold)
	if err != nil {
		return PoolStatus{}, fmt.Errorf("count the pool: %w", err)
	}
	st.Low = st.Free+st.Used > 0 && st.Free < st.Threshold
	return st, nil
}

func (s *Service) poolChanged(ctx context.Context) PoolStatus {
	st, err := s.PoolStatus(context.WithoutCancel(ctx))
	if err == nil && s.OnPool != nil {
		s.OnPool(st)
	}
	return st
}

// SetThreshold sets how many free groups the pool keeps before it raises its alert.
func (s *Service) SetThreshold(ctx context.Context, n int) (PoolStatus, error) {
	if n < 0 || n > 10000 {
		return PoolStatus{}, invalid("threshold", "%d; give 0 (no alert) to 10000", n)
	}
	if _, err := s.DB.ExecContext(ctx, `INSERT INTO join_pool_settings(profile, threshold) VALUES (?, ?)
		ON CONFLICT(profile) DO UPDATE SET threshold = excluded.threshold`, s.Profile, n); err != nil {
		return PoolStatus{}, fmt.Errorf("store the pool threshold: %w", err)
	}
	return s.poolChanged(ctx), nil
}

// PoolList returns the pool's groups, free ones first in the order they are taken.
func (s *Service) PoolList(ctx context.Context) ([]PoolGroup, PoolStatus, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT p.chat_id, p.name, p.added_at, l.label, l.config_id, l.created_at
		FROM join_pool p LEFT JOIN chat_labels l ON l.chat_id = p.chat_id
		WHERE p.profile = ? ORDER BY l.chat_id IS NOT NULL, p.added_at, p.chat_id`, s.Profile)
	if err != nil {
		return nil, PoolStatus{}, fmt.Errorf("read the pool: %w", err)
	}
	defer rows.Close()
	out := []PoolGroup{}
	for rows.Next() {
		var g PoolGroup
		var added int64
		var label, config sql.NullString
		var taken sql.NullInt64
		if err := rows.Scan(&g.ChatID, &g.Name, &added, &label, &config, &taken); err != nil {
			return nil, PoolStatus{}, fmt.Errorf("read the pool: %w", err)
		}
		g.AddedAt, g.Free = ms(added), !label.Valid
		g.Label, g.ConfigID, g.TakenAt = label.String, config.String, ms(taken.Int64)
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, PoolStatus{}, err
	}
	st, err := s.PoolStatus(ctx)
	return out, st, err
}

// PoolAdd marks pre-built customer groups as the pool. Each is read with groupchat/get
// first: it must exist and hold no customer yet.
func (s *Service) PoolAdd(ctx context.Context, chatIDs []string) ([]PoolGroup, PoolStatus, error) {
	if len(chatIDs) == 0 {
		return nil, PoolStatus{}, invalid("chats", "none given; name the empty customer groups to pool")
	}
	for _, id := range chatIDs {
		if err := CheckChatID(id); err != nil {
			return nil, PoolStatus{}, err
		}
	}
	added := []PoolGroup{}
	for _, id := range chatIDs {
		g, err := s.API.GetGroup(ctx, id)
		if err != nil {
			return added, s.poolChanged(ctx), fmt.Errorf("group %s: %w", id, err)
		}
		customers := 0
		for _, m := range g.Members {
			if m.Type == 2 {
				customers++
			}
		}
		if customers > 0 {
			return added, s.poolChanged(ctx), fmt.Errorf("%w group %s (%s): it already has %d customer(s); the pool takes empty groups only", ErrInvalid, id, g.Name, customers)
		}
		now := s.now().UnixMilli()
		if _, err := s.DB.ExecContext(ctx, `INSERT INTO join_pool(profile, chat_id, name, added_at) VALUES (?, ?, ?, ?)
			ON CONFLICT(profile, chat_id) DO UPDATE SET name = excluded.name`, s.Profile, id, g.Name, now); err != nil {
			return added, s.poolChanged(ctx), fmt.Errorf("add group %s to the pool: %w", id, err)
		}
		added = append(added, PoolGroup{ChatID: id, Name: g.Name, AddedAt: ms(now), Free: true})
	}
	return added, s.poolChanged(ctx), nil
}

// PoolRemove takes free groups out of the pool (a taken group is released first).
func (s *Service) PoolRemove(ctx context.Context, chatID string) (PoolStatus, error) {
	var taken int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM chat_labels WHERE chat_id = ?`, chatID).Scan(&taken); err != nil {
		return PoolStatus{}, err
	}
	if taken > 0 {
		return PoolStatus{}, fmt.Errorf("%w group %s: it is taken; release it first", ErrInvalid, chatID)
	}
	res, err := s.DB.ExecContext(ctx, `DELETE FROM join_pool WHERE profile = ? AND chat_id = ?`, s.Profile, chatID)
	if err != nil {
		return PoolStatus{}, fmt.Errorf("remove group %s from the pool: %w", chatID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return PoolStatus{}, fmt.Errorf("group %s is not in the pool", chatID)
	}
	return s.poolChanged(ctx), nil
}

// TakeResult is what PoolTake returns.
type TakeResult struct {
	Mapping Mapping    `json:"mapping"`
	Entry   Entry      `json:"entry"`
	Reused  bool       `json:"reused"` // the label held a group already
	Pool    PoolStatus `json:"pool"`
}

// PoolTake gives the customer or order label the first free group of the pool and
// ensures its join way (state = state, or the label when state is ""). A label that holds
// a group already gets it again.
func (s *Service) PoolTake(ctx context.Context, label, state string, force bool) (TakeResult, error) {
	if err := CheckLabel(label); err != nil {
		return TakeResult{}, err
	}
	if state == "" {
		state = label
	}
	if err := CheckState(state); err != nil {
		return TakeResult{}, err
	}
	m, reused, err := s.reserve(ctx, label)
	if err != nil {
		return TakeResult{}, err
	}
	remark := []rune(label)
	if len(remark) > MaxRemarkRunes {
		remark = remark[:MaxRemarkRunes]
	}
	c := Config{Scene: wecom.SceneQRCode, Remark: string(remark), ChatIDs: []string{m.ChatID}, State: state, MarkSource: true}
	res, err := s.Ensure(ctx, c, force)
	if err != nil {
		var api *wecom.APIError
		if !reused && (errors.Is(err, ErrInvalid) || errors.As(err, &api) || errors.Is(err, ErrStateInUse)) {
			// Nothing was made: the group goes back to the pool.
			_, _ = s.DB.ExecContext(context.WithoutCancel(ctx), `DELETE FROM chat_labels WHERE chat_id = ? AND source = 'pool'`, m.ChatID)
		}
		return TakeResult{Mapping: m, Pool: s.poolChanged(ctx)}, err
	}
	m.ConfigID = res.Entry.ConfigID
	if _, err := s.DB.ExecContext(context.WithoutCancel(ctx), `UPDATE chat_labels SET config_id = ? WHERE chat_id = ?`, m.ConfigID, m.ChatID); err != nil {
		return TakeResult{}, fmt.Errorf("store the mapping of %s: %w", label, err)
	}
	return TakeResult{Mapping: m, Entry: res.Entry, Reused: reused, Pool: s.poolChanged(ctx)}, nil
}

// reserve maps label to the first free pool group in one transaction, or returns the
// group it holds.
func (s *Service) reserve(ctx context.Context, label string) (Mapping, bool, error) {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return Mapping{}, false, err
	}
	defer tx.Rollback()
	var m Mapping
	var at int64
	err = tx.QueryRowContext(ctx, `SELECT l.label, l.chat_id, l.config_id, l.source, l.created_at FROM chat_labels l
		JOIN join_pool p ON p.chat_id = l.chat_id AND p.profile = l.profile
		WHERE l.profile = ? AND l.label = ? AND l.source = 'pool' ORDER BY l.created_at LIMIT 1`, s.Profile, label).
		Scan(&m.Label, &m.ChatID, &m.ConfigID, &m.Source, &at)
	if err == nil {
		m.InPool, m.CreatedAt = true, ms(at)
		return m, true, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return Mapping{}, false, fmt.Errorf("read the mapping: %w", err)
	}
	var chatID string
	err = tx.QueryRowContext(ctx, `SELECT p.chat_id FROM join_pool p LEFT JOIN chat_labels l ON l.chat_id = p.chat_id
		WHERE p.profile = ? AND l.chat_id IS NULL ORDER BY p.added_at, p.chat_id LIMIT 1`, s.Profile).Scan(&chatID)
	if errors.Is(err, sql.ErrNoRows) {
		st, _ := s.PoolStatus(ctx)
		return Mapping{}, false, fmt.Errorf("%w (%d used): build more empty customer groups and add them to the pool", ErrPoolEmpty, st.Used)
	}
	if err != nil {
		return Mapping{}, false, fmt.Errorf("read the pool: %w", err)
	}
	now := s.now().UnixMilli()
	if _, err := tx.ExecContext(ctx, `INSERT INTO chat_labels(chat_id, label, profile, created_at, source) VALUES (?, ?, ?, ?, 'pool')`,
		chatID, label, s.Profile, now); err != nil {
		return Mapping{}, false, fmt.Errorf("map %s to %s: %w", label, chatID, err)
	}
	if err := tx.Commit(); err != nil {
		return Mapping{}, false, err
	}
	return Mapping{Label: label, ChatID: chatID, Source: SourcePool, InPool: true, CreatedAt: ms(now)}, false, nil
}

// PoolRelease gives a taken pool group back to the pool: its join way is deleted at WeCom
// (so the old customer's QR code stops leading there) and its mapping removed. who is the
// label or the chat_id.
func (s *Service) PoolRelease(ctx context.Context, who string) (PoolStatus, error) {
	var chatID, configID string
	err := s.DB.QueryRowContext(ctx, `SELECT l.chat_id, l.config_id FROM chat_labels l
		JOIN join_pool p ON p.chat_id = l.chat_id AND p.profile = l.profile
		WHERE l.profile = ? AND (l.label = ? OR l.chat_id = ?) ORDER BY l.created_at LIMIT 1`, s.Profile, who, who).Scan(&chatID, &configID)
	if errors.Is(err, sql.ErrNoRows) {
		return PoolStatus{}, fmt.Errorf("%q holds no pool group: give a label or chat_id from `joinway pool list`", who)
	}
	if err != nil {
		return PoolStatus{}, err
	}
	if configID != "" {
		err := s.Delete(ctx, configID)
		var api *wecom.APIError
		if err != nil && !(errors.As(err, &api) && api.Code == 41044) {
			return PoolStatus{}, err
		}
		if err != nil {
			// WeCom no longer has it: drop the registry row too.
			_, _ = s.DB.ExecContext(ctx, `DELETE FROM join_ways WHERE profile = ? AND config_id = ?`, s.Profile, configID)
		}
	}
	if _, err := s.DB.ExecContext(ctx, `DELETE FROM chat_labels WHERE chat_id = ?`, chatID); err != nil {
		return PoolStatus{}, fmt.Errorf("release %s: %w", chatID, err)
	}
	return s.poolChanged(ctx), nil
}

// Mappings lists the customer/order ↔ chat_id ↔ config_id rows, newest first: pool
// takes, the test page's groups and manual ones.
func (s *Service) Mappings(ctx context.Context) ([]Mapping, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT l.label, l.chat_id, l.config_id, l.source, l.created_at,
		EXISTS(SELECT 1 FROM join_pool p WHERE p.profile = l.profile AND p.chat_id = l.chat_id)
		FROM chat_labels l WHERE l.profile = ? ORDER BY l.created_at DESC, l.chat_id LIMIT 5000`, s.Profile)
	if err != nil {
		return nil, fmt.Errorf("read the mapping: %w", err)
	}
	defer rows.Close()
	out := []Mapping{}
	for rows.Next() {
		var m Mapping
		var at int64
		if err := rows.Scan(&m.Label, &m.ChatID, &m.ConfigID, &m.Source, &at, &m.InPool); err != nil {
			return nil, fmt.Errorf("read the mapping: %w", err)
		}
		m.CreatedAt = ms(at)
		out = append(out, m)
	}
	return out, rows.Err()
}

// Map links a label to a group (and optionally a config) by hand.
func (s *Service) Map(ctx context.Context, label, chatID, configID string) (Mapping, error) {
	if err := CheckLabel(label); err != nil {
		return Mapping{}, err
	}
	if err := CheckChatID(chatID); err != nil {
		return Mapping{}, err
	}
	now := s.now().UnixMilli()
	if _, err := s.DB.ExecContext(ctx, `INSERT INTO chat_labels(chat_id, label, profile, created_at, config_id, source) VALUES (?, ?, ?, ?, ?, 'manual')
		ON CONFLICT(chat_id) DO UPDATE SET label = excluded.label, config_id = excluded.config_id`,
		chatID, label, s.Profile, now, configID); err != nil {
		return Mapping{}, fmt.Errorf("map %s to %s: %w", label, chatID, err)
	}
	s.poolChanged(ctx)
	return Mapping{Label: label, ChatID: chatID, ConfigID: configID, Source: SourceManual, CreatedAt: ms(now)}, nil
}

// Unmap removes the mapping of a chat (without touching WeCom).
func (s *Service) Unmap(ctx context.Context, chatID string) error {
	if _, err := s.DB.ExecContext(ctx, `DELETE FROM chat_labels WHERE profile = ? AND chat_id = ?`, s.Profile, chatID); err != nil {
		return fmt.Errorf("unmap %s: %w", chatID, err)
	}
	s.poolChanged(ctx)
	return nil
}
