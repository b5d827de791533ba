package learning

import (
	"context"

	"academy/services/kit/auth"
)

// exportPage is how many enrolments a data export reads at a time.
const exportPage = 100

// ExportCourses returns every enrolment of a user, for their data export.
func (s *Service) ExportCourses(ctx context.Context, userID string) (any, error) {
	p := auth.Principal{UserID: userID}
	var all []EnrolmentView
	var after EnrolmentPos
	for {
		page, err := s.MyCourses(ctx, p, after, exportPage)
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if len(page) < exportPage {
			return all, nil
		}
		after = page[len(page)-1].Pos()
	}
}
