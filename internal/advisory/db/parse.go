package db

import "github.com/affected-dev/affected/internal/advisory"

// ParseDocument reads one advisory document (an OSV record or a CSAF 2.0
// document, told apart as `affected db import` does), named name in
// errors.
func ParseDocument(name string, data []byte) (*advisory.Advisory, error) {
	a, err := newBatch().parse(name, data)
	if err != nil {
		return nil, err
	}
	a.Compile()
	return a, nil
}

// Read reads the advisories of paths (files, directories, zip archives)
// as Import does, without storing them: the records, merged by id as an
// import merges them, and the inputs that were skipped. It is what
// `affected db import --server` sends.
func Read(paths []string) ([]*advisory.Advisory, []error) {
	b := newBatch()
	for _, p := range paths {
		b.path(p, DefaultLimits)
	}
	out := make([]*advisory.Advisory, 0, len(b.order))
	for _, key := range b.order {
		out = append(out, b.recs[key])
	}
	return out, b.errs
}
