package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"wecomdev/internal/joinway"
)

// batchCmd is a `joinway batch` command line, checked.
type batchCmd struct {
	profile   string
	states    []string
	base      joinway.Config // the config of every code; each gets its state
	out       string
	overwrite bool
	force     bool
	asJSON    bool
}

// batchResult is what a batch made: the summary, the PNGs in the zip, why no zip was
// written (if none was), and the states left with a possible orphan.
type batchResult struct {
	sum     batchJSON
	pngs    int
	zipErr  error
	pending []string
}

const jwBatchCmd = "joinway batch"

func runJWBatch(env Env, args []string) int {
	c, code := parseJWBatch(env, args)
	if c == nil {
		return code
	}
	return c.run(env)
}

// parseJWBatch reads a `joinway batch` command line; nil and the exit status when it is
// wrong or the --out file may not be written.
func parseJWBatch(env Env, args []string) (*batchCmd, int) {
	const cmd = jwBatchCmd
	fs := newFlags(env, cmd, jwBatchUsage)
	statesFlag := fs.String("states", "", "the states, comma-separated")
	prefix := fs.String("prefix", "", "make the states PREFIX + a number, zero-padded (with --count)")
	count := fs.Int("count", 0, fmt.Sprintf("how many states to make with --prefix (1-%d)", joinway.MaxBatch))
	start := fs.Int("start", 1, "the first number with --prefix")
	cf := addConfigFlags(fs.FlagSet)
	out := fs.String("out", "", "write the codes (PNG) and manifest.csv to this zip `FILE`")
	overwrite := fs.Bool("overwrite", false, "replace the --out FILE if it exists")
	force := fs.Bool("force", false, "make new join ways even over possible orphans")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return nil, exitOf(err)
	}
	bad := func(format string, args ...any) (*batchCmd, int) {
		return nil, usageError(env, cmd, jwBatchUsage, format, args...)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	switch {
	case len(pos) != 1:
		return bad("give exactly one profile NAME")
	case set["states"] == set["prefix"]:
		return bad("give either --states A,B,C or --prefix P --count N")
	case set["states"] && (set["count"] || set["start"]):
		return bad("--count and --start go with --prefix")
	case set["prefix"] && !set["count"]:
		return bad("--prefix needs --count N (how many codes)")
	case *out == "":
		return bad("--out FILE.zip is required: the codes go there")
	}
	var states []string
	if set["states"] {
		for _, s := range strings.Split(*statesFlag, ",") {
			states = append(states, strings.TrimSpace(s))
		}
	} else if states, err = joinway.BatchStates(*prefix, *count, *start); err != nil {
		return bad("%v", err)
	}
	base := cf.config("")
	if err := joinway.CheckBatch(states, base); err != nil {
		return bad("%v", err)
	}
	if err := checkOut(*out, *overwrite); err != nil {
		return nil, fail(env, cmd, err)
	}
	return &batchCmd{profile: pos[0], states: states, base: base, out: *out, overwrite: *overwrite, force: *force, asJSON: *asJSON}, ExitOK
}

// run makes the codes with progress on stderr, writes the zip and prints the summary.
// No overall timeout: a batch of 1000 takes minutes; each WeCom call has its own. The
// first Ctrl-C stops the batch after the code in progress; a second one abandons that
// code's call (its add is then kept as pending, a possible orphan).
func (c *batchCmd) run(env Env) int {
	ictx, stop := jwContext(env, 0)
	defer stop()
	bctx, abandon := context.WithCancel(context.Background())
	defer abandon()
	errw := &syncWriter{w: env.Stderr}
	finished := make(chan struct{})
	finish := sync.OnceFunc(func() { close(finished) })
	watcher := make(chan struct{})
	defer func() { finish(); <-watcher }() // also when the batch never started
	go func() {
		defer close(watcher)
		select {
		case <-ictx.Done():
		case <-finished:
			return
		}
		fmt.Fprintln(errw, "stopping after the code in progress (Ctrl-C again to abandon it); what was made goes into the zip")
		again, stopAgain := context.Background(), context.CancelFunc(func() {})
		if env.Interrupt != nil {
			again, stopAgain = env.Interrupt()
		}
		defer stopAgain()
		select {
		case <-again.Done():
			abandon()
		case <-finished:
		}
	}()
	return withJoinWays(ictx, env, jwBatchCmd, c.profile, func(j *joinway.Service) int {
		width := len(strconv.Itoa(len(c.states)))
		fmt.Fprintf(errw, "making %d codes for %s (Ctrl-C stops and writes what was made)\n", len(c.states), c.profile)
		items, err := j.Batch(bctx, c.states, c.base, c.force, func(p joinway.BatchProgress) {
			it := p.Item
			line := "made " + it.ConfigID
			switch {
			case it.Error != "":
				line = "FAILED: " + it.Error
			case it.Reused:
				line = "reused " + it.ConfigID
			}
			fmt.Fprintf(errw, "[%*d/%d] %s  %s\n", width, p.Done, p.Total, it.State, line)
			if ictx.Err() != nil {
				abandon() // Ctrl-C: no next code
			}
		})
		finish()
		stop() // from here a Ctrl-C quits at once
		if err != nil {
			fmt.Fprintf(errw, "stopped: %v\n", err)
		}
		return c.print(env, errw, c.write(j, items, err))
	})
}

// write sums up the items and writes the zip of what was made; err is what stopped the batch.
func (c *batchCmd) write(j *joinway.Service, items []joinway.BatchItem, err error) batchResult {
	r := batchResult{sum: batchJSON{Total: len(c.states), Items: []joinway.BatchItem{}}}
	if items != nil {
		r.sum.Items = items
	}
	for _, it := range r.sum.Items {
		if it.Error != "" {
			r.sum.Failed++
		} else {
			r.sum.Done++
		}
	}
	if err != nil {
		r.sum.Stopped, r.sum.Error = true, err.Error()
	}
	if len(r.sum.Items) > 0 {
		var buf bytes.Buffer
		r.zipErr = j.WriteZip(context.Background(), r.sum.Items, &buf)
		if r.zipErr == nil {
			r.pngs = countPNGs(buf.Bytes())
			r.zipErr = writeFileAtomic(c.out, buf.Bytes(), c.overwrite)
		}
		if r.zipErr == nil {
			r.sum.Out = c.out
		}
	}
	r.pending = pendingStates(j, c.states)
	return r
}

// print prints the summary (stdout) and what needs doing (stderr), and says the exit status.
func (c *batchCmd) print(env Env, errw io.Writer, r batchResult) int {
	sum := r.sum
	if c.asJSON {
		if code := writeJSON(env, sum); code != ExitOK {
			return code
		}
	} else {
		fmt.Fprintf(env.Stdout, "%d of %d codes made, %d failed", sum.Done, sum.Total, sum.Failed)
		if sum.Stopped {
			fmt.Fprint(env.Stdout, " (stopped early)")
		}
		fmt.Fprintln(env.Stdout)
		if sum.Out != "" {
			fmt.Fprintf(env.Stdout, "Wrote %s: %d PNG(s) and manifest.csv (state, config_id, join_link, qr_url, file, error).\n", sum.Out, r.pngs)
		}
	}
	if len(r.pending) > 0 {
		fmt.Fprintf(errw, "%d state(s) have an add_join_way without a stored answer (possible orphans: %s); the next batch stops at them unless --force. See: wecomdev joinway list %s\n",
			len(r.pending), strings.Join(r.pending, ", "), c.profile)
	}
	switch {
	case r.zipErr != nil:
		return fail(env, jwBatchCmd, fmt.Errorf("the codes are in the registry (a new batch of the same states reuses them) but the zip was not written: %w", r.zipErr))
	case len(sum.Items) == 0:
		fmt.Fprintln(errw, "nothing was made, so no zip was written")
		return ExitError
	case sum.Failed > 0:
		fmt.Fprintf(errw, "%d code(s) failed: see the error column of manifest.csv; the same batch again retries them and reuses the others\n", sum.Failed)
		return ExitError
	case sum.Stopped:
		return ExitError
	}
	return ExitOK
}

// pendingStates lists the states among states whose registry row is pending.
func pendingStates(j *joinway.Service, states []string) []string {
	list, err := j.List(context.Background())
	if err != nil {
		return nil
	}
	want := map[string]bool{}
	for _, s := range states {
		want[s] = true
	}
	var out []string
	for _, e := range list {
		if e.Status == joinway.StatusPending && want[e.Config.State] {
			out = append(out, e.Config.State)
		}
	}
	return out
}

// syncWriter serialises the writes of the batch and of its Ctrl-C watcher.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func countPNGs(zipData []byte) int {
	zr, err := zip.NewReader(bytes.NewReader(zipData), int64(len(zipData)))
	if err != nil {
		return 0
	}
	n := 0
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, ".png") {
			n++
		}
	}
	return n
}
