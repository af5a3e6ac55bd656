//go:build windows

package host

import (
	"errors"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/windows/registry"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/lazyre"
)

// ReadLocal reads the running machine from its registry:
//
//   - HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion: ProductName,
//     DisplayVersion (ReleaseId before 20H2), CurrentBuild, UBR,
//     InstallationType (Client, Server, Server Core), CSDVersion (the
//     service pack of old releases);
//   - the processor architecture of
//     HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\Environment;
//   - the installed updates of Component Based Servicing,
//     HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based
//     Servicing\Packages: every package in state 112 (installed) whose
//     name carries a KB ("Package_for_KB5034441~…"), and the cumulative
//     updates ("Package_for_RollupFix~…"), whose KB is in the name of the
//     file they were installed from (InstallLocation). These are the
//     updates Win32_QuickFixEngineering and Get-HotFix list, read without
//     WMI.
//
// It needs no administrator rights (the keys are readable by users).
func ReadLocal() (*Inventory, error) {
	const src = "registry"
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, `SOFTWARE\Microsoft\Windows NT\CurrentVersion`, registry.QUERY_VALUE)
	if err != nil {
		return nil, extract.Errorf(src, extract.Pos{}, extract.MsgRead, err)
	}
	defer k.Close()
	str := func(name string) string {
		s, _, err := k.GetStringValue(name)
		if err != nil {
			return ""
		}
		return strings.TrimSpace(s)
	}
	os := &OS{Name: str("ProductName"), DisplayVersion: str("DisplayVersion"), InstallationType: str("InstallationType")}
	if os.DisplayVersion == "" {
		os.DisplayVersion = str("ReleaseId")
	}
	os.Build, _ = strconv.Atoi(str("CurrentBuild"))
	if ubr, _, err := k.GetIntegerValue("UBR"); err == nil {
		os.UBR = int(ubr)
	}
	major, _, errMajor := k.GetIntegerValue("CurrentMajorVersionNumber")
	minor, _, errMinor := k.GetIntegerValue("CurrentMinorVersionNumber")
	if errMajor == nil && errMinor == nil {
		os.Version = strconv.Itoa(int(major)) + "." + strconv.Itoa(int(minor)) + "." + strconv.Itoa(os.Build)
	} else if v := str("CurrentVersion"); v != "" {
		os.Version = v + "." + strconv.Itoa(os.Build)
	}
	if m := firstNumber.FindString(str("CSDVersion")); m != "" {
		os.ServicePack, _ = strconv.Atoi(m)
	}
	if os.Build == 0 {
		return nil, extract.Errorf(src, extract.Pos{}, msgLocalNoBuild)
	}
	if env, err := registry.OpenKey(registry.LOCAL_MACHINE, `SYSTEM\CurrentControlSet\Control\Session Manager\Environment`, registry.QUERY_VALUE); err == nil {
		if a, _, err := env.GetStringValue("PROCESSOR_ARCHITECTURE"); err == nil {
			os.Arch = archOf(strings.ToLower(a))
		}
		env.Close()
	}
	name, _ := osHostname()
	inv := &Inventory{File: src, Format: FormatLocal, Encoding: "UTF-16LE", Host: name, OS: os}
	ups, err := cbsUpdates()
	if err == nil {
		inv.HasUpdates = true
		inv.Updates = ups
	}
	return inv, nil
}

var osHostname = os.Hostname

var (
	packageKB  = lazyre.New(`(?i)^Package_(?:\d+_)?for_KB(\d{4,8})~`)
	locationKB = lazyre.New(`(?i)\bKB(\d{4,8})\b`)
)

// cbsUpdates lists the installed updates of Component Based Servicing.
func cbsUpdates() ([]Update, error) {
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, `SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\Packages`, registry.ENUMERATE_SUB_KEYS)
	if err != nil {
		return nil, err
	}
	defer k.Close()
	names, err := k.ReadSubKeyNames(-1)
	if err != nil {
		return nil, err
	}
	seen := map[int]bool{}
	var out []Update
	for _, n := range names {
		kb := 0
		rollup := strings.HasPrefix(strings.ToLower(n), "package_for_rollupfix~")
		if m := packageKB.FindStringSubmatch(n); m != nil {
			kb, _ = strconv.Atoi(m[1])
		} else if !rollup {
			continue
		}
		p, err := registry.OpenKey(k, n, registry.QUERY_VALUE)
		if err != nil {
			continue
		}
		state, _, err := p.GetIntegerValue("CurrentState")
		if err != nil || state != 112 {
			p.Close()
			continue
		}
		if rollup {
			loc, _, _ := p.GetStringValue("InstallLocation")
			if m := locationKB.FindStringSubmatch(loc); m != nil {
				kb, _ = strconv.Atoi(m[1])
			}
		}
		p.Close()
		if kb == 0 || seen[kb] {
			continue
		}
		seen[kb] = true
		out = append(out, Update{ID: "KB" + strconv.Itoa(kb), KB: kb, Description: n})
	}
	if len(out) == 0 {
		return nil, errors.New("no installed package names a KB")
	}
	return out, nil
}
