package diagnose

import (
	"slices"
	"strconv"
	"strings"

	"wecomdev/internal/jssdk"
	"wecomdev/internal/redact"
)

// credential is a value that must not appear in an answer, with how to name it.
type credential struct {
	value string
	name  Text // "the current corp ticket ab…yz", "a credential of the profile (ab…yz)"
}

// credentialsOf lists the tickets, then the other sensitive values, without repeats,
// longest first (so a value inside another is masked after it).
func credentialsOf(known []Ticket, sensitive []string) []credential {
	seen := map[string]bool{}
	var out []credential
	for _, t := range known {
		if t.Value != "" && !seen[t.Value] {
			seen[t.Value] = true
			out = append(out, credential{t.Value, ticketName(t.Kind, t.Current, redact.Mask(t.Value))})
		}
	}
	for _, s := range sensitive {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, credential{s, tx("该配置的一个凭据（"+redact.Mask(s)+"）", "a credential of the profile ("+redact.Mask(s)+")")})
		}
	}
	slices.SortStableFunc(out, func(a, b credential) int { return len(b.value) - len(a.value) })
	return out
}

// mask hides every credential in s, and credential query parameters.
func mask(s string, creds []credential) string {
	for _, c := range creds {
		s = redact.Replace(s, c.value)
	}
	return redact.URL(s)
}

// scrubVerdictText masks credentials that reached a verdict through the answer's own
// values (a nonce that is a secret, say); scrubVerdict already did the tickets.
func scrubVerdictText(v *Verdict, creds []credential) {
	fix := func(s *string) { *s = mask(*s, creds) }
	fix(&v.URL)
	fix(&v.SignStringMasked)
	fix(&v.ExpectedSignStringMasked)
	for _, t := range []*Text{&v.Explanation, &v.Fix} {
		fix(&t.ZhCN)
		fix(&t.EnUS)
	}
	for i := range v.Findings {
		f := &v.Findings[i]
		fix(&f.Signed)
		fix(&f.Page)
		fix(&f.Message.ZhCN)
		fix(&f.Message.EnUS)
	}
	for i := range v.Warnings {
		fix(&v.Warnings[i].Detail)
		fix(&v.Warnings[i].DetailZh)
	}
}

// minLeak is the shortest credential the leak check looks for: shorter values would
// match ordinary text.
const minLeak = 8

// ticketName names a ticket, masked: "the current corp ticket ab…yz".
func ticketName(k jssdk.Kind, current bool, masked string) Text {
	name, nameZh := "corp ticket", "企业 ticket"
	if k == jssdk.KindAgent {
		name, nameZh = "app ticket", "应用 ticket"
	}
	if current {
		return tx("当前的"+nameZh+" "+masked, "the current "+name+" "+masked)
	}
	return tx("之前的"+nameZh+" "+masked, "an earlier "+name+" "+masked)
}

// isCredentialField: a JSON key named like a credential (access_token, jsapi_ticket,
// ticket, agent_ticket, secret, corpsecret, token).
func isCredentialField(key string) bool {
	k := strings.ToLower(strings.NewReplacer("_", "", "-", "").Replace(key))
	return k == "token" || strings.Contains(k, "accesstoken") || strings.HasSuffix(k, "ticket") || strings.Contains(k, "secret")
}

// credentialFields lists the credential-like keys of a JSON tree, as dotted paths.
func credentialFields(v any, prefix string, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		for _, k := range sortedKeys(x) {
			if isCredentialField(k) {
				*out = append(*out, prefix+k)
			}
			credentialFields(x[k], prefix+k+".", out)
		}
	case []any:
		for i, e := range x {
			credentialFields(e, prefix+strconv.Itoa(i)+".", out)
		}
	}
}
