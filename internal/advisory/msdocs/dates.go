package msdocs

import (
	"strconv"
	"strings"
	"time"

	"github.com/affected-dev/affected/internal/lazyre"
)

var (
	dateKo  = lazyre.New(`(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일`)
	dateZh  = lazyre.New(`(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日`)
	dateISO = lazyre.New(`\b(\d{4})-(\d{1,2})-(\d{1,2})\b`)
	dateMDY = lazyre.New(`\b(\d{1,2})/(\d{1,2})/(\d{4})\b`)
	dateEn  = lazyre.New(`(?i)\b(january|february|march|april|may|june|july|august|september|october|november|december)\s+(\d{1,2}),?\s+(\d{4})\b`)
)

var months = map[string]time.Month{
	"january": time.January, "february": time.February, "march": time.March, "april": time.April,
	"may": time.May, "june": time.June, "july": time.July, "august": time.August,
	"september": time.September, "october": time.October, "november": time.November, "december": time.December,
}

// parseDate finds the first date in s, written as the archive's languages
// write them: "2017년 1월 27일", "2016 年 1 月 12 日", "January 12, 2016",
// "2016-01-12", and the front matter's "05/27/2016". It reports false when
// s has none, or a date that does not exist (2016년 2월 30일).
func parseDate(s string) (time.Time, bool) {
	best, at := time.Time{}, -1
	try := func(re *lazyre.Regexp, ymd func(m []string) (int, time.Month, int)) {
		loc := re.FindStringSubmatchIndex(s)
		if loc == nil || (at >= 0 && loc[0] >= at) {
			return
		}
		m := make([]string, len(loc)/2)
		for i := range m {
			m[i] = s[loc[2*i]:loc[2*i+1]]
		}
		y, mo, d := ymd(m)
		t := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
		if t.Year() != y || t.Month() != mo || t.Day() != d || y < 1990 || y > 2100 {
			return
		}
		best, at = t, loc[0]
	}
	num := func(s string) int { n, _ := strconv.Atoi(s); return n }
	ymd := func(m []string) (int, time.Month, int) { return num(m[1]), time.Month(num(m[2])), num(m[3]) }
	try(dateKo, ymd)
	try(dateZh, ymd)
	try(dateISO, ymd)
	try(dateMDY, func(m []string) (int, time.Month, int) { return num(m[3]), time.Month(num(m[1])), num(m[2]) })
	try(dateEn, func(m []string) (int, time.Month, int) {
		return num(m[3]), months[strings.ToLower(m[1])], num(m[2])
	})
	return best, at >= 0
}
