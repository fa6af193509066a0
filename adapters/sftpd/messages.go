package sftpd

import (
	"errors"
	"strings"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
)

// What the server tells partners are entries of the catalog (package
// i18n, keys sftp.*), said in French: they read it in their SFTP client
// (the session's standard error, and the status messages), which has no
// language to ask for.
const lang = i18n.French

// Keys of the catalog the server's messages use.
const (
	msgBanner          = "sftp.banner"
	msgOnlySFTP        = "sftp.only_sftp"
	msgTooManySessions = "sftp.too_many_sessions"
	msgNoLongerValid   = "sftp.no_longer_valid"
	msgWhereToPut      = "sftp.where_to_put"
	msgIsDirectory     = "sftp.is_directory"
	msgNotDirectory    = "sftp.not_directory"
	msgReportsReadOnly = "sftp.reports_read_only"
	msgDepotWriteOnly  = "sftp.depot_write_only"
	msgTooManyUploads  = "sftp.too_many_uploads"
	msgNoResume        = "sftp.no_resume"
	msgTooLarge        = "sftp.too_large"
	msgNoRename        = "sftp.no_rename"
	msgNoDirectories   = "sftp.no_directories"
	msgNoLinks         = "sftp.no_links"
	msgImportUnderWay  = "sftp.import_under_way"
	msgAlreadyHandled  = "sftp.already_handled"
	msgInternal        = "sftp.internal"
	nomenclature       = "AAAAMMJJ-IDENTIFIANT.csv"
)

// refusalText says why the front door refused a file.
func refusalText(err error, partner, name string, limit int64) i18n.Text {
	shown := importer.CutName(name)
	var fe *importer.FileNameError
	switch eleader.ErrorCode(err) {
	case eleader.EBADNAME:
		example := "AAAAMMJJ-" + partner + ".csv"
		if errors.As(err, &fe) {
			switch fe.Problem {
			case importer.NamePath:
				return i18n.T("sftp.name.path", shown, example)
			case importer.NameWorkbook:
				return i18n.T("sftp.name.workbook", shown, example)
			case importer.NameExtension:
				return i18n.T("sftp.name.extension", shown, example, partner)
			case importer.NameDate:
				return i18n.T("sftp.name.date", shown, example)
			case importer.NamePartner:
				return i18n.T("sftp.name.partner", shown, partner, example)
			}
		}
		return i18n.T("sftp.name.other", shown, example)
	case eleader.ENOTFOUND, eleader.EFORBIDDEN:
		return i18n.T("sftp.not_yours", shown, partner)
	case eleader.ECONFLICT:
		var used *eleader.UsedName
		// What was used, then what to do: while the file that used it
		// still waits for its import, rm frees the name; once a run
		// handled it, rm can no longer.
		found := errors.As(err, &used)
		msg := i18n.T("sftp.name_used", shown)
		if found && used.Name != name {
			msg = i18n.T("sftp.export_used", shown, importer.CutName(used.Name))
		}
		then := i18n.T("sftp.used_waiting", partner)
		if found && !used.Waiting() {
			then = i18n.T("sftp.used_handled", used.At.Format("02/01/2006"), partner)
		}
		return i18n.Join("sep.space", msg, then)
	case eleader.ETOOLARGE:
		return i18n.T(msgTooLarge, shown, i18n.Size(limit))
	case eleader.EUNSUPPORTED:
		return i18n.T("sftp.no_workbooks", shown, partner)
	case eleader.EREJECTED:
		if r, ok := eleader.AsRejection(err); ok && len(r.Errors) > 0 {
			msgs := make([]any, len(r.Errors))
			for i, e := range r.Errors {
				msgs[i] = strings.TrimSuffix(e.In(lang), ".")
			}
			return i18n.T("sftp.rejected", shown, i18n.Join("sep.semicolon", msgs...))
		}
	}
	// A refusal of the file itself (its content): the service's message
	// names what is wrong.
	return i18n.T("sftp.refused", shown, strings.TrimSuffix(eleader.ErrorMessage(err), "."))
}
