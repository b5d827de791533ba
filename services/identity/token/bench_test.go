package token

import (
	"testing"

	"academy/services/kit/auth"
	"academy/services/kit/testenv"
)

func BenchmarkIssue(b *testing.B) {
	k := newTestKeyring(b, testenv.DB(b), newTestClock())
	p := auth.Principal{UserID: "01HZUSER0000000000000000AA"}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := k.Issue(p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	k := newTestKeyring(b, testenv.DB(b), newTestClock())
	signed := issue(b, k, "01HZUSER0000000000000000AA", false)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := k.Verify(signed); err != nil {
			b.Fatal(err)
		}
	}
}
