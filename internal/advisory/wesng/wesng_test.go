package wesng

import (
	"testing"

	"github.com/affected-dev/affected/internal/i18n/i18ntest"
)

func TestCatalogComplete(t *testing.T) { i18ntest.CheckCatalog(t) }
