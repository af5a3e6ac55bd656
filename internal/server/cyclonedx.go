package server

import (
	"github.com/affected-dev/affected/internal/cyclonedx"
	"github.com/affected-dev/affected/internal/inventory"
)

func looksLikeCycloneDX(data []byte) bool { return cyclonedx.LooksLike(data) }

// decodeCycloneDX reads an SBOM into an inventory named source (else
// after the SBOM's subject), checked like an uploaded inventory.
func decodeCycloneDX(data []byte, source string) (*inventory.Document, error) {
	doc, err := cyclonedx.Read(data)
	if err != nil {
		return nil, err
	}
	if source != "" {
		doc.Source = source
	}
	if err := doc.Check(inventory.DefaultLimits); err != nil {
		return nil, err
	}
	return doc, nil
}
