package eleader

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/entrepreneur-leader/eleader-go/importer"
)

// RejectsSummary describes a report's kept rejects without reading them.
type RejectsSummary struct {
	ID      int64
	Partner string
	File    string
	Created time.Time
	// Bytes is the size of the rejects CSV.
	Bytes int64
	// Rejected is the number of rejected lines (Report.Rejected).
	Rejected int
}

// The formats of a rejects file.
const (
	RejectsCSV  = "csv"
	RejectsXLSX = "xlsx"
)

// RejectsFile is the rejected lines of one of a partner's reports as the
// partner downloads them: the CSV the importer wrote (original cells and
// Erreurs), or its XLSX twin.
type RejectsFile struct {
	Report int64
	// Name is the attachment's name in the report's email,
	// AAAAMMDD-IDENTIFIANT-rejets.csv (or .xlsx).
	Name string
	// Format is RejectsCSV or RejectsXLSX.
	Format string
	// Size is the file's size; -1 for an XLSX not made yet.
	Size    int64
	Created time.Time
	// Purged is when retention removed the rejected lines (then the file
	// is no more).
	Purged time.Time
}

// The causes of an ENOTFOUND of PartnerRejects, for errors.Is.
var (
	ErrNoRejects     = errors.New("the report has no rejected lines")
	ErrRejectsPurged = errors.New("the report's rejected lines were purged")
)

// rejectsName is the name the email gives a report's rejects, with ext.
func rejectsName(file string, id int64, ext string) string {
	if fn, err := importer.ParseFileName(file); err == nil {
		return strings.TrimSuffix(fn.RejectsName(), ".csv") + ext
	}
	return fmt.Sprintf("rapport-%d-rejets%s", id, ext)
}

// PartnerRejectsFiles lists the rejects files of a partner's reports that
// keep rejected lines (retention purges them), most recent first, at most
// limit reports (0 means 100): for each, the CSV and, when the service has
// Workbooks and a worksheet holds its lines (MaxRejectsXLSX), the XLSX twin
// (its Size -1: made when opened).
func (s *Service) PartnerRejectsFiles(ctx context.Context, partner string, limit int) ([]RejectsFile, error) {
	list, err := s.Store.ReportsWithRejects(ctx, partner, limit)
	if err != nil {
		return nil, err
	}
	out := make([]RejectsFile, 0, 2*len(list))
	for _, r := range list {
		out = append(out, RejectsFile{Report: r.ID, Name: rejectsName(r.File, r.ID, ".csv"), Format: RejectsCSV, Size: r.Bytes, Created: r.Created})
		if HasRejectsXLSX(s.Workbooks, r.Rejected) {
			out = append(out, RejectsFile{Report: r.ID, Name: rejectsName(r.File, r.ID, ".xlsx"), Format: RejectsXLSX, Size: -1, Created: r.Created})
		}
	}
	return out, nil
}

// HasRejectsXLSX reports whether rejected lines have an XLSX twin on a
// service that writes workbooks with wb: wb is not nil and a worksheet
// holds them (MaxRejectsXLSX). It is the one rule of every place that
// offers the twin — the email, the list of rejects files, the API's links,
// the web page — so that none offers what PartnerRejects refuses.
func HasRejectsXLSX(wb Workbooks, rejected int) bool {
	return wb != nil && rejected <= MaxRejectsXLSX
}

// MaxRejectsXLSX is the most rejected lines an XLSX twin holds: a
// worksheet's rows (1,048,576) under its header. A report with more is
// served as CSV only.
const MaxRejectsXLSX = 1<<20 - 1

// ErrRejectsTooLong is the cause of the EUNSUPPORTED of PartnerRejects
// asked for the XLSX twin of more than MaxRejectsXLSX rejected lines.
var ErrRejectsTooLong = errors.New("too many rejected lines for one worksheet")

// PartnerRejects opens the rejects file of one of a partner's reports, in
// format RejectsCSV (the importer's file, byte for byte, streamed from the
// store) or RejectsXLSX (made by Workbooks into a temporary file, removed
// at Close: EUNSUPPORTED without Workbooks, or beyond MaxRejectsXLSX
// lines, wrapping ErrRejectsTooLong). Another partner's report is
// ENOTFOUND, as a missing one; so is a report without rejected lines
// (wrapping ErrNoRejects) or whose rejected lines were purged (wrapping
// ErrRejectsPurged; the RejectsFile returned says when). Every channel
// that serves rejects files reads them here; memory stays flat whatever
// their size.
func (s *Service) PartnerRejects(ctx context.Context, partner string, report int64, format string) (io.ReadCloser, RejectsFile, error) {
	f := RejectsFile{Report: report, Format: format}
	if format != RejectsCSV && format != RejectsXLSX {
		return nil, f, Errorf(EINVALID, "rejects format %q: csv or xlsx", format)
	}
	r, err := s.PartnerReport(ctx, partner, report)
	if err != nil {
		return nil, f, err
	}
	f.Name, f.Created, f.Purged = rejectsName(r.File, r.ID, "."+format), r.Created, r.Purged
	if r.RejectsBytes == 0 {
		return nil, f, s.noRejects(r)
	}
	if format == RejectsCSV {
		rc, err := s.OpenRejects(ctx, r)
		if err != nil {
			return nil, f, err
		}
		f.Size = r.RejectsBytes
		return rc, f, nil
	}
	x, err := s.rejectsXLSX(ctx, r)
	if err != nil {
		return nil, f, err
	}
	info, err := x.Stat()
	if err != nil {
		x.Close()
		return nil, f, err
	}
	f.Size = info.Size()
	return x, f, nil
}

// rejectsXLSX writes the XLSX twin of a report's rejects into a temporary
// file (0600, its name removed at once), and returns it at its start.
func (s *Service) rejectsXLSX(ctx context.Context, r *Report) (*os.File, error) {
	if s.Workbooks == nil {
		return nil, Errorf(EUNSUPPORTED, "this service makes no XLSX workbooks: take the rejects as CSV")
	}
	if r.Rejected > MaxRejectsXLSX {
		return nil, &Error{Code: EUNSUPPORTED, Err: ErrRejectsTooLong,
			Message: fmt.Sprintf("report %d has %d rejected lines, more than a worksheet holds (%d): take the rejects as CSV", r.ID, r.Rejected, MaxRejectsXLSX)}
	}
	rc, lines, err := s.openRejectsAndLines(ctx, r)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	defer lines.Close()
	tmp, err := tempPart()
	if err != nil {
		return nil, err
	}
	w := bufio.NewWriterSize(tmp, 64<<10)
	err = s.Workbooks.RejectsXLSX(contextReader{ctx, rc}, lines, w)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		_, err = tmp.Seek(0, io.SeekStart)
	}
	if err != nil {
		tmp.Close()
		return nil, fmt.Errorf("rejects of report %d as XLSX: %w", r.ID, err)
	}
	return tmp, nil
}
