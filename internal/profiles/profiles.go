// Package profiles keeps the WeCom apps the console works with: name, corp ID, agent ID,
// API base URL and trusted domains, in the local database. The corp secret is not here:
// it lives in the OS keychain (internal/secrets).
package profiles

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"wecomdev/internal/wecom"
)

// SandboxName is the built-in profile that talks to the in-process sandbox WeCom.
const SandboxName = "sandbox"

var (
	ErrNotFound = errors.New("no such profile")
	ErrExists   = errors.New("a profile with this name exists")
	ErrInvalid  = errors.New("invalid profile")
	ErrBuiltin  = errors.New("the sandbox profile is built in")
)

// Profile is one WeCom app.
type Profile struct {
	Name           string    `json:"name"`
	CorpID         string    `json:"corpId"`
	AgentID        int64     `json:"agentId"`
	APIBase        string    `json:"apiBase"` // "" for the sandbox (its address is known only at run time)
	TrustedDomains []string  `json:"trustedDomains"`
	Sandbox        bool      `json:"sandbox"`
	CreatedAt      time.Time `json:"-"`
	UpdatedAt      time.Time `json:"-"`
}

// InvalidError names the field that is wrong and how to fix it.
type InvalidError struct {
	Field string
	Msg   string
}

func (e *InvalidError) Error() string        { return e.Field + ": " + e.Msg }
func (e *InvalidError) Is(target error) bool { return target == ErrInvalid }

var (
	nameRe   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
	corpIDRe = regexp.MustCompile(`^[A-Za-z0-9]{1,64}$`)
	hostRe   = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$`)
)

// Normalize trims the fields, fills the default API base and turns each trusted domain
// into a lower-case host[:port] (a pasted URL keeps its host), then validates.
func Normalize(p Profile) (Profile, error) {
	p.Name = strings.TrimSpace(p.Name)
	p.CorpID = strings.TrimSpace(p.CorpID)
	p.APIBase = strings.TrimSpace(p.APIBase)
	if !nameRe.MatchString(p.Name) {
		return p, &InvalidError{"name", fmt.Sprintf("%q: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit", p.Name)}
	}
	if !corpIDRe.MatchString(p.CorpID) {
		return p, &InvalidError{"corpId", fmt.Sprintf("%q: the corp ID is letters and digits, like ww1234567890abcdef (My Company → Company Info)", p.CorpID)}
	}
	if p.AgentID <= 0 {
		return p, &InvalidError{"agentId", fmt.Sprintf("%d: the agent ID is a positive number, like 1000002 (App Management → the app)", p.AgentID)}
	}
	if !p.Sandbox {
		if p.APIBase == "" {
			p.APIBase = wecom.DefaultBaseURL
		}
		u, err := wecom.ValidateBaseURL(p.APIBase)
		if err != nil {
			return p, &InvalidError{"apiBase", err.Error()}
		}
		p.APIBase = u.String()
	}
	domains := make([]string, 0, len(p.TrustedDomains))
	for _, d := range p.TrustedDomains {
		host, err := normalizeHost(d)
		if err != nil {
			return p, &InvalidError{"trustedDomains", err.Error()}
		}
		if host != "" && !slices.Contains(domains, host) {
			domains = append(domains, host)
		}
	}
	p.TrustedDomains = domains
	return p, nil
}

func normalizeHost(raw string) (string, error) {
	s := strings.ToLower(strings.TrimSpace(raw))
	if s == "" {
		return "", nil
	}
	if strings.Contains(s, "://") {
		u, err := url.Parse(s)
		if err != nil || u.Host == "" {
			return "", fmt.Errorf("%q is not a host: give the domain only, like h5.example.com", raw)
		}
		s = u.Host
	}
	s = strings.TrimSuffix(s, "/")
	if !hostRe.MatchString(s) {
		return "", fmt.Errorf("%q is not a host: give the domain only, like h5.example.com (a port is allowed: h5.example.com:8443)", raw)
	}
	if h, _, err := net.SplitHostPort(s); err == nil && net.ParseIP(h) != nil || net.ParseIP(s) != nil {
		return "", fmt.Errorf("%q is an IP address: WeCom trusted domains must be ICP-filed domain names", raw)
	}
	return s, nil
}

// Store reads and writes profiles.
type Store struct {
	db  *sql.DB
	now func() time.Time
}

// New returns a Store over the database opened by internal/store.
func New(db *sql.DB) *Store { return &Store{db: db, now: time.Now} }

// EnsureSandbox creates the built-in sandbox profile when it is missing.
func (s *Store) EnsureSandbox(ctx context.Context, corpID string, agentID int64) error {
	now := s.now().UnixMilli()
	_, err := s.db.ExecContext(ctx,
		`INSERT INTO profiles(name, corp_id, agent_id, api_base, trusted_domains, sandbox, created_at, updated_at)
		 VALUES (?, ?, ?, '', '[]', 1, ?, ?) ON CONFLICT(name) DO NOTHING`,
		SandboxName, corpID, agentID, now, now)
	if err != nil {
		return fmt.Errorf("create the sandbox profile: %w", err)
	}
	return nil
}

const columns = `name, corp_id, agent_id, api_base, trusted_domains, sandbox, created_at, updated_at`

type scanner interface{ Scan(...any) error }

func scan(row scanner) (Profile, error) {
	var p Profile
	var domains string
	var created, updated int64
	if err := row.Scan(&p.Name, &p.CorpID, &p.AgentID, &p.APIBase, &domains, &p.Sandbox, &created, &updated); err != nil {
		return Profile{}, err
	}
	if err := json.Unmarshal([]byte(domains), &p.TrustedDomains); err != nil || p.TrustedDomains == nil {
		p.TrustedDomains = []string{}
	}
	p.CreatedAt, p.UpdatedAt = time.UnixMilli(created), time.UnixMilli(updated)
	return p, nil
}

// List returns every profile, the sandbox first, then by name.
func (s *Store) List(ctx context.Context) ([]Profile, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+columns+` FROM profiles ORDER BY sandbox DESC, name`)
	if err != nil {
		return nil, fmt.Errorf("list profiles: %w", err)
	}
	defer rows.Close()
	out := []Profile{}
	for rows.Next() {
		p, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("list profiles: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Get returns one profile.
func (s *Store) Get(ctx context.Context, name string) (Profile, error) {
	p, err := scan(s.db.QueryRowContext(ctx, `SELECT `+columns+` FROM profiles WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return Profile{}, fmt.Errorf("%w: %q (see 'wecomdev profile list')", ErrNotFound, name)
	}
	if err != nil {
		return Profile{}, fmt.Errorf("read profile %q: %w", name, err)
	}
	return p, nil
}

// Add stores a new profile.
func (s *Store) Add(ctx context.Context, p Profile) (Profile, error) {
	p.Sandbox = false
	p, err := Normalize(p)
	if err != nil {
		return Profile{}, err
	}
	domains, _ := json.Marshal(p.TrustedDomains)
	now := s.now()
	_, err = s.db.ExecContext(ctx, `INSERT INTO profiles(`+columns+`) VALUES (?, ?, ?, ?, ?, 0, ?, ?)`,
		p.Name, p.CorpID, p.AgentID, p.APIBase, string(domains), now.UnixMilli(), now.UnixMilli())
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") || strings.Contains(err.Error(), "PRIMARY KEY") {
			return Profile{}, fmt.Errorf("%w: %q", ErrExists, p.Name)
		}
		return Profile{}, fmt.Errorf("save profile %q: %w", p.Name, err)
	}
	return s.Get(ctx, p.Name)
}

// Update replaces the profile named original with p (a new name renames it). The
// sandbox profile takes only new trusted domains.
func (s *Store) Update(ctx context.Context, original string, p Profile) (Profile, error) {
	old, err := s.Get(ctx, original)
	if err != nil {
		return Profile{}, err
	}
	if old.Sandbox {
		if p.Name != old.Name && p.Name != "" {
			return Profile{}, fmt.Errorf("%w: it cannot be renamed", ErrBuiltin)
		}
		domains := p.TrustedDomains
		p = old
		p.TrustedDomains = domains
	}
	p, err = Normalize(p)
	if err != nil {
		return Profile{}, err
	}
	domains, _ := json.Marshal(p.TrustedDomains)
	res, err := s.db.ExecContext(ctx,
		`UPDATE profiles SET name = ?, corp_id = ?, agent_id = ?, api_base = ?, trusted_domains = ?, updated_at = ? WHERE name = ?`,
		p.Name, p.CorpID, p.AgentID, p.APIBase, string(domains), s.now().UnixMilli(), original)
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") || strings.Contains(err.Error(), "PRIMARY KEY") {
			return Profile{}, fmt.Errorf("%w: %q", ErrExists, p.Name)
		}
		return Profile{}, fmt.Errorf("save profile %q: %w", p.Name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Profile{}, fmt.Errorf("%w: %q", ErrNotFound, original)
	}
	return s.Get(ctx, p.Name)
}

// Remove deletes a profile (not the sandbox). The caller removes its keychain items.
func (s *Store) Remove(ctx context.Context, name string) error {
	p, err := s.Get(ctx, name)
	if err != nil {
		return err
	}
	if p.Sandbox {
		return fmt.Errorf("%w: it cannot be removed", ErrBuiltin)
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM profiles WHERE name = ?`, name); err != nil {
		return fmt.Errorf("remove profile %q: %w", name, err)
	}
	return nil
}
