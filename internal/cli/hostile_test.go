//go:build linux

package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf16"
)

// The bounds of every hostile case, about ten times what a scan of a small
// tree takes here (10 to 50 ms of CPU, 15 to 25 MB), so that a blow-up
// fails and a loaded machine does not: CPU time (user + system, which a
// busy machine does not inflate as it does wall time), peak resident
// memory, and a wall-clock limit after which the child is killed (a hang).
//
// A read that blocks (a named pipe, a device, standard input) costs no CPU
// time, so the CPU bound does not see it; hostileNormalWall bounds the
// wall-clock time of every case to "the normal time" of issue 10's
// acceptance: at least 3 s, and 20 times the wall time of a scan of the
// good tree alone measured in the same run (a few tens of milliseconds
// here), so that a loaded machine does not fail it and a wait of seconds
// does.
const (
	hostileCPU        = 2 * time.Second
	hostileRSS        = 100 << 20
	hostileWall       = 30 * time.Second
	hostileNormalWall = 3 * time.Second
)

// childRun is one run of affected as a child process.
type childRun struct {
	out  string // standard output and standard error
	exit int
	cpu  time.Duration
	rss  int64 // bytes
	wall time.Duration
}

// runChild runs affected with args in dir, with stdin as its standard
// input (nil: /dev/null), measuring its CPU time and peak memory. The
// binary is the test binary itself (TestMain), or $AFFECTED_HOSTILE_BIN
// when set (to run the suite against another build, such as one from
// before a fix).
func runChild(t *testing.T, dir string, stdin *os.File, args ...string) childRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hostileWall)
	defer cancel()
	bin := os.Args[0]
	if b := os.Getenv("AFFECTED_HOSTILE_BIN"); b != "" {
		bin = b
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), childEnv+"=1", "LANG=", "LC_ALL=", "LC_MESSAGES=",
		"AFFECTED_DB="+filepath.Join(t.TempDir(), "db"))
	if stdin != nil {
		cmd.Stdin = stdin
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	r := childRun{out: out.String(), wall: time.Since(start)}
	if ctx.Err() != nil {
		t.Fatalf("affected %s: still running after %v, killed\n%s", strings.Join(args, " "), hostileWall, r.out)
	}
	if err != nil && cmd.ProcessState == nil {
		t.Fatalf("affected %s: %v", strings.Join(args, " "), err)
	}
	r.exit = cmd.ProcessState.ExitCode()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		r.rss = ru.Maxrss << 10 // KiB on Linux
	}
	return r
}

// check fails the test when the run passed the bounds (wall: the
// wall-clock bound) or did not give the exit code and the texts wanted.
func (r childRun) check(t *testing.T, wall time.Duration, exit int, want ...string) {
	t.Helper()
	t.Logf("exit %d, %v CPU, %v wall, %.1f MB peak", r.exit, r.cpu.Round(time.Millisecond), r.wall.Round(time.Millisecond), float64(r.rss)/(1<<20))
	if r.cpu > hostileCPU {
		t.Errorf("%v of CPU time, more than %v", r.cpu, hostileCPU)
	}
	if r.wall > wall {
		t.Errorf("%v of wall-clock time, more than %v (a read that waits?)", r.wall.Round(time.Millisecond), wall)
	}
	if r.rss > hostileRSS {
		t.Errorf("%d MB peak memory, more than %d MB", r.rss>>20, hostileRSS>>20)
	}
	if r.exit != exit {
		t.Errorf("exit code %d, want %d", r.exit, exit)
	}
	for _, w := range want {
		if !strings.Contains(r.out, w) {
			t.Errorf("output lacks %q", w)
		}
	}
	if t.Failed() {
		t.Logf("output:\n%s", r.out)
	}
}

// utf16LE is s in UTF-16 (little-endian) with a byte order mark, as
// Visual Studio saves a "Unicode" file. (extracttest.UTF16 does the same,
// but that package's -update flag is this package's too.)
func utf16LE(s string) string {
	var b strings.Builder
	for _, u := range utf16.Encode([]rune("\uFEFF" + s)) {
		b.WriteByte(byte(u))
		b.WriteByte(byte(u >> 8))
	}
	return b.String()
}

// tree writes files (path → content) under dir; a content of "FIFO" makes a
// named pipe, "DEV" a character device like /dev/zero (the test is skipped
// where it may not make one), "->TARGET" a symbolic link.
func tree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		switch {
		case content == "FIFO":
			err = syscall.Mkfifo(p, 0o644)
		case content == "DEV":
			// /dev/zero's numbers: major 1, minor 5.
			if err = syscall.Mknod(p, syscall.S_IFCHR|0o644, 1<<8|5); errors.Is(err, syscall.EPERM) {
				t.Skipf("mknod: %v (needs CAP_MKNOD)", err)
			}
		case strings.HasPrefix(content, "->"):
			err = os.Symlink(strings.TrimPrefix(content, "->"), p)
		default:
			err = os.WriteFile(p, []byte(content), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// vulnerable is a project that declares Microsoft.AspNetCore.Mvc.Core
// 1.1.0 (a finding of the built-in MSA-4010983) and imports IMPORT.
const vulnerable = `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>netcoreapp1.1</TargetFramework></PropertyGroup>
  <Import Project="IMPORT" />
  <ItemGroup>
    <PackageReference Include="Microsoft.AspNetCore.Mvc.Core" Version="1.1.0" />
  </ItemGroup>
</Project>
`

func importing(p string) string { return strings.Replace(vulnerable, "IMPORT", p, 1) }

// zeroSpellings are ways to name /dev/zero in an <Import>: absolute ones
// (one with Windows separators), a relative one climbing out of any
// temporary directory, one through /proc, and a symbolic link in the tree
// (zero.props → /dev/zero).
var zeroSpellings = []string{
	"/dev/zero",
	"/dev/../dev/zero",
	"//dev/zero",
	"/dev/./zero",
	`\dev\zero`,
	strings.Repeat("../", 40) + "dev/zero",
	"/proc/self/root/dev/zero",
	"zero.props",
}

// importingAll is the vulnerable project importing each path in turn, one
// <Import> a line from line 3.
func importingAll(paths []string) string {
	var b strings.Builder
	for i, p := range paths {
		if i > 0 {
			b.WriteString("\n  ")
		}
		b.WriteString(`<Import Project="` + p + `" />`)
	}
	return strings.Replace(vulnerable, `<Import Project="IMPORT" />`, b.String(), 1)
}

// zeroProjects is a project for each of zeroSpellings, bad/P1 to bad/P8,
// with a link zero.props → /dev/zero beside each.
func zeroProjects() map[string]string {
	files := map[string]string{}
	for i, p := range zeroSpellings {
		dir := "bad/P" + strconv.Itoa(i+1) + "/"
		files[dir+"P.csproj"] = importing(p)
		files[dir+"zero.props"] = "->/dev/zero"
	}
	return files
}

// zeroRefused is what a scan of zeroProjects says of each spelling:
// located, refused as outside the tree, or (outside imports allowed) as a
// device; the link is never followed; each project is still scanned.
func zeroRefused(allowed bool) []string {
	var want []string
	for i, p := range zeroSpellings {
		project := "bad/P" + strconv.Itoa(i+1) + "/P.csproj"
		want = append(want, project+" [netcoreapp1.1]: Microsoft.AspNetCore.Mvc.Core 1.1.0")
		at := project + ":3:3: import of " + p + ": "
		switch {
		case p == "zero.props":
			want = append(want, at+"a symbolic link out of the scanned tree (to /dev/zero); not followed")
		case allowed:
			want = append(want, at+"cannot read: a device, not a regular file")
		default:
			want = append(want, at+"it is outside the scanned tree")
		}
	}
	return append(want, "good/Reports/Reports.csproj [netcoreapp1.1]: Microsoft.AspNetCore.Mvc.Core 1.1.0")
}

// sdkProject imports the SDK's files (by the Sdk attribute of <Project>,
// an <Sdk> element and <Import Sdk>) and the toolset's (through
// $(MSBuildExtensionsPath) and $(MSBuildToolsPath), as a Visual Studio
// web project does): none of them is in the tree, and none is refused. An
// <Import Project="Sdk.props" Sdk="…"> names the SDK's file, never the one
// of that name beside the project (the case makes those named pipes, which
// would be reported if they were opened).
const sdkProject = `<Project Sdk="Microsoft.NET.Sdk.Web">
  <Sdk Name="Microsoft.Build.CentralPackageVersions" Version="2.1.3" />
  <Import Project="Sdk.props" Sdk="Microsoft.NET.Sdk" />
  <Import Project="$(MSBuildExtensionsPath)\$(MSBuildToolsVersion)\Microsoft.Common.props" Condition="Exists('$(MSBuildExtensionsPath)\$(MSBuildToolsVersion)\Microsoft.Common.props')" />
  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.AspNetCore.Mvc.Core" Version="1.1.0" />
  </ItemGroup>
  <Import Project="$(MSBuildToolsPath)\Microsoft.CSharp.targets" />
  <Import Project="$(VSToolsPath)\WebApplications\Microsoft.WebApplication.targets" Condition="'$(VSToolsPath)' != ''" />
  <Import Project="Sdk.targets" Sdk="Microsoft.NET.Sdk" />
</Project>
`

// bombProject is the csproj of issue 10 point 1: each property repeats the
// previous one ten times, levels deep, the last used as a version.
func bombProject(levels int) string {
	var b strings.Builder
	b.WriteString("<Project>\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n    <P0>1.0.0</P0>\n")
	for i := 1; i <= levels; i++ {
		n := strconv.Itoa(i)
		b.WriteString("    <P" + n + ">" + strings.Repeat("$(P"+strconv.Itoa(i-1)+")", 10) + "</P" + n + ">\n")
	}
	b.WriteString("  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include=\"A\" Version=\"$(P" + strconv.Itoa(levels) + ")\" />\n  </ItemGroup>\n</Project>\n")
	return b.String()
}

// TestHostile runs affected on trees built to attack it (issue 10) and
// bounds each run's CPU time and peak memory; a hang is killed and fails.
// Each case also checks that the other projects are still scanned and the
// problem is reported, located, with exit code 2.
func TestHostile(t *testing.T) {
	found := "good/Reports/Reports.csproj [netcoreapp1.1]: Microsoft.AspNetCore.Mvc.Core 1.1.0"
	good := func(t *testing.T, dir string) {
		t.Helper()
		for _, f := range []string{"Reports.csproj", "packages.lock.json"} {
			data, err := os.ReadFile(filepath.Join("..", "..", "examples", "direct", "Reports", f))
			if err != nil {
				t.Fatal(err)
			}
			tree(t, dir, map[string]string{"good/Reports/" + f: string(data)})
		}
	}
	// The normal time: a scan of the good tree alone.
	base := filepath.Join(t.TempDir(), "tree")
	good(t, base)
	normal := runChild(t, base, nil, "scan", "--quiet", ".")
	if normal.exit != 1 || !strings.Contains(normal.out, found) {
		t.Fatalf("the good tree alone: exit %d\n%s", normal.exit, normal.out)
	}
	wall := max(hostileNormalWall, 20*normal.wall)
	t.Logf("a scan of the good tree: %v wall, %v CPU; wall-clock bound %v", normal.wall.Round(time.Millisecond), normal.cpu.Round(time.Millisecond), wall)
	for _, tc := range []struct {
		name  string
		files map[string]string
		args  []string
		stdin bool // an open pipe that nobody writes to
		exit  int
		want  []string
		// absent are texts the output must not hold.
		absent []string
		// mode, when set, is given to the file bad/A.csproj.
		mode os.FileMode
	}{{
		name:  "property bomb, eleven levels",
		files: map[string]string{"bad/Bad.csproj": bombProject(11)},
		exit:  2,
		want:  []string{"bad/Bad.csproj:10:5: property P6 expands past 1048576 bytes", found},
	}, {
		name:  "import of a named pipe",
		files: map[string]string{"bad/A.csproj": importing("x.props"), "bad/x.props": "FIFO"},
		exit:  2,
		want:  []string{"bad/A.csproj:3:3: import of x.props: cannot read: a named pipe (FIFO), not a regular file", found},
	}, {
		name:  "import of /dev/zero",
		files: map[string]string{"bad/A.csproj": importing("/dev/zero")},
		exit:  2,
		want:  []string{"bad/A.csproj:3:3: import of /dev/zero: it is outside the scanned tree", found},
	}, {
		name:  "import of /dev/zero, imports outside allowed",
		files: map[string]string{"bad/A.csproj": importing("/dev/zero")},
		args:  []string{"--allow-outside-imports"},
		exit:  2,
		want:  []string{"bad/A.csproj:3:3: import of /dev/zero: cannot read: a device, not a regular file", found},
	}, {
		name:  "import of standard input, an open pipe",
		files: map[string]string{"bad/A.csproj": importing("/proc/self/fd/0")},
		args:  []string{"--allow-outside-imports"},
		stdin: true,
		exit:  2,
		want:  []string{"bad/A.csproj:3:3: import of /proc/self/fd/0: cannot read: a named pipe (FIFO), not a regular file", found},
	}, {
		name:  "import of a file outside the tree",
		files: map[string]string{"bad/A.csproj": importing("../../outside.props"), "../outside.props": "<Project/>"},
		exit:  2,
		want:  []string{"bad/A.csproj:3:3: import of ../../outside.props: it is outside the scanned tree", found},
	}, {
		name:  "import of a link out of the tree",
		files: map[string]string{"bad/A.csproj": importing("x.props"), "bad/x.props": "->/etc/passwd"},
		args:  []string{"--allow-outside-imports"},
		exit:  2,
		want:  []string{"bad/A.csproj:3:3: import of x.props: a symbolic link out of the scanned tree (to /etc/passwd); not followed", found},
	}, {
		name:  "assets file linked to /dev/zero",
		files: map[string]string{"bad/A.csproj": importing("none.props"), "bad/obj/project.assets.json": "->/dev/zero"},
		exit:  2,
		want:  []string{"bad/obj/project.assets.json: not read: a symbolic link out of the scanned tree (to /dev/zero)", found},
	}, {
		name:  "lock file linked to /etc/passwd",
		files: map[string]string{"bad/A.csproj": importing("none.props"), "bad/packages.lock.json": "->/etc/passwd"},
		exit:  2,
		want:  []string{"bad/packages.lock.json: not read: a symbolic link out of the scanned tree (to /etc/passwd)", found},
	}, {
		name:  "lock file that is a named pipe",
		files: map[string]string{"bad/A.csproj": importing("none.props"), "bad/packages.lock.json": "FIFO"},
		exit:  2,
		want:  []string{"bad/packages.lock.json: not read: a named pipe (FIFO), not a regular file", found},
	}, {
		name:  "lone lock file that is a named pipe",
		files: map[string]string{"bad/packages.lock.json": "FIFO"},
		exit:  2,
		want:  []string{"bad/packages.lock.json: not read: a named pipe (FIFO), not a regular file", found},
	}, {
		name:  "project named on the command line that is a named pipe",
		files: map[string]string{"bad/A.csproj": "FIFO"},
		args:  []string{"bad/A.csproj", "good"},
		exit:  2,
		want:  []string{"bad/A.csproj: cannot read: a named pipe (FIFO), not a regular file", "Reports/Reports.csproj [netcoreapp1.1]"},
	}, {
		name: "UTF-16 solution and project",
		files: map[string]string{
			"bad/App.slnx": utf16LE("<?xml version=\"1.0\" encoding=\"utf-16\"?>\r\n<Solution>\r\n  <Project Path=\"A.csproj\" />\r\n</Solution>\r\n"),
			"bad/A.csproj": utf16LE(importing("none.props")),
			"good/.keep":   "",
		},
		args: []string{"bad/App.slnx", "good"},
		exit: 1,
		want: []string{"bad/A.csproj [netcoreapp1.1]: Microsoft.AspNetCore.Mvc.Core 1.1.0", "Reports/Reports.csproj [netcoreapp1.1]"},
	}, {
		name:  "attribute given twice",
		files: map[string]string{"bad/A.csproj": strings.Replace(importing("none.props"), `Include="Microsoft.AspNetCore.Mvc.Core"`, `Include="Microsoft.AspNetCore.Mvc.Core" Include="Safe"`, 1)},
		exit:  2,
		want:  []string{`bad/A.csproj:5:5: attribute Include is given twice in <PackageReference>`, "bad/A.csproj [netcoreapp1.1]: Microsoft.AspNetCore.Mvc.Core 1.1.0", found},
	}, {
		name:  "package name not valid UTF-8",
		files: map[string]string{"bad/packages.lock.json": "{\"version\": 1, \"dependencies\": {\"net8.0\": {\n  \"Microsoft.AspNetCore.Mvc.Core\xff\": {\"type\": \"Direct\", \"resolved\": \"1.1.0\"}}}}"},
		exit:  2,
		want:  []string{"bad/packages.lock.json:2:33: byte 0xFF is not valid UTF-8", found},
	}, {
		name:  "Directory.Build.props that is a named pipe",
		files: map[string]string{"bad/A.csproj": importing("none.props"), "bad/Directory.Build.props": "FIFO"},
		exit:  2,
		want:  []string{"bad/Directory.Build.props: cannot read: a named pipe (FIFO), not a regular file", "bad/A.csproj [netcoreapp1.1]: Microsoft.AspNetCore.Mvc.Core 1.1.0", found},
	}, {
		name:  "assets file that is a named pipe",
		files: map[string]string{"bad/A.csproj": importing("none.props"), "bad/obj/project.assets.json": "FIFO"},
		exit:  2,
		want:  []string{"bad/obj/project.assets.json: not read: a named pipe (FIFO), not a regular file", found},
	}, {
		name:  "lock file that is a device",
		files: map[string]string{"bad/A.csproj": importing("none.props"), "bad/packages.lock.json": "DEV"},
		exit:  2,
		want:  []string{"bad/packages.lock.json: not read: a device, not a regular file", found},
	}, {
		name:  "assets file that is a device",
		files: map[string]string{"bad/A.csproj": importing("none.props"), "bad/obj/project.assets.json": "DEV"},
		exit:  2,
		want:  []string{"bad/obj/project.assets.json: not read: a device, not a regular file", found},
	}, {
		name:  "import of /dev/zero in eight spellings, one project each",
		files: zeroProjects(),
		exit:  2,
		want:  zeroRefused(false),
	}, {
		name:  "import of /dev/zero in eight spellings, one project each, imports outside allowed",
		files: zeroProjects(),
		args:  []string{"--allow-outside-imports"},
		exit:  2,
		want:  zeroRefused(true),
	}, {
		// The spellings that clean to /dev/zero are the same import,
		// which MSBuild imports once: refused once, never read.
		name:  "import of /dev/zero in eight spellings, one project",
		files: map[string]string{"bad/A.csproj": importingAll(zeroSpellings), "bad/zero.props": "->/dev/zero"},
		args:  []string{"--allow-outside-imports"},
		exit:  2,
		want: []string{
			"bad/A.csproj:3:3: import of /dev/zero: cannot read: a device, not a regular file",
			"bad/A.csproj:9:3: import of /proc/self/root/dev/zero: cannot read: a device, not a regular file",
			"bad/A.csproj:10:3: import of zero.props: a symbolic link out of the scanned tree (to /dev/zero); not followed",
			"bad/A.csproj [netcoreapp1.1]: Microsoft.AspNetCore.Mvc.Core 1.1.0",
			found,
		},
	}, {
		name:   "imports of the SDK and the toolset",
		files:  map[string]string{"bad/A.csproj": sdkProject, "bad/Sdk.props": "FIFO", "bad/Sdk.targets": "FIFO"},
		exit:   1,
		want:   []string{"bad/A.csproj [net8.0]: Microsoft.AspNetCore.Mvc.Core 1.1.0", found},
		absent: []string{"error:", "warning: bad", "outside the scanned tree", "cannot read", "not read"},
	}, {
		name:   "fix of a read-only project",
		files:  map[string]string{"bad/A.csproj": importing("none.props")},
		mode:   0o444,
		args:   []string{"fix", "bad"},
		exit:   2,
		want:   []string{"bad/A.csproj is read-only: affected does not replace a file without write permission", "1 finding stays open"},
		absent: []string{"nothing found stays open", ".tmp"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "tree")
			good(t, dir)
			tree(t, dir, tc.files)
			if tc.mode != 0 {
				if err := os.Chmod(filepath.Join(dir, "bad", "A.csproj"), tc.mode); err != nil {
					t.Fatal(err)
				}
			}
			var stdin *os.File
			if tc.stdin {
				r, w, err := os.Pipe()
				if err != nil {
					t.Fatal(err)
				}
				defer r.Close()
				defer w.Close() // open, and never written, until the end
				stdin = r
			}
			args := append([]string{"scan", "--quiet"}, tc.args...)
			switch {
			case len(tc.args) > 0 && tc.args[0] == "fix":
				args = tc.args
			case len(tc.args) == 0 || strings.HasPrefix(tc.args[0], "--"):
				args = append(args, ".")
			}
			r := runChild(t, dir, stdin, args...)
			r.check(t, wall, tc.exit, tc.want...)
			for _, a := range tc.absent {
				if strings.Contains(r.out, a) {
					t.Errorf("output holds %q\n%s", a, r.out)
				}
			}
		})
	}
}
