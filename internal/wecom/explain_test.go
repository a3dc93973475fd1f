package wecom

import (
	"strconv"
	"strings"
	"testing"
)

// docs/wecom-facts.md, "Client errMsg texts and the explainer".
func TestTheCodesTheSandboxEmitsAndTheCustomerContactCodesAreExplained(t *testing.T) {
	for _, code := range []int{41002, 47001, 60111, 40096, 50100, 84074, 610004} {
		ex, ok := Explain(code)
		if !ok {
			t.Errorf("no explanation for %d", code)
			continue
		}
		if !strings.Contains(ex.Cause.EnUS, "("+strconv.Itoa(code)+")") || !strings.Contains(ex.Cause.ZhCN, "（"+strconv.Itoa(code)+"）") {
			t.Errorf("%d: the cause does not name its code: %s / %s", code, ex.Cause.EnUS, ex.Cause.ZhCN)
		}
	}
}

func TestAnExplanationWhoseCasesAreNotSourcedSaysSo(t *testing.T) {
	for _, code := range []int{47001, 84074} {
		ex, _ := Explain(code)
		if !strings.Contains(ex.Cause.EnUS, "not publicly documented") || !strings.Contains(ex.Cause.ZhCN, "没有公开资料") {
			t.Errorf("%d does not say its cases are unsourced: %s", code, ex.Cause.EnUS)
		}
	}
}

// 42012 is the unusable (corp-for-app) ticket; an expired ticket gives 40093 (doc 90455 / 96912).
func Test42012IsTheWrongTicketKindNotAnExpiredOne(t *testing.T) {
	ex, _ := Explain(42012)
	if !strings.Contains(ex.Cause.EnUS, "corp ticket") || !strings.Contains(ex.Cause.EnUS, "expired ticket does not give 42012 but 40093") {
		t.Errorf("42012: %s", ex.Cause.EnUS)
	}
	if strings.Contains(ex.Cause.EnUS, "or the ticket is stale") {
		t.Errorf("42012 still blames a stale ticket: %s", ex.Cause.EnUS)
	}
}

// 45009 is the general frequency limit of any API (doc 90454).
func Test45009IsTheGeneralFrequencyLimitNotOnlyTheTicketQuota(t *testing.T) {
	ex, _ := Explain(45009)
	if !strings.Contains(ex.Cause.EnUS, "any API") || !strings.Contains(ex.Cause.ZhCN, "所有接口") || !strings.Contains(ex.Fix.EnUS, "60 minutes from the breach") {
		t.Errorf("45009: %s / %s", ex.Cause.EnUS, ex.Fix.EnUS)
	}
}
