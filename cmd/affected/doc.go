/*
Affected answers the two questions every security advisory leaves its
reader with: am I affected, and how do I fix it?

It finds .NET projects (csproj, fsproj, vbproj, project.json,
packages.config, solutions) with their restore data (obj/project.assets.json,
project.lock.json, packages.lock.json, *.deps.json), builds the dependency
graph of every project and target framework, and shows how a package gets
there.

Usage:

	affected COMMAND [ARGUMENTS] [FLAGS]

Flags may come before or after the arguments.

# affected why

	affected why PACKAGE [PATH...] [--format text|json] [--max-paths N] [--framework TFM] [--output FILE]

Shows every project and target framework that has PACKAGE, with the
dependency paths that bring it in: each path starts at a direct dependency
or a referenced project and ends at PACKAGE. Paths are counted exactly
(saturating at 2^64-1) and the shortest --max-paths (default 5) are shown.
PATH defaults to the current directory and may be a directory, a solution
(.sln, .slnx: its projects are followed even outside the directory), or a
single project, lock or assets file.

Discovery skips .git, node_modules and bin directories, follows no
symbolic link out of the tree and never loops. In obj directories only
project.assets.json is read (the other files there are build
intermediates, such as copies of packages.config).

# Languages

Every message exists in English, Korean and Traditional Chinese: --lang
en|ko|zh-TW, or the LC_ALL, LC_MESSAGES and LANG environment variables.

# Exit codes

	0  nothing found (for why: the package is in no project)
	1  findings (for why: the package was found)
	2  could not complete: a usage error, or a file that could not be read
	   or parsed; whatever could be read is still reported

# Privacy

No command touches the network except `affected db update` and
`affected tls`, which connects only to the targets it is given.
*/
package main
