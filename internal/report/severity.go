package report

import "strings"

// Severities are the qualitative severities, lowest first, as findings
// carry them; "unknown" stands for an advisory that gives none.
var Severities = []string{"low", "moderate", "high", "critical"}

// SeverityUnknown names the severity of an advisory that gives none.
const SeverityUnknown = "unknown"

// SeverityAtLeast reports whether a finding of severity sev meets the
// threshold (one of Severities). An advisory without a severity meets
// every threshold: not knowing how bad it is must not let it pass.
func SeverityAtLeast(sev, threshold string) bool {
	r := severityRank(sev)
	return r == 0 || r >= severityRank(threshold)
}

// FilterSeverity keeps the findings (and those awaiting restore) whose
// severity is one of keep (Severities, or SeverityUnknown), counts the
// others in FilteredOut, and drops the advisories left without findings.
// Ignored findings stay listed.
func (d *ScanDocument) FilterSeverity(keep []string) {
	want := map[string]bool{}
	for _, k := range keep {
		want[strings.ToLower(k)] = true
	}
	d.Severities = keep
	used := map[string]bool{}
	filter := func(list []Finding) []Finding {
		kept := list[:0]
		for _, f := range list {
			sev := strings.ToLower(f.Advisory.Severity)
			if severityRank(sev) == 0 {
				sev = SeverityUnknown
			}
			if !want[sev] {
				d.FilteredOut++
				continue
			}
			kept = append(kept, f)
			used[f.Advisory.ID] = true
		}
		return kept
	}
	d.Findings = filter(d.Findings)
	d.AwaitingRestore = filter(d.AwaitingRestore)
	advs := d.Advisories[:0]
	for _, a := range d.Advisories {
		if used[a.ID] {
			advs = append(advs, a)
		}
	}
	d.Advisories = advs
}
