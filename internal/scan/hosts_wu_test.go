package scan

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/advisory/builtin"
	"github.com/affected-dev/affected/internal/advisory/wesng"
	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/host"
	"github.com/affected-dev/affected/internal/match"
)

// asOf is a PlatformSource of the rows released by a date: what the
// definitions knew when the sample was taken.
type asOf struct {
	advs []*advisory.Advisory
	date string
}

func (s asOf) EachForPlatform(keys []string, fn func(*advisory.Advisory)) error {
	for _, a := range s.advs {
		c := *a
		c.Platforms = nil
		for _, p := range a.Platforms {
			parts := strings.SplitN(p.ProductID, "/", 3)
			if len(parts) < 2 {
				continue
			}
			k := parts[0] + "/" + parts[1]
			for _, x := range keys {
				if x == k && (p.Released == "" || p.Released <= s.date) {
					c.Platforms = append(c.Platforms, p)
					break
				}
			}
		}
		if len(c.Platforms) > 0 {
			fn(&c)
		}
	}
	return nil
}

func (s asOf) Get(id string) (*advisory.Advisory, bool) {
	for _, a := range s.advs {
		if a.Is(id) {
			return a, true
		}
	}
	return nil, false
}

// TestAgainstWindowsUpdate checks the hosts of wesng's validation set
// that come with the list of updates Windows Update offered them the day
// they were sampled (the *_updates.txt files: Microsoft's own view of what
// was missing). With wesng's definitions as of that day, the updates
// affected says to install for Windows itself are the ones Windows Update
// offered, or a later cumulative update that holds them.
func TestAgainstWindowsUpdate(t *testing.T) {
	d, err := wesng.ReadFile(extracttest.File(t, "windows/wesng/definitions.zip"))
	if err != nil {
		t.Fatal(err)
	}
	advs, _ := d.Advisories()
	advs = append(advs, builtin.Advisories()...)
	dir := filepath.Join(extracttest.Corpus(t), "windows", "wesng", "validation")
	for _, tc := range []struct {
		files []string
		date  string
		// os is what affected says to install for Windows itself (rows
		// without a component), per update: the advisories it fixes.
		os map[string]int
		// also must be among the updates to install.
		also []string
	}{
		// Windows Update offered nothing of security: the February 2019
		// cumulative update is installed. One CVE revised on 2019-02-19
		// names that day's (optional) cumulative update only.
		{files: []string{"10_1803_x64_proforworkstations_en-us_A_20190305_systeminfo.txt", "10_1803_x64_proforworkstations_en-us_A_20190305_qfe.txt"},
			date: "2019-03-05", os: map[string]int{"KB4487029": 1}},
		// No update installed: Windows Update offered the February
		// cumulative update KB4487017 and Flash KB4487038; affected names
		// the same (the newest update of the chain of cumulative updates
		// the data ties by supersedence) and the same Flash, and for the
		// one CVE revised to name only the optional update of 2019-02-19
		// (KB4487029, which supersedes nothing in the data), that one.
		{files: []string{"10_1803_x64_proforworkstations_en-us_B_20190306_systeminfo.txt"},
			date: "2019-03-06", os: map[string]int{"KB4487017": 207, "KB4487029": 1}, also: []string{"KB4487038"}},
		// Windows Update offered only a .NET update that fixes no CVE.
		{files: []string{"10_1809_x64_education_en-us_20190306_systeminfo.txt", "10_1809_x64_education_en-us_20190306_qfe.txt"},
			date: "2019-03-06", os: map[string]int{}},
		// Windows Update offered the February 2019 monthly rollup: 276
		// updates installed, every older fix of Windows held by the
		// rollups installed.
		{files: []string{"7_sp1_x64_enterprise_en-us_20190305_systeminfo.txt", "7_sp1_x64_enterprise_en-us_20190305_qfe.txt"},
			date: "2019-03-05", os: map[string]int{"KB4486563": 50}},
		// Windows Update offered only an optional preview: the March 2019
		// rollup is installed; it holds KB3109853 too.
		{files: []string{"srv_2012r2_u1_systeminfo.txt", "srv_2012r2_u1_qfe.txt"},
			date: "2019-03-18", os: map[string]int{}},
	} {
		var paths []string
		for _, f := range tc.files {
			paths = append(paths, filepath.Join(dir, f))
		}
		invs, errs := host.ReadPaths(paths)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		rs, err := match.MatchHosts(host.Combine(invs), asOf{advs, tc.date}, match.HostOptions{})
		if err != nil || len(rs) != 1 {
			t.Fatalf("%s: %d hosts, %v", tc.files[0], len(rs), err)
		}
		os := map[string]int{}
		install := map[string]bool{}
		for _, v := range rs[0].Verdicts {
			seen := map[string]bool{}
			for _, rv := range v.Rows {
				if rv.Status != match.Affected {
					continue
				}
				install[rv.Install] = true
				if rv.Component == "" && !seen[rv.Install] {
					seen[rv.Install] = true
					os[rv.Install]++
				}
			}
			if v.Advisory.ID == "MSA-3109853" && strings.HasPrefix(tc.files[0], "srv_2012r2") {
				if v.Status != match.Fixed || v.Rows[0].Found != "KB4489881" {
					t.Errorf("MSA-3109853 on the 2012 R2 sample: %s %+v; want fixed by the March 2019 rollup KB4489881", v.Status, v.Rows)
				}
			}
		}
		for kb, n := range tc.os {
			if os[kb] != n {
				t.Errorf("%s: %s fixes %d advisories of Windows itself, want %d", tc.files[0], kb, os[kb], n)
			}
		}
		for kb := range os {
			if _, ok := tc.os[kb]; !ok {
				t.Errorf("%s: %s to install for Windows itself (%d advisories), not what Windows Update offered", tc.files[0], kb, os[kb])
			}
		}
		for _, kb := range tc.also {
			if !install[kb] {
				t.Errorf("%s: %s not among the updates to install", tc.files[0], kb)
			}
		}
	}
}
