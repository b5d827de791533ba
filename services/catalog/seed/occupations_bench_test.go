package seed

import (
	"context"
	"testing"

	"academy/content"
	"academy/services/catalog"
	"academy/services/kit/guarded"
	"academy/services/kit/testenv"
)

// BenchmarkOccupationsSeed measures what the occupations add to the first
// start: reading both files and storing the 182 occupations into an empty
// embedded database that holds the skills (budget: about 100 ms). Run with
// go test ./services/catalog/seed -run '^$' -bench OccupationsSeed -benchtime 3x
func BenchmarkOccupationsSeed(b *testing.B) {
	ctx := context.Background()
	for range b.N {
		b.StopTimer()
		db := testenv.DB(b)
		w, err := guarded.New(ctx, db)
		if err != nil {
			b.Fatal(err)
		}
		svc := catalog.NewService(catalog.NewStore(db, w), nil, nil, nil, nil, nil)
		var probs problems
		if _, err := svc.SeedSkills(ctx, readSkills(content.Files(), &probs)); err != nil {
			b.Fatal(err)
		}
		// The seed's programmes and courses read the whole taxonomy into memory
		// whether or not occupations load, so that read is not theirs to count.
		if _, err := svc.KnownSkills(ctx, []string{"3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43"}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		load, err := svc.SeedOccupations(ctx, readOccupations(content.Files(), &probs))
		if err != nil || len(probs.list) > 0 {
			b.Fatalf("seed occupations: %v %v", err, probs.list)
		}
		if load.Written != 182 {
			b.Fatalf("stored %d occupations, want 182", load.Written)
		}
	}
}
