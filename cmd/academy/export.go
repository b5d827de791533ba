package main

import (
	"context"

	"academy/services/export"
)

// exportSections gathers a learner's data from every context that holds some;
// each context decides which of its fields the export holds.
func (a *academy) exportSections() []export.Section {
	return []export.Section{
		{Name: "account", Collect: a.identity.ExportAccount},
		{Name: "organisations", Collect: a.identity.ExportOrganisations},
		{Name: "courses", Collect: a.learning.ExportCourses},
		{Name: "goals", Collect: a.dash.ExportGoals},
		{Name: "teams", Collect: a.teams.ExportTeams},
		{Name: "credentials", Collect: func(ctx context.Context, userID string) (any, error) {
			return a.creds.ExportFor(ctx, userID)
		}},
		{Name: "talent", Collect: func(ctx context.Context, userID string) (any, error) {
			return a.talent.ExportFor(ctx, userID)
		}},
	}
}
