package advisory

import (
	"math"
	"strings"

	cvss20 "github.com/pandatix/go-cvss/20"
	cvss30 "github.com/pandatix/go-cvss/30"
	cvss31 "github.com/pandatix/go-cvss/31"
	cvss40 "github.com/pandatix/go-cvss/40"
)

// BaseScore returns the CVSS base score (0.0–10.0) of the score's vector,
// computed by the CVSS specification of its version (v2, v3.0, v3.1, v4.0;
// https://www.first.org/cvss/), and false when the vector is not one
// (an OSV "Ubuntu" score, a malformed vector). The version is taken from
// the vector itself ("CVSS:3.1/…"), which sources get wrong less often
// than the type they label it with.
func (s Score) BaseScore() (float64, bool) {
	v := strings.TrimSpace(s.Score)
	var score float64
	switch {
	case strings.HasPrefix(v, "CVSS:4.0/"):
		c, err := cvss40.ParseVector(v)
		if err != nil {
			return 0, false
		}
		score = c.Score()
	case strings.HasPrefix(v, "CVSS:3.1/"):
		c, err := cvss31.ParseVector(v)
		if err != nil {
			return 0, false
		}
		score = c.BaseScore()
	case strings.HasPrefix(v, "CVSS:3.0/"):
		c, err := cvss30.ParseVector(v)
		if err != nil {
			return 0, false
		}
		score = c.BaseScore()
	case strings.Contains(v, "AV:") && (s.Type == "CVSS_V2" || s.Type == ""):
		c, err := cvss20.ParseVector(strings.TrimSuffix(strings.TrimPrefix(v, "("), ")"))
		if err != nil {
			return 0, false
		}
		score = c.BaseScore()
	default:
		return 0, false
	}
	return math.Round(score*10) / 10, true
}

// MaxBaseScore returns the highest base score of the advisory's scores,
// and false when none gives one.
func (a *Advisory) MaxBaseScore() (float64, bool) {
	best, ok := 0.0, false
	for _, s := range a.Scores {
		if b, good := s.BaseScore(); good && (!ok || b > best) {
			best, ok = b, true
		}
	}
	return best, ok
}
