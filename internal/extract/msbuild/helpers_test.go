package msbuild

import (
	"sort"
	"strconv"

	"github.com/google/go-cmp/cmp"
)

func fmtInt(n int) string { return strconv.Itoa(n) }

func cmpSort() cmp.Option {
	return cmp.Transformer("sort", func(in []string) []string {
		out := append([]string(nil), in...)
		sort.Strings(out)
		return out
	})
}
