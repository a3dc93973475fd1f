package devserver

import (
	_ "embed"
	"encoding/json"
	"regexp"
)

// secretnames.json is the one rule for which header, query parameter, form field or JSON
// key names carry a credential (the auth headers, anything with token / ticket / secret /
// password / session in it, and OAuth's code; not errcode, which WeCom answers on every
// call). The phone reporter bundles the same file (frontend/phone/src/reporter/netmask.ts
// secretName) and masks on the phone; the server masks again with it (network.go).
//
//go:embed secretnames.json
var secretNamesJSON []byte

// secretNameIgnoreCase, secretNameMatchCase: names matching ignoreCase (case-insensitive) or matchCase (as written).
var secretNameIgnoreCase, secretNameMatchCase = func() (*regexp.Regexp, *regexp.Regexp) {
	var r struct {
		IgnoreCase string `json:"ignoreCase"`
		MatchCase  string `json:"matchCase"`
	}
	if err := json.Unmarshal(secretNamesJSON, &r); err != nil || r.IgnoreCase == "" || r.MatchCase == "" {
		panic("devserver: secretnames.json lacks ignoreCase or matchCase")
	}
	return regexp.MustCompile("(?i)" + r.IgnoreCase), regexp.MustCompile(r.MatchCase)
}()

// secretName: the value of a header, parameter or key of this name is a credential.
func secretName(name string) bool {
	return secretNameIgnoreCase.MatchString(name) || secretNameMatchCase.MatchString(name)
}
