package joinway

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Statuses of a registry row.
const (
	// StatusPending: the intent was written and add_join_way called, but no config_id was
	// stored. If no call is running, WeCom may hold a config nobody knows the id of.
	StatusPending = "pending"
	// StatusCreated: add_join_way answered; get_join_way has not been stored yet.
	StatusCreated = "created"
	// StatusReady: the config as get_join_way returned it, with its QR code.
	StatusReady = "ready"
	// StatusAbandoned: a pending intent the user chose to leave behind (--force). Kept as
	// the record of a possible orphan.
	StatusAbandoned = "abandoned"
)

// Entry is one join way of the registry. It never holds the QR image itself (Image does).
type Entry struct {
	ID         int64     `json:"id"`
	Profile    string    `json:"profile"`
	ConfigID   string    `json:"configId"`
	Status     string    `json:"status"`
	Config     Config    `json:"config"`
	QRURL      string    `json:"qrUrl"`
	JoinLink   string    `json:"joinLink"` // the link the QR image encodes, when it could be read
	HasImage   bool      `json:"hasImage"`
	ImageError string    `json:"imageError,omitempty"`
	LastError  string    `json:"lastError,omitempty"`
	IntentAt   time.Time `json:"intentAt"`
	CreatedAt  time.Time `json:"createdAt,omitzero"` // zero while pending
	UpdatedAt  time.Time `json:"updatedAt,omitzero"`
	ReadAt     time.Time `json:"readAt,omitzero"` // last get_join_way
	// Joins: who joined by this row's state, as callbacks told (joins.go); filled by List.
	Joins []Join `json:"joins"`
}

// ErrNotFound: no registry row matches.
var ErrNotFound = errors.New("not in the join-way registry")

const entryCols = `id, profile, config_id, status, scene, remark, auto_create_room, room_base_name,
	room_base_id, chat_ids, state, mark_source, qr_url, qr_image IS NOT NULL, join_link, image_error,
	last_error, intent_at, created_at, updated_at, read_at`

type scanner interface{ Scan(dest ...any) error }

func ms(t int64) time.Time {
	if t == 0 {
		return time.Time{}
	}
	return time.UnixMilli(t)
}

func toMS(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func scanEntry(s scanner) (Entry, error) {
	var e Entry
	var chats string
	var intent, created, updated, read int64
	err := s.Scan(&e.ID, &e.Profile, &e.ConfigID, &e.Status, &e.Config.Scene, &e.Config.Remark,
		&e.Config.AutoCreateRoom, &e.Config.RoomBaseName, &e.Config.RoomBaseID, &chats, &e.Config.State,
		&e.Config.MarkSource, &e.QRURL, &e.HasImage, &e.JoinLink, &e.ImageError, &e.LastError,
		&intent, &created, &updated, &read)
	if err != nil {
		return Entry{}, err
	}
	if err := json.Unmarshal([]byte(chats), &e.Config.ChatIDs); err != nil || e.Config.ChatIDs == nil {
		e.Config.ChatIDs = []string{}
	}
	e.IntentAt, e.CreatedAt, e.UpdatedAt, e.ReadAt = ms(intent), ms(created), ms(updated), ms(read)
	return e, nil
}

func chatsJSON(ids []string) string {
	if ids == nil {
		ids = []string{}
	}
	b, _ := json.Marshal(ids)
	return string(b)
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// List returns the profile's registry, newest first.
func (s *Service) List(ctx context.Context) ([]Entry, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+entryCols+` FROM join_ways WHERE profile = ? ORDER BY intent_at DESC, id DESC`, s.Profile)
	if err != nil {
		return nil, fmt.Errorf("read the join-way registry: %w", err)
	}
	defer rows.Close()
	out := []Entry{}
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, fmt.Errorf("read the join-way registry: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	joins, err := s.Joins(ctx)
	if err != nil {
		return nil, err
	}
	attachJoins(out, joins)
	return out, nil
}

// Entry returns one registry row by its id.
func (s *Service) Entry(ctx context.Context, id int64) (Entry, error) {
	return s.entryWhere(ctx, s.DB, `id = ?`, id)
}

// ByConfigID returns the registry row of a config_id.
func (s *Service) ByConfigID(ctx context.Context, configID string) (Entry, error) {
	return s.entryWhere(ctx, s.DB, `config_id = ? AND config_id <> ''`, configID)
}

func (s *Service) byState(ctx context.Context, q querier, state string) (Entry, error) {
	return s.entryWhere(ctx, q, `state = ? AND state <> '' AND status IN ('pending', 'created', 'ready')`, state)
}

func (s *Service) entryWhere(ctx context.Context, q querier, where string, args ...any) (Entry, error) {
	e, err := scanEntry(q.QueryRowContext(ctx, `SELECT `+entryCols+` FROM join_ways WHERE profile = ? AND `+where+` ORDER BY id DESC LIMIT 1`,
		append([]any{s.Profile}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return Entry{}, ErrNotFound
	}
	if err != nil {
		return Entry{}, fmt.Errorf("read the join-way registry: %w", err)
	}
	return e, nil
}

// Image returns the stored QR image of a registry row (PNG or JPEG, as WeCom served it).
func (s *Service) Image(ctx context.Context, id int64) ([]byte, error) {
	var img []byte
	err := s.DB.QueryRowContext(ctx, `SELECT qr_image FROM join_ways WHERE profile = ? AND id = ?`, s.Profile, id).Scan(&img)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read the QR image: %w", err)
	}
	if len(img) == 0 {
		return nil, fmt.Errorf("%w: join way %d has no stored QR image", ErrNotFound, id)
	}
	return img, nil
}

// insertIntent writes the intent to add a config, before add_join_way is called.
func (s *Service) insertIntent(ctx context.Context, q querier, c Config) (int64, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO join_ways(profile, corp_id, agent_id, status, scene, remark,
		auto_create_room, room_base_name, room_base_id, chat_ids, state, mark_source, intent_at)
		VALUES (?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.Profile, s.CorpID, s.AgentID, c.Scene, c.Remark, c.AutoCreateRoom, c.RoomBaseName, c.RoomBaseID,
		chatsJSON(c.ChatIDs), c.State, c.MarkSource, s.now().UnixMilli())
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return 0, fmt.Errorf("%w: state %q", ErrStateInUse, c.State)
		}
		return 0, fmt.Errorf("write the join-way intent: %w", err)
	}
	return res.LastInsertId()
}

// Forget removes a row from the registry without calling WeCom: for pending or abandoned
// intents, and for configs WeCom no longer has.
func (s *Service) Forget(ctx context.Context, id int64) error {
	res, err := s.DB.ExecContext(ctx, `DELETE FROM join_ways WHERE profile = ? AND id = ?`, s.Profile, id)
	if err != nil {
		return fmt.Errorf("forget join way %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: join way %d", ErrNotFound, id)
	}
	_, _ = s.DB.ExecContext(ctx, `UPDATE chat_labels SET config_id = '' WHERE profile = ? AND config_id <> '' AND config_id NOT IN
		(SELECT config_id FROM join_ways WHERE profile = ? AND config_id <> '')`, s.Profile, s.Profile)
	return nil
}
