package cli

import (
	"bytes"
	"testing"

	"wecomdev/internal/diagnose"
)

// The bytes below are what printFindings (diagnose's URL diff) and printOAuthFindings
// (diagnose oauth, oauth url) printed before they became one printer.
func TestPrintFindingsPrintsAURLDiffFindingWithoutSeverityOrEvidence(t *testing.T) {
	var b bytes.Buffer
	printFindings(&b, []diagnose.LocalFinding{
		{Code: "HTML_ESCAPED", Message: "the signed URL has &amp;", Fix: "sign the URL as the page has it"},
		{Code: "QUERY_EXTRA", Message: "the page has ?x=1", Fix: "sign location.href"},
	})
	want := "\n1. [HTML_ESCAPED] the signed URL has &amp;\n   fix: sign the URL as the page has it\n" +
		"\n2. [QUERY_EXTRA] the page has ?x=1\n   fix: sign location.href\n"
	if b.String() != want {
		t.Fatalf("got\n%q\nwant\n%q", b.String(), want)
	}
}

func TestPrintFindingsPrintsAnOAuthFindingWithItsSeverityAndTheURLPartItIsAbout(t *testing.T) {
	var b bytes.Buffer
	printFindings(&b, []diagnose.LocalFinding{
		{Code: "OAUTH_REDIRECT_UNTRUSTED", Severity: "error", Evidence: "h5.example.com:8443", Message: "not trusted", Fix: "add the domain"},
		{Code: "OAUTH_NO_TRUSTED_DOMAINS", Severity: "warn", Message: "no trusted domains", Fix: "set them in Profiles"},
	})
	want := "\n1. error [OAUTH_REDIRECT_UNTRUSTED] not trusted\n   in:  h5.example.com:8443\n   fix: add the domain\n" +
		"\n2. warn [OAUTH_NO_TRUSTED_DOMAINS] no trusted domains\n   fix: set them in Profiles\n"
	if b.String() != want {
		t.Fatalf("got\n%q\nwant\n%q", b.String(), want)
	}
}
