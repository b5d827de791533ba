package learning

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/httpkit"
	"academy/services/kit/openapi"
)

// Page sizes of the learning context's lists.
const (
	defaultPageSize = 20
	maxPageSize     = 100
)

// Handler serves the learning context's HTTP API.
type Handler struct {
	svc *Service
}

// NewHandler returns the learning context's HTTP handlers.
func NewHandler(svc *Service) *Handler { return &Handler{svc: svc} }

const tag = "learning"

// IdempotencyKeyHeader names the optional header that marks a submission's retries.
const IdempotencyKeyHeader = "Idempotency-Key"

// ReplayedHeader is set to "true" on the answer to a submission already made.
const ReplayedHeader = "Idempotency-Replayed"

var (
	itemParam = "item_id is module-id.item-id, or the item id alone when no other module has one like it"
)

// Register adds the learning context's routes.
func (h *Handler) Register(r *openapi.Routes) {
	op := func(method, path, id, summary string, req, resp any, status int) openapi.Operation {
		return openapi.Operation{Method: method, Path: path, ID: id, Summary: summary, Tag: tag, Auth: true, Request: req, Response: resp, Status: status}
	}
	enrol := op(fiber.MethodPost, "/courses/:slug/enrolment", "enrol", "Enrol in the latest published version of a course (201), or get the enrolment (200); the body is optional", EnrolRequest{}, EnrolmentView{}, fiber.StatusCreated)
	enrol.OptionalBody, enrol.AlsoStatus = true, []int{fiber.StatusOK}
	r.Handle(enrol, h.enrol)
	r.Handle(op(fiber.MethodDelete, "/courses/:slug/enrolment", "unenrol", "Withdraw from a course not completed; progress is kept for a return", nil, nil, fiber.StatusNoContent), h.unenrol)
	cohorts := op(fiber.MethodGet, "/courses/:slug/cohorts", "listCohorts", "List the cohorts of a course that have not ended", nil, []Cohort{}, 0)
	cohorts.Auth = false
	r.Handle(cohorts, h.listCohorts)
	r.Handle(op(fiber.MethodPost, "/courses/:slug/cohorts", "createCohort", "Open a cohort of a course (staff)", CohortInput{}, Cohort{}, fiber.StatusCreated), h.createCohort)
	r.Handle(op(fiber.MethodPut, "/courses/:slug/items/:item_id/schedule", "putAssessmentSchedule", "Set when an assessment opens and closes (staff); "+itemParam, ScheduleInput{}, Schedule{}, 0), h.putSchedule)

	myCourses := op(fiber.MethodGet, "/me/courses", "listMyCourses", "List my courses with their progress", nil, httpkit.Page[EnrolmentView]{}, 0)
	myCourses.Query = openapi.PageParams
	r.Handle(myCourses, h.myCourses)
	r.Handle(op(fiber.MethodGet, "/me/courses/:slug", "getMyCourse", "Get my progress through a course, item by item", nil, CourseProgressView{}, 0), h.myCourse)
	r.Handle(op(fiber.MethodPost, "/me/courses/:slug/items/:item_id/complete", "completeLesson", "Mark a lesson as done; "+itemParam, nil, CourseProgressView{}, 0), h.completeLesson)

	r.Handle(op(fiber.MethodPost, "/assessments/:course_slug/:item_id/attempts", "startAttempt", "Start an attempt at an assessment (201), or get the one in progress (200); "+itemParam, nil, AttemptView{}, fiber.StatusCreated), h.startAttempt)
	getAttempt := op(fiber.MethodGet, "/attempts/:id", "getAttempt", "Get an attempt: questions, saved answers, status, queue position and results as the feedback policy allows; with wait=grade, a submitted attempt is answered once graded, or as it stands after about 25 seconds", nil, AttemptView{}, 0)
	getAttempt.Query = []openapi.Param{{Name: "wait", Description: "grade: hold the answer while the attempt waits to be graded"}}
	r.Handle(getAttempt, h.getAttempt)
	r.Handle(op(fiber.MethodPut, "/attempts/:id/answers/:question_id", "saveAnswer", "Autosave the answer to one question, e.g. {\"choice\": \"a\"}; refused (409 question-locked) once the question is checked", map[string]any{}, AnswerSaved{}, 0), h.saveAnswer)
	r.Handle(op(fiber.MethodPost, "/attempts/:id/questions/:question_id/check", "checkAnswer", "Under immediate feedback, show the result of one question and lock its answer: the body (optional) is the answer to check, otherwise the one saved", map[string]any{}, QuestionView{}, 0), h.checkAnswer)
	submit := op(fiber.MethodPost, "/attempts/:id/submit", "submitAttempt", "Submit an attempt for grading; submitting again returns it as it stands", nil, AttemptView{}, 0)
	submit.Query = []openapi.Param{{Name: IdempotencyKeyHeader, In: "header", Description: "optional key of the submission, at most 200 characters"}}
	r.Handle(submit, h.submit)
	r.Handle(op(fiber.MethodPost, "/attempts/:id/review-request", "requestReview", "Ask staff to review a graded attempt", ReviewRequestInput{}, AttemptView{}, 0), h.requestReview)
	audit := op(fiber.MethodGet, "/attempts/:id/audit", "getAttemptAudit", "List the grade changes of an attempt, oldest first (its learner and staff)", nil, httpkit.Page[AuditEntry]{}, 0)
	audit.Query = openapi.PageParams
	r.Handle(audit, h.audit)
	r.Handle(op(fiber.MethodPost, "/attempts/:id/override", "overrideGrade", "Change the score of a question of a graded attempt, with a reason (staff)", OverrideRequest{}, AttemptView{}, 0), h.override)
	r.Handle(op(fiber.MethodPost, "/attempts/:id/review-request/reply", "replyToReview", "Resolve an attempt's open review request with a written answer and no change of score (staff)", ReviewReply{}, AttemptView{}, 0), h.replyToReview)
	r.Handle(op(fiber.MethodPost, "/attempts/:id/questions/:question_id/manual-grade", "manualGrade", "Grade an essay question with its rubric (staff)", ManualGradeRequest{}, AttemptView{}, 0), h.manualGrade)

	gradebook := op(fiber.MethodGet, "/courses/:slug/gradebook", "getGradebook", "Get a page of a course's gradebook, its learners filtered by standing, cohort and words of their name or email (staff); format=csv exports it whole", nil, Gradebook{}, 0)
	gradebook.Query = append([]openapi.Param{
		{Name: "format", Description: "json (default) or csv"},
		{Name: "standing", Description: "only learners of this standing: awaiting_grading, passed, failed or in_progress"},
		{Name: "cohort", Description: "only learners of the cohort of this name"},
		{Name: "q", Description: "only learners whose name or email holds every word of it"},
	}, openapi.PageParams...)
	r.Handle(gradebook, h.gradebook)
	csvExport := op(fiber.MethodGet, "/courses/:slug/gradebook.csv", "exportGradebook", "Export a course's whole gradebook as CSV (staff)", nil, "", 0)
	csvExport.Produces = "text/csv"
	r.Handle(csvExport, h.gradebookCSV)
	r.Handle(op(fiber.MethodGet, "/courses/:slug/learners/:learner_id/attempts", "getLearnerRecord", "Get a learner's gradebook row and attempts in a course (staff)", nil, LearnerRecord{}, 0), h.learnerRecord)
	insight := op(fiber.MethodGet, "/courses/:slug/insight", "getCourseInsight", "Get a course's insight: enrolments, completions and credentials per day, and per assessment the pass rate, grade histogram, and each question's difficulty and discrimination (staff)", nil, CourseInsightView{}, 0)
	r.Handle(insight, h.courseInsight)
	awaiting := op(fiber.MethodGet, "/courses/:slug/awaiting-grading", "listAwaitingGrading", "List a course's attempts with answers only staff can grade, oldest submission first (staff)", nil, httpkit.Page[AwaitingItem]{}, 0)
	awaiting.Query = openapi.PageParams
	r.Handle(awaiting, h.awaitingGrading)
	reviews := op(fiber.MethodGet, "/courses/:slug/review-requests", "listReviewRequests", "List a course's attempts with an open review request (staff)", nil, httpkit.Page[ReviewItem]{}, 0)
	reviews.Query = openapi.PageParams
	r.Handle(reviews, h.reviewRequests)
}

// param returns a path parameter that outlives the request.
func param(c *fiber.Ctx, name string) string { return strings.Clone(c.Params(name)) }

func (h *Handler) enrol(c *fiber.Ctx) error {
	var req EnrolRequest
	if len(bytes.TrimSpace(c.Body())) > 0 {
		if err := httpkit.DecodeJSON(c, &req); err != nil {
			return err
		}
	}
	v, created, err := h.svc.Enrol(c.UserContext(), auth.From(c), param(c, "slug"), req)
	if err != nil {
		return err
	}
	return httpkit.CreatedOrOK(c, created, v)
}

func (h *Handler) unenrol(c *fiber.Ctx) error {
	if err := h.svc.Unenrol(c.UserContext(), auth.From(c), param(c, "slug")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (h *Handler) listCohorts(c *fiber.Ctx) error {
	list, err := h.svc.Cohorts(c.UserContext(), param(c, "slug"))
	if err != nil {
		return err
	}
	return c.JSON(list)
}

func (h *Handler) createCohort(c *fiber.Ctx) error {
	p, err := auth.Required(c)
	if err != nil {
		return err
	}
	var in CohortInput
	if err := httpkit.DecodeJSON(c, &in); err != nil {
		return err
	}
	co, err := h.svc.CreateCohort(c.UserContext(), p, param(c, "slug"), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(co)
}

func (h *Handler) putSchedule(c *fiber.Ctx) error {
	p, err := auth.Required(c)
	if err != nil {
		return err
	}
	var in ScheduleInput
	if err := httpkit.DecodeJSON(c, &in); err != nil {
		return err
	}
	sc, err := h.svc.PutSchedule(c.UserContext(), p, param(c, "slug"), param(c, "item_id"), in)
	if err != nil {
		return err
	}
	return c.JSON(sc)
}

func (h *Handler) myCourses(c *fiber.Ctx) error {
	after, limit, err := httpkit.PageRequest[EnrolmentPos](c, defaultPageSize, maxPageSize)
	if err != nil {
		return err
	}
	list, err := h.svc.MyCourses(c.UserContext(), auth.From(c), after, limit)
	if err != nil {
		return err
	}
	page := httpkit.Page[EnrolmentView]{Items: list}
	if len(list) == limit {
		page.NextCursor = httpkit.EncodeCursor(list[len(list)-1].Pos())
	}
	return c.JSON(page)
}

func (h *Handler) myCourse(c *fiber.Ctx) error {
	v, err := h.svc.CourseProgress(c.UserContext(), auth.From(c), param(c, "slug"))
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *Handler) completeLesson(c *fiber.Ctx) error {
	v, err := h.svc.CompleteLesson(c.UserContext(), auth.From(c), param(c, "slug"), param(c, "item_id"))
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *Handler) startAttempt(c *fiber.Ctx) error {
	v, created, err := h.svc.StartAttempt(c.UserContext(), auth.From(c), param(c, "course_slug"), param(c, "item_id"))
	if err != nil {
		return err
	}
	return httpkit.CreatedOrOK(c, created, v)
}

func (h *Handler) getAttempt(c *fiber.Ctx) error {
	get := h.svc.Attempt
	switch c.Query("wait") {
	case "":
	case "grade":
		get = h.svc.AttemptWhenGraded
	default:
		return apperr.InvalidField("wait", "must be grade or absent")
	}
	v, err := get(c.UserContext(), auth.From(c), param(c, "id"))
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *Handler) saveAnswer(c *fiber.Ctx) error {
	var raw json.RawMessage
	if err := httpkit.DecodeJSON(c, &raw); err != nil {
		return err
	}
	saved, err := h.svc.SaveAnswer(c.UserContext(), auth.From(c), param(c, "id"), param(c, "question_id"), raw)
	if err != nil {
		return err
	}
	return c.JSON(saved)
}

func (h *Handler) checkAnswer(c *fiber.Ctx) error {
	var raw json.RawMessage
	if len(bytes.TrimSpace(c.Body())) > 0 {
		if err := httpkit.DecodeJSON(c, &raw); err != nil {
			return err
		}
	}
	v, err := h.svc.CheckAnswer(c.UserContext(), auth.From(c), param(c, "id"), param(c, "question_id"), raw)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *Handler) submit(c *fiber.Ctx) error {
	v, replayed, err := h.svc.Submit(c.UserContext(), auth.From(c), param(c, "id"), strings.Clone(c.Get(IdempotencyKeyHeader)))
	if err != nil {
		return err
	}
	c.Set(ReplayedHeader, strconv.FormatBool(replayed))
	return c.JSON(v)
}

// ReviewRequestInput is a learner's request for a review.
type ReviewRequestInput struct {
	Message string `json:"message"`
}

func (h *Handler) requestReview(c *fiber.Ctx) error {
	var in ReviewRequestInput
	if err := httpkit.DecodeJSON(c, &in); err != nil {
		return err
	}
	v, err := h.svc.RequestReview(c.UserContext(), auth.From(c), param(c, "id"), in.Message)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *Handler) audit(c *fiber.Ctx) error {
	afterRev, limit, err := httpkit.PageRequest[int](c, defaultPageSize, maxPageSize)
	if err != nil {
		return err
	}
	list, err := h.svc.AuditTrail(c.UserContext(), auth.From(c), param(c, "id"), afterRev, limit)
	if err != nil {
		return err
	}
	page := httpkit.Page[AuditEntry]{Items: list}
	if len(list) == limit {
		page.NextCursor = httpkit.EncodeCursor(list[len(list)-1].Rev)
	}
	return c.JSON(page)
}

func (h *Handler) override(c *fiber.Ctx) error {
	var in OverrideRequest
	if err := httpkit.DecodeJSON(c, &in); err != nil {
		return err
	}
	v, err := h.svc.Override(c.UserContext(), auth.From(c), param(c, "id"), in)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *Handler) replyToReview(c *fiber.Ctx) error {
	var in ReviewReply
	if err := httpkit.DecodeJSON(c, &in); err != nil {
		return err
	}
	v, err := h.svc.ReplyToReview(c.UserContext(), auth.From(c), param(c, "id"), in)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *Handler) learnerRecord(c *fiber.Ctx) error {
	rec, err := h.svc.LearnerRecord(c.UserContext(), auth.From(c), param(c, "slug"), param(c, "learner_id"))
	if err != nil {
		return err
	}
	return c.JSON(rec)
}

func (h *Handler) courseInsight(c *fiber.Ctx) error {
	v, err := h.svc.CourseInsight(c.UserContext(), auth.From(c), param(c, "slug"))
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *Handler) awaitingGrading(c *fiber.Ctx) error {
	after, limit, err := httpkit.PageRequest[AwaitingPos](c, defaultPageSize, maxPageSize)
	if err != nil {
		return err
	}
	list, err := h.svc.AwaitingGrading(c.UserContext(), auth.From(c), param(c, "slug"), after, limit)
	if err != nil {
		return err
	}
	page := httpkit.Page[AwaitingItem]{Items: list}
	if len(list) == limit {
		page.NextCursor = httpkit.EncodeCursor(list[len(list)-1].Pos())
	}
	return c.JSON(page)
}

func (h *Handler) manualGrade(c *fiber.Ctx) error {
	var in ManualGradeRequest
	if err := httpkit.DecodeJSON(c, &in); err != nil {
		return err
	}
	v, err := h.svc.ManualGrade(c.UserContext(), auth.From(c), param(c, "id"), param(c, "question_id"), in)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *Handler) gradebook(c *fiber.Ctx) error {
	switch c.Query("format") {
	case "", "json":
	case "csv":
		return h.gradebookCSV(c)
	default:
		return apperr.InvalidField("format", "must be json or csv")
	}
	f := GradebookFilter{Standing: c.Query("standing"), Cohort: c.Query("cohort"), Search: c.Query("q")}
	switch f.Standing {
	case "", StandingAwaiting, StandingPassed, StandingFailed, StandingInProgress:
	default:
		return apperr.InvalidField("standing", "must be one of %s, %s, %s and %s", StandingAwaiting, StandingPassed, StandingFailed, StandingInProgress)
	}
	after, limit, err := httpkit.PageRequest[EnrolmentPos](c, defaultPageSize, maxPageSize)
	if err != nil {
		return err
	}
	g, err := h.svc.Gradebook(c.UserContext(), auth.From(c), param(c, "slug"), f, after, limit)
	if err != nil {
		return err
	}
	if len(g.Rows) == limit {
		last := g.Rows[len(g.Rows)-1]
		g.NextCursor = httpkit.EncodeCursor(EnrolmentPos{At: last.EnrolledAt, ID: last.EnrolmentID})
	}
	return c.JSON(g)
}

func (h *Handler) gradebookCSV(c *fiber.Ctx) error {
	slug := param(c, "slug")
	var buf bytes.Buffer
	if err := h.svc.WriteGradebookCSV(c.UserContext(), auth.From(c), slug, &buf); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+slug+`-gradebook.csv"`)
	return c.Send(buf.Bytes())
}

func (h *Handler) reviewRequests(c *fiber.Ctx) error {
	after, limit, err := httpkit.PageRequest[string](c, defaultPageSize, maxPageSize)
	if err != nil {
		return err
	}
	list, err := h.svc.OpenReviews(c.UserContext(), auth.From(c), param(c, "slug"), after, limit)
	if err != nil {
		return err
	}
	page := httpkit.Page[ReviewItem]{Items: list}
	if len(list) == limit {
		page.NextCursor = httpkit.EncodeCursor(list[len(list)-1].ID)
	}
	return c.JSON(page)
}
