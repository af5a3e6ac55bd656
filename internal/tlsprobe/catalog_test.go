package tlsprobe

import (
	"testing"

	"github.com/affected-dev/affected/internal/i18n/i18ntest"
)

// TestCatalog checks the messages of this package in every language.
func TestCatalog(t *testing.T) { i18ntest.CheckCatalog(t) }
