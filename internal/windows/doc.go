// Package windows names Windows (and other Microsoft) products the way
// Microsoft's security documents do, in any language, as one canonical,
// language-independent product id; and it reads KB numbers. Advisory
// readers (the security-updates archive in internal/advisory/msdocs,
// wesng's definitions) put these ids on platform exposures; the host check
// compares them with what a host inventory says.
//
// # Products and ids
//
// A [Product] is a family ("windows", "windows-server", or the slug of
// another product: "office", "sql-server"), a version ("10", "8.1",
// "2012r2"), a feature release ("1511", "22h2"; Windows 10 RTM is "1507"),
// a service pack, an architecture ([ArchX86], [ArchX64], [ArchARM] for
// Windows RT, [ArchARM64], [ArchIA64] for Itanium), Server Core, and
// edition qualifiers ("hololens", "rdc-8.0"). [Product.ID] writes it as
// "windows/10/1511/x64", "windows-server/2012r2/x64/core"; [ParseID] reads
// the id back; [Product.Name] gives the English MSRC name ("Windows 10
// Version 1511 for x64-based Systems").
//
// # Reading names
//
// [Parse] reads a product name in English (the MSRC names of wesng's
// definitions), Korean or Traditional Chinese (the product rows of the
// archive's tables) — "Windows 10 Version 1511 for x64-based Systems",
// "Windows 10 버전 1511(x64 기반 시스템용)" and "適用於 x64 型系統的
// Windows 10 1511 版" give the same id — and the kind of update the name
// adds ([UpdateSecurityOnly] for "보안 전용", [UpdateMonthlyRollup] for
// "每月彙總套件"). It is table-driven: the localized wordings are rows of
// the tables in patterns.go (typos, phrases, noise, late); a wording it does
// not know gives a *[NameError] naming the words left over, never a guess.
// A new wording is a new row; an inventory reader that meets names of its
// own may keep its rows in a file of its own that appends to these tables
// from an init function.
//
// # Deciding whether a host is covered
//
// A host inventory describes its Windows as a Product too: [FromBuild]
// gives family, version and release from the build number (10586 →
// windows/10/1511), to which the inventory adds the architecture
// ([ParseArch] reads "x64-based PC"), the service pack and Server Core.
// [Product.Covers] then says whether an advisory row's product applies to
// the host: family, version, release and service pack equal; the row's
// architecture empty or equal; Server Core equal; the row's edition
// qualifiers all present on the host. Whether a covered host is fixed is a
// matter of KBs: the row's update, the updates that replace it, and for
// cumulative updates ([UpdateCumulative], Windows 10) any later one (see
// advisory.PlatformExposure).
//
// # KBs
//
// [KB] is a Knowledge Base article number; [ParseKB] reads "KB3124266",
// "3124266" and "3002657-v2"; [KB.String] writes "KB3124266", the form
// the advisory model stores.
//
// # Limits
//
// Names are read as the 2005–2017 archive and the MSRC definitions write
// them; products Microsoft named after 2017 are known through wesng's
// English names only. Windows Server semi-annual releases take their
// release as version ("Windows Server, version 1709" is
// windows-server/1709/x64). Product families other than Windows are slugs
// of their English names, good for equality, not for display.
package windows
