package host

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestHostileInputs feeds inputs built to be slow: a hotfix list of a
// million entries, a 16 MB line, a million lines that look like headers
// of update tables, deep JSON. Each must be read (or refused) in time
// linear in its size; the bound is about ten times what this machine takes.
func TestHostileInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("large inputs")
	}
	var list bytes.Buffer
	list.WriteString("Host Name:                 H\r\nOS Name:                   Microsoft Windows 8.1 Pro\r\nOS Version:                6.3.9600 N/A Build 9600\r\n")
	for i := 0; i < 26; i++ {
		list.WriteString("Field:                     value\r\n")
	}
	list.WriteString("Hotfix(s):                 1000000 Hotfix(s) Installed.\r\n")
	for i := 0; i < 1000000; i++ {
		list.WriteString("                           [01]: KB3109853\r\n")
	}
	list.WriteString("Network Card(s):           N/A\r\n")
	for _, tc := range []struct {
		name string
		in   []byte
	}{
		{"million hotfixes", list.Bytes()},
		{"long line", bytes.Repeat([]byte("OS Version: 6.3.9600 "), 800000)},
		{"header lines", []byte(strings.Repeat("Caption CSName Description HotFixID x\n", 200000))},
		{"question marks", bytes.Repeat([]byte("??"), 4<<20)},
		{"deep json", []byte(strings.Repeat("[", 100000) + strings.Repeat("]", 100000))},
		{"utf16 zeros", bytes.Repeat([]byte{'A', 0}, 8<<20)},
	} {
		start := time.Now()
		invs, err := Read("f", tc.in)
		t.Logf("%s: %v", tc.name, time.Since(start))
		if d := time.Since(start); d > 20*time.Second {
			t.Errorf("%s: %v", tc.name, d)
		}
		checkResult(t, invs, err)
	}
}
