package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"
)

// Settings. The flags of serve and of every command that opens the store
// (every flag set with --db) are settings: each also comes from the
// environment variable ELEADER_<FLAG> (upper case, '-' → '_': --max-mb is
// ELEADER_MAX_MB) and from the settings file of --config (or
// ELEADER_CONFIG), a key per flag. The command line wins over the
// environment, which wins over the file, which wins over the default. Such
// commands also take --data DIR: --db, --depots and --outbox, unless set
// themselves, become DIR/eleader.db, DIR/depots and DIR/outbox, as for
// serve. The decisions are in the README, "Configuration".

// envPrefix starts the environment variable of a setting.
const envPrefix = "ELEADER_"

// defaultData is the data directory of every command.
const defaultData = "eleader-data"

// maxSettingsBytes bounds a settings file.
const maxSettingsBytes = 1 << 20

// settingsCommand reports whether fs's flags are settings: it opens a
// store (it has --db).
func settingsCommand(fs *flag.FlagSet) bool { return fs != nil && fs.Lookup("db") != nil }

// addSettingsFlags declares --data and --config on a settings command that
// has not declared them itself.
func addSettingsFlags(fs *flag.FlagSet) {
	if !settingsCommand(fs) {
		return
	}
	l := langOf(fs.Output())
	if fs.Lookup("data") == nil {
		fs.String("data", defaultData, l.Sprintf("cli.flag.data"))
	}
	if fs.Lookup("config") == nil {
		fs.String("config", "", l.Sprintf("cli.flag.config"))
	}
}

// envName is the environment variable of a flag: ELEADER_MAX_MB for max-mb.
func envName(flagName string) string {
	return envPrefix + strings.ToUpper(strings.NewReplacer("-", "_", ".", "_").Replace(flagName))
}

// settingsEnv lists the environment variables of fs's settings, for its
// help.
func settingsEnv(fs *flag.FlagSet) []envVar {
	if !settingsCommand(fs) {
		return nil
	}
	var out []envVar
	fs.VisitAll(func(f *flag.Flag) { out = append(out, envVar{envName(f.Name), "--" + f.Name}) })
	return out
}

// sourced is the value of a flag set from the environment, a settings file
// or --data: it tells where its value came from.
type sourced struct {
	flag.Value
	from string
}

// applySettings completes a settings command's flags after the command
// line: from the environment, then from the settings file, then what
// --data derives. Errors name the variable or the file and key.
func applySettings(fs *flag.FlagSet) error {
	if !settingsCommand(fs) {
		return nil
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	setFrom := func(f *flag.Flag, value, from string) error {
		if err := fs.Set(f.Name, value); err != nil {
			return err
		}
		f.Value = &sourced{Value: f.Value, from: from}
		set[f.Name] = true
		return nil
	}

	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		name := envName(f.Name)
		if v := os.Getenv(name); v != "" && !set[f.Name] {
			if err := setFrom(f, v, name); err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: %v", name, v, err))
			}
		}
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}

	if path := fs.Lookup("config").Value.String(); path != "" {
		values, err := readSettings(path)
		if err != nil {
			return err
		}
		for _, key := range slices.Sorted(maps.Keys(values)) {
			// Keys of other commands' flags are ignored: one file serves them all.
			if f := fs.Lookup(key); f != nil && key != "config" && !set[key] {
				if err := setFrom(f, values[key], "config "+path); err != nil {
					errs = append(errs, fmt.Errorf("%s: %s = %q: %v", path, key, values[key], err))
				}
			}
		}
		if err := errors.Join(errs...); err != nil {
			return err
		}
	}

	if data := fs.Lookup("data"); data != nil && set["data"] {
		from := sourceOf(fs, "data")
		// The settings --data derives, and their place in DIR.
		derived := []struct{ flag, name string }{{"db", "eleader.db"}, {"depots", "depots"}, {"outbox", "outbox"}}
		for _, d := range derived {
			if f := fs.Lookup(d.flag); f != nil && !set[d.flag] {
				if err := setFrom(f, filepath.Join(data.Value.String(), d.name), from); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// sourceOf tells where the value of a flag came from: "--name" (the
// command line), an environment variable's name, "config FILE", or "" for
// the default.
func sourceOf(fs *flag.FlagSet, name string) string {
	f := fs.Lookup(name)
	if f == nil {
		return ""
	}
	if s, ok := f.Value.(*sourced); ok {
		return s.from
	}
	from := ""
	fs.Visit(func(v *flag.Flag) {
		if v.Name == name {
			from = "--" + name
		}
	})
	return from
}

// readSettings reads a settings file: TOML or YAML by its extension, top
// level keys only (a flag's name; '_' may stand for '-'), each a string, a
// number, a boolean, or a list of them (joined with commas).
func readSettings(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--config: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxSettingsBytes+1))
	if err != nil {
		return nil, fmt.Errorf("--config: %w", err)
	}
	if len(b) > maxSettingsBytes {
		return nil, errorf("cli.settings.too_large", path, maxSettingsBytes)
	}
	raw := map[string]any{}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".toml":
		if _, err := toml.Decode(string(b), &raw); err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
	case ".yaml", ".yml":
		if err := yaml.Unmarshal(b, &raw); err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
	default:
		return nil, errorf("cli.settings.kind", path)
	}
	out := make(map[string]string, len(raw))
	for key, v := range raw {
		s, err := settingText(v)
		if err != nil {
			return nil, errorf("cli.settings.key", path, key, textOf(err))
		}
		out[strings.ReplaceAll(key, "_", "-")] = s
	}
	return out, nil
}

// settingText writes a value of a settings file as a flag's text.
func settingText(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case bool:
		return strconv.FormatBool(v), nil
	case int:
		return strconv.Itoa(v), nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case uint64:
		return strconv.FormatUint(v, 10), nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			s, err := settingText(x)
			if err != nil {
				return "", err
			}
			if strings.Contains(s, ",") {
				return "", errorf("cli.settings.comma", s)
			}
			parts[i] = s
		}
		return strings.Join(parts, ","), nil
	case map[string]any:
		return "", errorf("cli.settings.table")
	case nil:
		return "", errorf("cli.settings.no_value")
	}
	return "", errorf("cli.settings.type", fmt.Sprintf("%T", v))
}
