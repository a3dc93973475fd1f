package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"wecomdev/internal/buildinfo"
	"wecomdev/internal/devserver"
)

// networkFlags are serve's flags of the pages' network capture.
type networkFlags struct {
	har    *string
	bodies *int
	eruda  *bool
}

func (f *networkFlags) define(fs *flag.FlagSet) {
	f.har = fs.String("har", "", "when serve stops, write the pages' network sessions (what reporter.js captured, secrets masked) to this file as HAR 1.2")
	f.bodies = fs.Int("network-bodies", devserver.DefaultBodyLimit, "bytes of each text request / response body the reporter keeps (0: no bodies; at most 1048576)")
	f.eruda = fs.Bool("eruda", false, "put eruda (on-phone DevTools, bundled) on every page that carries the reporter")
}

// networkEvent is one captured request on the serve --json stream (bodies left out: the
// HAR and the console have them).
type networkEvent struct {
	Event   string `json:"event"` // "network"
	Session string `json:"session"`
	devserver.NetEvent
	ReqBody string `json:"reqBody,omitempty"`
	ResBody string `json:"resBody,omitempty"`
}

// pageEvent is a page session's environment on the serve --json stream.
type pageEvent struct {
	Event   string             `json:"event"` // "page"
	Session string             `json:"session"`
	Client  string             `json:"client"`
	Env     *devserver.PageEnv `json:"env"`
}

// network prints a batch of the pages' network.
func (p *servePrinter) network(u devserver.NetworkUpdate) {
	if u.Env != nil {
		if p.asJSON {
			p.out.json(pageEvent{Event: "page", Session: u.Session, Client: u.Client, Env: u.Env})
		} else {
			p.out.printf("page %s %s (%s %s)\n", u.Session[:8], u.Env.URL, u.Env.App.Client, u.Env.App.Version)
		}
	}
	for _, e := range u.Events {
		if p.asJSON {
			p.out.json(networkEvent{Event: "network", Session: u.Session, NetEvent: e})
			continue
		}
		status := fmt.Sprint(e.Status)
		if e.Error != "" {
			status = e.Error
		}
		dur := "-"
		if e.Duration != nil {
			dur = fmt.Sprintf("%d ms", *e.Duration)
		}
		p.out.printf("net %s %-8s %-6s %s %s %s\n", u.Session[:8], e.Kind, e.Method, status, dur, e.URL)
	}
}

// writeHAR writes every network session the run kept to path.
func writeHAR(path string, n *devserver.Network) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".har-*")
	if err != nil {
		return fmt.Errorf("cannot write the HAR file %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := devserver.WriteHAR(tmp, n.All(), buildinfo.Get("").Version); err != nil {
		tmp.Close()
		return fmt.Errorf("cannot write the HAR file %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot write the HAR file %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("cannot write the HAR file %s: %w", path, err)
	}
	return nil
}
