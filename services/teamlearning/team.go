package teamlearning

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/oklog/ulid/v2"
	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
)

// Team is a company's team as its staff see it. Every member is listed,
// since joining is visible to the company that invited them; what a member
// learns is shown only in the views that read their consent.
type Team struct {
	OrgID           string          `json:"org_id"`
	OrgName         string          `json:"org_name"`
	Members         []Member        `json:"members"`
	Paths           []Path          `json:"paths"`
	Occupations     []OccupationRef `json:"occupations"`
	LiteracyCourses []string        `json:"literacy_courses"`
}

// OccupationRef names an ESCO occupation.
type OccupationRef struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// Team returns the company's team.
func (s *Service) Team(ctx context.Context, p auth.Principal, orgID string) (Team, error) {
	o, err := s.company(ctx, p, orgID)
	if err != nil {
		return Team{}, err
	}
	r, err := s.store.roster(ctx, orgID)
	if err != nil {
		return Team{}, err
	}
	members, err := s.members(ctx, r)
	if err != nil {
		return Team{}, err
	}
	paths, err := s.teamPaths(ctx, orgID)
	if err != nil {
		return Team{}, err
	}
	occupations := []OccupationRef{}
	for _, id := range r.Occupations {
		occ, err := s.catalogue.Occupation(ctx, id, "en")
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return Team{}, err
		}
		occupations = append(occupations, OccupationRef{ID: id, Label: occ.Label})
	}
	return Team{OrgID: orgID, OrgName: o.Name, Members: members, Paths: paths, Occupations: occupations, LiteracyCourses: literacyCourses(r)}, nil
}

func literacyCourses(r Roster) []string {
	if len(r.LiteracyCourses) == 0 {
		return slices.Clone(DefaultLiteracyCourses)
	}
	return r.LiteracyCourses
}

// members reads the roster's members by _id, each as stored now: consent
// withdrawn a moment ago is seen by the next read.
func (s *Service) members(ctx context.Context, r Roster) ([]Member, error) {
	out := []Member{}
	for _, userID := range r.Members {
		m, err := s.store.member(ctx, r.ID, userID)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// PathInput is what staff give to propose a learning path.
type PathInput struct {
	Name    string
	Courses []PathCourseInput
}

// PathCourseInput is one course of a path and, optionally, its due date (YYYY-MM-DD).
type PathCourseInput struct {
	Slug string
	Due  string
}

// CreatePath proposes a learning path to the team: its courses in order,
// each with an optional due date.
func (s *Service) CreatePath(ctx context.Context, p auth.Principal, orgID string, in PathInput) (Path, error) {
	if _, err := s.company(ctx, p, orgID); err != nil {
		return Path{}, err
	}
	name := strings.TrimSpace(in.Name)
	var v apperr.Validation
	v.Check(utf8.RuneCountInString(name) >= 2 && utf8.RuneCountInString(name) <= maxNameLen, "name", "must be 2 to %d characters", maxNameLen)
	v.Check(len(in.Courses) >= 1 && len(in.Courses) <= maxPathCourses, "courses", "must list 1 to %d courses", maxPathCourses)
	path := Path{ID: ulid.Make().String(), OrgID: orgID, Name: name, Courses: []PathCourse{}, CreatedBy: p.UserID, CreatedAt: s.clock()}
	seen := map[string]bool{}
	for i, ci := range in.Courses {
		if i >= maxPathCourses {
			break
		}
		field := fmt.Sprintf("courses[%d]", i)
		c, ok, err := s.publishedCourse(ctx, &v, field+".slug", ci.Slug)
		if err != nil {
			return Path{}, err
		}
		if ok && seen[c.ID] {
			v.Add(field+".slug", "lists %q a second time", ci.Slug)
		}
		pc := PathCourse{CourseID: c.ID, Slug: c.Slug}
		if c.Published != nil {
			pc.Title = c.Published.Title
		}
		seen[c.ID] = true
		if ci.Due != "" {
			due, err := time.Parse(time.DateOnly, ci.Due)
			if err != nil {
				v.Add(field+".due", "must be a date as YYYY-MM-DD")
			} else {
				pc.Due = &due
			}
		}
		path.Courses = append(path.Courses, pc)
	}
	if err := v.Err(); err != nil {
		return Path{}, err
	}
	r, err := s.store.roster(ctx, orgID)
	if err != nil {
		return Path{}, err
	}
	if len(r.Paths) >= maxPaths {
		return Path{}, apperr.Conflictf("too-many-paths", "a team has at most %d learning paths; delete one first", maxPaths)
	}
	if err := s.store.insertPath(ctx, path); err != nil {
		return Path{}, err
	}
	if _, err := s.store.updateRoster(ctx, orgID, nil, bson.M{"$push": bson.M{"paths": path.ID}}); err != nil {
		return Path{}, err
	}
	return path, nil
}

// DeletePath withdraws a learning path from the team.
func (s *Service) DeletePath(ctx context.Context, p auth.Principal, orgID, pathID string) error {
	if _, err := s.company(ctx, p, orgID); err != nil {
		return err
	}
	path, err := s.store.path(ctx, pathID)
	if err == nil && path.OrgID != orgID {
		err = apperr.NotFoundf("no such learning path")
	}
	if err != nil {
		return err
	}
	if _, err := s.store.updateRoster(ctx, orgID, nil, bson.M{"$pull": bson.M{"paths": pathID}}); err != nil {
		return err
	}
	return s.store.deletePath(ctx, pathID)
}

// Settings are the occupations a team's skills are measured against and
// the courses its AI-literacy record counts.
type Settings struct {
	Occupations     []string
	LiteracyCourses []string
}

// PutSettings sets the team's occupations and AI-literacy courses.
func (s *Service) PutSettings(ctx context.Context, p auth.Principal, orgID string, in Settings) (Team, error) {
	if _, err := s.company(ctx, p, orgID); err != nil {
		return Team{}, err
	}
	var v apperr.Validation
	v.Check(len(in.Occupations) <= maxOccupations, "occupations", "must list at most %d occupations", maxOccupations)
	v.Check(len(in.LiteracyCourses) >= 1 && len(in.LiteracyCourses) <= maxLiteracyCourses, "literacy_courses", "must list 1 to %d courses", maxLiteracyCourses)
	occupations := []string{}
	for i, id := range in.Occupations {
		field := fmt.Sprintf("occupations[%d]", i)
		if i >= maxOccupations {
			break
		}
		if slices.Contains(occupations, id) {
			v.Add(field, "lists %q a second time", id)
			continue
		}
		if _, err := s.catalogue.Occupation(ctx, id, "en"); err != nil {
			switch apperr.KindOf(err) {
			case apperr.NotFound:
				v.Add(field, "no ESCO occupation has the id %q", id)
			case apperr.Invalid:
				v.Add(field, "must be an ESCO occupation id (a UUID)")
			default:
				return Team{}, err
			}
			continue
		}
		occupations = append(occupations, id)
	}
	literacy := []string{}
	for i, slug := range in.LiteracyCourses {
		if i >= maxLiteracyCourses {
			break
		}
		field := fmt.Sprintf("literacy_courses[%d]", i)
		c, ok, err := s.publishedCourse(ctx, &v, field, slug)
		if err != nil {
			return Team{}, err
		}
		if ok && slices.Contains(literacy, c.Slug) {
			v.Add(field, "lists %q a second time", slug)
		} else if ok {
			literacy = append(literacy, c.Slug)
		}
	}
	if err := v.Err(); err != nil {
		return Team{}, err
	}
	if _, err := s.store.updateRoster(ctx, orgID, nil, bson.M{"$set": bson.M{"occupations": occupations, "literacy_courses": literacy}}); err != nil {
		return Team{}, err
	}
	return s.Team(ctx, p, orgID)
}

// TeamProgress is the progress of the members who share it with the
// company, path by path; the others are only counted.
type TeamProgress struct {
	Paths      []PathMembers `json:"paths"`
	Sharing    int           `json:"sharing"`
	NotSharing int           `json:"not_sharing"`
}

// PathMembers is a path with each sharing member's progress along it.
type PathMembers struct {
	Path    Path             `json:"path"`
	Members []MemberProgress `json:"members"`
}

// MemberProgress is one sharing member's progress along a path.
type MemberProgress struct {
	UserID      string           `json:"user_id"`
	DisplayName string           `json:"display_name"`
	Courses     []CourseProgress `json:"courses"`
}

// Progress returns the progress of the members who share it.
func (s *Service) Progress(ctx context.Context, p auth.Principal, orgID string) (TeamProgress, error) {
	if _, err := s.company(ctx, p, orgID); err != nil {
		return TeamProgress{}, err
	}
	r, err := s.store.roster(ctx, orgID)
	if err != nil {
		return TeamProgress{}, err
	}
	members, err := s.members(ctx, r)
	if err != nil {
		return TeamProgress{}, err
	}
	sharing, notSharing := split(members)
	paths, err := s.teamPaths(ctx, orgID)
	if err != nil {
		return TeamProgress{}, err
	}
	out := TeamProgress{Paths: []PathMembers{}, Sharing: len(sharing), NotSharing: notSharing}
	for _, path := range paths {
		pm := PathMembers{Path: path, Members: []MemberProgress{}}
		for _, m := range sharing {
			pp, err := s.pathProgress(ctx, path, m.UserID)
			if err != nil {
				return TeamProgress{}, err
			}
			pm.Members = append(pm.Members, MemberProgress{UserID: m.UserID, DisplayName: m.DisplayName, Courses: pp.Courses})
		}
		out.Paths = append(out.Paths, pm)
	}
	return out, nil
}

// split returns the members who share with the company and counts the others.
func split(members []Member) (sharing []Member, notSharing int) {
	for _, m := range members {
		if m.Sharing {
			sharing = append(sharing, m)
		} else {
			notSharing++
		}
	}
	return sharing, notSharing
}
