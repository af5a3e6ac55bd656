package cli

import (
	"time"

	"github.com/affected-dev/affected/internal/advisory/db"
	"github.com/affected-dev/affected/internal/report"
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

// databaseOf describes the open database for a report, as seen at now.
func databaseOf(d *db.DB, now time.Time) *report.Database {
	in := d.Info()
	return report.NewDatabase(in.Dir, in.BuiltIn, in.Stored, in.Updated, in.Source, now, db.MaxAge)
}
