package devserver

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"
)

// ErrVerifyFile: the verification file's name or content is not one WeCom gives.
var ErrVerifyFile = errors.New("invalid verification file")

// verifyName is the name WeCom gives the file: WW_verify_ and letters or digits, .txt.
var verifyName = regexp.MustCompile(`^WW_verify_[A-Za-z0-9]{1,64}\.txt$`)

// maxVerifyContent bounds the content (WeCom's is a short token).
const maxVerifyContent = 256

// maxVerifyFile bounds what ReadVerifyFile reads of a file: the token with room for
// whitespace and a line break around it. A bigger file is not WeCom's.
const maxVerifyFile = 1 << 10

// ReadVerifyFile reads a verification file from disk (wecomdev serve --verify-file) and
// returns its name and content, checked by ValidateVerifyFile. It reads only a regular
// file (a symlink is followed), and at most maxVerifyFile bytes of it: a link to
// /dev/zero, a FIFO or a large file is refused at once, never read to the end.
func ReadVerifyFile(path string) (name, content string, err error) {
	// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever;
	// it changes nothing for a regular file.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return "", "", fmt.Errorf("open the verification file: %w", err)
	}
	defer f.Close()
	st, err := f.Stat() // the file opened, after any symlink
	if err != nil {
		return "", "", fmt.Errorf("open the verification file: %w", err)
	}
	switch mode := st.Mode(); {
	case mode.IsDir():
		return "", "", fmt.Errorf("%w: %s is a directory; give the WW_verify_….txt file inside it", ErrVerifyFile, path)
	case !mode.IsRegular():
		return "", "", fmt.Errorf("%w: %s is not a regular file (%s); give the WW_verify_….txt file downloaded from the admin console", ErrVerifyFile, path, fileKind(mode))
	case st.Size() > maxVerifyFile:
		return "", "", fmt.Errorf("%w: %s is %d bytes; WeCom's file holds a short token (at most %d bytes here): is it the right file?", ErrVerifyFile, path, st.Size(), maxVerifyFile)
	}
	b, err := io.ReadAll(io.LimitReader(f, maxVerifyFile+1))
	if err != nil {
		return "", "", fmt.Errorf("read the verification file %s: %w", path, err)
	}
	if len(b) > maxVerifyFile { // it grew since Stat
		return "", "", fmt.Errorf("%w: %s is larger than %d bytes; WeCom's file holds a short token: is it the right file?", ErrVerifyFile, path, maxVerifyFile)
	}
	return ValidateVerifyFile(filepath.Base(path), string(b))
}

// fileKind names a mode that is not a regular file.
func fileKind(m os.FileMode) string {
	switch {
	case m&os.ModeNamedPipe != 0:
		return "a FIFO"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "not a file"
}

// ValidateVerifyFile checks a pasted verification file and returns it trimmed.
func ValidateVerifyFile(name, content string) (string, string, error) {
	name = strings.TrimPrefix(strings.TrimSpace(name), "/")
	content = strings.TrimSpace(content)
	switch {
	case !verifyName.MatchString(name):
		return "", "", fmt.Errorf("%w: the name %q is not a WeCom verification file name; copy it from the admin console's 可信域名 page, like WW_verify_AbCd1234EfGh5678.txt", ErrVerifyFile, truncateUTF8(name, 80))
	case content == "":
		return "", "", fmt.Errorf("%w: the content is empty; paste what the downloaded file holds", ErrVerifyFile)
	case len(content) > maxVerifyContent:
		return "", "", fmt.Errorf("%w: the content is %d bytes; WeCom's file holds a short token, paste only that", ErrVerifyFile, len(content))
	}
	for _, r := range content {
		if r < 0x20 || r > 0x7e {
			return "", "", fmt.Errorf("%w: the content has a character that is not printable ASCII (%q); paste the file's text only", ErrVerifyFile, r)
		}
	}
	return name, content, nil
}

// VerifyStore keeps the verification files in the database, so they survive restarts.
type VerifyStore struct{ DB *sql.DB }

// List returns every stored file, name → content.
func (s VerifyStore) List(ctx context.Context) (map[string]string, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT name, content FROM verify_files ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("read the verification files: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var n, c string
		if err := rows.Scan(&n, &c); err != nil {
			return nil, fmt.Errorf("read the verification files: %w", err)
		}
		out[n] = c
	}
	return out, rows.Err()
}

// Put validates and stores a file (replacing one of the same name).
func (s VerifyStore) Put(ctx context.Context, name, content string) (string, error) {
	name, content, err := ValidateVerifyFile(name, content)
	if err != nil {
		return "", err
	}
	_, err = s.DB.ExecContext(ctx, `INSERT INTO verify_files(name, content, created_at) VALUES (?, ?, ?)
		ON CONFLICT(name) DO UPDATE SET content = excluded.content`, name, content, time.Now().UnixMilli())
	if err != nil {
		return "", fmt.Errorf("store the verification file: %w", err)
	}
	return name, nil
}

// Delete removes a file; removing one that is not there is not an error.
func (s VerifyStore) Delete(ctx context.Context, name string) error {
	if _, err := s.DB.ExecContext(ctx, `DELETE FROM verify_files WHERE name = ?`, name); err != nil {
		return fmt.Errorf("delete the verification file: %w", err)
	}
	return nil
}
