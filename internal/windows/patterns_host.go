package windows

// Names met in wesng's definitions and in host inventories that the
// document tables of patterns.go do not cover, and the builds of the
// Windows versions before Vista, appended to the tables at init so that
// the tables of Microsoft's documents stay as they are.
func init() {
	phrases = append(phrases,
		// "Microsoft Windows XP Professional x64 Edition Service Pack 2":
		// XP x64 (build 3790), the only XP edition for x64.
		row(`\b(windows\s+xp)\s+professional\b`, func(_ *result, m []string) string { return " " + m[1] + " " }),
		// The XP editions of 2005 are products of their own.
		row(`\bmedia\s+center\s+edition\s+2005\b`, edition("media-center-2005")),
		row(`\btablet\s+pc\s+edition\s+2005\b`, edition("tablet-pc-2005")),
		// "Windows Server 2022 Datacenter: Azure Edition".
		row(`\bdatacenter\s*:\s*azure\s+edition\b`, edition("azure-edition")),
		// "Windows 11 Version 26H1 for x64-based Systems - extra": two rows
		// of wesng whose meaning MSRC does not give; kept apart from the
		// product so that no host matches them by mistake.
		row(`\s-\s*extra\s*$`, edition("extra")),
	)
	type buildRow = struct {
		build  int
		client Product
		server Product
	}
	builds = append(builds,
		buildRow{build: 2195, client: Product{Family: FamilyWindows, Version: "2000"}},
		buildRow{build: 2600, client: Product{Family: FamilyWindows, Version: "xp"}},
		// Build 3790 is Windows Server 2003 (and 2003 R2, which systeminfo
		// cannot tell apart) and Windows XP Professional x64 Edition.
		buildRow{build: 3790, client: Product{Family: FamilyWindows, Version: "xp"}, server: Product{Family: FamilyWindowsServer, Version: "2003"}},
	)
}
