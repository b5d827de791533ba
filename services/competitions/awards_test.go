package competitions

import "testing"

// A team earns the first tier its final rank reaches: the default tiers
// round shares of the teams up; a host's tiers replace them, in its order.
func TestPlacementTiers(t *testing.T) {
	hosts := Competition{Tiers: []PlacementTier{
		{ID: "gold", Name: "Gold", TopRanks: 3},
		{ID: "finalist", Name: "Finalist", TopPercent: 20},
	}}
	cases := []struct {
		name        string
		c           Competition
		rank, teams int
		want        string
	}{
		{"default winner", Competition{}, 1, 40, TierWinner},
		{"default top 10 % of 40 is ranks 2 to 4", Competition{}, 4, 40, TierTop10},
		{"default top 25 % of 40 is ranks 5 to 10", Competition{}, 10, 40, TierTop25},
		{"default: rank 11 of 40 earns none", Competition{}, 11, 40, ""},
		{"default: of 3 teams, 25 % rounds up to rank 1 only", Competition{}, 2, 3, ""},
		{"host's first tier", hosts, 3, 100, "gold"},
		{"host's share of the teams", hosts, 20, 100, "finalist"},
		{"host's tiers: beyond them none", hosts, 21, 100, ""},
		{"host's tiers replace the winner tier", hosts, 1, 100, "gold"},
	}
	for _, tc := range cases {
		got, ok := placementTier(tc.c, tc.rank, tc.teams)
		if got.ID != tc.want || ok != (tc.want != "") {
			t.Errorf("%s: rank %d of %d earns %q (%v), want %q", tc.name, tc.rank, tc.teams, got.ID, ok, tc.want)
		}
	}
	for id, want := range map[string]string{"gold": "within the first 3 teams", "finalist": "within the top 20 % of the teams"} {
		if tier, ok := tier(hosts, id); !ok || tier.criterion() != want {
			t.Errorf("tier %s = %+v %v, want the criterion %q", id, tier, ok, want)
		}
	}
	if _, ok := tier(hosts, TierWinner); ok {
		t.Error("a host's tiers still award the default winner tier")
	}
	if p, ok := tier(hosts, TierParticipation); !ok || p.Name != "Participant" {
		t.Errorf("participation = %+v %v", p, ok)
	}
}
