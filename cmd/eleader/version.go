package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

const versionSynopsis = `version [--format text|json]

Prints the version of this binary: its module version ("(devel)" when built
from a work tree), the commit it was built from, and whether that work tree
had changes, when it was built with Go's version control stamping (the
default of go build in a git work tree); and the Go version. Also
"eleader --version".`

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
	fs := newFlagSet("version", stderr, versionSynopsis)
	format := fs.String("format", "text", "output `format`: text or json")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	if len(pos) > 0 {
		return usageError(stderr, "version takes no argument, not %q", pos[0])
	}
	if err := oneOf("format", *format, "text", "json"); err != nil {
		return usageError(stderr, "%v", err)
	}
	v := versionOf(debug.ReadBuildInfo())
	v = v.linked(linkedVersion, linkedCommit)
	if *format == "json" {
		printJSON(stdout, v)
		return exitOK
	}
	writeVersion(stdout, v)
	return exitOK
}

// writeVersion prints a version for a person.
func writeVersion(w io.Writer, v buildVersion) {
	fmt.Fprintf(w, "eleader %s\n", v.Version)
	if v.Module != "" {
		fmt.Fprintf(w, "  module  %s\n", v.Module)
	}
	switch {
	case v.Commit == "":
		fmt.Fprintln(w, "  commit  unknown (built without version control information)")
	case v.Modified:
		fmt.Fprintf(w, "  commit  %s, with uncommitted changes\n", v.Commit)
	default:
		fmt.Fprintf(w, "  commit  %s\n", v.Commit)
	}
	if v.Time != "" {
		fmt.Fprintf(w, "  date    %s\n", v.Time)
	}
	fmt.Fprintf(w, "  go      %s %s\n", v.Go, v.Platform)
}
