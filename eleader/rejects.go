package eleader

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
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
// Workbooks, the XLSX twin (its Size -1: made when opened).
func (s *Service) PartnerRejectsFiles(ctx context.Context, partner string, limit int) ([]RejectsFile, error) {
	list, err := s.Store.ReportsWithRejects(ctx, partner, limit)
	if err != nil {
		return nil, err
	}
	out := make([]RejectsFile, 0, 2*len(list))
	for _, r := range list {
		out = append(out, RejectsFile{Report: r.ID, Name: rejectsName(r.File, r.ID, ".csv"), Format: RejectsCSV, Size: r.Bytes, Created: r.Created})
		if s.Workbooks != nil {
			out = append(out, RejectsFile{Report: r.ID, Name: rejectsName(r.File, r.ID, ".xlsx"), Format: RejectsXLSX, Size: -1, Created: r.Created})
		}
	}
	return out, nil
}

// PartnerRejects opens the rejects file of one of a partner's reports, in
// format RejectsCSV (the importer's file, byte for byte) or RejectsXLSX
// (made by Workbooks: EUNSUPPORTED without). Another partner's report is
// ENOTFOUND, as a missing one; so is a report without rejected lines
// (wrapping ErrNoRejects) or whose rejected lines were purged (wrapping
// ErrRejectsPurged; the RejectsFile returned says when). Every channel
// that serves rejects files reads them here.
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
	if len(r.Rejects) == 0 {
		if !r.Purged.IsZero() {
			return nil, f, &Error{Code: ENOTFOUND, Err: ErrRejectsPurged,
				Message: fmt.Sprintf("the rejected lines of report %d were purged on %s (retention)", r.ID, r.Purged.Format(time.DateOnly))}
		}
		return nil, f, &Error{Code: ENOTFOUND, Err: ErrNoRejects, Message: fmt.Sprintf("report %d has no rejected lines", r.ID)}
	}
	if format == RejectsCSV {
		f.Size = int64(len(r.Rejects))
		return io.NopCloser(bytes.NewReader(r.Rejects)), f, nil
	}
	if s.Workbooks == nil {
		return nil, f, Errorf(EUNSUPPORTED, "this service makes no XLSX workbooks: take the rejects as CSV")
	}
	var b bytes.Buffer
	if err := s.Workbooks.RejectsXLSX(r.Rejects, r.RejectLines, &b); err != nil {
		return nil, f, fmt.Errorf("rejects of report %d as XLSX: %w", r.ID, err)
	}
	f.Size = int64(b.Len())
	return io.NopCloser(&b), f, nil
}
