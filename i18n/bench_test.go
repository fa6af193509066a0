package i18n

import "testing"

// BenchmarkBuild is the construction of one language's catalog, once per
// process.
func BenchmarkBuild(b *testing.B) {
	keys := entries()
	for b.Loop() {
		if _, err := compile(keys, French); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSprintf renders an entry with a plural and arguments.
func BenchmarkSprintf(b *testing.B) {
	builders[French]()
	builders[English]()
	for b.Loop() {
		_ = French.Sprintf("file.mode", 3, 12)
	}
}

// BenchmarkText renders a file error's nested text.
func BenchmarkText(b *testing.B) {
	t := T("file.line", 12, T("file.too_long", Size(3<<19)))
	builders[French]()
	builders[English]()
	for b.Loop() {
		_ = English.Text(t)
	}
}
