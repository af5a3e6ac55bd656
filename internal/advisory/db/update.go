package db

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
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

// Update downloads the OSV archive at sourceURL (DefaultSource when
// empty) with client (http.DefaultClient when nil; ctx bounds the
// request), checks it, and replaces the database's downloaded records with
// its records in one atomic step; imported records are kept unless the
// archive has the same id. The archive is checked whole before anything
// is written: it must be a zip whose entries are all safe (see Limits and
// readZip), all .json and all valid OSV records with distinct ids, at
// least one. Otherwise the database is unchanged, the report's Errors list
// every problem found, and the error wraps ErrRejected.
func Update(ctx context.Context, dir, sourceURL string, client *http.Client) (Report, error) {
	return update(ctx, dir, sourceURL, client, DefaultLimits)
}

func update(ctx context.Context, dir, sourceURL string, client *http.Client, lim Limits) (Report, error) {
	var rep Report
	if sourceURL == "" {
		sourceURL = DefaultSource
	}
	u, err := url.Parse(sourceURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return rep, i18n.Errorf(msgBadSource, sourceURL)
	}
	if client == nil {
		client = http.DefaultClient
	}
	unlock, err := lock(dir)
	if err != nil {
		return rep, err
	}
	defer unlock()

	tmp, err := os.CreateTemp(dir, downloadPrefix+"*")
	if err != nil {
		return rep, i18n.Errorf(msgWrite, dir, err)
	}
	defer func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}()
	size, err := download(ctx, client, sourceURL, tmp, lim.Archive)
	if err != nil {
		return rep, err
	}

	archive := path.Base(u.Path)
	if archive == "." || archive == "/" {
		archive = u.Host
	}
	b := newBatch()
	b.onlyOSV = true
	errs, fatal := readZip(archive, tmp, size, lim, func(name string, data []byte) {
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
		return rep, rejected{i18n.Errorf(msgRejected, sourceURL, len(rep.Errors))}
	}
	if len(b.order) == 0 {
		return rep, rejected{i18n.Errorf(msgEmptyArchive, sourceURL)}
	}

	old, meta, err := storedRecords(dir)
	if err != nil {
		return rep, err
	}
	imported := map[string]bool{}
	for _, id := range meta.Imported {
		imported[strings.ToLower(id)] = true
	}
	recs := make([]*advisory.Advisory, 0, len(b.order)+len(meta.Imported))
	for _, key := range b.order {
		if _, ok := old[key]; ok {
			rep.Replaced = append(rep.Replaced, b.recs[key].ID)
		} else {
			rep.Added = append(rep.Added, b.recs[key].ID)
		}
		recs = append(recs, b.recs[key])
	}
	var kept []string
	for key, a := range old {
		switch {
		case b.recs[key] != nil:
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
		return rep, err
	}
	rep.Total = len(recs)
	return rep, nil
}

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
		return 0, i18n.Errorf(msgDownload, src, err)
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
