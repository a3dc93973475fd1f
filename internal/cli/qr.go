package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"wecomdev/internal/qr"
)

const qrUsage = "wecomdev qr TEXT [--out FILE.png [--size N] [--force]]\n" +
	"       (TEXT: a URL or any text, - reads it from standard input; without --out the code is printed\n" +
	"       for the terminal; --out - writes the PNG to standard output)"

// qrHint is how to open what the code holds on the phone.
const qrHint = "Scan with WeCom (企业微信) → + → 扫一扫 (Scan)."

// maxTerminalWidth: wider codes wrap in a usual terminal window, and a wrapped code scans as nothing.
const maxTerminalWidth = 100

func runQR(env Env, args []string) int {
	fs := newFlags(env, "qr", qrUsage)
	out := fs.String("out", "", "write a PNG to `FILE` (- for standard output) instead of printing the code")
	size := fs.Int("size", qr.DefaultSize, fmt.Sprintf("the PNG's width and height in `pixels` (%d-%d)", qr.MinSize, qr.MaxSize))
	force := fs.Bool("force", false, "overwrite FILE if it exists")
	pos, err := parse(fs, args)
	if err != nil {
		return exitOf(err)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	switch {
	case len(pos) == 0:
		return usageError(env, "qr", qrUsage, "give the TEXT to encode, like the test page's public URL")
	case len(pos) > 1:
		return usageError(env, "qr", qrUsage, "one TEXT only (quote a URL that has & or spaces); unexpected %q", pos[1])
	case *out == "" && (set["size"] || set["force"]):
		return usageError(env, "qr", qrUsage, "--size and --force go with --out FILE.png")
	}
	text := pos[0]
	if text == "-" {
		b, err := io.ReadAll(io.LimitReader(env.Stdin, qr.MaxTextBytes+2))
		if err != nil {
			return fail(env, "qr", fmt.Errorf("read standard input: %w", err))
		}
		text = strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
	}

	if *out == "" {
		s, err := qr.Text(text)
		if err != nil {
			return qrError(env, err)
		}
		fmt.Fprint(env.Stdout, s)
		if w := strings.IndexByte(s, '\n'); w > 0 && len([]rune(s[:w])) > maxTerminalWidth {
			fmt.Fprintf(env.Stderr, "The code is %d columns wide; if it wraps, widen the terminal or save a PNG with --out FILE.png.\n", len([]rune(s[:w])))
		}
		fmt.Fprintf(env.Stderr, "%s\nIt shows dark on light on a dark terminal; on a light background, save a PNG with --out FILE.png.\n", qrHint)
		charsetNote(env, text)
		return ExitOK
	}

	if *size == 0 {
		*size = qr.DefaultSize
	}
	png, err := qr.PNG(text, *size)
	if err != nil {
		return qrError(env, err)
	}
	if *out == "-" {
		if _, err := env.Stdout.Write(png); err != nil {
			return fail(env, "qr", err)
		}
		return ExitOK
	}
	if err := writeFileAtomic(*out, png, *force); err != nil {
		return fail(env, "qr", err)
	}
	bits, _ := qr.Bitmap(text) // PNG succeeded, so this does
	fmt.Fprintf(env.Stdout, "Wrote %s: %d×%d px, %d modules across (quiet zone included), %d px per module.\n%s\n",
		*out, *size, *size, len(bits), qr.Scale(len(bits), *size), qrHint)
	charsetNote(env, text)
	return ExitOK
}

// qrError: what qr refuses is a wrong command line (exit 2); anything else failed (exit 1).
func qrError(env Env, err error) int {
	for _, e := range []error{qr.ErrEmpty, qr.ErrTooLong, qr.ErrNotUTF8, qr.ErrSize, qr.ErrTooSmall} {
		if errors.Is(err, e) {
			return usageError(env, "qr", qrUsage, "%v", err)
		}
	}
	return fail(env, "qr", err)
}

// charsetNote: go-qrcode writes no character-set (ECI) marker, so a scanner guesses how to
// read bytes beyond ASCII; most take UTF-8, some take long CJK runs for Shift_JIS.
func charsetNote(env Env, text string) {
	for i := 0; i < len(text); i++ {
		if text[i] >= 0x80 {
			fmt.Fprintf(env.Stderr, "Note: the text is not plain ASCII. The code holds it as UTF-8 without a character-set marker; most scanners read that right, some guess another encoding. In a URL, percent-encode it (企 → %s).\n", url.QueryEscape("企"))
			return
		}
	}
}

// writeFileAtomic writes data to a temporary file next to path, then moves it into place,
// so that path is either absent, the old file, or the whole new one. Without force it never
// replaces an existing file, even one that appears meanwhile.
func writeFileAtomic(path string, data []byte, force bool) (err error) {
	if fi, err := os.Stat(path); err == nil {
		if fi.IsDir() {
			return fmt.Errorf("%s is a directory; give a file name, like %s", path, filepath.Join(path, "qr.png"))
		}
		if !force {
			return fmt.Errorf("%s exists; pass --force to overwrite it", path)
		}
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if force {
		if err := os.Rename(tmp.Name(), path); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		return nil
	}
	// A hard link fails if path exists: no check-then-rename race with another writer.
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s exists; pass --force to overwrite it", path)
		}
		// a file system without hard links: the check above has to do
		if err := os.Rename(tmp.Name(), path); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		return nil
	}
	return os.Remove(tmp.Name())
}
