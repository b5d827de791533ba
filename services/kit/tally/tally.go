// Package tally names the platform's countable facts, which the
// administrators' dashboard charts week by week, and the interface through
// which a context reports the facts that no domain event carries.
package tally

import (
	"context"
	"time"
)

// The metrics of the platform dashboard.
const (
	Learners           = "learners"            // accounts created
	ActiveLearners     = "active_learners"     // distinct learners who enrolled, completed or submitted
	Enrolments         = "enrolments"          // course enrolments
	Completions        = "completions"         // course completions
	CredentialsIssued  = "credentials_issued"  // credentials issued
	CredentialsRevoked = "credentials_revoked" // credentials revoked
	Competitions       = "competitions"        // competitions published
	Submissions        = "submissions"         // competition submissions
	TalentPool         = "talent_pool"         // profiles in the talent pool
	TalentContacts     = "talent_contacts"     // companies' contact requests
)

// Metrics lists the metrics in the order the dashboard shows them.
var Metrics = []string{Learners, ActiveLearners, Enrolments, Completions, CredentialsIssued, CredentialsRevoked,
	Competitions, Submissions, TalentPool, TalentContacts}

// Counter counts a fact once per key: the same key reported again, by a
// retry or another replica, changes nothing. userID, when set, makes the
// learner active in the fact's week. A failure is logged, never returned:
// the fact itself has happened.
type Counter interface {
	Count(ctx context.Context, metric, key, userID string, at time.Time)
}

// None counts nothing: the default of contexts built without a dashboard.
type None struct{}

// Count does nothing.
func (None) Count(context.Context, string, string, string, time.Time) {}
