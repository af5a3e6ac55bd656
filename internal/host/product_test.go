package host

import (
	"testing"

	"github.com/affected-dev/affected/internal/windows"
)

// TestProductAsAdvisoriesNameIt: the product of a host is the one
// Microsoft's advisory rows name for that release — the service pack
// systeminfo reports is taken where the build spans several (XP, 2003) and
// not where the build decides it: Server 2008's first release, build 6001,
// reports "Service Pack 1" but every row names it without one (before, it
// became windows-server/2008/sp1, which no row names, and the host got no
// verdict at all).
func TestProductAsAdvisoriesNameIt(t *testing.T) {
	for _, tc := range []struct {
		os  OS
		row string // the product as advisory rows name it
	}{
		{OS{Name: "Microsoft Windows Server 2008 Standard", Build: 6001, ServicePack: 1, Arch: "x64"}, "Windows Server 2008 for x64-based Systems"},
		{OS{Name: "Microsoft Windows Server 2008 Standard", Build: 6001, ServicePack: 1, Arch: "x86"}, "Windows Server 2008 for 32-bit Systems"},
		{OS{Name: "Microsoft Windows Server 2008 Enterprise", Build: 6002, ServicePack: 2, Arch: "x64"}, "Windows Server 2008 for x64-based Systems Service Pack 2"},
		{OS{Name: "Microsoft Windows Vista Business", Build: 6001, ServicePack: 1, Arch: "x64"}, "Windows Vista x64 Edition Service Pack 1"},
		{OS{Name: "Microsoft Windows Server 2008 R2 Standard", Build: 7601, ServicePack: 1, Arch: "x64"}, "Windows Server 2008 R2 for x64-based Systems Service Pack 1"},
		{OS{Name: "Microsoft Windows XP Professional", Build: 2600, ServicePack: 3, Arch: "x86"}, "Windows XP Service Pack 3"},
		{OS{Name: "Microsoft(R) Windows(R) Server 2003, Standard Edition", Build: 3790, ServicePack: 2, Arch: "x86"}, "Windows Server 2003 Service Pack 2"},
	} {
		got, ok := tc.os.Product()
		if !ok {
			t.Errorf("%s build %d: no product", tc.os.Name, tc.os.Build)
			continue
		}
		want, _, err := windows.Parse(tc.row)
		if err != nil {
			t.Fatalf("%q: %v", tc.row, err)
		}
		if got.ID() != want.ID() {
			t.Errorf("%s build %d SP%d %s: product %s, the rows name %s (%q)", tc.os.Name, tc.os.Build, tc.os.ServicePack, tc.os.Arch, got.ID(), want.ID(), tc.row)
		}
	}
}
