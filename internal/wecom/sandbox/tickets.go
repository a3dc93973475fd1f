package sandbox

import "time"

type ticketResp struct {
	Ticket    string `json:"ticket"`
	ExpiresIn int64  `json:"expires_in"`
}

// getCorpTicket is GET get_jsapi_ticket: the corp ticket that signs wx.config. One per
// corp, whichever app's token asks.
func (s *Server) getCorpTicket(c *call) (any, error) {
	if err := s.admitTicketFetch(c.app); err != nil {
		return nil, err
	}
	return s.ticket(&c.app.corp.corpTicket), nil
}

// getAppTicket is GET ticket/get?type=agent_config: the app ticket that signs
// wx.agentConfig. One per app. Any other type → 91040, which does not use up quota.
func (s *Server) getAppTicket(c *call) (any, error) {
	if c.r.URL.Query().Get("type") != "agent_config" {
		return nil, apiErr(CodeInvalidTicketType)
	}
	if err := s.admitTicketFetch(c.app); err != nil {
		return nil, err
	}
	return s.ticket(&c.app.appTicket), nil
}

// ticket returns the current ticket while it has at least a second left (the same
// ticket within validity, [U] as for tokens; expires_in as for tokens, see expiresIn),
// else a new one.
func (s *Server) ticket(t *ticketState) ticketResp {
	now := s.now()
	if t.value == "" || remainingSeconds(now, t.expiresAt) < 1 {
		t.value = randomString(ticketLen)
		t.expiresAt = now.Add(s.ticketTTL)
	}
	return ticketResp{Ticket: t.value, ExpiresIn: s.expiresIn(now, t.expiresAt, s.ticketTTL)}
}

// admitTicketFetch applies the documented quotas: in any rolling hour a corp may fetch
// tickets 400 times (all apps, both kinds) and one app 100 times (doc 90506, doc 90454).
// Every admitted fetch counts, also one that returns the cached ticket. The fetch that
// goes over either quota is refused with 45009 and blocks the corp (over the corp's
// 400) or the app (over its 100) for 60 minutes from that breach: doc 90454
// (2023-08-28) 「按小时拦截则被屏蔽60分钟」 (docs/wecom-facts.md, the sandbox WeCom).
// Every fetch during the block is refused too; [guess] refused fetches do not count.
func (s *Server) admitTicketFetch(a *appState) error {
	now := s.now()
	if now.Before(a.corp.ticketBlockedUntil) || now.Before(a.ticketBlockedUntil) {
		return apiErr(CodeFreqOutOfLimit)
	}
	a.corp.ticketLog = pruneWindow(a.corp.ticketLog, now)
	a.ticketLog = pruneWindow(a.ticketLog, now)
	if len(a.corp.ticketLog) >= s.corpQuota {
		a.corp.ticketBlockedUntil = now.Add(quotaBlock)
		return apiErr(CodeFreqOutOfLimit)
	}
	if len(a.ticketLog) >= s.appQuota {
		a.ticketBlockedUntil = now.Add(quotaBlock)
		return apiErr(CodeFreqOutOfLimit)
	}
	a.corp.ticketLog = append(a.corp.ticketLog, now)
	a.ticketLog = append(a.ticketLog, now)
	return nil
}

// pruneWindow drops the fetches that are an hour old or older.
func pruneWindow(log []time.Time, now time.Time) []time.Time {
	return pruneOlder(log, now, quotaWindow)
}

// pruneOlder drops the times that are window old or older.
func pruneOlder(log []time.Time, now time.Time, window time.Duration) []time.Time {
	i := 0
	for i < len(log) && now.Sub(log[i]) >= window {
		i++
	}
	if i == 0 {
		return log
	}
	return append(log[:0], log[i:]...)
}

// TicketFetches reports the admitted ticket fetches in the current rolling hour for the
// corp (all apps, both kinds) and for one app.
func (s *Server) TicketFetches(corpID string, agentID int64) (corp, app int) {
	_ = s.locked(func() {
		a := s.app(corpID, agentID)
		if a == nil {
			return
		}
		now := s.now()
		a.corp.ticketLog = pruneWindow(a.corp.ticketLog, now)
		a.ticketLog = pruneWindow(a.ticketLog, now)
		corp, app = len(a.corp.ticketLog), len(a.ticketLog)
	})
	return corp, app
}
