package tlsprobe

import (
	"crypto/tls"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/affected-dev/affected/internal/i18n"
)

// State keeps one TLS 1.2 session per target between runs, so that a later
// run resumes with a ticket made under the ticket key the server had then.
// A server that renews only tickets encrypted with a key that is no longer
// its first (nginx, haproxy, Go 1.15–1.20) shows its renewal only that way.
//
// A renewal after key rotation, once seen, stays recorded for the target:
// a later run, whose stored ticket was made under the new key, cannot see
// it again before the next rotation.
//
// The file holds master secrets (crypto/tls SessionState.Bytes); it is
// written with mode 0600, atomically (a temporary file renamed over it).
// Targets are keyed by address, followed by a space and the SNI when
// there is one.
type State struct {
	mu     sync.Mutex
	loaded map[string]stateEntry // from the file: what earlier runs saved
	saved  map[string]stateEntry // this run's sessions
	// renewals are the renewals after key rotation this run saw first.
	renewals map[string]time.Time
	now      func() time.Time
}

// stateFile is the JSON layout of the state file.
type stateFile struct {
	SchemaVersion int                   `json:"schema_version"`
	Sessions      map[string]stateEntry `json:"sessions"`
}

type stateEntry struct {
	SavedAt time.Time `json:"saved_at"`
	Vers    uint16    `json:"version"`
	Ticket  []byte    `json:"ticket"`  // as the server sent it
	Session []byte    `json:"session"` // tls.SessionState.Bytes
	// RenewedAfterRotation is when a run first saw the server renew the
	// ticket of an earlier run.
	RenewedAfterRotation *time.Time `json:"renewed_after_rotation,omitempty"`
}

// storedSession is a session from the state file, ready to offer.
type storedSession struct {
	savedAt time.Time
	version uint16
	session *tls.ClientSessionState
}

// NewState returns an empty state.
func NewState() *State {
	return &State{loaded: map[string]stateEntry{}, saved: map[string]stateEntry{}, renewals: map[string]time.Time{}, now: time.Now}
}

// LoadState reads a state file; a file that does not exist yet gives an
// empty state.
func LoadState(path string) (*State, error) {
	s := NewState()
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, i18n.Errorf(msgStateRead, path, err)
	}
	var f stateFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, i18n.Errorf(msgStateParse, path, err)
	}
	if f.SchemaVersion != 1 {
		return nil, i18n.Errorf(msgStateParse, path, i18n.Errorf(msgStateVersion, f.SchemaVersion))
	}
	for k, e := range f.Sessions {
		// Files of earlier versions keyed a target without SNI as
		// "address " (with a trailing space).
		s.loaded[strings.TrimRight(k, " ")] = e
	}
	return s, nil
}

// Save writes the state: this run's sessions, and the sessions of earlier
// runs for targets this run did not reach.
func (s *State) Save(path string) error {
	s.mu.Lock()
	f := stateFile{SchemaVersion: 1, Sessions: map[string]stateEntry{}}
	for k, e := range s.loaded {
		f.Sessions[k] = e
	}
	for k, e := range s.saved {
		f.Sessions[k] = e
	}
	for k, t := range s.renewals {
		if e, ok := f.Sessions[k]; ok && e.RenewedAfterRotation == nil {
			e.RenewedAfterRotation = &t
			f.Sessions[k] = e
		}
	}
	s.mu.Unlock()
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return i18n.Errorf(msgStateWrite, path, err)
	}
	if err := WriteFileAtomic(path, append(b, '\n'), 0o600); err != nil {
		return i18n.Errorf(msgStateWrite, path, err)
	}
	return nil
}

// WriteFileAtomic writes data to a temporary file in the directory of path
// and renames it over path, so that readers see the old or the new file,
// never half of one.
func WriteFileAtomic(path string, data []byte, perm fs.FileMode) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer os.Remove(name) // no-op after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(name, path)
}

// lookup returns the session an earlier run saved for t, or nil.
func (s *State) lookup(t Target) *storedSession {
	s.mu.Lock()
	e, ok := s.loaded[t.stateKey()]
	s.mu.Unlock()
	if !ok {
		return nil
	}
	st, err := tls.ParseSessionState(e.Session)
	if err != nil {
		return nil
	}
	cs, err := tls.NewResumptionState(e.Ticket, st)
	if err != nil {
		return nil
	}
	return &storedSession{savedAt: e.SavedAt, version: e.Vers, session: cs}
}

// store keeps cs as t's session for the next run.
func (s *State) store(t Target, cs *tls.ClientSessionState) {
	ticket, st, err := cs.ResumptionState()
	if err != nil || st == nil || len(ticket) == 0 {
		return
	}
	b, err := st.Bytes()
	if err != nil || len(b) < 2 {
		return
	}
	e := stateEntry{SavedAt: s.now().UTC().Truncate(time.Second), Vers: uint16(b[0])<<8 | uint16(b[1]), Ticket: ticket, Session: b}
	s.mu.Lock()
	defer s.mu.Unlock()
	e.RenewedAfterRotation = s.renewalSeenLocked(t.stateKey())
	s.saved[t.stateKey()] = e
}

// renewedAfterRotation records that the stored ticket of t was renewed.
func (s *State) renewedAfterRotation(t Target) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := t.stateKey()
	if s.renewalSeenLocked(k) == nil {
		s.renewals[k] = s.now().UTC().Truncate(time.Second)
	}
}

// renewalSeen returns when a renewal after key rotation was first seen for
// t, or nil.
func (s *State) renewalSeen(t Target) *time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.renewalSeenLocked(t.stateKey())
}

func (s *State) renewalSeenLocked(k string) *time.Time {
	if t, ok := s.renewals[k]; ok {
		return &t
	}
	if e, ok := s.saved[k]; ok && e.RenewedAfterRotation != nil {
		return e.RenewedAfterRotation
	}
	if e, ok := s.loaded[k]; ok {
		return e.RenewedAfterRotation
	}
	return nil
}
