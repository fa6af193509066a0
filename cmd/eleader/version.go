package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/entrepreneur-leader/eleader-go/i18n"
)

const versionSynopsis = `version [--format text|json]`

// Set at link time by builds without version control information (a
// container image built without .git):
//
//	go build -ldflags "-X main.linkedVersion=v1.2.0 -X main.linkedCommit=$(git rev-parse HEAD)"
//
// They are never written at run time.
var linkedVersion, linkedCommit string

// buildVersion is what "eleader version" prints.
type buildVersion struct {
	Module   string `json:"module"`
	Version  string `json:"version"`
	Commit   string `json:"commit,omitempty"`
	Time     string `json:"time,omitempty"`
	Modified bool   `json:"modified"`
	Go       string `json:"go"`
	Platform string `json:"platform"`
}

// versionOf reads a binary's build information.
func versionOf(bi *debug.BuildInfo, ok bool) buildVersion {
	v := buildVersion{Version: "unknown", Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if !ok || bi == nil {
		return v
	}
	v.Module, v.Version, v.Go = bi.Main.Path, bi.Main.Version, bi.GoVersion
	if v.Version == "" {
		v.Version = "(devel)"
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Commit = s.Value
		case "vcs.time":
			v.Time = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

// linked completes v with what the linker was given.
func (v buildVersion) linked(version, commit string) buildVersion {
	if version != "" && (v.Version == "(devel)" || v.Version == "unknown") {
		v.Version = version
	}
	if commit != "" && v.Commit == "" {
		v.Commit = commit
	}
	return v
}

// runVersion runs "eleader version".
func runVersion(args []string, stdout, stderr io.Writer) int {
	l := langOf(stderr)
	fs := newFlagSet("version", stderr, versionSynopsis, "cli.version.about")
	format := fs.String("format", "text", l.Sprintf("cli.flag.format"))
	pos, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	if len(pos) > 0 {
		return usageError(stderr, "cli.no_argument", "version", pos[0])
	}
	if err := oneOf("format", *format, "text", "json"); err != nil {
		return usageErr(stderr, err)
	}
	v := versionOf(debug.ReadBuildInfo())
	v = v.linked(linkedVersion, linkedCommit)
	if *format == "json" {
		printJSON(stdout, v)
		return exitOK
	}
	writeVersion(stdout, l, v)
	return exitOK
}

// writeVersion prints a version for a person, in l.
func writeVersion(w io.Writer, l i18n.Lang, v buildVersion) {
	fmt.Fprintf(w, "eleader %s\n", v.Version)
	if v.Module != "" {
		fmt.Fprintf(w, "  module  %s\n", v.Module)
	}
	switch {
	case v.Commit == "":
		fmt.Fprintf(w, "  commit  %s\n", l.Sprintf("cli.version.unknown"))
	case v.Modified:
		fmt.Fprintf(w, "  commit  %s\n", l.Sprintf("cli.version.modified", v.Commit))
	default:
		fmt.Fprintf(w, "  commit  %s\n", v.Commit)
	}
	if v.Time != "" {
		fmt.Fprintf(w, "  date    %s\n", v.Time)
	}
	fmt.Fprintf(w, "  go      %s %s\n", v.Go, v.Platform)
}
