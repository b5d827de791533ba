package blob_test

import (
	"context"
	"os"
	"testing"

	"academy/services/kit/blob"
	"academy/services/kit/blob/blobtest"
	"academy/services/kit/mongoserver"
	"academy/services/kit/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

func TestDir(t *testing.T) {
	blobtest.Run(t, func(t *testing.T) blob.Store {
		s, err := blob.NewDir(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return s
	}, blobtest.Options{})
}

// TestGridFS runs on the embedded FerretDB, in this process, or on the
// MongoDB of ACADEMY_TEST_MONGODB_URI.
func TestGridFS(t *testing.T) {
	ferret, err := mongoserver.IsFerretDB(context.Background(), testenv.DB(t))
	if err != nil {
		t.Fatal(err)
	}
	blobtest.Run(t, func(t *testing.T) blob.Store {
		return blob.NewGridFS(testenv.DB(t), "blobs")
	}, blobtest.Options{ServerInProcess: ferret && os.Getenv("ACADEMY_TEST_MONGODB_URI") == ""})
}
