package tunnel

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"time"
)

// stopGrace is how long a stopped command (and what it started) may take to exit after the
// polite signal before it is killed; urlPatience how long a command may take to print its
// public URL before the status says what it waits for.
const (
	stopGrace   = 3 * time.Second
	urlPatience = 3 * time.Second
)

// cmdProvider runs the user's tunnel command (frpc, cloudflared, cpolar, natapp, ssh -R …),
// shows its output, reads its public URL from it (or takes the one given), and restarts it
// when it dies.
type cmdProvider struct {
	cfg     Config
	pattern *regexp.Regexp
	line    func(string)
	// shell runs the command: sh -c on unix, cmd /C on Windows.
	shell func(command string) *exec.Cmd
}

func newCmd(cfg Config, line func(string)) *cmdProvider {
	return &cmdProvider{cfg: cfg, line: line, shell: shellCommand}
}

func (p *cmdProvider) check() error {
	if p.cfg.PublicURL == "" {
		pat := p.cfg.PublicURLPattern
		if pat == "" {
			pat = DefaultURLPattern
		}
		re, err := regexp.Compile(pat)
		if err != nil {
			return fmt.Errorf("%w: --public-url-pattern: %v", ErrSpec, err)
		}
		p.pattern = re
	}
	return nil
}

// findURL returns the public URL in a line of output: the pattern's first group when it has
// one, else the whole match; it must be an http(s) URL with a host.
func (p *cmdProvider) findURL(line string) string {
	m := p.pattern.FindStringSubmatch(line)
	if m == nil {
		return ""
	}
	s := m[0]
	if len(m) > 1 && m[1] != "" {
		s = m[1]
	}
	s = strings.TrimRight(s, ".,;:)]}>'\"")
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return ""
	}
	return s
}

func (p *cmdProvider) run(ctx context.Context, a *attempt) error {
	c := p.shell(p.cfg.Command)
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	c.Stdout, c.Stderr = w, w
	c.Stdin = nil
	setGroup(c)
	if err := c.Start(); err != nil {
		r.Close()
		w.Close()
		return fmt.Errorf("cannot start the command: %w", err)
	}
	joinGroup(c)
	w.Close() // the child holds the write end now
	p.line(fmt.Sprintf("$ %s   (pid %d)", p.cfg.Command, c.Process.Pid))

	var last lastLine
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		found := false
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			l := sc.Text()
			p.line(l)
			last.set(l)
			if !found && p.pattern != nil {
				if u := p.findURL(l); u != "" {
					found = true
					a.up(u)
				}
			}
		}
		// a line longer than the buffer ends the scan: keep draining so the command does
		// not block on a full pipe
		io.Copy(io.Discard, r)
	}()
	if p.cfg.PublicURL != "" {
		a.up(p.cfg.PublicURL)
	} else {
		// say what it waits for, unless the URL comes at once
		slow := time.AfterFunc(urlPatience, func() {
			a.progress(fmt.Sprintf("the command has not printed its public URL yet (looking for %s in its output; set --public-url or --public-url-pattern)", p.pattern))
		})
		defer slow.Stop()
	}

	waitDone := make(chan error, 1)
	go func() { waitDone <- c.Wait() }()
	var end error
	select {
	case <-ctx.Done():
		endGroup(c, waitDone, stopGrace)
		end = ctx.Err()
	case err := <-waitDone:
		endGroup(c, nil, stopGrace) // what it left running in its group
		end = exitError(err, last.get())
	}
	// grandchildren outside the group may still hold the pipe: do not wait for them long
	select {
	case <-readDone:
	case <-time.After(time.Second):
		r.Close()
		<-readDone
	}
	r.Close()
	return end
}

func exitError(err error, last string) error {
	msg := "the command exited"
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		msg += " (" + ee.ProcessState.String() + ")"
	case err != nil:
		msg += ": " + err.Error()
	}
	if last != "" {
		msg += "; its last line: " + short(last)
	}
	return errors.New(msg)
}

// lastLine keeps the last non-empty line of output, for the reason of an exit.
type lastLine struct {
	mu sync.Mutex
	s  string
}

func (l *lastLine) set(s string) {
	if strings.TrimSpace(s) == "" {
		return
	}
	l.mu.Lock()
	l.s = cleanLine(s)
	l.mu.Unlock()
}

func (l *lastLine) get() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.s
}
