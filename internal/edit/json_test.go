package edit

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tailscale/hujson"
)

const pinComment = "affected: pinned for MSA-4010983"

func TestJSONEdits(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in, want string
		edit     func(t *testing.T, j *JSON)
	}{{
		name: "string value, comments and trailing comma kept",
		in:   "{\n  // deps\n  \"dependencies\": {\n    \"A\": \"1.1.0\", // why\n  },\n}\n",
		want: "{\n  // deps\n  \"dependencies\": {\n    \"A\": \"1.1.1\", // why\n  },\n}\n",
		edit: func(t *testing.T, j *JSON) { j.SetString(j.Path("dependencies", "A"), "1.1.1") },
	}, {
		name: "object version, BOM and CRLF",
		in:   "\uFEFF{\r\n  \"dependencies\": {\r\n    \"A\": { \"version\": \"1.1.0\", \"type\": \"build\" }\r\n  }\r\n}",
		want: "\uFEFF{\r\n  \"dependencies\": {\r\n    \"A\": { \"version\": \"1.1.1\", \"type\": \"build\" }\r\n  }\r\n}",
		edit: func(t *testing.T, j *JSON) { j.SetString(j.Path("dependencies", "A", "version"), "1.1.1") },
	}, {
		name: "insert first, comment of the first member stays with it",
		in:   "{\r\n  \"dependencies\": { // all of them\r\n    // the runtime\r\n    \"Microsoft.NETCore.App\": {\r\n      \"version\": \"1.1.0\",\r\n      \"type\": \"platform\"\r\n    },\r\n    \"A\": \"1.0\"\r\n  }\r\n}\r\n",
		want: "{\r\n  \"dependencies\": { // all of them\r\n    // affected: pinned for MSA-4010983\r\n    \"Microsoft.AspNetCore.Mvc.Core\": \"1.1.1\",\r\n    // the runtime\r\n    \"Microsoft.NETCore.App\": {\r\n      \"version\": \"1.1.0\",\r\n      \"type\": \"platform\"\r\n    },\r\n    \"A\": \"1.0\"\r\n  }\r\n}\r\n",
		edit: func(t *testing.T, j *JSON) {
			j.InsertMember(j.Path("dependencies"), "Microsoft.AspNetCore.Mvc.Core", StringValue("1.1.1"), pinComment)
		},
	}, {
		name: "insert into an empty object",
		in:   "{\n\t\"dependencies\": {},\n\t\"frameworks\": {}\n}",
		want: "{\n\t\"dependencies\": {\n\t\t// affected: pinned for MSA-4010983\n\t\t\"A\": \"1.1.1\"\n\t},\n\t\"frameworks\": {}\n}",
		edit: func(t *testing.T, j *JSON) {
			j.InsertMember(j.Path("dependencies"), "A", StringValue("1.1.1"), pinComment)
		},
	}, {
		name: "insert into an empty object spread over lines",
		in:   "{\n  \"dependencies\": {\n  }\n}",
		want: "{\n  \"dependencies\": {\n    \"A\": \"1.1.1\"\n  }\n}",
		edit: func(t *testing.T, j *JSON) { j.InsertMember(j.Path("dependencies"), "A", StringValue("1.1.1"), "") },
	}, {
		name: "a new dependencies object",
		in:   "{\n    \"frameworks\": {\n        \"net451\": {}\n    }\n}\n",
		want: "{\n    \"dependencies\": {\n        // affected: pinned for MSA-4010983\n        \"A\": \"1.1.1\"\n    },\n    \"frameworks\": {\n        \"net451\": {}\n    }\n}\n",
		edit: func(t *testing.T, j *JSON) {
			j.InsertMember(&j.Root, "dependencies", ObjectValue(NewMember{"A", "1.1.1", pinComment}), "")
		},
	}, {
		name: "inline object",
		in:   `{"dependencies": { "B": "2.0" }}`,
		want: `{"dependencies": { /* affected: pinned for MSA-4010983 */ "A": "1.1.1", "B": "2.0" }}`,
		edit: func(t *testing.T, j *JSON) {
			j.InsertMember(j.Path("dependencies"), "A", StringValue("1.1.1"), pinComment)
		},
	}, {
		name: "found by the offset of the version text",
		in:   "{\"dependencies\": {\"A\": \"1.0\", \"B\": {\"version\": \"1.0\"}}}",
		want: "{\"dependencies\": {\"A\": \"1.0\", \"B\": {\"version\": \"2.0\"}}}",
		edit: func(t *testing.T, j *JSON) {
			v := j.StringAt(strings.LastIndex(string(j.Data()), "1.0"))
			if v == nil {
				t.Fatal("no string at the offset")
			}
			j.SetString(v, "2.0")
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			j, err := ParseJSON([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			tc.edit(t, j)
			got, err := j.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, string(got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if _, err := hujson.Parse([]byte(strings.TrimPrefix(string(got), "\uFEFF"))); err != nil {
				t.Errorf("result does not parse: %v", err)
			}
		})
	}
}

func TestJSONTooDeep(t *testing.T) {
	if _, err := ParseJSON([]byte(strings.Repeat("[", 5000))); err != ErrTooDeep {
		t.Errorf("err = %v", err)
	}
}
