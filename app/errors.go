package app

import (
	"context"
	"errors"
	"fmt"

	"wecomdev/internal/settings"
)

// Error codes that cross the bridge. The UI translates by code (frontend i18n key
// errors.CODE); Go never returns translated text.
const (
	CodeSettingsInvalid = "SETTINGS_INVALID"
	CodeTimeout         = "TIMEOUT"
	CodeInternal        = "INTERNAL"
)

// bridge turns an internal error into the one stable form the UI parses: "CODE: message".
func bridge(err error) error {
	if err == nil {
		return nil
	}
	code := CodeInternal
	switch {
	case errors.Is(err, settings.ErrInvalid):
		code = CodeSettingsInvalid
	case errors.Is(err, context.DeadlineExceeded):
		code = CodeTimeout
	}
	return fmt.Errorf("%s: %w", code, err)
}
