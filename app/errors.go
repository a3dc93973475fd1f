package app

import (
	"context"
	"errors"
	"fmt"

	"wecomdev/internal/devserver"
	"wecomdev/internal/diagnose"
	"wecomdev/internal/errcode"
	"wecomdev/internal/profiles"
	"wecomdev/internal/settings"
	"wecomdev/internal/tickets"
	"wecomdev/internal/wecom"
	"wecomdev/internal/workspace"
)

// Error codes that cross the bridge. The UI translates by code (frontend i18n key
// errors.CODE); Go never returns translated text. WeCom's own errors cross as WECOM_<n>.
const (
	CodeSettingsInvalid = "SETTINGS_INVALID"
	CodeProfileNotFound = "PROFILE_NOT_FOUND"
	CodeProfileExists   = "PROFILE_EXISTS"
	CodeProfileInvalid  = "PROFILE_INVALID"
	CodeProfileBuiltin  = "PROFILE_BUILTIN"
	CodeSecretInvalid   = "SECRET_INVALID"
	CodeURLInvalid      = "URL_INVALID"
	CodeListenFailed    = "LISTEN_FAILED"
	CodeVerifyInvalid   = "VERIFY_FILE_INVALID"
	CodeRequestNotFound = "REQUEST_NOT_FOUND"
	CodeDiagnoseInput   = "DIAGNOSE_INVALID"
	CodeEntryInvalid    = "ENTRY_INVALID" // the emulator's entry or its ids (DevServerService.SetEntry)
	CodeTimeout         = errcode.Timeout
	CodeInternal        = errcode.Internal
)

// Code returns the bridge code of an error.
func Code(err error) string {
	switch {
	case errors.Is(err, settings.ErrInvalid):
		return CodeSettingsInvalid
	case errors.Is(err, profiles.ErrNotFound):
		return CodeProfileNotFound
	case errors.Is(err, profiles.ErrExists):
		return CodeProfileExists
	case errors.Is(err, profiles.ErrInvalid), errors.Is(err, wecom.ErrBaseURL): // a profile stored before a rule: its API base
		return CodeProfileInvalid
	case errors.Is(err, profiles.ErrBuiltin):
		return CodeProfileBuiltin
	case errors.Is(err, workspace.ErrSecretInvalid):
		return CodeSecretInvalid
	case errors.Is(err, workspace.ErrURLInvalid):
		return CodeURLInvalid
	case errors.Is(err, devserver.ErrListen):
		return CodeListenFailed
	case errors.Is(err, devserver.ErrVerifyFile):
		return CodeVerifyInvalid
	case errors.Is(err, devserver.ErrNoEntry):
		return CodeRequestNotFound
	case errors.Is(err, diagnose.ErrInvalidInput), errors.Is(err, diagnose.ErrAuditInput):
		return CodeDiagnoseInput
	case errors.Is(err, context.DeadlineExceeded):
		return CodeTimeout
	}
	return tickets.Code(err) // WECOM_n, KEYCHAIN_*, SECRET_MISSING, BUDGET_CONFIRM, RATE_LIMITED, INTERNAL
}

// bridge turns an internal error into the one stable form the UI parses: "CODE: message".
func bridge(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", Code(err), err)
}
