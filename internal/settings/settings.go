// Package settings keeps the user's UI preferences (language and theme) in the local database.
package settings

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The values each setting takes. "system" follows the operating system.
const (
	System = "system"

	LanguageZhCN = "zh-CN"
	LanguageEnUS = "en-US"

	ThemeLight = "light"
	ThemeDark  = "dark"
)

var (
	languages = []string{System, LanguageZhCN, LanguageEnUS}
	themes    = []string{System, ThemeLight, ThemeDark}
)

// ErrInvalid marks a value a setting does not take.
var ErrInvalid = errors.New("invalid setting")

// InvalidError says which setting got which value, and which values it takes.
type InvalidError struct {
	Setting string
	Value   string
	Allowed []string
}

func (e *InvalidError) Error() string {
	return fmt.Sprintf("%s must be one of %s (got %q)", e.Setting, strings.Join(e.Allowed, ", "), e.Value)
}

func (e *InvalidError) Is(target error) bool { return target == ErrInvalid }

// Snapshot is what the UI needs: the stored choices, and the system language the
// "system" choice resolves to ("" when the OS does not say; the UI then asks the webview).
type Snapshot struct {
	Language       string `json:"language"`
	Theme          string `json:"theme"`
	SystemLanguage string `json:"systemLanguage"`
}

// Store reads and writes settings.
type Store struct {
	db             *sql.DB
	systemLanguage func() string
	now            func() time.Time
}

// New returns a Store over db (opened by internal/store); systemLanguage reports the OS language.
func New(db *sql.DB, systemLanguage func() string) *Store {
	return &Store{db: db, systemLanguage: systemLanguage, now: time.Now}
}

// Get returns the current settings. A value that is missing, or that no longer
// means anything (an older or hand-edited database), reads as "system".
func (s *Store) Get(ctx context.Context) (Snapshot, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT key, value FROM settings WHERE key IN ('language', 'theme')`)
	if err != nil {
		return Snapshot{}, fmt.Errorf("read settings: %w", err)
	}
	defer rows.Close()
	snap := Snapshot{Language: System, Theme: System, SystemLanguage: s.systemLanguage()}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return Snapshot{}, fmt.Errorf("read settings: %w", err)
		}
		switch {
		case k == "language" && slices.Contains(languages, v):
			snap.Language = v
		case k == "theme" && slices.Contains(themes, v):
			snap.Theme = v
		}
	}
	if err := rows.Err(); err != nil {
		return Snapshot{}, fmt.Errorf("read settings: %w", err)
	}
	return snap, nil
}

// SetLanguage stores the UI language: "system", "zh-CN" or "en-US".
func (s *Store) SetLanguage(ctx context.Context, v string) (Snapshot, error) {
	return s.set(ctx, "language", v, languages)
}

// SetTheme stores the theme: "system", "light" or "dark".
func (s *Store) SetTheme(ctx context.Context, v string) (Snapshot, error) {
	return s.set(ctx, "theme", v, themes)
}

func (s *Store) set(ctx context.Context, key, v string, allowed []string) (Snapshot, error) {
	if !slices.Contains(allowed, v) {
		return Snapshot{}, &InvalidError{Setting: key, Value: v, Allowed: allowed}
	}
	_, err := s.db.ExecContext(ctx,
		`INSERT INTO settings(key, value, updated_at) VALUES (?, ?, ?)
		 ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
		key, v, s.now().Unix())
	if err != nil {
		return Snapshot{}, fmt.Errorf("save %s: %w", key, err)
	}
	return s.Get(ctx)
}
