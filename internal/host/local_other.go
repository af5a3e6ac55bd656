//go:build !windows

package host

import "github.com/affected-dev/affected/internal/extract"

// ReadLocal reads the running machine; it needs Windows (see the Windows
// build of this function for the registry keys it reads).
func ReadLocal() (*Inventory, error) {
	return nil, extract.Errorf("", extract.Pos{}, msgLocalNotWindows)
}
