package diagnose

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"wecomdev/internal/jssdk"
)

type judge struct {
	in      AuditInput
	answers []*auditAnswer
	known   []Ticket
	creds   []credential
}

// outcome is one answer's contribution to a check.
type outcome struct {
	status string // pass, fail, warn, skip
	line   string
}

// fold makes a check from per-answer outcomes: any fail fails it, then any warn warns,
// then it passes only when every outcome passed; otherwise it is skipped. No outcomes
// at all is a skip saying why (none).
func fold(outs []outcome, none string) (string, string) {
	if len(outs) == 0 {
		return StatusSkip, none
	}
	pick := func(statuses ...string) []string {
		var lines []string
		for _, o := range outs {
			if slices.Contains(statuses, o.status) {
				lines = append(lines, o.line)
			}
		}
		return compact(lines)
	}
	switch {
	case len(pick(StatusFail)) > 0:
		return StatusFail, strings.Join(pick(StatusFail), "\n")
	case len(pick(StatusWarn)) > 0:
		return StatusWarn, strings.Join(pick(StatusWarn, StatusPass), "\n")
	case len(pick(StatusSkip)) == 0:
		return StatusPass, strings.Join(pick(StatusPass), "\n")
	}
	return StatusSkip, strings.Join(pick(StatusSkip, StatusPass), "\n")
}

// compact merges lines that say the same about several pages: "[slash] x" and
// "[hash] x" become "[slash, hash] x".
func compact(lines []string) []string {
	var order []string
	tags := map[string][]string{}
	for _, l := range lines {
		tag, rest := "", l
		if strings.HasPrefix(l, "[") {
			if i := strings.Index(l, "] "); i > 0 {
				tag, rest = l[1:i], l[i+2:]
			}
		}
		if _, ok := tags[rest]; !ok {
			order = append(order, rest)
		}
		if tag != "" {
			tags[rest] = append(tags[rest], tag)
		}
	}
	out := make([]string, 0, len(order))
	for _, rest := range order {
		if ts := tags[rest]; len(ts) > 0 {
			out = append(out, "["+strings.Join(ts, ", ")+"] "+rest)
		} else {
			out = append(out, rest)
		}
	}
	return out
}

func (a *auditAnswer) tag() string { return "[" + a.page.Case + "] " }

// quote is the call as evidence: "[hash] GET <url> → 200".
func (a *auditAnswer) quote() string {
	s := a.tag() + "GET " + truncate(a.call.RequestURL, 200) + " → "
	if a.call.Status == 0 {
		return s + "no answer: " + truncate(a.call.Error, 200)
	}
	return s + strconv.Itoa(a.call.Status)
}

// quoteBody is the call and the start of its (masked) body.
func (a *auditAnswer) quoteBody() string {
	b := strings.TrimSpace(a.call.Body)
	if b == "" {
		return a.quote() + " (empty body)"
	}
	return a.quote() + " " + truncate(strings.Join(strings.Fields(b), " "), 160)
}

func (j *judge) usable() []*auditAnswer {
	var out []*auditAnswer
	for _, a := range j.answers {
		if a.problem == "" {
			out = append(out, a)
		}
	}
	return out
}

const noJSON = "no call got a 2xx JSON answer (see ENDPOINT_REACHABLE)"

func (j *judge) check(code string) AuditCheck {
	var status, evidence string
	fix := auditTexts[code].fix
	switch {
	case code != CheckEndpointReachable && code != CheckNoCredentialLeak && len(j.usable()) == 0:
		status, evidence = StatusSkip, noJSON
	case code == CheckEndpointReachable:
		status, evidence = j.reachable()
	case code == CheckFieldsPresent:
		status, evidence = j.fieldsPresent()
	case code == CheckNonceStrSpelling:
		status, evidence = j.nonceSpelling()
	case code == CheckTimestampSeconds:
		status, evidence = j.timestampSeconds()
	case code == CheckSignatureFormat:
		status, evidence = j.signatureFormat()
	case slices.Contains([]string{CheckHashCut, CheckNoURLEncoding, CheckQueryAsGiven, CheckTrailingSlash, CheckURLAsGiven}, code):
		status, evidence = j.urlCheck(code)
	case code == CheckTicketKind:
		status, evidence = j.ticketKind()
	case code == CheckTicketKnown:
		status, evidence, fix = j.ticketKnown()
	case code == CheckNoCredentialLeak:
		status, evidence = j.noLeak()
	}
	title := auditTexts[code].title
	if code == CheckTicketKind && j.in.Kind == jssdk.KindAgent {
		title = ticketKindAgentTitle
	}
	return AuditCheck{Code: code, Title: title, Pass: status == StatusPass || status == StatusWarn,
		Skipped: status == StatusSkip, Status: status, Evidence: evidence, Fix: fix}
}

func (j *judge) reachable() (string, string) {
	var outs []outcome
	for _, a := range j.answers {
		if a.problem != "" {
			outs = append(outs, outcome{StatusFail, a.quoteBody() + ": " + a.problem})
		} else {
			outs = append(outs, outcome{StatusPass, a.quote() + " with a JSON object"})
		}
	}
	return fold(outs, "no call was made")
}

func (j *judge) fieldsPresent() (string, string) {
	var outs []outcome
	for _, a := range j.usable() {
		if len(a.f.missing) > 0 {
			line := a.quoteBody() + ": no " + strings.Join(a.f.missing, ", ")
			if keys := sortedKeys(a.root); len(keys) > 0 {
				line += "; its fields are " + strings.Join(truncList(keys, 10), ", ")
			}
			outs = append(outs, outcome{StatusFail, line})
			continue
		}
		line := a.tag() + "has " + strings.Join([]string{j.in.TimestampField, j.in.NonceField, j.in.SignatureField}, ", ")
		if a.f.nonceKey != lastSegment(j.in.NonceField) {
			line += " (the nonce as " + strconv.Quote(a.f.nonceKey) + ", see NONCESTR_SPELLING)"
		}
		outs = append(outs, outcome{StatusPass, line})
	}
	return fold(outs, noJSON)
}

func truncList(xs []string, n int) []string {
	if len(xs) <= n {
		return xs
	}
	return append(slices.Clone(xs[:n]), "… ("+strconv.Itoa(len(xs)-n)+" more)")
}

func (j *judge) nonceSpelling() (string, string) {
	custom := lastSegment(j.in.NonceField) != DefaultNonceField
	var outs []outcome
	for _, a := range j.usable() {
		if !a.f.hasNonce {
			outs = append(outs, outcome{StatusSkip, a.tag() + "no nonce field (see FIELDS_PRESENT)"})
			continue
		}
		switch {
		case isNonceMisspelling(a.f.nonceKey) && !custom:
			outs = append(outs, outcome{StatusFail, a.quoteBody() + `: the nonce is "` + a.f.nonceKey + `", not "nonceStr"; ww.register reads nonceStr and gets undefined`})
		case isNonceMisspelling(a.f.nonceKey):
			outs = append(outs, outcome{StatusFail, a.tag() + `the nonce is "` + a.f.nonceKey + `" (as configured), not "nonceStr": unless the page renames it, ww.register gets undefined`})
		case custom:
			outs = append(outs, outcome{StatusSkip, a.tag() + "the nonce is read from " + strconv.Quote(j.in.NonceField) + " as configured; the audit cannot see how the page renames it (ww.register needs nonceStr)"})
		default:
			outs = append(outs, outcome{StatusPass, a.tag() + `"nonceStr": ` + strconv.Quote(a.call.NonceStr)})
		}
	}
	return fold(outs, noJSON)
}

func (j *judge) timestampSeconds() (string, string) {
	var outs []outcome
	for _, a := range j.usable() {
		if !a.f.hasTS {
			outs = append(outs, outcome{StatusSkip, a.tag() + "no timestamp field (see FIELDS_PRESENT)"})
			continue
		}
		ts, shown := a.f.ts, a.tag()+strconv.Quote(j.in.TimestampField)+": "+a.call.Timestamp
		if !a.f.tsNumber {
			shown = a.tag() + strconv.Quote(j.in.TimestampField) + ": " + strconv.Quote(a.call.Timestamp)
		}
		switch {
		case allDigits(ts) && len(ts) >= 12:
			outs = append(outs, outcome{StatusFail, shown + " is milliseconds (" + strconv.Itoa(len(ts)) + " digits, Date.now()); WeCom wants seconds (10 digits)"})
		case ts == "" || !allDigits(ts) || len(ts) != 10:
			outs = append(outs, outcome{StatusFail, shown + " is not Unix seconds (10 digits)"})
		case a.f.tsNumber:
			outs = append(outs, outcome{StatusWarn, shown + " is a JSON number: it works, but a string keeps exactly the text that was signed"})
		default:
			outs = append(outs, outcome{StatusPass, shown})
		}
	}
	return fold(outs, noJSON)
}

func (j *judge) signatureFormat() (string, string) {
	var outs []outcome
	for _, a := range j.usable() {
		if !a.f.hasSig {
			outs = append(outs, outcome{StatusSkip, a.tag() + "no signature field (see FIELDS_PRESENT)"})
			continue
		}
		s := a.f.sig
		shown := a.tag() + strconv.Quote(truncate(a.call.Signature, 80))
		switch {
		case len(s) == 40 && allHex(s) && strings.ToLower(s) == s:
			outs = append(outs, outcome{StatusPass, shown})
		case len(s) == 40 && allHex(s):
			outs = append(outs, outcome{StatusFail, shown + " is in upper case; WeCom compares the lowercase hex"})
		case len(s) == 64 && allHex(s):
			outs = append(outs, outcome{StatusFail, shown + " has 64 hex characters: SHA-256, not SHA-1"})
		case len(s) == 32 && allHex(s):
			outs = append(outs, outcome{StatusFail, shown + " has 32 hex characters: MD5, not SHA-1"})
		default:
			outs = append(outs, outcome{StatusFail, shown + " is not 40 lowercase hexadecimal characters (a SHA-1)"})
		}
	}
	return fold(outs, noJSON)
}

// urlCases are the test pages each URL check looks at.
var urlCases = map[string][]string{
	CheckHashCut:       {AuditCaseHash},
	CheckNoURLEncoding: {AuditCaseSlash, AuditCaseNoSlash, AuditCaseHash, AuditCaseShare},
	CheckQueryAsGiven:  {AuditCaseHash, AuditCaseShare},
	CheckTrailingSlash: {AuditCaseSlash, AuditCaseNoSlash},
	CheckURLAsGiven:    {AuditCaseSlash, AuditCaseNoSlash, AuditCaseHash, AuditCaseShare},
}

// variantCheck is the check a URL_VARIANT verdict fails. Each variant differs from the
// page URL in one way only, so every other URL check holds for that answer.
func variantCheck(v Verdict) string {
	switch v.VariantCode {
	case CodeHashIncluded:
		return CheckHashCut
	case CodeQueryEncoding:
		if isWholeEncoded(v.URL) {
			return CheckNoURLEncoding
		}
		return CheckQueryAsGiven
	case CodeHTMLEscaped, CodeQueryOrder, CodeQueryExtra, CodeQueryMissing, CodeOAuthParams:
		return CheckQueryAsGiven
	case CodeTrailingSlash, CodeIndexFile:
		return CheckTrailingSlash
	}
	return CheckURLAsGiven // SCHEME, PORT, HOST, HOST_CASE, PATH, WHITESPACE, OTHER
}

// matched: a known ticket gave the answer's signature over some URL.
func matched(v *Verdict) bool {
	return v != nil && v.Code != VerdictUnknownTicket && v.Code != ""
}

// anyMatched: some answer's ticket is known, so an unmatched answer means another URL.
func (j *judge) anyMatched() bool {
	return slices.ContainsFunc(j.answers, func(a *auditAnswer) bool { return matched(a.verdict) })
}

func (j *judge) urlCheck(code string) (string, string) {
	var outs []outcome
	known := j.anyMatched()
	for _, a := range j.answers {
		if !slices.Contains(urlCases[code], a.page.Case) {
			continue
		}
		cut := jssdk.CutHash(a.page.URL)
		v := a.verdict
		switch {
		case v == nil:
			outs = append(outs, outcome{StatusSkip, a.tag() + "not examined: " + a.noVerd})
		case v.Code == VerdictUnknownTicket && known && code == CheckURLAsGiven:
			outs = append(outs, outcome{StatusFail, a.quote() + ": no known ticket gives its signature over " + strconv.Quote(cut) +
				" or " + strconv.Itoa(v.Tried) + " (URL, ticket) pairs of its usual variants, while answers for other pages match: the endpoint signed some other URL for this page (or answered a timestamp / nonceStr other than the ones signed)"})
		case v.Code == VerdictUnknownTicket && known:
			outs = append(outs, outcome{StatusSkip, a.tag() + "what was signed for this page could not be found (see URL_AS_GIVEN)"})
		case v.Code == VerdictUnknownTicket:
			outs = append(outs, outcome{StatusSkip, a.tag() + "the signature matches no ticket the console knows (see TICKET_KNOWN)"})
		case v.Code == VerdictURLVariant && variantCheck(*v) == code:
			outs = append(outs, outcome{StatusFail, a.quote() + ": signed " + strconv.Quote(truncate(v.URL, 120)) + " (" + v.VariantCode + ") instead of " + strconv.Quote(cut)})
		case v.Code == VerdictURLVariant && variantCheck(*v) == CheckNoURLEncoding:
			outs = append(outs, outcome{StatusSkip, a.tag() + "signed the encoded URL (see NO_URL_ENCODING)"})
		case v.Code == VerdictURLVariant:
			outs = append(outs, outcome{StatusPass, a.tag() + "as given apart from " + v.VariantCode + " (see " + variantCheck(*v) + ")"})
		default:
			line := a.tag() + "verifies for " + strconv.Quote(cut)
			if cut != a.page.URL {
				line += " (the page URL without its #…)"
			}
			outs = append(outs, outcome{StatusPass, line})
		}
	}
	return fold(outs, "no test page for this check")
}

func (j *judge) ticketKind() (string, string) {
	var outs []outcome
	want := j.in.Kind
	for _, a := range j.answers {
		v := a.verdict
		if !matched(v) {
			continue
		}
		who := ticketNameEN(v.Kind, v.TicketCurrent, v.TicketMasked)
		if v.Kind == want {
			outs = append(outs, outcome{StatusPass, a.tag() + "signed with " + who})
			continue
		}
		outs = append(outs, outcome{StatusFail, a.quote() + ": signed with " + who})
	}
	status, evidence := fold(outs, "no signature matched a ticket the console knows (see TICKET_KNOWN)")
	if status == StatusFail {
		need := "the corp ticket (get_jsapi_ticket)"
		if want == jssdk.KindAgent {
			need = "the app ticket (ticket/get?type=agent_config)"
		}
		evidence = "WRONG_TICKET_KIND: " + callName(want) + " needs " + need +
			"; WeCom answers 40093 (invalid signature) or 42012 (ticket no available)\n" + evidence
	}
	return status, evidence
}

func (j *judge) ticketKnown() (string, string, Text) {
	fix := auditTexts[CheckTicketKnown].fix
	var outs []outcome
	unknown := 0
	now := time.Now()
	for _, a := range j.answers {
		v := a.verdict
		switch {
		case v == nil:
			continue
		case v.Code == VerdictUnknownTicket:
			unknown++
		case !v.TicketCurrent && v.TicketExpiresAt > 0 && now.UnixMilli() >= v.TicketExpiresAt:
			fix = staleFix
			outs = append(outs, outcome{StatusFail, a.quote() + ": STALE_TICKET: signed with " + ticketNameEN(v.Kind, false, v.TicketMasked) +
				", which expired at " + time.UnixMilli(v.TicketExpiresAt).Format(time.RFC3339) + "; WeCom refuses it"})
		case !v.TicketCurrent:
			fix = staleFix
			outs = append(outs, outcome{StatusWarn, a.tag() + "STALE_TICKET: signed with " + ticketNameEN(v.Kind, false, v.TicketMasked) +
				": still valid, but the console has a newer one; the endpoint keeps its own cache"})
		default:
			outs = append(outs, outcome{StatusPass, a.tag() + "signed with " + ticketNameEN(v.Kind, true, v.TicketMasked)})
		}
	}
	if len(outs) == 0 {
		if unknown == 0 {
			return StatusSkip, "no signature to examine (see ENDPOINT_REACHABLE and FIELDS_PRESENT)", fix
		}
		corp, agent := 0, 0
		for _, t := range rankTickets(j.known, "") {
			if t.Kind == jssdk.KindAgent {
				agent++
			} else {
				corp++
			}
		}
		if corp+agent == 0 {
			return StatusSkip, "UNKNOWN_TICKET: the console has not seen any ticket of this profile yet, so there is nothing to compare with; fetch the tickets (Tickets, or wecomdev tickets NAME) and audit again", unknownFix
		}
		return StatusSkip, fmt.Sprintf("UNKNOWN_TICKET: none of the %d corp and %d app tickets the console has seen gives these %d signatures, over the test pages or their usual variants. "+
			"The endpoint signs with another app's or corp's ticket (check its corpId / agentId / secret against this profile), or fetches and caches a ticket of its own; "+
			"the URL checks cannot be judged against it.", corp, agent, unknown), unknownFix
	}
	status, evidence := fold(outs, "")
	if unknown > 0 {
		evidence += fmt.Sprintf("\n%d other answer(s) matched no known ticket (see URL_AS_GIVEN)", unknown)
	}
	return status, evidence, fix
}

func (j *judge) noLeak() (string, string) {
	var outs []outcome
	for _, a := range j.answers {
		if a.header == nil && a.raw == "" {
			continue
		}
		var found []string
		for _, c := range j.creds {
			if len(c.value) < minLeak {
				continue
			}
			if strings.Contains(a.raw, c.value) {
				found = append(found, "the body contains "+c.name)
			}
			for _, h := range sortedHeaderNames(a.header) {
				if slices.ContainsFunc(a.header[h], func(v string) bool { return strings.Contains(v, c.value) }) {
					found = append(found, "the header "+h+" contains "+c.name)
				}
			}
		}
		if a.root != nil {
			var keys []string
			credentialFields(a.root, "", &keys)
			for _, k := range keys {
				found = append(found, "a field is named "+strconv.Quote(k))
			}
		}
		if len(found) > 0 {
			outs = append(outs, outcome{StatusFail, a.quote() + ": " + strings.Join(found, "; ")})
		} else {
			outs = append(outs, outcome{StatusPass, a.tag() + "no ticket, token or secret"})
		}
	}
	return fold(outs, "no answer came (see ENDPOINT_REACHABLE)")
}

func sortedHeaderNames(h http.Header) []string {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}
