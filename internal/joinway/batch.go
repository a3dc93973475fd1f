package joinway

import (
	"archive/zip"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"wecomdev/internal/qr"
)

// MaxBatch bounds the states of one batch: each costs two WeCom calls and a download.
const MaxBatch = 1000

// BatchSide is the side in pixels of a code in a batch's zip (the caption band is extra).
const BatchSide = 512

// BatchStates makes count states prefix+number from start, zero-padded to one width:
// ("test-", 50, 1) → test-01 … test-50.
func BatchStates(prefix string, count, start int) ([]string, error) {
	if count < 1 || count > MaxBatch {
		return nil, invalid("count", "%d; give 1 to %d", count, MaxBatch)
	}
	if start < 0 {
		return nil, invalid("start", "%d; numbers start at 0 or more", start)
	}
	width := len(strconv.Itoa(start + count - 1))
	out := make([]string, count)
	for i := range out {
		out[i] = fmt.Sprintf("%s%0*d", prefix, width, start+i)
	}
	for _, s := range out {
		if err := CheckState(s); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// BatchItem is one state of a batch.
type BatchItem struct {
	State    string `json:"state"`
	EntryID  int64  `json:"entryId,omitempty"`
	ConfigID string `json:"configId,omitempty"`
	QRURL    string `json:"qrUrl,omitempty"`
	JoinLink string `json:"joinLink,omitempty"`
	Reused   bool   `json:"reused"`
	Error    string `json:"error,omitempty"`
}

// BatchProgress is reported after each state.
type BatchProgress struct {
	Done  int       `json:"done"`
	Total int       `json:"total"`
	Item  BatchItem `json:"item"`
}

// CheckBatch validates every state of a batch with the shared config before any call.
func CheckBatch(states []string, base Config) error {
	if len(states) == 0 {
		return invalid("states", "none given")
	}
	if len(states) > MaxBatch {
		return invalid("states", "%d given, at most %d per batch", len(states), MaxBatch)
	}
	seen := map[string]bool{}
	for _, st := range states {
		if st == "" {
			return invalid("states", "one is empty; every code needs a state")
		}
		if seen[st] {
			return invalid("states", "%q is listed twice", st)
		}
		seen[st] = true
		c := base
		c.State = st
		if _, err := Validate(c); err != nil {
			return err
		}
	}
	return nil
}

// Batch ensures one join way per state with the chats and settings of base, reporting
// progress after each. It stops when ctx ends and returns what was done. A state that
// fails is reported in its item; the batch goes on.
func (s *Service) Batch(ctx context.Context, states []string, base Config, force bool, progress func(BatchProgress)) ([]BatchItem, error) {
	if err := CheckBatch(states, base); err != nil {
		return nil, err
	}
	items := make([]BatchItem, 0, len(states))
	for i, st := range states {
		if err := ctx.Err(); err != nil {
			return items, fmt.Errorf("batch stopped after %d of %d codes: %w", i, len(states), err)
		}
		c := base
		c.State = st
		c.ChatIDs = append([]string{}, base.ChatIDs...)
		it := BatchItem{State: st}
		res, err := s.Ensure(ctx, c, force)
		if err != nil {
			it.Error = err.Error()
			if errors.Is(err, context.Canceled) && ctx.Err() != nil {
				items = append(items, it)
				return items, fmt.Errorf("batch stopped after %d of %d codes: %w", i, len(states), ctx.Err())
			}
		} else {
			it.EntryID, it.ConfigID, it.QRURL, it.JoinLink, it.Reused = res.Entry.ID, res.Entry.ConfigID, res.Entry.QRURL, res.Entry.JoinLink, res.Reused
			if !res.Entry.HasImage && res.Entry.ImageError != "" {
				it.Error = "QR image: " + res.Entry.ImageError
			}
		}
		items = append(items, it)
		if progress != nil {
			progress(BatchProgress{Done: i + 1, Total: len(states), Item: it})
		}
	}
	return items, nil
}

// FileName is a batch item's PNG name in the zip: its number and its state, with the
// characters file systems refuse replaced by "_".
func FileName(i int, state string) string {
	clean := strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '_'
		}
		return r
	}, state)
	clean = strings.Trim(clean, ". ")
	return fmt.Sprintf("%03d-%s.png", i+1, clean)
}

// WriteZip writes the batch's codes as PNG files, each with its state printed under the
// code, and manifest.csv (state, config_id, join link, QR URL, file, error). A code is
// drawn from the join link read out of WeCom's image, or is WeCom's image itself when the
// link could not be read; an item without either is listed in the manifest only.
func (s *Service) WriteZip(ctx context.Context, items []BatchItem, w io.Writer) error {
	zw := zip.NewWriter(w)
	var manifest strings.Builder
	manifest.WriteString("\ufeff") // spreadsheet programs then read the CSV as UTF-8
	cw := csv.NewWriter(&manifest)
	_ = cw.Write([]string{"state", "config_id", "join_link", "qr_url", "file", "error"})
	now := s.now()
	for i, it := range items {
		if err := ctx.Err(); err != nil {
			return err
		}
		name, errText := "", it.Error
		if it.ConfigID != "" {
			png, err := s.codePNG(ctx, it)
			if err != nil {
				errText = err.Error()
			} else {
				name = FileName(i, it.State)
				f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store, Modified: now})
				if err != nil {
					return err
				}
				if _, err := f.Write(png); err != nil {
					return err
				}
			}
		}
		_ = cw.Write([]string{it.State, it.ConfigID, it.JoinLink, it.QRURL, name, errText})
	}
	cw.Flush()
	f, err := zw.CreateHeader(&zip.FileHeader{Name: "manifest.csv", Method: zip.Deflate, Modified: now})
	if err != nil {
		return err
	}
	if _, err := io.WriteString(f, manifest.String()); err != nil {
		return err
	}
	return zw.Close()
}

func (s *Service) codePNG(ctx context.Context, it BatchItem) ([]byte, error) {
	if it.JoinLink != "" {
		return qr.PNGWithCaption(it.JoinLink, it.State, BatchSide)
	}
	if it.EntryID == 0 {
		return nil, errors.New("no QR code")
	}
	img, err := s.Image(ctx, it.EntryID)
	if err != nil {
		return nil, err
	}
	return qr.CaptionImage(img, it.State)
}

// CodePNG is a go-qrcode rendering of a registry entry's join link (or WeCom's own image
// when the link could not be read), with its state printed under it.
func (s *Service) CodePNG(ctx context.Context, id int64) ([]byte, error) {
	e, err := s.Entry(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.codePNG(ctx, BatchItem{State: e.Config.State, EntryID: e.ID, JoinLink: e.JoinLink})
}
