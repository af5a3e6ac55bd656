// Package reference keeps the first, plain implementations of the parsers
// that were later rewritten for speed: they walk the file with
// encoding/json's Decoder (after a json.Valid pass) and decode each entry
// into a typed struct, so that encoding/json's rules (keys matched
// case-insensitively, the last duplicate winning, a null leaving a field as
// it was) hold by construction. They are slow and plainly right; the tests
// of the fast parsers, and of the scan pipeline on the whole corpus, hold
// the fast ones to them result for result and error for error.
//
// Nothing but tests imports this package.
package reference
