package prometheus_test

import (
	"io"
	"strings"
	"testing"

	prom "github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/stretchr/testify/require"
)

func stringsReader(s string) io.Reader { return strings.NewReader(s) }

// counterValue is the value of a counter of reg with these label values.
func counterValue(tb testing.TB, reg prom.Gatherer, name string, labels ...string) float64 {
	tb.Helper()
	families, err := reg.Gather()
	require.NoError(tb, err)
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			if matches(m, labels) {
				return m.GetCounter().GetValue()
			}
		}
	}
	tb.Fatalf("no %s %v", name, labels)
	return 0
}

func matches(m *dto.Metric, values []string) bool {
	if len(m.GetLabel()) != len(values) {
		return false
	}
	for i, l := range m.GetLabel() {
		if l.GetValue() != values[i] {
			return false
		}
	}
	return true
}

// countIn counts the series of a metric in a gatherer.
func countIn(tb testing.TB, g prom.Gatherer, name string) int {
	tb.Helper()
	families, err := g.Gather()
	require.NoError(tb, err)
	for _, f := range families {
		if f.GetName() == name {
			return len(f.GetMetric())
		}
	}
	return 0
}

// histogramCount is the number of observations of a histogram of g.
func histogramCount(tb testing.TB, g prom.Gatherer, name string) uint64 {
	tb.Helper()
	families, err := g.Gather()
	require.NoError(tb, err)
	for _, f := range families {
		if f.GetName() == name {
			return f.GetMetric()[0].GetHistogram().GetSampleCount()
		}
	}
	tb.Fatalf("no %s", name)
	return 0
}
