package jssdk

import (
	"strings"

	"wecomdev/internal/redact"
)

// Warning is one finding about the inputs of a signature.
type Warning struct {
	Code     string `json:"code"`     // stable code, e.g. URL_NO_SCHEME (the Code… constants)
	Detail   string `json:"detail"`   // English detail quoting the offending fragment; the UI translates by code
	DetailZh string `json:"detailZh"` // the same detail in zh-CN
}

// Breakdown is a signature with everything that went into it. It never holds the ticket
// in clear.
type Breakdown struct {
	Kind             Kind      `json:"kind"`
	URL              string    `json:"url"`       // as given
	SignedURL        string    `json:"signedUrl"` // after the # is cut: what is signed
	Timestamp        string    `json:"timestamp"`
	NonceStr         string    `json:"nonceStr"`
	TicketMasked     string    `json:"ticketMasked"`
	SignStringMasked string    `json:"signStringMasked"` // the sign string with the ticket masked
	Signature        string    `json:"signature"`
	Warnings         []Warning `json:"warnings"` // never nil (encodes as [])
}

// minScrub is the shortest ticket Explain hunts for outside its own slot; shorter values
// would mask ordinary text (and redact.Mask shows nothing of them anyway).
const minScrub = 8

// Explain signs url (with its hash cut, see CutHash) and explains the result: the sign
// string, the URL really signed and the warnings of Check. The ticket appears only masked
// (redact.Mask): if it also occurs in the URL, the nonceStr or the timestamp, those fields
// show it masked too and a TICKET_IN_INPUT warning says so. The Signature is always that
// of the real inputs.
func Explain(kind Kind, ticket, nonceStr, timestamp, url string) Breakdown {
	signed := CutHash(url)
	b := Breakdown{
		Kind:             kind,
		URL:              url,
		SignedURL:        signed,
		Timestamp:        timestamp,
		NonceStr:         nonceStr,
		TicketMasked:     redact.Mask(ticket),
		SignStringMasked: SignString(redact.Mask(ticket), nonceStr, timestamp, signed),
		Signature:        Signature(ticket, nonceStr, timestamp, signed),
		Warnings:         Check(nonceStr, timestamp, url),
	}
	if len(ticket) < minScrub {
		return b
	}
	changed := false
	for _, f := range []*string{&b.URL, &b.SignedURL, &b.Timestamp, &b.NonceStr, &b.TicketMasked, &b.SignStringMasked} {
		changed = scrub(f, ticket) || changed
	}
	for i := range b.Warnings {
		changed = scrub(&b.Warnings[i].Detail, ticket) || changed
		changed = scrub(&b.Warnings[i].DetailZh, ticket) || changed
	}
	if changed {
		b.Warnings = warn(b.Warnings, CodeTicketInInput, "ticket 还出现在它自己的位置之外（URL、nonceStr 或 timestamp 中）；那里也以打码形式显示",
			"the ticket also appears outside its own slot (in the URL, nonceStr or timestamp); it is shown masked there too")
	}
	return b
}

// scrub replaces every occurrence of ticket in *s with its mask, again until none is
// left (a replacement can join two pieces into a new occurrence), and reports whether it
// changed anything. Each round shortens *s, so it ends: the mask is used only when it is
// shorter than the ticket, "…" otherwise.
func scrub(s *string, ticket string) bool {
	if !strings.Contains(*s, ticket) {
		return false
	}
	m := redact.Mask(ticket)
	if len(m) >= len(ticket) {
		m = "…"
	}
	for strings.Contains(*s, ticket) {
		*s = strings.ReplaceAll(*s, ticket, m)
	}
	return true
}

// Describe explains a signature already made when only the masked ticket is known (the
// request log keeps no ticket): the same Breakdown as Explain, with the signature given.
func Describe(kind Kind, ticketMasked, nonceStr, timestamp, url, signature string) Breakdown {
	signed := CutHash(url)
	return Breakdown{
		Kind:             kind,
		URL:              url,
		SignedURL:        signed,
		Timestamp:        timestamp,
		NonceStr:         nonceStr,
		TicketMasked:     ticketMasked,
		SignStringMasked: SignString(ticketMasked, nonceStr, timestamp, signed),
		Signature:        signature,
		Warnings:         Check(nonceStr, timestamp, url),
	}
}
