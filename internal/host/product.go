package host

import (
	"strings"

	"github.com/affected-dev/affected/internal/windows"
)

// Product returns the Windows product of the OS, as advisory rows name it:
// family, version and feature release from the build number (systeminfo's
// names are localized, the build is not), the service pack, the
// architecture, and Server Core where the inventory can tell (the
// registry's installation type; systeminfo cannot). An inventory without
// an architecture gives a product without one (ArchAny), which a matcher
// may take for any architecture. ok is false when the
// build is not one of a Windows release (an Insider build, a typo).
func (o *OS) Product() (p windows.Product, ok bool) {
	if o == nil {
		return windows.Product{}, false
	}
	p, ok = windows.FromBuild(o.Build, o.Server())
	if !ok {
		return windows.Product{}, false
	}
	// The builds of 2000, XP and Server 2003 span their service packs,
	// which only the inventory tells; from Vista on the build says it and
	// the table has it (Server 2008's first release, build 6001, says
	// "Service Pack 1" and is named without one).
	if p.SP == 0 && o.ServicePack > 0 && o.Build < 6000 {
		p.SP = o.ServicePack
	}
	if a, ok := windows.ParseArch(o.Arch); ok {
		p.Arch = a
	}
	p.ServerCore = o.ServerCore()
	if strings.Contains(strings.ToLower(o.Name), "azure edition") {
		p.Edition = "azure-edition"
	}
	return p, true
}
