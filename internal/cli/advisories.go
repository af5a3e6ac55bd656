package cli

import (
	"time"

	"github.com/affected-dev/affected/internal/advisory/db"
	"github.com/affected-dev/affected/internal/i18n"
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

// knownAdvisories checks that every --advisory names an advisory of the
// database (by id or alias): a typo would otherwise select nothing and
// pass as a clean result.
func knownAdvisories(d *db.DB, ids []string) error {
	for _, id := range ids {
		if _, ok := d.Get(id); !ok {
			if err := d.Err(); err != nil {
				return err
			}
			return i18n.Errorf(msgUnknownAdvisory, id, d.Info().BuiltIn+d.Info().Stored)
		}
	}
	return nil
}

var msgUnknownAdvisory = i18n.Define("cli.unknown-advisory",
	"--advisory %s: no such advisory among the %d in the database (ids and aliases are matched; 'affected db list' lists them, 'affected db update' downloads osv.dev's)",
	"--advisory %s: 데이터베이스의 권고 %d건 중에 없음 (ID와 별칭으로 찾음; 'affected db list'로 목록을 보고 'affected db update'로 osv.dev의 권고를 내려받으세요)",
	"--advisory %s：資料庫的 %d 則公告中沒有此公告（依 ID 與別名比對；'affected db list' 可列出公告，'affected db update' 可下載 osv.dev 的公告）")
