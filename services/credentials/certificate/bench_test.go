package certificate

import (
	"io"
	"testing"
)

func BenchmarkCertificatePDF(b *testing.B) {
	c := sample()
	b.ReportAllocs()
	for b.Loop() {
		if err := Render(io.Discard, c, "fr"); err != nil {
			b.Fatal(err)
		}
	}
}
