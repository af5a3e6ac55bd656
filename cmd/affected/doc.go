/*
Affected answers the two questions every security advisory leaves its
reader with: am I affected, and how do I fix it?

It finds .NET projects (csproj, fsproj, vbproj, project.json,
packages.config, solutions) with their restore data (obj/project.assets.json,
project.lock.json, packages.lock.json, *.deps.json), builds the dependency
graph of every project and target framework, and shows how a package gets
there. It probes TLS servers, and tells which Windows machines still need
an update from their inventories (systeminfo, wmic qfe, Get-HotFix).

Usage:

	affected COMMAND [ARGUMENTS] [FLAGS]

Flags may come before or after the arguments.

# affected scan

	affected scan [PATH...] [--format text|json|sarif|markdown|table|cyclonedx] [--output FILE]
	              [--max-paths N] [--advisory ID]... [--severity LIST] [--fail-on SEVERITY]
	              [--db DIR] [--ignore-file FILE] [--quiet] [--upload URL [--source NAME]]
	              [--allow-outside-imports]

Finds every project under PATH (default: the current directory), builds its
dependency graph per target framework, and matches every package against the
advisory database: the built-in advisories (MSA-4010983, MSA-3109853) and
what `affected db import` and `affected db update` stored. A finding is an
advisory × project × framework × package version, with whether the package
is a direct dependency, the number of paths that bring it in and the
shortest of them, the advisory's fixed versions, the lowest version clear of
every advisory known for the package, and one line saying what to do: change
the declared version (direct), add a direct reference at the fixed version
(transitive), or update the .NET runtime (a package that only comes with the
platform dependency, Microsoft.NETCore.App). Without lock data the declared
versions are used (the lowest version a range admits, as NuGet resolves it)
and the finding says so; the summary counts the projects checked that way
("2 projects have no restore data … checked on declared versions only")
and names, for each, the *.deps.json files the build wrote under its bin
folder, which record what was resolved and can be scanned instead (JSON:
declared_only and build_outputs of each project; SARIF: a note).

A PATH with no .NET project under it, and an --advisory that names no
advisory of the database (by id or alias), are errors (exit 2): a typo in a
CI script must not pass as a clean scan. The same holds for why and fix.

Two records of one issue from different sources — a Microsoft document and
an OSV/GHSA record that share a CVE id or an alias, or whose references
link the Microsoft advisory's page — make one finding, listed under the
Microsoft record with "same issue as: GHSA-…" (JSON: advisory.also).

Every report ends by saying what it was checked against: the number of
advisories (built-ins included) and when the database was last updated
("checked against 4,323 advisories (2 built-in) in ~/.cache/affected,
updated 2026-12-19 (1 day ago)"). A warning on standard error (and in the
report's warnings) says when only the two built-in advisories were
checked — nothing was downloaded or imported, so a clean result means
little — or when the database is older than 7 days; neither changes the
exit code.

Every path in a report (scan, why and fix alike) is relative to the
current directory, whatever PATH was given, or absolute for a file outside
it: it can be opened, and a printed command run, where affected ran.

Lock data older than the project files: when a project declares a version
above the one its lock data holds (after `affected fix`, or an edit by
hand, and before restore), scan compares the two instead of repeating the
fix. A finding that the declared version clears is listed apart, as
"declared 1.1.1, lock data still 1.1.0: run restore" (advice kind
"restore"); so is a package that comes through a declared one released
with it (it asks for the package at its own version, and their ids are of
one family, as Microsoft.AspNetCore.Mvc.*), which restore is expected to
raise too. A finding that the declared version does not clear stays a
finding and says that the lock data is stale. These count for the exit
code as findings do (1): the lock data still holds the affected version,
a locked restore (RestoreLockedMode) refuses the files as they are, and
only a restore and a new scan can say that nothing is left.

Formats: text (default, grouped by advisory, with the dependency tree),
json (one document, "schema_version": 1, lossless: base (the directory
paths are relative to), database (dir, advisories, builtin, builtin_only,
updated, age_days, source, stale, max_age_days), projects, findings,
findings waiting for restore ("awaiting_restore", each with "lock_stale":
declared, expected, inferred, fixed, unknown), advisories, ignored
findings, removable pins, errors, warnings), sarif (SARIF 2.1.0 for GitHub
code scanning: one rule per advisory, results located in the manifest that
declares the dependency, paths relative to %SRCROOT%, which
originalUriBaseIds places at the current directory; results waiting for
restore have level "note"; executionSuccessful is false when a file could
not be read, and warnings are tool configuration notifications), markdown
(for a pull-request comment), and table (one row per finding: project,
framework, package, requested and resolved version, severity, advisory,
fixed versions; as `dotnet list package --vulnerable` lists them). In
JSON every package has its package URL ("purl":
"pkg:nuget/Newtonsoft.Json@6.0.4"), and every advisory its CVSS vectors
with the base score each gives ("scores": [{"type", "vector",
"base_score"}]; a finding's advisory carries the highest as
"base_score"). The JSON documents of scan, why and host are described by
the JSON Schemas in the repository's schema/ directory (scan.schema.json,
why.schema.json, host.schema.json), which the tests hold them to.

--severity LIST reports only the findings whose advisory has one of those
severities (low, moderate, high, critical, or unknown for an advisory
that gives none; moderate is also spelled medium); the summary counts
those left out. --fail-on SEVERITY keeps every finding in the report but
exits 1 only when one is at or above SEVERITY; a finding whose advisory
gives no severity always counts, since nothing says it is harmless.

An ignore file (.affected.toml in each PATH, or --ignore-file) suppresses
findings with a reason and an optional expiry date:

	[[ignore]]
	advisory = "GHSA-5crp-9r3c-p9vr"  # an id or an alias
	package  = "Newtonsoft.Json"      # optional
	project  = "src/Legacy/"          # optional
	reason   = "we never deserialize untrusted input"
	expires  = 2027-06-30             # optional

Ignored findings are listed, with their reason, and do not count for the
exit code; a rule past its expiry date no longer applies and says so.

osv-scanner's configuration file (osv-scanner.toml, in each PATH too; or
given to --ignore-file, the format is told from its keys) is read as
well, so that the ignores a project keeps for osv-scanner apply here:

	[[IgnoredVulns]]
	id = "GHSA-5crp-9r3c-p9vr"        # an id or an alias
	ignoreUntil = 2027-06-30          # optional
	reason = "…"                      # optional there

	[[PackageOverrides]]              # every advisory of a NuGet package
	name = "Legacy.Lib"               # (of that version, when given)
	ecosystem = "NuGet"
	version = "1.0.0"
	ignore = true                     # or vulnerability.ignore = true
	effectiveUntil = 2027-06-30       # optional

Its other settings (licence overrides, GoVersionOverride, overrides of
other ecosystems) do not concern affected and have no effect; an unknown
key is an error, as it is for osv-scanner. Unlike osv-scanner, which
applies a file to the lock files of its own directory only, affected
applies the files of each scanned PATH to everything under it, as it does
.affected.toml.

On a terminal (as golang.org/x/term tells it: not a file, a pipe or
/dev/null), the text and table reports are in colour (severities,
advisory ids, the advice, errors) unless NO_COLOR is set
(https://no-color.org) or TERM is dumb. Frameworks are listed as their
versions go: net8.0, net9.0, net10.0.

When a scan (or why) runs longer than a second and stderr is a terminal,
one line there says how far it is ("scanned 120 of 800 projects") and is
cleared at the end; --quiet turns it off, and it never shows when stderr is
a file or a pipe. Projects are read concurrently, each file once, and what
is not needed for the report is dropped as soon as a project's graphs are
matched: what a project leaves in memory is what the report says of it
(its paths and frameworks, under a kilobyte), and the heap is kept near
128 MiB (GOMEMLIMIT overrides it). 100,000 generated projects scan in
about 145 MB, 10,000 in about 50 MB.

With --upload URL, the scan also sends what it read to an affected
server (see affected server): every project and framework with its
resolved packages and dependency edges, not only the findings, so that the
server can match advisories published later without a new scan. The token
comes from AFFECTED_TOKEN (a token of scope upload); --source NAME names
what is uploaded (default: the host name and the scanned paths), and the
next upload of the same source replaces it. --format cyclonedx writes a
CycloneDX 1.6 JSON SBOM: a component per project and framework and per
package version (pkg:nuget purls), the dependency graph, and the findings
as vulnerabilities.

# affected why

	affected why PACKAGE [PATH...] [--format text|json] [--max-paths N] [--framework TFM] [--output FILE] [--quiet]
	             [--allow-outside-imports]

Shows every project and target framework that has PACKAGE, with the
dependency paths that bring it in: each path starts at a direct dependency
or a referenced project and ends at PACKAGE. The starts are exactly what
the project declares (its PackageReference and ProjectReference items,
whatever else depends on them); a referenced project is known in the lock
data by its PackageId, else its AssemblyName, else its file name. Paths are counted exactly
(saturating at 2^64-1) and the shortest --max-paths (default 5) are shown;
--max-paths must be at least 1 (a graph can have more paths than could
ever be listed, so there is no "all").
PATH defaults to the current directory and may be a directory, a solution
(.sln, .slnx: its projects are followed even outside the directory), or a
single project, lock or assets file.

Discovery skips .git, node_modules and bin directories, follows no
symbolic link out of the tree and never loops. In obj directories only
project.assets.json is read (the other files there are build
intermediates, such as copies of packages.config). A file it would read
that is a symbolic link out of the tree, or not a regular file (a named
pipe, a device, a socket), is not read and is reported where it is.

# affected fix

	affected fix [PATH...] [--dry-run] [--restore] [--to clear-of-all|lowest-fixed]
	             [--advisory ID]... [--format text|json|markdown] [--output FILE]
	             [--db DIR] [--ignore-file FILE] [--allow-outside-imports]

Edits the project files so that what scan finds goes away, the way advisory
4010983 prescribes its remediation:

  - A direct dependency gets its version changed where it is declared: the
    Version attribute or element of the PackageReference, its
    VersionOverride, the PackageVersion of Directory.Packages.props (central
    package management), the MSBuild property that holds the version (when
    another package shares the property, that package keeps it and the
    moved item gets its version written out), project.json (string or
    object form, top level or per framework) or packages.config (with the
    HintPaths of the csproj's references). A bare version stays bare,
    "[1.1.0]" becomes "[1.1.1]", an interval keeps its upper bound.
  - A transitive dependency gets a direct reference pinned to the fixed
    version, which NuGet's direct-dependency-wins rule then resolves: in a
    csproj a new PackageReference first in the item group that holds the
    package references (a new item group when there is none); under central
    package management a PackageVersion (in alphabetical order when the
    file keeps one) and, unless CentralPackageTransitivePinningEnabled is
    on, a versionless PackageReference; in project.json a new entry first
    in "dependencies". Every pin is marked with a comment naming the
    advisories, <!-- affected: pinned for MSA-4010983 --> (// in
    project.json); scan reports a marked pin as removable once the packages
    that depend on it ask for that version or more, or none does.
  - A transitive package that the plan's bumps raise anyway is not pinned
    (a "covered" step): in every framework it comes only through bumped
    packages released with it, whose locked version asks for it at their
    own version and whose ids are of one family (Microsoft.AspNetCore.Mvc
    1.1.0 asks for Microsoft.AspNetCore.Mvc.Core 1.1.0; as the advisory
    says, updating Mvc updates Mvc.Core). The lock data holds only the old
    versions' dependency ranges, so this is the graph's evidence, not a
    certainty: the plan says so, restore confirms it, and a fix run after
    restore pins what did not follow. A package that a bump may raise or
    not (one of another family) is pinned, and the step says that only
    restore can tell.
  - The advisory's related packages that the project references or pins
    (every Microsoft.AspNetCore.Mvc.* for MSA-4010983) move to the same
    release.
  - A package that only comes with the platform dependency
    (Microsoft.NETCore.App, "type": "platform") is not pinned: the plan says
    to update the runtime; the platform dependency is never edited.

The target version is, by default, the lowest version clear of every known
advisory for the package (clear-of-all); --to lowest-fixed takes each
advisory's own fixed version. When findings want different versions of one
package the highest wins; versions only go up, and a pin never goes below a
version another framework of the project already resolves. What cannot be
edited is a "by hand" step with its reason: a floating version ("1.*"), a
range that excludes the target, a reference without a version (the SDK's
implicit versions), a project known only from lock or deps.json files. A
file saved as UTF-16 is not edited (every byte of it would change): fix
says so and the run exits 2.

Every byte outside the edits is kept: byte order mark, CRLF or LF (per
line), indentation, attribute order and quotes, comments, the final
newline; new elements copy the indentation, line ending and quoting of
their neighbours. Each file is read once, changed in memory, checked to
parse again, and written atomically (a temporary file in the same
directory, .NAME.affected-PID-N.tmp, synced and renamed over it) only if
it still holds what was read. The plan is made of whole steps: when one
file of a step cannot be edited, the step's edits in every other file are
dropped too (never a versionless PackageReference without its
PackageVersion), and the step is left to the user with the reason.
Before anything is written every file is checked: one that changed since
it was read, or that has no write permission, stops the run with nothing
written. A read-only file is never replaced (version control systems
such as Perforce and TFVC keep files read-only until they are checked
out: check it out, then run fix again). A file's mode, owner and group
are kept, and a project file that is a symbolic link stays one: the file
it points to is edited. Props files are written before the projects that
use them, and a failure while writing stops the run, so every
intermediate state is a set of whole files that still restore; what stays
open is then counted from what was written. A temporary file left by a
run that was killed is removed by the next run. A second run changes
nothing.

The lock data on disk is then stale. fix re-evaluates the findings with the
planned versions in place of the locked ones and lists what would stay
open once restored, with the restore command of every stale project
(dotnet restore; nuget restore for packages.config), to be run from the
current directory. With --restore and
dotnet on PATH it runs them and scans again, reporting what is still open.
--dry-run prints the plan and a unified diff of every file, and writes
nothing. Then rebuild, test and redeploy.

--format json writes one document, "schema_version": 1: target, dry_run,
steps (kind bump, pin, related, covered, done, update-runtime, no-fix or
manual; detail, project, package, from, to, advisories, frameworks, with,
maybe_raised, where [{file, line}], text), files (path, written, lines, diff, error), stale
(project, lock_file, command), restore (dotnet, commands), remaining
(findings as in scan's JSON), evaluated ("planned" or "restored") and
errors. Exit codes: 0 everything found is fixed (in a dry run: planned),
1 something stays open, 2 an error (usage, unreadable input, a file that
could not be written, a failed restore).

# affected tls

	affected tls TARGET... [--input FILE] [--sni NAME] [--timeout D] [--concurrency N]
	                       [--state FILE] [--format text|json] [--output FILE] [--upload URL [--source NAME]]
	affected tls serve [--listen ADDR] [--cert FILE --key FILE] [--addr-file FILE] [--format text|json]

Probes TLS servers for the behaviour of Microsoft Security Advisory 3109853
(MSA-3109853): Schannel clients on Windows 8, 8.1, RT, RT 8.1, Server 2012,
Server 2012 R2 (Server Core included), Windows 10 and Windows 10 version
1511 without update KB3109853 fail an RFC 5077 abbreviated handshake in
which the server sends a NewSessionTicket (it renews the ticket), and
WinInet clients (Internet Explorer, Edge) then fall back to a lower TLS
version. A TARGET is host, host:port or [IPv6]:port (port 443 by
default); --input adds one target a line (# starts a comment, - is
standard input). Up to --concurrency targets (8) are probed at once, each
within --timeout (10s) for all its connections.

For each target it measures, on the wire: the versions accepted (TLS 1.0
to 1.3) and the one a client offering all of them gets; session-ID
resumption (a hand-built ClientHello offers the ID the server assigned);
whether a TLS 1.2 ticket is issued, its lifetime hint and size, whether
it resumes, whether a NewSessionTicket comes before the server's
ChangeCipherSpec in the abbreviated handshake, and whether the renewed
ticket resumes; TLS 1.3 tickets, their lifetime and PSK resumption;
whether a resumed session keeps its version (also: a TLS 1.2 ticket
offered in a TLS 1.3 hello must not be resumed, nor answered without the
server's Certificate); the RFC 8446 downgrade sentinel; and whether
ClientHellos carrying TLS_FALLBACK_SCSV are refused (RFC 7507) at every
version below the highest the server accepts, TLS 1.0 included. Every
hello offers every TLS 1.0–1.2 cipher suite Go implements, RSA key
exchange, 3DES and RC4 included (Go leaves them out by default since 1.22,
and the servers of this advisory are old ones), and the certificate's
dates do not matter: a server whose certificate has expired is probed as
one whose certificate is valid. A version counts as refused only when the
server answers protocol_version or picks a lower one; another alert
(unrecognized_name, handshake_failure) leaves it "not determined". A probe
costs 9 to 12 connections (at most 15). The evidence section of the report
shows the server's handshake messages of every connection, those of TLS
1.3 after the ServerHello decrypted (in braces).

Some servers (nginx, haproxy, Go 1.15 to 1.20) renew only a ticket
encrypted with a key that is no longer their first, so the failures come
at each change of ticket key. --state FILE keeps one ticket per target
between runs; a later run resumes it and sees that renewal, which then
stays recorded in the file: later runs, whose stored ticket was made under
the new key, still report the server exposed after key rotation. The file
holds session secrets and is written with mode 0600, atomically; targets
are keyed by address, and SNI when there is one. Run the probe again with
the same file after the server's key rotation period.

The verdict per target is exposed (renewal in every abbreviated
handshake), exposed after key rotation, not exposed (with the reason), or
undetermined (with the error, or when the server issues TLS 1.2 tickets
but every attempt to resume one failed). For an exposed server the report
names the versions a fallback would reach and whether TLS_FALLBACK_SCSV is
enforced (which does not protect a session made after a fallback: resuming
it sends no SCSV, RFC 7507 §4), and the clients at risk. --format json writes
one document, "schema_version": 1, with a result per target: target,
versions (supported, not_supported, undetermined), session_id_resumption,
ticket (issued, lifetime_hint_seconds, resumed, resumption_failed,
renewed_in_abbreviated_handshake, renewed_after_rotation_seen, …), tls13
(tickets, resumed, …), version_stable_on_resumption,
certificate_skipped_for_tls12_ticket, fallback_scsv ("enforced", "not
enforced", "not applicable" when the server accepts no lower version, or
"unknown" when it could not be measured: a target that could not be
reached or parsed, inconclusive checks), fallback_scsv_checks, advisories
(the ids whose behaviour matched), verdict, evidence and error. Exit
codes: 0 no target exposed, 1 some target exposed, 2 some target could not
be probed or its verdict is undetermined.

affected tls serve is the other side, for testing clients: a TLS 1.0–1.3
server that issues tickets and renews them in every abbreviated handshake.
It prints the address it listens on (and writes it to --addr-file), logs
every connection (the client's highest version, ticket offered, resumed,
tickets issued, TLS_FALLBACK_SCSV, and a session-ID resumption attempt: a
TLS 1.2 hello without the ticket extension that carries a session ID, as
curl sends) and flags, as FALLBACK, a client that gives up on a
resumption and comes back with a lower highest version; a successful
handshake in between clears the client's history.
Without --cert and --key it uses a self-signed certificate for localhost.
It runs until interrupted.

With --upload URL, the results are also sent to an affected server (see
affected server), one endpoint per target as --format json writes it;
the server derives each verdict again from what was measured, keeps it
per endpoint and matches it against the advisories' behaviour checks
(MSA-3109853's, and any record's that declares the same check), also when
such a record is imported later. The token comes from AFFECTED_TOKEN
(scope upload); --source NAME names the upload (default: this machine's
name and the targets), and the next upload of the same source replaces it.

# affected host

	affected host [FILE|DIR...] [--advisory ID]... [--format text|json|sarif|markdown]
	              [--output FILE] [--db DIR] [--upload URL [--source NAME]]

Says which Windows machines still need an update: Microsoft Security
Advisory 3109853 on the clients (Windows 8, 8.1, RT, Server 2012 and 2012
R2 without KB3109853; Windows 10 and 1511 without the January 2016
cumulative update or a later one), and, with wesng's definitions imported
(affected db import definitions.zip), every Microsoft update since 2004.

It reads inventories, each recognised by its content, never by its name:
systeminfo output as a list or as CSV (/fo csv, with or without header;
one row per host when several runs were appended) in any display language
(the labels are never read: the OS version is found by the shape of its
value, "6.3.9600 N/A Build 9600", "10.0.19045 N/A 빌드 19045", and the
other fields by their place around it); wmic qfe output (table, /format:list
or /format:csv); PowerShell Get-HotFix as a table, a list, CSV (Export-Csv)
or JSON (ConvertTo-Json); and an inventory of affected's own, JSON:

	{"format": "affected-inventory", "version": 1, "hosts": [
	  {"name": "WS-017",
	   "os": {"name": "Microsoft Windows 10 Pro", "version": "10.0.19045", "ubr": 4291,
	          "display_version": "22H2", "architecture": "x64", "installation_type": "Client"},
	   "updates": ["KB5034441", "KB5033372"]}]}

(os.build may replace os.version; architecture is x86, x64, arm, arm64 or
ia64; installation_type is the registry's Client, Server or Server Core;
leave updates out when they are not known, give [] for none; an unknown
field is an error). Files may be UTF-8, UTF-16LE or UTF-16BE with or
without byte order mark, or in the console's code page (949 Korean, 950
Traditional Chinese, 936, 932, 437/850, 852, 866, 1250–1252), chosen by
the system locale the file names and checked by decoding. A directory is
read whole (files and directories starting with "." skipped). Files of one
machine combine into one host: inventories naming the same host with the
same build; a wmic qfe or Get-HotFix list joins the systeminfo of its host
name, or without one the systeminfo of its directory whose file name
shares the longest beginning with its own. The same name with another
build is another state of the machine and stays apart. systeminfo lists at
most what fits its buffer (a few hundred updates; on XP and Server 2003
many are "File 1"), so its list is marked incomplete when it stops short
of the count it announces; a wmic qfe file of the same machine completes it.

With no FILE, on Windows, affected host reads the running machine: the
registry's CurrentVersion (ProductName, DisplayVersion, CurrentBuild,
UBR, InstallationType, CSDVersion), the processor architecture, and the
installed updates of Component Based Servicing (the packages
Win32_QuickFixEngineering and Get-HotFix list), without WMI and without
administrator rights. Elsewhere a FILE is required.

A host's product is told by its build (10586 is Windows 10 version 1511;
systeminfo's product names are localized, builds are not), kind (client or
server: "Server" stays in the name in every language), architecture,
service pack and, from the registry, Server Core; it is written as a
canonical id (windows/10/1511/x64, windows-server/2012r2/x64). An advisory
row applies when its product id covers the host's. An update counts as
installed when it, or an update that supersedes it — transitively,
through the supersedence of every row of the host's product — is listed;
on Windows 10 and later a later update of the same cumulative chain
counts too (Internet Explorer's and Flash Player's updates are cumulative
per version everywhere); on Windows 7, 8.1 and Server 2008 to 2012 R2 an
installed monthly rollup (since October 2016; an update of that period that
supersedes another) holds every earlier fix of Windows itself, KB3109853
included; the update to install for a row of Windows itself (and of
Internet Explorer and EdgeHTML, which these updates carry) is then the
newest update of that chain. The chain of Windows 10 and later is the
updates tied by supersedence: an update that supersedes nothing and that
nothing supersedes (the standalone Secure Boot DBX update) fixes only its
own rows. Rows of one advisory with the same product and component are
alternatives (a security-only update and a monthly rollup): either fixes;
rows of different components (".NET Framework 3.5 SP1" and ".NET
Framework 4", MSXML 4.0 and 6.0, also when only wesng's AffectedComponent
names them) each need their own fix; the versions of Internet Explorer
are alternatives, as a host has one.
On wesng's samples that come with Windows Update's own list of what it
offered, the updates affected says to install for Windows itself are the
ones Windows Update offered (or the later cumulative update of the day).

The verdict per host and advisory is affected (with the update to
install: the newest that covers the fix, never one that another candidate
supersedes; release dates, which in wesng's data are those of the CVE's
last revision, only order updates that supersedence does not),
fixed (by which installed update, and where the inventory lists it),
not applicable (the advisory names no product of the host: asked with
--advisory only), or unknown with the reason: the inventory describes no
OS, its build is unknown, it lists no updates, its list is cut short and
the fix is not in it, or the advisory names no update for the product.
Rows naming a component installed on Windows ("Internet Explorer 11 on
Windows Server 2012 R2", ".NET Framework 4.8 on …") are taken to apply, as
an inventory cannot say which components are installed.

Without --advisory the text report gives per host its product, files,
verdict counts and the updates to install, newest first, each with the
advisories it fixes; --advisory ID (repeatable; an id or alias such as
MSA-3109853 or CVE-2016-0049) gives every host's verdict for it with the
evidence (the installed update found, or the one missing). --format json
writes one document, "schema_version": 1: hosts (name, sources with file,
format and encoding, os, product, product_name, reason, update_list,
updates, incomplete, counts, missing with kb, released and advisories,
and verdicts with advisory, status, reason, reason_text and rows: product,
product_id, component, fixes, status, found, via, evidence, install,
install_released), advisories (the texts of every advisory with a
verdict), asked, errors, warnings and database (schema/host.schema.json). SARIF has a result per
affected host and advisory, located at the inventory file; Markdown a
table per host. A file that is not an inventory, a systeminfo output cut
short before its hotfix list, a Windows Update listing (the updates
offered, not installed) and mojibake (replacement characters, UTF-8 read
in a legacy code page and saved again, question marks in place of lost
characters) are errors located at file:line:col; the other hosts are still
reported. A host whose product no advisory of the database names (Windows
XP RTM and SP1, Server 2003 RTM and SP1 x64 with wesng's data) could not
be checked: it says so (reason "no-data"), and so do hosts whose OS or
build cannot be told; the summary counts them. Exit codes: 0 no host
affected, 1 some host affected, 2 some file could not be read or some
host could not be checked (without --advisory).

With --upload URL, the inventories read are also sent to an affected
server (see affected server), as scan --upload sends projects: every file
with the machine's name, OS, build, UBR and installed updates (with their
places in the file), so that the server shows the hosts as this command
does and re-matches them when advisories for their products are imported,
without a new upload. The token comes from AFFECTED_TOKEN (scope upload);
--source NAME names the upload (default: this machine's name and the
paths; the machine's name alone when it reads itself), and the next
upload of the same source replaces it.

# affected db

	affected db list [--format text|json]
	affected db show ID [--format text|json] [--lang L]
	affected db import FILE|DIR|ZIP... [--server URL]
	affected db update [--source URL|FILE | --server URL]

The advisory database holds what scan, why and fix match against: the
built-in records (MSA-4010983, MSA-3109853) and the advisories stored in a
directory: --db DIR, else $AFFECTED_DB, else affected/ in the user cache
directory (~/.cache/affected on Linux, ~/Library/Caches/affected on macOS,
%LocalAppData%\affected on Windows). Every db command takes --db.

list shows every advisory (id, severity, publication date, number of
exposures, title), then the counts and when the database was last
updated, and from where; show shows one, by id or alias (a CVE, a GHSA id,
KB3109853), in the language of --lang when the record has a text in it,
otherwise in English with a note saying so. An affected Windows product
is listed with the update that fixes it, then its canonical product id
(windows/10/1511/x64: family, version, feature release, service pack,
architecture, Server Core — the same id whatever language the document
was in), the kind of update (security only, monthly rollup, cumulative),
the updates it replaces and other updates that deliver the fix.
--format json gives one
document with "schema_version": 1; for show, the record in affected's
advisory model.

import reads OSV records (https://ossf.github.io/osv-schema/, the format of
the GitHub Advisory Database and osv.dev), CSAF 2.0 documents
(https://docs.oasis-open.org/csaf/csaf/v2.0/csaf-v2.0.html) and the
documents of Microsoft's security-updates archive (Markdown with YAML front
matter, one per advisory or bulletin per language, as in
github.com/MicrosoftDocs/security-updates), from files, directories (every
*.json, *.md and *.zip under them, but README.md and the like) and zip
archives; the format is detected per file, a Microsoft document by its
front matter. CSAF documents of one advisory in several languages (same
tracking id, different document.lang) become one advisory with a text per
language, also when imported one at a time; so do Microsoft's documents of
one asset id (ms:assetid 4010983 is MSA-4010983, ms16-007 is MS16-007).
From a Microsoft document come the title, summary, dates and revisions
written in its language ("2017년 1월 27일", "2016 年 1 月 12 日"), a
bulletin's severity, the Knowledge Base article and CVE ids as aliases,
the NuGet packages of its package table with their exact affected
versions per release train and each train's fixed version, and the rows
of its table of affected software: per Windows product (a canonical id
whatever the language) the update, the updates it replaces, severity and
impact, and whether it is cumulative. The two built-in records hold what
their documents say; importing those documents keeps them. After reading
such documents, import says how many it read, how many advisories and
bulletins they gave, how many were merged with the same advisory in
another language and how many were rejected; a row it cannot read whole
(a package row without a name, a product it does not know) is a warning
with its file:line:col, and the rest of the document is imported. A
record with the id of a stored one replaces it. A file that cannot be
read or parsed (a Markdown document without front matter, truncated, or
with a table of affected software whose columns it cannot tell) is
reported as file:line:col (archive.zip!/entry.md:line:col inside an
archive) and skipped, leaving the database as it was for that advisory;
the others are imported, and the exit code is 2. An
archive refused whole (not a zip, more than 200,000 entries, more than
1 GiB once decompressed) imports none of its entries, not even those read
before the limit was reached. The closing line counts the records the
database holds afterwards.
With --server URL the records read are sent to an affected server instead
(an admin token in AFFECTED_TOKEN), which re-matches its stored
inventories for the packages they name.

import also reads the definitions of Windows Exploit Suggester – Next
Generation (wesng, https://github.com/bitsadmin/wesng): definitions.zip
(CVEs_<date>.csv, Custom_<date>.csv, Version_<n>.txt) or a CVEs_*.csv on
its own, recognised by content. Each CVE becomes an advisory (source
"wesng", id the CVE; rows without a CVE are named by their KB) with a
platform row per product: the product and its canonical id, the component
installed on it, the fixing KB, the KBs it supersedes and its release
date; Windows 10 and later and Server 2016 and later rows are marked
cumulative. Rows of products that are not Windows (Office, SQL Server,
Azure Linux packages, …) are counted and left out, as a note on standard
error says: a Windows inventory cannot tell whether they are installed.
Updates that fix no vulnerability (KB3109853) are not in wesng's data;
the built-in MSA-3109853 names them.

update downloads osv.dev's archive of NuGet advisories
(https://osv-vulnerabilities.storage.googleapis.com/NuGet/all.zip, or
--source URL), checks all of it, and only then replaces the downloaded
records; imported records are kept. --source may also name a local
archive, as a path or a file:// URL, for machines without network access.
When the source cannot be reached at all, update says so and how to
import an archive downloaded elsewhere instead (affected db import
all.zip). The archive is refused whole, leaving
the database unchanged, when it is not a zip, when an entry is unsafe
(absolute path, "..", backslash, symbolic link), larger than 16 MiB
decompressed (counted while decompressing, not taken from the header),
not a valid OSV record, or repeats an id, or when it has no record.
Archive entries are parsed in memory and never extracted, so nothing is
written outside the database directory.

With --server URL, update asks that affected server (an admin token in
AFFECTED_TOKEN) to update its own advisories the same way, from the
source it was started with (affected server --update-source, osv.dev by
default): the changed records are re-matched against its stored
inventories, and the answer says how many records were read, added,
replaced and unchanged. The server's network is used, not the client's.

A new database version is written in full to a new subdirectory, synced,
and made current by atomically replacing the file CURRENT: a crash at any
point leaves the previous database readable. A lock file keeps two writers
apart. Scans read only the package index and the records of the packages
they meet.

# Untrusted input

scan, why and fix are meant to run on repositories they did not write
(in CI, on pull requests from strangers); what they read is bounded. A
file is read only up to 256 MiB. MSBuild evaluation stops with an error
located at the property (or item) when one expanded value passes 1 MiB
(1,048,576 bytes) or all the text one project's evaluation expands passes
16 MiB, every target framework included: MSBuild itself sets no limit
short of the largest .NET string, so a few lines of properties that each
repeat the one before ten times exhaust any evaluator's memory. At most
64 imports and 64 target frameworks are evaluated per project, with a
warning beyond.

Only regular files are opened: an import, a lock or assets file, or a
path named on the command line that is a named pipe (which would block
the reader forever), a device (/dev/zero never ends), a socket or a
directory is reported, located, and not read; so is any file of the tree
that is a symbolic link leading out of it (packages.lock.json pointing at
/etc/passwd). An <Import> of a file outside the scanned tree (the PATH the
project was found under) is refused with a warning located at the
<Import>, unless --allow-outside-imports is given: a repository cannot
make the scan read files elsewhere on the machine. Not refused: the
Directory.Build.props and Directory.Packages.props that MSBuild imports
on its own, which may lie above the tree, and imports of the SDK's and
toolset's own files (Sdk="…", $(MSBuildExtensionsPath), $(VSToolsPath)
and the like), which affected does not read at all.

Project, props, solution and packages.config files are read in UTF-8
or, with a byte order mark, UTF-16 (either byte order, as Visual Studio
saves "Unicode" files). What a parser reads on past is reported, never
passed over in silence: an XML attribute given twice (affected reads the
first value; MSBuild refuses the file) and a byte of a JSON file that is
not UTF-8 (a package name holding it would match no advisory).

In every case the other projects are scanned as usual, the problem is
reported as file:line:col, and the exit code is 2.

# affected server

	affected server [--database URL] [--listen ADDR] [--addr-file FILE] [--max-upload MiB]
	                [--poll D] [--webhook-backoff D] [--log text|json]
	                [--update-source URL|FILE] [--update-every D] [--tls-cert FILE --tls-key FILE]
	affected server token create --scope upload|read|admin [--name NAME] [--database URL]

Runs an HTTP server over PostgreSQL 13 or later (--database postgres://…,
else DATABASE_URL). At start it applies the schema migrations the database
lacks and stores the built-in advisories. It keeps what scans, host
reads and TLS probes upload (POST /api/v1/inventories: the inventory `scan
--upload`, `host --upload` or `tls --upload` sends, the JSON of `tls
--format json` with ?source=NAME, or a CycloneDX 1.2–1.6 JSON SBOM as
dotnet-CycloneDX, syft or trivy write it; gzip bodies accepted), each
source replaced whole in one transaction, and matches it with the same
code as scan, host and tls. When advisories are imported (`affected db import
--server URL FILE...`, an admin token), the findings of the packages they
name, and every verdict of the hosts of the products their platform rows
name (one advisory's rows tell another's supersedence), and the
exposures of the TLS endpoints when they declare behaviour checks, are
recomputed from the stored inventories, without any rescan or upload; several server
processes may share a database (the work is claimed in PostgreSQL). The same happens when the server updates
its advisories from --update-source (osv.dev's NuGet archive by default,
checked as db update checks it): when `affected db update --server URL`
asks (POST /api/v1/advisories/update, an admin token; 502 with the reason
when the source fails, nothing stored) and, with --update-every D, every
D (one of the processes sharing the database runs each scheduled update;
/api/v1/status shows the last one). The JSON API is described by
/api/v1/openapi.json: advisories with the number of projects, hosts and
TLS endpoints each affects, an advisory's findings with paths and fix, the
hosts it affects with the evidence and the update to install
(/api/v1/advisories/ID/hosts), the endpoints whose probe results show its
behaviour (/api/v1/advisories/ID/endpoints; all endpoints:
/api/v1/endpoints), a source's or project's findings, the
hosts (/api/v1/hosts) and one host as `affected host --format json` shows
it (/api/v1/host?source=…&name=…), and who has a package at a version
(/api/v1/search?package=…&version=…). Webhooks (POST /api/v1/webhooks)
get one POST per new finding (event finding.new), per host an advisory
newly affects (event host.affected) and per endpoint newly exposed
(event endpoint.exposed), signed with HMAC-SHA256
(X-Affected-Signature: sha256=… over the X-Affected-Timestamp, a dot and
the body), retried with backoff. The web pages are plain HTML with no
script, in English, Korean and Traditional Chinese (Accept-Language, or
the switch on every page, which a cookie remembers): the advisories with
the number of projects and hosts each affects (/advisories), one advisory
with every affected project, the path tree of each finding and the fix,
the affected hosts with the update each needs and the exposed TLS
endpoints with the probe's verdict (/advisories/MSA-4010983), the projects (/projects), one project with its
findings (/project?source=…&path=…), the hosts (/hosts), one host with
the updates to install and its verdicts (/host?source=…&name=…), and who
has a package (/search).
An advisory's page is kept, once made, until the findings, verdicts,
exposures or advisories change (a change made by another process on the
database reaches this one within milliseconds, through PostgreSQL).
Signing in at /signin with a read or admin token sets a session cookie
(HttpOnly, SameSite=Lax, for 12 hours; Secure when the server speaks
HTTPS, with --tls-cert and --tls-key, which also sends HSTS); every form
carries a CSRF token and cross-site posts are refused.

Every request needs a token: Authorization: Bearer TOKEN, or, on the
pages, a session after signing in with one. 'token create' prints a new
token once; only its SHA-256 hash is stored. Scopes: upload (inventories),
read (API and pages), admin (all, advisories, webhooks). Bodies over
--max-upload MiB are refused (413); a malformed one gets 400 with a JSON
error: a localized message and a JSON pointer (and line and column) to the
value at fault; nothing is stored. While the database is down, answers are
503 with Retry-After and the server carries on; it recovers by itself.
Logs (standard error) hold no token, cookie or body.

# affected version

	affected version

Prints the version: the one linked in at build time (-ldflags "-X
github.com/affected-dev/affected/internal/cli.Version=v1.2.3"), else the
module version the go command recorded (go install
github.com/affected-dev/affected/cmd/affected@v1.2.3), else devel; with
the VCS revision the binary was built from and the Go version. SARIF
reports carry the same version.

# Languages

Every message exists in English, Korean and Traditional Chinese: --lang
en|ko|zh-TW, or the LC_ALL, LC_MESSAGES and LANG environment variables.

# Exit codes

	0  nothing found (why: done, whether or not the package was found);
	   scan --fail-on: nothing found at or above that severity
	1  findings (scan, tls, host; for scan also findings fixed in the project
	   files but not yet in the lock data: run restore), or something
	   stays open (fix)
	2  could not complete: a usage error, an --advisory that names no
	   advisory, a PATH with no .NET project, or a file that could not be
	   read or parsed; whatever could be read is still reported

# Privacy

No command touches the network except `affected db update`,
`affected tls`, which connects only to the targets it is given, the
client side of the server (`scan --upload`, `host --upload`, `tls --upload`, `db import --server`,
`db update --server`), which connects only to the server given, and
`affected server` itself, which serves its port, sends webhooks to the
receivers registered, and downloads its --update-source when an update
is asked for or scheduled.
*/
package main
