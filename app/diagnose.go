package app

import (
	"context"
	"net/http"
	"time"

	"wecomdev/internal/diagnose"
	"wecomdev/internal/workspace"
)

// auditTimeout bounds a whole endpoint audit (a handful of calls to the developer's
// server, each bounded by diagnose.AuditCallTimeout).
const auditTimeout = 60 * time.Second

// DiagnoseService explains why a signature fails: the URL diff, the signature forensics,
// the error explainer and the endpoint audit.
type DiagnoseService struct {
	e *workspace.Workspace
}

// NewDiagnoseService returns the service over a workspace.
func NewDiagnoseService(e *workspace.Workspace) *DiagnoseService { return &DiagnoseService{e: e} }

// Compare diffs the URL that was signed against the page's URL.
func (s *DiagnoseService) Compare(signedURL, pageURL string) diagnose.Result {
	return diagnose.Diagnose(signedURL, pageURL)
}

// Explain explains what the phone showed (an errMsg, a server errcode).
func (s *DiagnoseService) Explain(text string) diagnose.Explanation {
	return diagnose.ExplainText(text)
}

// Forensics says what produced a signature: which ticket (kind, current or stale) and
// which URL (the page's, or a variant of it).
func (s *DiagnoseService) Forensics(profile string, in diagnose.ForensicsInput) (diagnose.Verdict, error) {
	ctx, cancel := context.WithTimeout(context.Background(), networkTimeout)
	defer cancel()
	v, err := s.e.Forensics(ctx, profile, in)
	return v, bridge(err)
}

// Audit calls the developer's own signing endpoint with test URLs and checks each answer.
func (s *DiagnoseService) Audit(profile string, in diagnose.AuditInput) (diagnose.AuditReport, error) {
	ctx, cancel := context.WithTimeout(context.Background(), auditTimeout)
	defer cancel()
	r, err := s.e.Audit(ctx, profile, &http.Client{Timeout: diagnose.AuditCallTimeout}, in)
	return r, bridge(err)
}
