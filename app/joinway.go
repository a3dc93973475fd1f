package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	goruntime "runtime"
	"sync"
	"time"

	"wecomdev/internal/joinway"
	"wecomdev/internal/qr"
	"wecomdev/internal/wecom"
	"wecomdev/internal/workspace"
)

// Join-way error codes that cross the bridge.
const (
	CodeJoinWayInvalid  = "JOINWAY_INVALID"         // a field is wrong; nothing was sent (the message says the fix)
	CodeJoinWayOrphan   = "JOINWAY_POSSIBLE_ORPHAN" // an earlier add for the state got no stored answer
	CodeJoinWayState    = "JOINWAY_STATE_IN_USE"
	CodeJoinWayUnknown  = "JOINWAY_OUTCOME_UNKNOWN" // add_join_way's answer was lost
	CodeJoinWayNotFound = "JOINWAY_NOT_FOUND"
	CodePoolEmpty       = "POOL_EMPTY"
	CodeBatchRunning    = "BATCH_RUNNING"
	CodeFolderInvalid   = "FOLDER_INVALID"     // OpenSavedFolder got a path the console did not save
	CodeFolderOpen      = "FOLDER_OPEN_FAILED" // the OS's file manager could not be started
)

func joinWayCode(err error) string {
	switch {
	case errors.Is(err, joinway.ErrInvalid):
		return CodeJoinWayInvalid
	case errors.Is(err, joinway.ErrPossibleOrphan):
		return CodeJoinWayOrphan
	case errors.Is(err, joinway.ErrStateInUse):
		return CodeJoinWayState
	case errors.Is(err, joinway.ErrOutcomeUnknown):
		return CodeJoinWayUnknown
	case errors.Is(err, joinway.ErrNotFound):
		return CodeJoinWayNotFound
	case errors.Is(err, joinway.ErrPoolEmpty):
		return CodePoolEmpty
	}
	return Code(err)
}

func jwErr(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", joinWayCode(err), err)
}

// GroupQuery is the Groups card's filter.
type GroupQuery struct {
	StatusFilter int      `json:"statusFilter"`
	Owners       []string `json:"owners"`
	Cursor       string   `json:"cursor"`
	Limit        int      `json:"limit"`
}

// GroupPage is one page of customer groups.
type GroupPage struct {
	Groups     []wecom.GroupRef `json:"groups"`
	NextCursor string           `json:"nextCursor"`
}

// PoolView is the pool card: its groups and counts.
type PoolView struct {
	Groups []joinway.PoolGroup `json:"groups"`
	Status joinway.PoolStatus  `json:"status"`
}

// BatchEvent is the progress of a batch of test codes.
type BatchEvent struct {
	ID       string             `json:"id"`
	Profile  string             `json:"profile"`
	Done     int                `json:"done"`
	Total    int                `json:"total"`
	Item     *joinway.BatchItem `json:"item,omitempty"`
	Finished bool               `json:"finished"`
	Failed   int                `json:"failed"`
	Error    string             `json:"error,omitempty"` // "CODE: message" when the batch stopped early
	Path     string             `json:"path,omitempty"`  // the zip, once written
}

// JoinWayService manages join ways, customer groups, the buffer pool and test-code batches.
type JoinWayService struct {
	e  *workspace.Workspace
	rt Runtime

	mu     sync.Mutex
	cancel context.CancelFunc // of the running batch
	done   chan struct{}

	// startCmd starts the file manager (tests record the command instead).
	startCmd func(*exec.Cmd) error
}

// NewJoinWayService returns the service.
func NewJoinWayService(e *workspace.Workspace, rt Runtime) *JoinWayService {
	return &JoinWayService{e: e, rt: rt, startCmd: startDetached}
}

// ShutdownJoinWay cancels a running batch and waits for it (main calls it on exit).
func ShutdownJoinWay(s *JoinWayService) {
	s.mu.Lock()
	cancel, done := s.cancel, s.done
	s.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
}

func (s *JoinWayService) svc(ctx context.Context, profile string) (*joinway.Service, error) {
	return s.e.JoinWays(ctx, profile, func(st joinway.PoolStatus) { s.rt.Emit(EventJoinWayPool, st) })
}

func (s *JoinWayService) with(profile string, f func(ctx context.Context, j *joinway.Service) error) error {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	j, err := s.svc(ctx, profile)
	if err != nil {
		return jwErr(err)
	}
	return jwErr(f(ctx, j))
}

// Defaults is a new join way's config: the QR-code scene and WeCom's defaults.
func (s *JoinWayService) Defaults() joinway.Config { return joinway.DefaultConfig() }

// Validate checks a config as the user types it; warnings are what WeCom would change.
func (s *JoinWayService) Validate(c joinway.Config) ([]joinway.Warning, error) {
	w, err := joinway.Validate(c)
	if w == nil {
		w = []joinway.Warning{}
	}
	return w, jwErr(err)
}

// Groups lists one page of the profile's customer groups (groupchat/list).
func (s *JoinWayService) Groups(profile string, q GroupQuery) (out GroupPage, err error) {
	err = s.with(profile, func(ctx context.Context, j *joinway.Service) error {
		p, err := j.Groups(ctx, wecom.GroupListQuery{StatusFilter: q.StatusFilter, Owners: q.Owners, Cursor: q.Cursor, Limit: q.Limit})
		out = GroupPage{Groups: p.Groups, NextCursor: p.NextCursor}
		return err
	})
	return out, err
}

// Group shows a customer group: name, owner, members with the state they joined with.
func (s *JoinWayService) Group(profile, chatID string) (out wecom.GroupChat, err error) {
	err = s.with(profile, func(ctx context.Context, j *joinway.Service) error {
		out, err = j.Group(ctx, chatID)
		return err
	})
	return out, err
}

// List is the registry of the join ways the console made for the profile, newest first.
func (s *JoinWayService) List(profile string) (out []joinway.Entry, err error) {
	err = s.with(profile, func(ctx context.Context, j *joinway.Service) error {
		out, err = j.List(ctx)
		return err
	})
	return out, err
}

// Create makes a join way; with a state it reuses the registry's config of that state.
// force makes a new one over a possible orphan.
func (s *JoinWayService) Create(profile string, c joinway.Config, force bool) (out joinway.Result, err error) {
	err = s.with(profile, func(ctx context.Context, j *joinway.Service) error {
		out, err = j.Create(ctx, c, force)
		return err
	})
	return out, err
}

// Read reads a config from WeCom (get_join_way) into the registry.
func (s *JoinWayService) Read(profile, configID string) (out joinway.Entry, err error) {
	err = s.with(profile, func(ctx context.Context, j *joinway.Service) error {
		out, err = j.Read(ctx, configID)
		return err
	})
	return out, err
}

// Update overwrites a config with the whole of c (update_join_way is a full overwrite).
func (s *JoinWayService) Update(profile, configID string, c joinway.Config) (out joinway.Result, err error) {
	err = s.with(profile, func(ctx context.Context, j *joinway.Service) error {
		out, err = j.Update(ctx, configID, c)
		return err
	})
	return out, err
}

// Delete deletes a config at WeCom and from the registry.
func (s *JoinWayService) Delete(profile, configID string) error {
	return s.with(profile, func(ctx context.Context, j *joinway.Service) error { return j.Delete(ctx, configID) })
}

// Forget removes a registry row without calling WeCom (a pending or abandoned intent, or
// a config WeCom no longer has).
func (s *JoinWayService) Forget(profile string, id int64) error {
	return s.with(profile, func(ctx context.Context, j *joinway.Service) error { return j.Forget(ctx, id) })
}

// Image is WeCom's QR image of a registry row as stored, as a data: URL.
func (s *JoinWayService) Image(profile string, id int64) (out string, err error) {
	err = s.with(profile, func(ctx context.Context, j *joinway.Service) error {
		img, err := j.Image(ctx, id)
		out = dataURL(img)
		return err
	})
	return out, err
}

// Code is a go-qrcode rendering of a row's join link with its state under it (data: URL).
func (s *JoinWayService) Code(profile string, id int64) (out string, err error) {
	err = s.with(profile, func(ctx context.Context, j *joinway.Service) error {
		png, err := j.CodePNG(ctx, id)
		out = dataURL(png)
		return err
	})
	return out, err
}

// LinkCode renders any join link as a QR code, with caption under it when not empty.
func (s *JoinWayService) LinkCode(link, caption string) (string, error) {
	var png []byte
	var err error
	if caption == "" {
		png, err = qr.PNG(link, joinway.BatchSide)
	} else {
		png, err = qr.PNGWithCaption(link, caption, joinway.BatchSide)
	}
	if err != nil {
		return "", fmt.Errorf("%s: %w", CodeQRInvalid, err)
	}
	return dataURL(png), nil
}

// SaveImage writes a row's QR code to the Downloads folder and returns the path: kind
// "wecom" is WeCom's image as stored, "code" the rendering with the state under it.
func (s *JoinWayService) SaveImage(profile string, id int64, kind string) (path string, err error) {
	err = s.with(profile, func(ctx context.Context, j *joinway.Service) error {
		e, err := j.Entry(ctx, id)
		if err != nil {
			return err
		}
		var img []byte
		switch kind {
		case "wecom":
			img, err = j.Image(ctx, id)
		case "code":
			img, err = j.CodePNG(ctx, id)
		default:
			return fmt.Errorf("%w kind: %q; use \"wecom\" or \"code\"", joinway.ErrInvalid, kind)
		}
		if err != nil {
			return err
		}
		ext := ".png"
		if isJPEG(img) {
			ext = ".jpg"
		}
		name := e.ConfigID
		if e.Config.State != "" {
			name = e.Config.State
		}
		path, err = saveDownload("wecomdev-joinway-"+safeName(name)+"-"+kind+ext, img)
		return err
	})
	return path, err
}

var unsafeName = regexp.MustCompile(`[^\p{L}\p{N}._-]+`)

func safeName(s string) string {
	s = unsafeName.ReplaceAllString(s, "_")
	if s == "" {
		return "code"
	}
	return s
}

// Pool is the buffer pool of empty groups and its counts.
func (s *JoinWayService) Pool(profile string) (out PoolView, err error) {
	err = s.with(profile, func(ctx context.Context, j *joinway.Service) error {
		out.Groups, out.Status, err = j.PoolList(ctx)
		return err
	})
	return out, err
}

// PoolAdd adds pre-built empty customer groups to the pool.
func (s *JoinWayService) PoolAdd(profile string, chatIDs []string) (out PoolView, err error) {
	err = s.with(profile, func(ctx context.Context, j *joinway.Service) error {
		if _, _, err := j.PoolAdd(ctx, chatIDs); err != nil {
			return err
		}
		out.Groups, out.Status, err = j.PoolList(ctx)
		return err
	})
	return out, err
}

// PoolRemove takes a free group out of the pool.
func (s *JoinWayService) PoolRemove(profile, chatID string) (out PoolView, err error) {
	err = s.with(profile, func(ctx context.Context, j *joinway.Service) error {
		if _, err := j.PoolRemove(ctx, chatID); err != nil {
			return err
		}
		out.Groups, out.Status, err = j.PoolList(ctx)
		return err
	})
	return out, err
}

// PoolTake gives a customer or order the first free group and its join way.
func (s *JoinWayService) PoolTake(profile, label, state string, force bool) (out joinway.TakeResult, err error) {
	err = s.with(profile, func(ctx context.Context, j *joinway.Service) error {
		out, err = j.PoolTake(ctx, label, state, force)
		return err
	})
	return out, err
}

// PoolRelease gives a taken group back to the pool (its join way is deleted at WeCom).
func (s *JoinWayService) PoolRelease(profile, who string) (out PoolView, err error) {
	err = s.with(profile, func(ctx context.Context, j *joinway.Service) error {
		if _, err := j.PoolRelease(ctx, who); err != nil {
			return err
		}
		out.Groups, out.Status, err = j.PoolList(ctx)
		return err
	})
	return out, err
}

// SetThreshold sets how many free groups the pool keeps before it raises its alert.
func (s *JoinWayService) SetThreshold(profile string, n int) (out joinway.PoolStatus, err error) {
	err = s.with(profile, func(ctx context.Context, j *joinway.Service) error {
		out, err = j.SetThreshold(ctx, n)
		return err
	})
	return out, err
}

// Mappings lists customer/order ↔ chat_id ↔ config_id, the test page's groups included.
func (s *JoinWayService) Mappings(profile string) (out []joinway.Mapping, err error) {
	err = s.with(profile, func(ctx context.Context, j *joinway.Service) error {
		out, err = j.Mappings(ctx)
		return err
	})
	return out, err
}

// Map links a customer or order to a group (and a config) by hand.
func (s *JoinWayService) Map(profile, label, chatID, configID string) (out joinway.Mapping, err error) {
	err = s.with(profile, func(ctx context.Context, j *joinway.Service) error {
		out, err = j.Map(ctx, label, chatID, configID)
		return err
	})
	return out, err
}

// Unmap removes a mapping (WeCom is not called).
func (s *JoinWayService) Unmap(profile, chatID string) error {
	return s.with(profile, func(ctx context.Context, j *joinway.Service) error { return j.Unmap(ctx, chatID) })
}

// BatchStates makes count states prefix + number from start (test-01 … test-50).
func (s *JoinWayService) BatchStates(prefix string, count, start int) ([]string, error) {
	out, err := joinway.BatchStates(prefix, count, start)
	return out, jwErr(err)
}

// BatchStart checks every state, then makes (or reuses) one join way per state in the
// background, reporting joinway:batch events; when done (or cancelled) it writes the
// codes made so far as PNGs in a zip in the Downloads folder. It returns the batch id.
func (s *JoinWayService) BatchStart(profile string, states []string, base joinway.Config, force bool) (string, error) {
	if err := joinway.CheckBatch(states, base); err != nil {
		return "", jwErr(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	j, err := s.svc(ctx, profile)
	if err != nil {
		cancel()
		return "", jwErr(err)
	}
	s.mu.Lock()
	if s.cancel != nil {
		s.mu.Unlock()
		cancel()
		return "", fmt.Errorf("%s: a batch is running; cancel it or wait for it to finish", CodeBatchRunning)
	}
	id := fmt.Sprintf("b%d", time.Now().UnixNano())
	done := make(chan struct{})
	s.cancel, s.done = cancel, done
	s.mu.Unlock()

	go func() {
		defer close(done)
		defer func() {
			s.mu.Lock()
			s.cancel, s.done = nil, nil
			s.mu.Unlock()
			cancel()
		}()
		failed := 0
		items, err := j.Batch(ctx, states, base, force, func(p joinway.BatchProgress) {
			if p.Item.Error != "" {
				failed++
			}
			item := p.Item
			s.rt.Emit(EventJoinWayBatch, BatchEvent{ID: id, Profile: profile, Done: p.Done, Total: p.Total, Item: &item, Failed: failed})
		})
		ev := BatchEvent{ID: id, Profile: profile, Done: len(items), Total: len(states), Finished: true, Failed: failed}
		if err != nil {
			ev.Error = jwErr(err).Error()
		}
		if len(items) > 0 {
			var buf bytes.Buffer
			if zerr := j.WriteZip(context.Background(), items, &buf); zerr != nil {
				ev.Error = jwErr(zerr).Error()
			} else if path, zerr := saveDownload("wecomdev-joinway-"+safeName(profile)+"-"+time.Now().Format("20060102-150405")+".zip", buf.Bytes()); zerr != nil {
				ev.Error = bridge(zerr).Error()
			} else {
				ev.Path = path
			}
		}
		s.rt.Emit(EventJoinWayBatch, ev)
	}()
	return id, nil
}

// BatchCancel stops the running batch after its current code; it reports finished.
func (s *JoinWayService) BatchCancel() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel == nil {
		return false
	}
	s.cancel()
	return true
}

// OpenSavedFolder opens, in the OS's file manager, the folder of a file the console saved
// there (a batch's zip, a QR image). Only a file directly in the downloads folder is
// accepted, so the UI cannot have it open any path.
func (s *JoinWayService) OpenSavedFolder(path string) error {
	dir, err := savedFolder(path)
	if err != nil {
		return fmt.Errorf("%s: %w", CodeFolderInvalid, err)
	}
	if err := s.startCmd(openFolderCommand(goruntime.GOOS, dir)); err != nil {
		return fmt.Errorf("%s: open %s: %w; open the folder yourself", CodeFolderOpen, dir, err)
	}
	return nil
}

// savedFolder is the folder of path when path is a file saveDownload wrote: a file that
// exists directly in downloadsDir.
func savedFolder(path string) (string, error) {
	dir, err := downloadsDir()
	if err != nil {
		return "", fmt.Errorf("find the downloads folder: %w", err)
	}
	if path == "" || !filepath.IsAbs(path) {
		return "", fmt.Errorf("%q is not a saved file's full path", path)
	}
	clean := filepath.Clean(path)
	if filepath.Dir(clean) != filepath.Clean(dir) {
		return "", fmt.Errorf("%q is not in %s, where the console saves files", path, dir)
	}
	if st, err := os.Stat(clean); err != nil || !st.Mode().IsRegular() {
		return "", fmt.Errorf("%q is not a saved file (moved or deleted?)", path)
	}
	return dir, nil
}

// openFolderCommand is the command that shows dir in the file manager of goos: Finder
// (open), Explorer (explorer), else the desktop's default (xdg-open, freedesktop.org).
func openFolderCommand(goos, dir string) *exec.Cmd {
	switch goos {
	case "darwin":
		return exec.Command("open", dir)
	case "windows":
		return exec.Command("explorer", dir)
	default:
		return exec.Command("xdg-open", dir)
	}
}

// startDetached starts cmd and reaps it in the background; explorer answers 1 even when
// it opened the folder, so only a failure to start counts.
func startDetached(cmd *exec.Cmd) error {
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() { _ = cmd.Wait() }()
	return nil
}
