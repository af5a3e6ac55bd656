package cli

import (
	"github.com/affected-dev/affected/internal/advisory/db"
)

// openAdvisories opens the advisory database (the built-in records and
// what `db import` and `db update` stored) of --db, $AFFECTED_DB or the
// user cache directory. The caller closes it, and checks its Err after use:
// a damaged record makes the scan incomplete.
func openAdvisories(e *env, dir string) (*db.DB, error) {
	d, err := db.Dir(dir, e.getenv)
	if err != nil {
		return nil, err
	}
	return db.Open(d)
}
