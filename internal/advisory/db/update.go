package db

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/i18n"
)

// DefaultSource is osv.dev's archive of every NuGet advisory, one OSV
// record per entry (https://google.github.io/osv.dev/data/#data-dumps).
const DefaultSource = "https://osv-vulnerabilities.storage.googleapis.com/NuGet/all.zip"

// downloadPrefix names the temporary file of a download in the database
// directory.
const downloadPrefix = ".download-"

// ErrRejected is wrapped by Update's error when the archive was refused
// because of the problems listed in the report's Errors.
var ErrRejected = errors.New("archive rejected")

// ErrUnreachable is wrapped by Update's error when the source could not be
// reached at all (no network, a name that does not resolve, a refused
// connection, a timeout): the caller can offer an offline way instead.
var ErrUnreachable = errors.New("source unreachable")

// Update downloads the OSV archive at sourceURL (DefaultSource when
// empty) with client (http.DefaultClient when nil; ctx bounds the
// request), checks it, and replaces the database's downloaded records with
// its records in one atomic step. sourceURL may also be a local archive: a
// file:// URL or a path (for machines without network access, with an
// archive downloaded elsewhere). Records are replaced as by a download; imported records are kept unless the
// archive has the same id. The archive is checked whole before anything
// is written: it must be a zip whose entries are all safe (see Limits and
// readZip), all .json and all valid OSV records with distinct ids, at
// least one. Otherwise the database is unchanged, the report's Errors list
// every problem found, and the error wraps ErrRejected.
func Update(ctx context.Context, dir, sourceURL string, client *http.Client) (Report, error) {
	return update(ctx, dir, sourceURL, client, DefaultLimits)
}

func update(ctx context.Context, dir, sourceURL string, client *http.Client, lim Limits) (Report, error) {
	unlock, err := lock(dir)
	if err != nil {
		return Report{}, err
	}
	defer unlock()
	recs, sourceURL, rep, err := fetch(ctx, dir, sourceURL, client, lim)
	if err != nil {
		return rep, err
	}
	return rep, replaceDownloaded(dir, sourceURL, recs, &rep)
}

// Fetch downloads (or opens) the OSV archive at sourceURL as Update does
// and checks it the same way, but writes no database: it returns the
// records, in the archive's order, for a store of another kind (the
// server's). The download is kept in a temporary file in tmpDir (the
// system's when empty) while it is read. The report has Read and, when
// the archive is refused, Errors.
func Fetch(ctx context.Context, tmpDir, sourceURL string, client *http.Client) ([]*advisory.Advisory, Report, error) {
	if tmpDir == "" {
		tmpDir = os.TempDir()
	}
	recs, _, rep, err := fetch(ctx, tmpDir, sourceURL, client, DefaultLimits)
	return recs, rep, err
}

// fetch reads and checks the archive at sourceURL (a download goes to a
// temporary file in tmpDir) and returns its records and the source as
// recorded (a local path as a file:// URL).
func fetch(ctx context.Context, tmpDir, sourceURL string, client *http.Client, lim Limits) ([]*advisory.Advisory, string, Report, error) {
	var rep Report
	if sourceURL == "" {
		sourceURL = DefaultSource
	}
	local, isFile, err := localSource(sourceURL)
	if err != nil {
		return nil, sourceURL, rep, err
	}
	var u *url.URL
	if !isFile {
		u, err = url.Parse(sourceURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, sourceURL, rep, i18n.Errorf(msgBadSource, sourceURL)
		}
	}
	if client == nil {
		client = http.DefaultClient
	}

	var (
		archive string
		data    io.ReaderAt
		size    int64
	)
	if isFile {
		f, err := os.Open(local)
		if err != nil {
			return nil, sourceURL, rep, i18n.Errorf(msgReadSource, local, err)
		}
		defer f.Close()
		fi, err := f.Stat()
		if err != nil {
			return nil, sourceURL, rep, i18n.Errorf(msgReadSource, local, err)
		}
		if fi.Size() > lim.Archive {
			return nil, sourceURL, rep, i18n.Errorf(msgDownloadTooLarge, local, lim.Archive>>20)
		}
		archive, data, size = filepath.Base(local), f, fi.Size()
		if abs, err := filepath.Abs(local); err == nil {
			sourceURL = (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
		}
	} else {
		tmp, err := os.CreateTemp(tmpDir, downloadPrefix+"*")
		if err != nil {
			return nil, sourceURL, rep, i18n.Errorf(msgWrite, tmpDir, err)
		}
		defer func() {
			tmp.Close()
			os.Remove(tmp.Name())
		}()
		size, err = download(ctx, client, sourceURL, tmp, lim.Archive)
		if err != nil {
			return nil, sourceURL, rep, err
		}
		data = tmp
		archive = path.Base(u.Path)
		if archive == "." || archive == "/" {
			archive = u.Host
		}
	}
	b := newBatch()
	b.onlyOSV = true
	errs, fatal := readZip(archive, data, size, lim, func(name string, data []byte) {
		if !strings.EqualFold(path.Ext(name), ".json") {
			b.errs = append(b.errs, extract.Errorf(name, extract.Pos{}, msgNotJSONEntry))
			return
		}
		b.add(name, data)
	})
	rep.Read = b.read
	rep.Errors = append(errs, b.errs...)
	if fatal != nil {
		rep.Errors = append(rep.Errors, fatal)
	}
	if len(rep.Errors) > 0 {
		return nil, sourceURL, rep, rejected{i18n.Errorf(msgRejected, sourceURL, len(rep.Errors))}
	}
	if len(b.order) == 0 {
		return nil, sourceURL, rep, rejected{i18n.Errorf(msgEmptyArchive, sourceURL)}
	}
	recs := make([]*advisory.Advisory, len(b.order))
	for i, key := range b.order {
		recs[i] = b.recs[key]
	}
	return recs, sourceURL, rep, nil
}

// replaceDownloaded makes the downloaded records of the database in dir
// those of an archive: stored ones it lacks go, imported ones stay.
func replaceDownloaded(dir, sourceURL string, downloaded []*advisory.Advisory, rep *Report) error {
	old, meta, err := storedRecords(dir)
	if err != nil {
		return err
	}
	fresh := make(map[string]*advisory.Advisory, len(downloaded))
	for _, a := range downloaded {
		fresh[strings.ToLower(a.ID)] = a
	}
	imported := map[string]bool{}
	for _, id := range meta.Imported {
		imported[strings.ToLower(id)] = true
	}
	recs := make([]*advisory.Advisory, 0, len(downloaded)+len(meta.Imported))
	for _, a := range downloaded {
		if _, ok := old[strings.ToLower(a.ID)]; ok {
			rep.Replaced = append(rep.Replaced, a.ID)
		} else {
			rep.Added = append(rep.Added, a.ID)
		}
		recs = append(recs, a)
	}
	var kept []string
	for key, a := range old {
		switch {
		case fresh[key] != nil:
		case imported[key]:
			recs = append(recs, a)
			kept = append(kept, a.ID)
		default:
			rep.Removed = append(rep.Removed, a.ID)
		}
	}
	meta.Imported = kept
	meta.Source = sourceURL
	meta.Updated = now().UTC().Format(time.RFC3339)
	if err := write(dir, recs, meta); err != nil {
		return err
	}
	rep.Total = len(recs)
	return nil
}

// LocalSource reports whether an update source is a local archive (a
// file:// URL, or a path), and returns its path.
func LocalSource(src string) (string, bool) {
	p, ok, err := localSource(src)
	return p, ok && err == nil
}

// localSource tells a local archive (a file:// URL, or anything without
// a URL scheme: a path) from a URL, and returns its path.
func localSource(src string) (string, bool, error) {
	if strings.HasPrefix(strings.ToLower(src), "file://") {
		u, err := url.Parse(src)
		if err != nil || u.Host != "" && u.Host != "localhost" || u.Path == "" {
			return "", false, i18n.Errorf(msgBadSource, src)
		}
		return filepath.FromSlash(u.Path), true, nil
	}
	if i := strings.Index(src, "://"); i > 0 {
		return "", false, nil // a URL: checked by the caller
	}
	if filepath.VolumeName(src) != "" || !strings.Contains(src, ":") {
		return src, true, nil // a path (C:\dl\all.zip, ./all.zip)
	}
	return "", false, nil
}

// unreachable is a source that could not be reached: errors.Is(err,
// ErrUnreachable) holds.
type unreachable struct{ error }

func (r unreachable) Is(target error) bool        { return target == ErrUnreachable }
func (r unreachable) Unwrap() error               { return r.error }
func (r unreachable) Localize(l i18n.Lang) string { return i18n.Localize(r.error, l) }

// rejected is a refusal of the archive: errors.Is(err, ErrRejected) holds,
// and the text is localized like the message it carries.
type rejected struct{ error }

func (r rejected) Is(target error) bool        { return target == ErrRejected }
func (r rejected) Unwrap() error               { return r.error }
func (r rejected) Localize(l i18n.Lang) string { return i18n.Localize(r.error, l) }

// download copies the body of a GET of src to w, at most limit bytes.
func download(ctx context.Context, client *http.Client, src string, w io.Writer, limit int64) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, src, nil)
	if err != nil {
		return 0, i18n.Errorf(msgBadSource, src)
	}
	req.Header.Set("User-Agent", "affected (https://github.com/affected-dev/affected)")
	resp, err := client.Do(req)
	if err != nil {
		// No answer at all (a transport error, never an HTTP status).
		return 0, unreachable{i18n.Errorf(msgUnreachable, src, err)}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, i18n.Errorf(msgHTTPStatus, src, resp.Status)
	}
	if resp.ContentLength > limit {
		return 0, i18n.Errorf(msgDownloadTooLarge, src, limit>>20)
	}
	n, err := io.Copy(w, io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return 0, i18n.Errorf(msgDownload, src, err)
	}
	if n > limit {
		return 0, i18n.Errorf(msgDownloadTooLarge, src, limit>>20)
	}
	return n, nil
}
