package windows

import "testing"

// TestHostNames reads the names of wesng's definitions that the document
// tables left out, and the builds of Windows before Vista.
func TestHostNames(t *testing.T) {
	for name, want := range map[string]string{
		"Microsoft Windows XP Professional x64 Edition Service Pack 2":  "windows/xp/sp2/x64",
		"Microsoft Windows XP Professional x64 Edition":                 "windows/xp/x64",
		"Microsoft Windows XP Media Center Edition 2005 Service Pack 3": "windows/xp/sp3/x86/media-center-2005",
		"Microsoft Windows XP Tablet PC Edition 2005 Service Pack 2":    "windows/xp/sp2/x86/tablet-pc-2005",
		"Windows Server 2022 Datacenter: Azure Edition":                 "windows-server/2022/x64/azure-edition",
		"Windows 11 Version 26H1 for x64-based Systems - extra":         "windows/11/26h1/x64/extra",
	} {
		p, _, err := Parse(name)
		if err != nil || p.ID() != want {
			t.Errorf("Parse(%q) = %s, %v; want %s", name, p.ID(), err, want)
		}
	}
	for _, tc := range []struct {
		build  int
		server bool
		want   string
	}{
		{2600, false, "windows/xp"}, {3790, false, "windows/xp"}, {3790, true, "windows-server/2003"}, {2195, false, "windows/2000"},
	} {
		p, ok := FromBuild(tc.build, tc.server)
		if !ok || p.ID() != tc.want {
			t.Errorf("FromBuild(%d, %v) = %s, %v; want %s", tc.build, tc.server, p.ID(), ok, tc.want)
		}
	}
}
