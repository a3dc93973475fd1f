package cli

import (
	"bufio"
	"errors"
	"flag"
	"io"
	"strings"

	"wecomdev/internal/devserver"
)

// pageFlags: --page-commands, the headless face of the Network tab's Reload and Open
// buttons (app/network.go ReloadPage / NavigatePage): commands read from standard input.
type pageFlags struct {
	commands *bool
}

func (f *pageFlags) define(fs *flag.FlagSet) {
	f.commands = fs.Bool("page-commands", false, "read commands for the pages that carry the reporter from standard input, one a line: 'reload [SESSION]', 'open URL [SESSION]' (no SESSION: every connected page); each is answered with a line")
}

// pageCommands is what the commands need of the dev session's network.
type pageCommands interface {
	Reload(sid string) error
	Navigate(sid, target string) error
}

// commandEvent answers one --page-commands line on the serve --json stream.
type commandEvent struct {
	Event     string `json:"event"` // "command"
	Command   string `json:"command"`
	Session   string `json:"session,omitempty"`
	URL       string `json:"url,omitempty"`
	Delivered bool   `json:"delivered"`
	Error     string `json:"error,omitempty"`
}

// runPageCommands reads commands until r ends, answering each on the printer.
func runPageCommands(r io.Reader, n pageCommands, p *servePrinter) {
	sc := bufio.NewScanner(io.LimitReader(r, 1<<20))
	sc.Buffer(make([]byte, 4096), 4096)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		ev := commandEvent{Event: "command", Command: f[0]}
		var err error
		switch {
		case f[0] == "reload" && len(f) <= 2:
			if len(f) == 2 {
				ev.Session = f[1]
			}
			err = n.Reload(ev.Session)
		case f[0] == "open" && (len(f) == 2 || len(f) == 3):
			ev.URL = f[1]
			if len(f) == 3 {
				ev.Session = f[2]
			}
			err = n.Navigate(ev.Session, ev.URL)
		default:
			err = errors.New("not a page command: give 'reload [SESSION]' or 'open URL [SESSION]'")
		}
		ev.Delivered = err == nil
		if err != nil {
			ev.Error = err.Error()
		}
		p.command(ev)
	}
}

// command prints the answer to a page command.
func (p *servePrinter) command(ev commandEvent) {
	if p.asJSON {
		p.out.json(ev)
		return
	}
	target := "every connected page"
	if ev.Session != "" {
		target = "page session " + ev.Session
	}
	switch {
	case ev.Delivered && ev.Command == "open":
		p.out.printf("sent %s to %s\n", target, ev.URL)
	case ev.Delivered:
		p.out.printf("reloading %s\n", target)
	default:
		p.out.printf("%s: %s\n", ev.Command, ev.Error)
	}
}

var _ pageCommands = (*devserver.Network)(nil)
