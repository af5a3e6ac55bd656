package store

import (
	"testing"

	"github.com/affected-dev/affected/internal/i18n/i18ntest"
)

func TestCatalog(t *testing.T) { i18ntest.CheckCatalog(t) }

func TestRedact(t *testing.T) {
	got := redact(errString("cannot parse `host=db password=hunter2 user=x`"))
	if want := "cannot parse `host=db password=xxxxx user=x`"; got != want {
		t.Errorf("redact: %q, want %q", got, want)
	}
}

type errString string

func (e errString) Error() string { return string(e) }
