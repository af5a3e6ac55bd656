package sln

import (
	"testing"

	"github.com/affected-dev/affected/internal/extract/extracttest"
)

// TestUTF16: a .slnx and a .sln saved as UTF-16 are read (issue 10 point
// 9), by their name or by their content.
func TestUTF16(t *testing.T) {
	slnx := "<?xml version=\"1.0\" encoding=\"utf-16\"?>\r\n<Solution>\r\n  <Project Path=\"src/App/App.csproj\" />\r\n</Solution>\r\n"
	sln := "Microsoft Visual Studio Solution File, Format Version 12.00\r\n" +
		"Project(\"{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}\") = \"App\", \"src\\App\\App.csproj\", \"{11111111-1111-1111-1111-111111111111}\"\r\nEndProject\r\n"
	for _, tc := range []struct{ name, text string }{{"a.slnx", slnx}, {"a.sln", sln}, {"a", slnx}, {"b", sln}} {
		s, err := Parse(tc.name, extracttest.UTF16(tc.text, false))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if len(s.Projects) != 1 || s.Projects[0].Path != "src/App/App.csproj" || s.Projects[0].At.Line != 2 && s.Projects[0].At.Line != 3 {
			t.Errorf("%s: %+v", tc.name, s.Projects)
		}
	}
}
