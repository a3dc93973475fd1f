// Package store opens wecomdev's local database: one SQLite file in the data directory,
// through the pure-Go modernc.org/sqlite driver (no cgo, so `go test` and cross-builds
// need no C toolchain for it). It holds non-secret data only; secrets live in the OS
// keychain.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// FileName is the database file inside the data directory.
const FileName = "wecomdev.db"

// ErrTooNew is returned when the database was written by a newer wecomdev.
var ErrTooNew = errors.New("database was written by a newer wecomdev")

// migrations are applied in order; PRAGMA user_version records how many ran.
// Append only: never edit or reorder a migration that has shipped.
var migrations = []string{
	`CREATE TABLE settings (
		key        TEXT PRIMARY KEY,
		value      TEXT NOT NULL,
		updated_at INTEGER NOT NULL
	)`,
	// Profiles hold no secret: the corp secret and the cached credentials live in the
	// OS keychain. trusted_domains is a JSON array of hosts.
	`CREATE TABLE profiles (
		name            TEXT PRIMARY KEY,
		corp_id         TEXT NOT NULL,
		agent_id        INTEGER NOT NULL,
		api_base        TEXT NOT NULL,
		trusted_domains TEXT NOT NULL DEFAULT '[]',
		sandbox         INTEGER NOT NULL DEFAULT 0,
		created_at      INTEGER NOT NULL,
		updated_at      INTEGER NOT NULL
	);
	CREATE TABLE ticket_fetches (
		id       INTEGER PRIMARY KEY,
		corp_id  TEXT NOT NULL,
		agent_id INTEGER NOT NULL,
		kind     TEXT NOT NULL,
		at       INTEGER NOT NULL
	);
	CREATE INDEX ticket_fetches_corp_at ON ticket_fetches(corp_id, at)`,
	// The dev server's request log (bounded: the oldest rows are dropped) and the domain
	// verification files it serves at its root. entry is the whole log row as JSON; it
	// never holds a secret, token or ticket (tickets appear masked).
	`CREATE TABLE request_log (
		id       INTEGER PRIMARY KEY AUTOINCREMENT,
		at       INTEGER NOT NULL,
		profile  TEXT NOT NULL,
		endpoint TEXT NOT NULL,
		status   INTEGER NOT NULL,
		client   TEXT NOT NULL,
		path     TEXT NOT NULL,
		url      TEXT NOT NULL,
		entry    TEXT NOT NULL
	);
	CREATE TABLE verify_files (
		name       TEXT PRIMARY KEY,
		content    TEXT NOT NULL,
		created_at INTEGER NOT NULL
	)`,
	// The customer groups the phone-side test page created (openEnterpriseChat) with the
	// label the user gave them (a customer or order number): the chatId ↔ order mapping.
	`CREATE TABLE chat_labels (
		chat_id    TEXT PRIMARY KEY,
		label      TEXT NOT NULL,
		profile    TEXT NOT NULL,
		created_at INTEGER NOT NULL
	);
	CREATE INDEX chat_labels_profile ON chat_labels(profile, created_at)`,
	// Join ways (「加入群聊」): WeCom shows API-made configs nowhere and cannot list them, so
	// this registry is the only record of them. A row is written as an intent (status
	// 'pending', no config_id) before add_join_way and completed after it; a 'pending' row
	// that outlives its call is a possible orphan at WeCom. One active row per state.
	// chat_labels becomes the customer/order ↔ chat_id ↔ config_id mapping (source:
	// 'test-page' from openEnterpriseChat, 'pool' from the buffer pool, 'manual').
	`CREATE TABLE join_ways (
		id               INTEGER PRIMARY KEY AUTOINCREMENT,
		profile          TEXT NOT NULL,
		corp_id          TEXT NOT NULL,
		agent_id         INTEGER NOT NULL,
		config_id        TEXT NOT NULL DEFAULT '',
		status           TEXT NOT NULL,
		scene            INTEGER NOT NULL,
		remark           TEXT NOT NULL DEFAULT '',
		auto_create_room INTEGER NOT NULL DEFAULT 1,
		room_base_name   TEXT NOT NULL DEFAULT '',
		room_base_id     INTEGER NOT NULL DEFAULT 0,
		chat_ids         TEXT NOT NULL,
		state            TEXT NOT NULL DEFAULT '',
		mark_source      INTEGER NOT NULL DEFAULT 1,
		qr_url           TEXT NOT NULL DEFAULT '',
		qr_image         BLOB,
		join_link        TEXT NOT NULL DEFAULT '',
		image_error      TEXT NOT NULL DEFAULT '',
		last_error       TEXT NOT NULL DEFAULT '',
		intent_at        INTEGER NOT NULL,
		created_at       INTEGER NOT NULL DEFAULT 0,
		updated_at       INTEGER NOT NULL DEFAULT 0,
		read_at          INTEGER NOT NULL DEFAULT 0
	);
	CREATE UNIQUE INDEX join_ways_active_state ON join_ways(profile, state)
		WHERE state <> '' AND status IN ('pending', 'created', 'ready');
	CREATE INDEX join_ways_config ON join_ways(profile, config_id);
	CREATE TABLE join_pool (
		profile  TEXT NOT NULL,
		chat_id  TEXT NOT NULL,
		name     TEXT NOT NULL DEFAULT '',
		added_at INTEGER NOT NULL,
		PRIMARY KEY (profile, chat_id)
	);
	CREATE TABLE join_pool_settings (
		profile   TEXT PRIMARY KEY,
		threshold INTEGER NOT NULL
	);
	ALTER TABLE chat_labels ADD COLUMN config_id TEXT NOT NULL DEFAULT '';
	ALTER TABLE chat_labels ADD COLUMN source TEXT NOT NULL DEFAULT 'test-page'`,
	// The built-in sandbox WeCom's whole state (internal/wecom/sandbox.SQLPersist), so
	// that every process on the data directory talks to the same sandbox and it survives
	// restarts. One row; version grows with every write, state is JSON (NULL after
	// `wecomdev sandbox reset`). The tokens, tickets and secrets in it are the sandbox's
	// made-up ones, which open nothing else; a real profile's never come here.
	`CREATE TABLE sandbox_state (
		id         INTEGER PRIMARY KEY CHECK (id = 1),
		version    INTEGER NOT NULL,
		state      BLOB,
		updated_at INTEGER NOT NULL
	)`,
	// How many times the sandbox was reset (`wecomdev sandbox reset`): a long-running
	// process reads it, cheaply, to notice a reset done by another and drop the sandbox
	// credentials it cached.
	`ALTER TABLE sandbox_state ADD COLUMN generation INTEGER NOT NULL DEFAULT 0`,
	// Callbacks (回调) the dev server received, decrypted (internal/devserver/callback.go):
	// the developer's own data, bounded (the oldest go first). digest is the SHA-256 of the
	// decrypted XML: WeCom's retries carry the same XML, so a retry adds a delivery to its
	// row instead of a row. joins are the customers the join-way registry learnt of from
	// callbacks (internal/joinway/joins.go), one row per member, chat and join time.
	`CREATE TABLE callback_events (
		id          INTEGER PRIMARY KEY AUTOINCREMENT,
		profile     TEXT NOT NULL,
		digest      TEXT NOT NULL,
		received_at INTEGER NOT NULL,
		last_at     INTEGER NOT NULL,
		deliveries  INTEGER NOT NULL DEFAULT 1,
		summary     TEXT NOT NULL,
		xml         TEXT NOT NULL,
		outcome     TEXT NOT NULL DEFAULT '',
		handled     INTEGER NOT NULL DEFAULT 0,
		UNIQUE (profile, digest)
	);
	CREATE TABLE joins (
		id               INTEGER PRIMARY KEY AUTOINCREMENT,
		profile          TEXT NOT NULL,
		kind             TEXT NOT NULL,
		state            TEXT NOT NULL,
		join_way_id      INTEGER NOT NULL DEFAULT 0,
		config_id        TEXT NOT NULL DEFAULT '',
		chat_id          TEXT NOT NULL DEFAULT '',
		external_user_id TEXT NOT NULL,
		user_id          TEXT NOT NULL DEFAULT '',
		join_scene       INTEGER NOT NULL DEFAULT 0,
		joined_at        INTEGER NOT NULL,
		recorded_at      INTEGER NOT NULL,
		UNIQUE (profile, kind, chat_id, external_user_id, joined_at)
	);
	CREATE INDEX joins_state ON joins(profile, state)`,
}

// Open opens (creating if needed) the database in dir and brings its schema up to date.
func Open(ctx context.Context, dir string) (*sql.DB, error) {
	path := filepath.Join(dir, FileName)
	// busy_timeout lets the GUI and a headless `wecomdev` share the file; WAL lets
	// readers run beside a writer.
	dsn := "file:" + filepath.ToSlash(path) +
		"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	// The file holds nothing secret, but it is nobody else's business either.
	_ = os.Chmod(path, 0o600)
	return db, nil
}

func migrate(ctx context.Context, db *sql.DB) error {
	var version int
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return fmt.Errorf("read schema version (is it a SQLite file?): %w", err)
	}
	if version > len(migrations) {
		return fmt.Errorf("%w: schema version %d, this build knows %d; upgrade wecomdev", ErrTooNew, version, len(migrations))
	}
	for i := version; i < len(migrations); i++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
		// PRAGMA takes no bound parameters; i+1 is our own integer.
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, i+1)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
	}
	return nil
}
