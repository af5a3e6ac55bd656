package windows

// builds maps the build numbers of Windows NT 10.0 to feature releases, so
// that a host inventory ("10.0.10586 N/A Build 10586") names the same
// product as an advisory row ("Windows 10 Version 1511"). Sources: Microsoft's
// release information pages for Windows 10, Windows 11 and Windows Server.
var builds = []struct {
	build  int
	client Product // Windows 10/11 on that build
	server Product // Windows Server on that build ("" family when none)
}{
	{build: 6000, client: Product{Family: FamilyWindows, Version: "vista"}, server: Product{}},
	// Windows Server 2008 was released on build 6001, Vista SP1's code: its
	// systeminfo says "Service Pack 1", but Microsoft's advisories name that
	// release "Windows Server 2008 for x64-based Systems" — no service pack —
	// and the next one "… Service Pack 2".
	{build: 6001, client: Product{Family: FamilyWindows, Version: "vista", SP: 1}, server: Product{Family: FamilyWindowsServer, Version: "2008"}},
	{build: 6002, client: Product{Family: FamilyWindows, Version: "vista", SP: 2}, server: Product{Family: FamilyWindowsServer, Version: "2008", SP: 2}},
	{build: 6003, client: Product{Family: FamilyWindows, Version: "vista", SP: 2}, server: Product{Family: FamilyWindowsServer, Version: "2008", SP: 2}},
	{build: 7600, client: Product{Family: FamilyWindows, Version: "7"}, server: Product{Family: FamilyWindowsServer, Version: "2008r2"}},
	{build: 7601, client: Product{Family: FamilyWindows, Version: "7", SP: 1}, server: Product{Family: FamilyWindowsServer, Version: "2008r2", SP: 1}},
	{build: 9200, client: Product{Family: FamilyWindows, Version: "8"}, server: Product{Family: FamilyWindowsServer, Version: "2012"}},
	{build: 9600, client: Product{Family: FamilyWindows, Version: "8.1"}, server: Product{Family: FamilyWindowsServer, Version: "2012r2"}},
	{build: 10240, client: Product{Family: FamilyWindows, Version: "10", Release: "1507"}},
	{build: 10586, client: Product{Family: FamilyWindows, Version: "10", Release: "1511"}},
	{build: 14393, client: Product{Family: FamilyWindows, Version: "10", Release: "1607"}, server: Product{Family: FamilyWindowsServer, Version: "2016"}},
	{build: 15063, client: Product{Family: FamilyWindows, Version: "10", Release: "1703"}},
	{build: 16299, client: Product{Family: FamilyWindows, Version: "10", Release: "1709"}, server: Product{Family: FamilyWindowsServer, Version: "1709"}},
	{build: 17134, client: Product{Family: FamilyWindows, Version: "10", Release: "1803"}, server: Product{Family: FamilyWindowsServer, Version: "1803"}},
	{build: 17763, client: Product{Family: FamilyWindows, Version: "10", Release: "1809"}, server: Product{Family: FamilyWindowsServer, Version: "2019"}},
	{build: 18362, client: Product{Family: FamilyWindows, Version: "10", Release: "1903"}, server: Product{Family: FamilyWindowsServer, Version: "1903"}},
	{build: 18363, client: Product{Family: FamilyWindows, Version: "10", Release: "1909"}, server: Product{Family: FamilyWindowsServer, Version: "1909"}},
	{build: 19041, client: Product{Family: FamilyWindows, Version: "10", Release: "2004"}, server: Product{Family: FamilyWindowsServer, Version: "2004"}},
	{build: 19042, client: Product{Family: FamilyWindows, Version: "10", Release: "20h2"}, server: Product{Family: FamilyWindowsServer, Version: "20h2"}},
	{build: 19043, client: Product{Family: FamilyWindows, Version: "10", Release: "21h1"}},
	{build: 19044, client: Product{Family: FamilyWindows, Version: "10", Release: "21h2"}},
	{build: 19045, client: Product{Family: FamilyWindows, Version: "10", Release: "22h2"}},
	{build: 20348, server: Product{Family: FamilyWindowsServer, Version: "2022"}},
	{build: 22000, client: Product{Family: FamilyWindows, Version: "11", Release: "21h2"}},
	{build: 22621, client: Product{Family: FamilyWindows, Version: "11", Release: "22h2"}},
	{build: 22631, client: Product{Family: FamilyWindows, Version: "11", Release: "23h2"}},
	{build: 25398, server: Product{Family: FamilyWindowsServer, Version: "2022", Release: "23h2"}},
	{build: 26100, client: Product{Family: FamilyWindows, Version: "11", Release: "24h2"}, server: Product{Family: FamilyWindowsServer, Version: "2025"}},
	{build: 26200, client: Product{Family: FamilyWindows, Version: "11", Release: "25h2"}},
}

// FromBuild returns the Windows product of an NT build number (the third
// part of "10.0.10586"), client or server, without architecture, Server
// Core or edition: the host inventory adds those. Windows 10 build 10240
// is release "1507". It reports false for builds it does not know.
func FromBuild(build int, server bool) (Product, bool) {
	for _, b := range builds {
		if b.build != build {
			continue
		}
		p := b.client
		if server {
			p = b.server
		}
		return p, p.Family != ""
	}
	return Product{}, false
}
