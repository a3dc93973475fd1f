package app

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"wecomdev/internal/buildinfo"
	"wecomdev/internal/devserver"
)

// The Network tab of the Dev server area: the pages' network sessions as reporter.js
// captured them (internal/devserver/network.go), the on-phone DevTools switch, and reload /
// navigate of a page through the reporter's command stream.

// maxLiveNetEvents bounds one network:update event; the tab asks for the session again
// when it was cut.
const maxLiveNetEvents = 200

// NetworkUpdateEvent is the payload of EventNetworkUpdate.
type NetworkUpdateEvent struct {
	devserver.NetworkUpdate
	Cut bool `json:"cut"` // more events arrived than the event carries: reload the session
}

// forwardNetwork emits a batch of a page's network.
func (s *DevServerService) forwardNetwork(u devserver.NetworkUpdate) {
	ev := NetworkUpdateEvent{NetworkUpdate: u}
	if len(u.Events) > maxLiveNetEvents {
		ev.Events, ev.Cut = u.Events[len(u.Events)-maxLiveNetEvents:], true
	}
	s.rt.Emit(EventNetworkUpdate, ev)
}

// NetworkState is what the tab shows above the sessions.
type NetworkState struct {
	Sessions  []devserver.NetSessionSummary `json:"sessions"`
	Eruda     bool                          `json:"eruda"`
	BodyLimit int                           `json:"bodyLimit"`
}

// Network lists the page sessions, the most recently active first.
func (s *DevServerService) Network() NetworkState {
	n := s.session.Network()
	return NetworkState{Sessions: n.Sessions(), Eruda: n.Eruda(), BodyLimit: n.BodyLimit()}
}

// NetworkSession is one session with its requests; REQUEST_NOT_FOUND when it is gone.
func (s *DevServerService) NetworkSession(id string) (devserver.NetSession, error) {
	sess, ok := s.session.Network().Session(id)
	if !ok {
		return sess, fmt.Errorf("%s: no page session %q: it was dropped as the oldest, or cleared", CodeRequestNotFound, id)
	}
	return sess, nil
}

// ClearNetwork forgets every page session.
func (s *DevServerService) ClearNetwork() { s.session.Network().Clear() }

// SetEruda puts eruda (on-phone DevTools) on every page with the reporter, or takes it off.
func (s *DevServerService) SetEruda(on bool) NetworkState {
	s.session.Network().SetEruda(on)
	return s.Network()
}

// SetBodyLimit sets the bytes of each text body the pages keep (0: none).
func (s *DevServerService) SetBodyLimit(bytes int) NetworkState {
	s.session.Network().SetBodyLimit(bytes)
	return s.Network()
}

// ReloadPage tells the session's page to reload ("" every connected page); false when no
// page with the reporter is connected for it.
func (s *DevServerService) ReloadPage(id string) bool {
	return !errors.Is(s.session.Network().Reload(id), devserver.ErrNoPage)
}

// NavigatePage sends the session's page ("" every connected page) to an http(s) URL; false
// when no page is connected; URL_INVALID for another URL.
func (s *DevServerService) NavigatePage(id, url string) (bool, error) {
	err := s.session.Network().Navigate(id, url)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, devserver.ErrNoPage):
		return false, nil
	}
	return false, fmt.Errorf("%s: %w", CodeURLInvalid, err)
}

// ExportHAR writes the session ("" every session) as HAR 1.2 into the Downloads folder and
// returns the file's path.
func (s *DevServerService) ExportHAR(id string) (string, error) {
	n := s.session.Network()
	sessions := n.All()
	if id != "" {
		one, err := s.NetworkSession(id)
		if err != nil {
			return "", err
		}
		sessions = []devserver.NetSession{one}
	}
	var buf bytes.Buffer
	if err := devserver.WriteHAR(&buf, sessions, buildinfo.Get("").Version); err != nil {
		return "", fmt.Errorf("%s: cannot write the HAR: %w", CodeInternal, err)
	}
	name := "wecomdev-network-" + time.Now().Format("20060102-150405") + ".har"
	path, err := saveDownload(name, buf.Bytes())
	if err != nil {
		return "", fmt.Errorf("%s: cannot save %s in the Downloads folder: %w", CodeInternal, name, err)
	}
	return path, nil
}
