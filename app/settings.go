package app

import (
	"context"
	"time"

	"wecomdev/internal/settings"
)

// callTimeout bounds each local-database call made for the UI.
const callTimeout = 5 * time.Second

// SettingsService is the UI's access to language and theme.
type SettingsService struct {
	store *settings.Store
	rt    Runtime
}

// NewSettingsService binds a settings store to the runtime that carries its events.
func NewSettingsService(store *settings.Store, rt Runtime) *SettingsService {
	return &SettingsService{store: store, rt: rt}
}

// Get returns the current settings.
func (s *SettingsService) Get() (settings.Snapshot, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	snap, err := s.store.Get(ctx)
	return snap, bridge(err)
}

// SetLanguage saves the UI language ("system", "zh-CN", "en-US") and announces the change.
func (s *SettingsService) SetLanguage(language string) (settings.Snapshot, error) {
	return s.change(func(ctx context.Context) (settings.Snapshot, error) { return s.store.SetLanguage(ctx, language) })
}

// SetTheme saves the theme ("system", "light", "dark") and announces the change.
func (s *SettingsService) SetTheme(theme string) (settings.Snapshot, error) {
	return s.change(func(ctx context.Context) (settings.Snapshot, error) { return s.store.SetTheme(ctx, theme) })
}

func (s *SettingsService) change(set func(context.Context) (settings.Snapshot, error)) (settings.Snapshot, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	snap, err := set(ctx)
	if err != nil {
		return settings.Snapshot{}, bridge(err)
	}
	s.rt.Emit(EventSettingsChanged, snap)
	return snap, nil
}
