// Package errcode gives an error its stable code for the UI, the CLI's JSON and events:
// "WECOM_60020", "KEYCHAIN_UNAVAILABLE", … The UI translates by code.
package errcode

import (
	"context"
	"errors"
	"strconv"

	"wecomdev/internal/secrets"
	"wecomdev/internal/wecom"
)

// Codes for errors that are not WeCom's own.
const (
	KeychainUnavailable = "KEYCHAIN_UNAVAILABLE"
	KeychainTimeout     = "KEYCHAIN_TIMEOUT"
	SecretMissing       = "SECRET_MISSING"
	WeComUnreachable    = "WECOM_UNREACHABLE"
	Timeout             = "TIMEOUT"
	Internal            = "INTERNAL"
)

// Of returns the code for err: WECOM_<errcode> for WeCom's answers, one of the constants
// above otherwise, "" when it knows none.
func Of(err error) string {
	var apiErr *wecom.APIError
	var transport *wecom.TransportError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &apiErr):
		return "WECOM_" + strconv.Itoa(apiErr.Code)
	case errors.Is(err, secrets.ErrTimeout):
		return KeychainTimeout
	case errors.Is(err, secrets.ErrUnavailable):
		return KeychainUnavailable
	case errors.Is(err, secrets.ErrNotFound):
		return SecretMissing
	case errors.As(err, &transport):
		return WeComUnreachable
	case errors.Is(err, context.DeadlineExceeded):
		return Timeout
	}
	return ""
}
