package cli

import (
	"os"
	"runtime"
	"runtime/pprof"
)

// startProfile starts the profiles that the environment asks for
// (AFFECTED_CPUPROFILE=FILE, AFFECTED_MEMPROFILE=FILE: pprof files, for
// measuring scan and why on large trees) and returns the function that
// writes them. It is deliberately undocumented in the manual: a tool for
// the people working on affected, not a feature. A profile that cannot be
// written is reported as a warning; the command still runs.
func startProfile(e *env) (stop func()) {
	cpu, mem := e.getenv("AFFECTED_CPUPROFILE"), e.getenv("AFFECTED_MEMPROFILE")
	var cpuFile *os.File
	if cpu != "" {
		f, err := os.Create(cpu)
		if err == nil {
			err = pprof.StartCPUProfile(f)
			if err != nil {
				f.Close()
			} else {
				cpuFile = f
			}
		}
		if err != nil {
			e.warnf(msgPlain, err.Error())
		}
	}
	return func() {
		if cpuFile != nil {
			pprof.StopCPUProfile()
			cpuFile.Close()
		}
		if mem != "" {
			f, err := os.Create(mem)
			if err == nil {
				runtime.GC()
				err = pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
			if err != nil {
				e.warnf(msgPlain, err.Error())
			}
		}
	}
}
