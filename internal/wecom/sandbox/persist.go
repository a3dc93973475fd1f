package sandbox

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"
)

// Persist keeps the sandbox's WeCom state outside the process, so that several processes
// (the GUI, `wecomdev joinway …`, `wecomdev diagnose …`) on one data directory talk to the
// same sandbox WeCom, and it survives restarts. Every call runs inside Update: the server
// reloads the stored state when someone else changed it, applies the call, and stores
// the result in the same transaction.
type Persist interface {
	// Update runs fn in one exclusive transaction: no other Update, in this process or
	// another, runs between fn's Load and its Save. An error from fn rolls it back.
	Update(ctx context.Context, fn func(tx StateTx) error) error
	// Generation is how many times the state was wiped (StateTx.Wipe, by Reset): one
	// small read outside any transaction, for a process to notice that another one reset
	// the sandbox. 0 before the first reset.
	Generation(ctx context.Context) (int64, error)
}

// StateTx is the stored state inside one Update.
type StateTx interface {
	// Version is the stored state's version: 0 before anything was stored; it grows by
	// one with every Save.
	Version() int64
	// Load returns the stored state; nil when there is none (never stored, or wiped by
	// Reset): the server then starts from its seed.
	Load() ([]byte, error)
	// Save stores state (nil wipes it) as version Version()+1.
	Save(state []byte) error
	// Wipe wipes the state as Save(nil) does and starts a new generation.
	Wipe() error
}

// SQLPersist keeps the state in the sandbox_state table of wecomdev's database
// (internal/store, migration 6), one row. Storing the sandbox's secrets, tokens and
// tickets in a plain file is fine because they are not real: the sandbox makes them up
// and they open nothing but this fake server. A real profile's credentials never come
// here (they live in the OS keychain).
func SQLPersist(db *sql.DB) Persist { return sqlPersist{db} }

type sqlPersist struct{ db *sql.DB }

// Update takes SQLite's write lock before reading (BEGIN IMMEDIATE), so two processes
// cannot both read version N and both write N+1: the second waits (busy_timeout) and
// then reads the first one's state.
func (p sqlPersist) Update(ctx context.Context, fn func(tx StateTx) error) (err error) {
	conn, err := p.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sandbox state: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		return fmt.Errorf("sandbox state: lock: %w", err)
	}
	defer func() {
		if err != nil {
			_, _ = conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`)
		}
	}()
	tx := &sqlStateTx{ctx: ctx, conn: conn}
	err = conn.QueryRowContext(ctx, `SELECT version FROM sandbox_state WHERE id = 1`).Scan(&tx.version)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("sandbox state: read version: %w", err)
	}
	if err := fn(tx); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, `COMMIT`); err != nil {
		return fmt.Errorf("sandbox state: commit: %w", err)
	}
	return nil
}

type sqlStateTx struct {
	ctx     context.Context
	conn    *sql.Conn
	version int64
}

func (t *sqlStateTx) Version() int64 { return t.version }

func (t *sqlStateTx) Load() ([]byte, error) {
	var state []byte
	err := t.conn.QueryRowContext(t.ctx, `SELECT state FROM sandbox_state WHERE id = 1`).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sandbox state: load: %w", err)
	}
	return state, nil
}

// Generation reads the generation column (migration 7); no row yet is generation 0.
func (p sqlPersist) Generation(ctx context.Context) (int64, error) {
	var g int64
	err := p.db.QueryRowContext(ctx, `SELECT generation FROM sandbox_state WHERE id = 1`).Scan(&g)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("sandbox state: read generation: %w", err)
	}
	return g, nil
}

func (t *sqlStateTx) Wipe() error {
	_, err := t.conn.ExecContext(t.ctx,
		`INSERT INTO sandbox_state(id, version, state, updated_at, generation) VALUES (1, ?, NULL, ?, 1)
		 ON CONFLICT(id) DO UPDATE SET version = excluded.version, state = NULL, updated_at = excluded.updated_at,
		   generation = sandbox_state.generation + 1`,
		t.version+1, time.Now().UnixMilli())
	if err != nil {
		return fmt.Errorf("sandbox state: wipe: %w", err)
	}
	t.version++
	return nil
}

func (t *sqlStateTx) Save(state []byte) error {
	_, err := t.conn.ExecContext(t.ctx,
		`INSERT INTO sandbox_state(id, version, state, updated_at) VALUES (1, ?, ?, ?)
		 ON CONFLICT(id) DO UPDATE SET version = excluded.version, state = excluded.state, updated_at = excluded.updated_at`,
		t.version+1, state, time.Now().UnixMilli())
	if err != nil {
		return fmt.Errorf("sandbox state: save: %w", err)
	}
	t.version++
	return nil
}

// ---- the snapshot: everything a later call could observe ----

type snapshot struct {
	Corps     []corpSnap              `json:"corps"`
	Tokens    []tokenSnap             `json:"tokens"`
	QRImages  map[string]string       `json:"qrImages"`
	BadTokens map[string]badTokenSnap `json:"badTokens,omitempty"` // caller IP → its bad-token calls and block
}

type badTokenSnap struct {
	Calls        []time.Time `json:"calls,omitempty"`
	BlockedUntil time.Time   `json:"blockedUntil,omitzero"`
}

type corpSnap struct {
	ID         string      `json:"id"`
	Data       *Data       `json:"data"`
	CorpTicket ticketSnap  `json:"corpTicket"`
	TicketLog  []time.Time `json:"ticketLog"`
	Apps       []appSnap   `json:"apps"`
	// TicketBlockedUntil: the corp's ticket-quota block (tickets.go admitTicketFetch).
	TicketBlockedUntil time.Time `json:"ticketBlockedUntil,omitzero"`
}

type appSnap struct {
	AgentID            int64          `json:"agentId"`
	Secret             string         `json:"secret"`
	AllowedIPs         []string       `json:"allowedIps"`
	NoCustomerContact  bool           `json:"noCustomerContact"`
	VisibleUserIDs     []string       `json:"visibleUserIds,omitempty"`
	Token              string         `json:"token"`
	AppTicket          ticketSnap     `json:"appTicket"`
	TicketLog          []time.Time    `json:"ticketLog"`
	TicketBlockedUntil time.Time      `json:"ticketBlockedUntil,omitzero"`
	JoinWays           []JoinWay      `json:"joinWays"` // oldest first
	AutoRooms          map[string]int `json:"autoRooms"`
}

type ticketSnap struct {
	Value     string    `json:"value"`
	ExpiresAt time.Time `json:"expiresAt"`
}

func snapTicket(t ticketState) ticketSnap { return ticketSnap{Value: t.value, ExpiresAt: t.expiresAt} }

func (t ticketSnap) state() ticketState { return ticketState{value: t.Value, expiresAt: t.ExpiresAt} }

type tokenSnap struct {
	Token     string    `json:"token"`
	CorpID    string    `json:"corpId"`
	AgentID   int64     `json:"agentId"`
	ExpiresAt time.Time `json:"expiresAt"`
	Expired   bool      `json:"expired"`
}

// encodeState is the state as stored. encoding/json sorts map keys, so the same state
// always gives the same bytes: an unchanged state is not written again. Called with s.mu held.
func (s *Server) encodeState() ([]byte, error) {
	snap := snapshot{QRImages: s.qrImages}
	for ip, l := range s.badTokens {
		if snap.BadTokens == nil {
			snap.BadTokens = map[string]badTokenSnap{}
		}
		snap.BadTokens[ip] = badTokenSnap{Calls: l.calls, BlockedUntil: l.blockedUntil}
	}
	for _, c := range s.corps {
		cs := corpSnap{ID: c.id, Data: c.data, CorpTicket: snapTicket(c.corpTicket), TicketLog: c.ticketLog, TicketBlockedUntil: c.ticketBlockedUntil}
		for _, a := range c.apps {
			as := appSnap{
				AgentID: a.agentID, Secret: a.secret, AllowedIPs: a.allowedIPs, NoCustomerContact: a.noCustomerContact,
				VisibleUserIDs: a.visibleUserIDs, Token: a.token, AppTicket: snapTicket(a.appTicket), TicketLog: a.ticketLog, TicketBlockedUntil: a.ticketBlockedUntil, AutoRooms: a.autoRooms,
			}
			for _, id := range a.joinOrder {
				as.JoinWays = append(as.JoinWays, *a.joinWays[id])
			}
			cs.Apps = append(cs.Apps, as)
		}
		snap.Corps = append(snap.Corps, cs)
	}
	for tok, t := range s.tokens {
		snap.Tokens = append(snap.Tokens, tokenSnap{Token: tok, CorpID: t.app.corp.id, AgentID: t.app.agentID, ExpiresAt: t.expiresAt, Expired: t.expired})
	}
	// map order is random: sort the tokens so equal states encode equally
	sort.Slice(snap.Tokens, func(i, j int) bool { return snap.Tokens[i].Token < snap.Tokens[j].Token })
	return json.Marshal(snap)
}

// decodeState replaces the state with a stored one. Called with s.mu held.
func (s *Server) decodeState(raw []byte) error {
	var snap snapshot
	if err := json.Unmarshal(raw, &snap); err != nil {
		return fmt.Errorf("sandbox state: stored state is unreadable (run 'wecomdev sandbox reset'): %w", err)
	}
	corps := make([]*corpState, 0, len(snap.Corps))
	byID := map[string]*corpState{}
	for _, c := range snap.Corps {
		data := c.Data
		if data == nil {
			data = &Data{}
		}
		cs := &corpState{id: c.ID, data: data, corpTicket: c.CorpTicket.state(), ticketLog: c.TicketLog, ticketBlockedUntil: c.TicketBlockedUntil}
		for _, a := range c.Apps {
			as := &appState{
				corp: cs, agentID: a.AgentID, secret: a.Secret, allowedIPs: a.AllowedIPs, noCustomerContact: a.NoCustomerContact,
				visibleUserIDs: a.VisibleUserIDs, token: a.Token, appTicket: a.AppTicket.state(), ticketLog: a.TicketLog, ticketBlockedUntil: a.TicketBlockedUntil,
				joinWays: map[string]*JoinWay{}, autoRooms: a.AutoRooms,
			}
			if as.autoRooms == nil {
				as.autoRooms = map[string]int{}
			}
			for _, jw := range a.JoinWays {
				jw := jw
				as.joinWays[jw.ConfigID] = &jw
				as.joinOrder = append(as.joinOrder, jw.ConfigID)
			}
			cs.apps = append(cs.apps, as)
		}
		corps = append(corps, cs)
		byID[cs.id] = cs
	}
	tokens := map[string]*tokenState{}
	for _, t := range snap.Tokens {
		c := byID[t.CorpID]
		if c == nil {
			continue
		}
		for _, a := range c.apps {
			if a.agentID == t.AgentID {
				tokens[t.Token] = &tokenState{app: a, expiresAt: t.ExpiresAt, expired: t.Expired}
			}
		}
	}
	qr := snap.QRImages
	if qr == nil {
		qr = map[string]string{}
	}
	bad := map[string]*badTokenLog{}
	for ip, l := range snap.BadTokens {
		bad[ip] = &badTokenLog{calls: l.Calls, blockedUntil: l.BlockedUntil}
	}
	s.corps, s.byCorpID, s.tokens, s.qrImages, s.badTokens = corps, byID, tokens, qr, bad
	return nil
}

// errStoreFailed is what a call answers when the stored state could not be read or
// written: WeCom's -1 "system busy", which clients retry. The cause goes nowhere (the
// server never logs); StoreError tells tests and the workspace.
var errStoreFailed = apiErr(CodeSystemBusy)

// atomically runs fn against the latest stored state and stores what it changed, all in
// one Persist.Update; without a Persist it just runs fn. Called with s.mu held, which
// keeps this process's calls in order; the transaction keeps other processes out.
// When the transaction fails, the in-memory state may hold a change that was not
// stored, so the next call reloads.
func (s *Server) atomically(ctx context.Context, fn func()) error {
	if s.persist == nil {
		fn()
		return nil
	}
	err := s.persist.Update(ctx, func(tx StateTx) error {
		if v := tx.Version(); v != s.version || s.version < 0 {
			raw, err := tx.Load()
			if err != nil {
				return err
			}
			if raw == nil {
				s.seedState()
			} else if err := s.decodeState(raw); err != nil {
				return err
			}
			s.version, s.stored = v, raw
		}
		fn()
		out, err := s.encodeState()
		if err != nil {
			return err
		}
		if bytes.Equal(out, s.stored) {
			return nil
		}
		if err := tx.Save(out); err != nil {
			return err
		}
		s.version, s.stored = tx.Version(), out
		return nil
	})
	if err != nil {
		s.version = -1
	}
	s.lastStoreErr = err
	return err
}

// Generation counts the resets of the sandbox WeCom, as seen by every process that
// shares its state (with a Persist: one small database read, outside any lock). A
// process that keeps what the sandbox handed out (tokens, tickets) compares it with the
// generation it fetched them in, to notice that another process reset the sandbox.
func (s *Server) Generation(ctx context.Context) (int64, error) {
	if s.persist == nil {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.generation, nil
	}
	return s.persist.Generation(ctx)
}

// StoreError returns the last error of the Persist, nil when the last stored call went
// well or there is no Persist.
func (s *Server) StoreError() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastStoreErr
}

// Reset forgets everything the sandbox WeCom holds (tokens, tickets and their quota logs,
// join ways, groups made since, customers' remarks, generated secrets): the next call
// starts from the seed of Options, with new random secrets. With a Persist, the stored
// state is wiped for every process that shares it.
func (s *Server) Reset(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.persist == nil {
		s.seedState()
		s.generation++
		return nil
	}
	err := s.persist.Update(ctx, func(tx StateTx) error {
		if err := tx.Wipe(); err != nil {
			return err
		}
		s.seedState()
		s.version, s.stored = tx.Version(), nil
		return nil
	})
	if err != nil {
		s.version = -1
		return err
	}
	return nil
}
