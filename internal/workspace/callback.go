package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode"

	"wecomdev/internal/callback"
	"wecomdev/internal/profiles"
	"wecomdev/internal/secrets"
)

// A profile's callback Token and EncodingAESKey (the admin console's 接收消息 → 设置API接收,
// developer.work.weixin.qq.com/document/path/90930) live in the keychain like its corp
// secret, as one item, so a half-written pair never exists. Headless, the two environment
// variables stand in for one run and are never stored.
const (
	EnvCallbackToken  = "WECOMDEV_CALLBACK_TOKEN"
	EnvCallbackAESKey = "WECOMDEV_CALLBACK_AES_KEY"
)

// callbackItem is the keychain item of a profile's callback keys.
const callbackItem = "callback-keys"

// ErrNoCallbackKeys: the profile has no callback Token and EncodingAESKey.
var ErrNoCallbackKeys = errors.New("no callback keys")

// Callback-key states, as `callback show` and the UI show them (the SecretState values).
const (
	CallbackKeysStored  = SecretStored
	CallbackKeysMissing = SecretMissing
	CallbackKeysEnv     = SecretEnv
	CallbackKeysUnknown = SecretUnknown
)

// callbackItemJSON is the keychain item's value.
type callbackItemJSON struct {
	Token          string `json:"token"`
	EncodingAESKey string `json:"encodingAESKey"`
}

// CheckCallbackKeys checks a Token and EncodingAESKey before they are stored. The Token is
// "any text the corp chooses" (90930); what the console's 随机获取 makes is 32 letters and
// digits, and no space or control character can survive a copy-paste into the console, so
// only printable ASCII without spaces, at most 128 characters, is taken (a guess, on the
// strict side). The EncodingAESKey is 43 characters from a-z A-Z 0-9 (90968).
func CheckCallbackKeys(k callback.Keys) (callback.Keys, error) {
	k.Token, k.EncodingAESKey = strings.TrimSpace(k.Token), strings.TrimSpace(k.EncodingAESKey)
	if k.Token == "" {
		return k, fmt.Errorf("%w: the callback token is empty", ErrSecretInvalid)
	}
	if len(k.Token) > 128 {
		return k, fmt.Errorf("%w: a callback token of %d characters is longer than WeCom's console takes; did you paste more than the token?", ErrSecretInvalid, len(k.Token))
	}
	for _, r := range k.Token {
		if r > unicode.MaxASCII || unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return k, fmt.Errorf("%w: the callback token contains a space or a character outside printable ASCII", ErrSecretInvalid)
		}
	}
	if err := callback.CheckAESKey(k.EncodingAESKey); err != nil {
		return k, fmt.Errorf("%w: %w", ErrSecretInvalid, err)
	}
	return k, nil
}

// CallbackKeys returns a profile's callback keys: each from its environment variable when
// set, else from the keychain. ErrNoCallbackKeys when neither has them.
func (e *Workspace) CallbackKeys(ctx context.Context, profile string) (callback.Keys, error) {
	p, err := e.profileStore.Get(ctx, profile)
	if err != nil {
		return callback.Keys{}, err
	}
	envKeys := callback.Keys{Token: e.getenv(EnvCallbackToken), EncodingAESKey: e.getenv(EnvCallbackAESKey)}
	if envKeys.Token != "" && envKeys.EncodingAESKey != "" {
		k, err := CheckCallbackKeys(envKeys)
		if err != nil {
			return k, fmt.Errorf("%s / %s: %w", EnvCallbackToken, EnvCallbackAESKey, err)
		}
		return k, nil
	}
	k, err := e.storedCallbackKeys(ctx, p.Name)
	if errors.Is(err, secrets.ErrNotFound) {
		if envKeys.Token != "" || envKeys.EncodingAESKey != "" {
			return callback.Keys{}, fmt.Errorf("%w for profile %q: set both %s and %s, or neither: %w", ErrNoCallbackKeys, p.Name, EnvCallbackToken, EnvCallbackAESKey, err)
		}
		return callback.Keys{}, fmt.Errorf("%w for profile %q: set them with 'wecomdev callback set %s' (or --generate), or in the Callbacks area: %w", ErrNoCallbackKeys, p.Name, p.Name, err)
	}
	if err != nil {
		return callback.Keys{}, err
	}
	if envKeys.Token != "" {
		k.Token = envKeys.Token
	}
	if envKeys.EncodingAESKey != "" {
		k.EncodingAESKey = envKeys.EncodingAESKey
	}
	return CheckCallbackKeys(k)
}

func (e *Workspace) storedCallbackKeys(ctx context.Context, profile string) (callback.Keys, error) {
	v, err := e.keychain.Get(ctx, secrets.ProfileKey(profile, callbackItem))
	if err != nil {
		return callback.Keys{}, err
	}
	var item callbackItemJSON
	if err := json.Unmarshal([]byte(v), &item); err != nil {
		// never wrap the JSON error: it could quote the value
		return callback.Keys{}, fmt.Errorf("the keychain item %q is not what wecomdev stored; set the callback keys again", secrets.ProfileKey(profile, callbackItem))
	}
	return callback.Keys{Token: item.Token, EncodingAESKey: item.EncodingAESKey}, nil
}

// SetCallbackKeys checks and stores a profile's callback keys in the keychain.
func (e *Workspace) SetCallbackKeys(ctx context.Context, profile string, k callback.Keys) error {
	p, err := e.profileStore.Get(ctx, profile)
	if err != nil {
		return err
	}
	k, err = CheckCallbackKeys(k)
	if err != nil {
		return err
	}
	v, err := json.Marshal(callbackItemJSON{Token: k.Token, EncodingAESKey: k.EncodingAESKey})
	if err != nil {
		return err
	}
	return e.keychain.Set(ctx, secrets.ProfileKey(p.Name, callbackItem), string(v))
}

// DeleteCallbackKeys removes a profile's callback keys from the keychain.
func (e *Workspace) DeleteCallbackKeys(ctx context.Context, profile string) error {
	p, err := e.profileStore.Get(ctx, profile)
	if err != nil {
		return err
	}
	return e.keychain.Delete(ctx, secrets.ProfileKey(p.Name, callbackItem))
}

// CallbackKeysState tells where a profile's callback keys come from, without reading them out.
func (e *Workspace) CallbackKeysState(ctx context.Context, p profiles.Profile) string {
	if e.getenv(EnvCallbackToken) != "" && e.getenv(EnvCallbackAESKey) != "" {
		return CallbackKeysEnv
	}
	_, err := e.keychain.Get(ctx, secrets.ProfileKey(p.Name, callbackItem))
	switch {
	case err == nil:
		return CallbackKeysStored
	case errors.Is(err, secrets.ErrNotFound):
		return CallbackKeysMissing
	default:
		return CallbackKeysUnknown
	}
}

// CallbackCrypter is the profile's callback crypto: its keys, and its corpid as the
// receiveid (a corp's own app; 90968 附注). A suite's callbacks use the suiteid: the probe
// takes another receiveid for that.
func (e *Workspace) CallbackCrypter(ctx context.Context, profile string) (*callback.Crypter, error) {
	p, err := e.profileStore.Get(ctx, profile)
	if err != nil {
		return nil, err
	}
	k, err := e.CallbackKeys(ctx, p.Name)
	if err != nil {
		return nil, err
	}
	return callback.NewCrypter(k.Token, k.EncodingAESKey, p.CorpID)
}

// callbackItemKey is the keychain key of a profile's callback keys (renames and removals
// move and delete it with the corp secret).
func callbackItemKey(profile string) string { return secrets.ProfileKey(profile, callbackItem) }

// ProbeCallback plays WeCom against a callback URL with the profile's keys. receiveID ""
// is the profile's corpid (a corp's own app); a suite's suiteid names the other case.
// client nil: the probe's own (no redirects).
func (e *Workspace) ProbeCallback(ctx context.Context, profile, target, receiveID string, client *http.Client) (callback.Report, error) {
	p, err := e.profileStore.Get(ctx, profile)
	if err != nil {
		return callback.Report{}, err
	}
	k, err := e.CallbackKeys(ctx, p.Name)
	if err != nil {
		return callback.Report{}, err
	}
	if receiveID == "" {
		receiveID = p.CorpID
	}
	c, err := callback.NewCrypter(k.Token, k.EncodingAESKey, receiveID)
	if err != nil {
		return callback.Report{}, err
	}
	return callback.Probe(ctx, c, callback.ProbeOptions{URL: target, CorpID: p.CorpID, AgentID: strconv.FormatInt(p.AgentID, 10), Client: client})
}
