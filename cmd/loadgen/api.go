package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"academy/services/grading"
)

// apiClient calls academy's HTTP API as the web app does.
type apiClient struct {
	base string
	http *http.Client
}

func newAPIClient(base string) *apiClient { return &apiClient{base: base, http: newHTTPClient()} }

// call sends a JSON request (body may be nil) and decodes a 2xx JSON answer into out (may be nil).
func (a *apiClient) call(ctx context.Context, method, path, token string, body, out any, header ...string) error {
	var reader io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("%s %s: encode body: %w", method, path, err)
		}
		reader = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+"/api/v1"+path, reader)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return doJSON(a.http, req, out)
}

// learner is a registered, signed-in account.
type learner struct {
	email string
	token string
}

// signUp registers a learner and signs them in: two password hashes on the server.
func (a *apiClient) signUp(ctx context.Context, email string) (learner, error) {
	const password = "correct horse battery staple 42"
	err := a.call(ctx, http.MethodPost, "/auth/register", "", map[string]string{
		"email": email, "password": password, "display_name": "Learner " + email,
	}, nil)
	if err != nil {
		return learner{}, err
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := a.call(ctx, http.MethodPost, "/auth/login", "", map[string]string{"email": email, "password": password}, &tok); err != nil {
		return learner{}, err
	}
	return learner{email: email, token: tok.AccessToken}, nil
}

// quiz is an assessment of a course, named as the attempts route wants it.
type quiz struct {
	course string // slug
	ref    string // module-id.item-id
	// attempts is how many attempts a learner has, 0 meaning no limit.
	attempts int
}

// quizzes lists the assessments of a published course.
func (a *apiClient) quizzes(ctx context.Context, slug string) ([]quiz, error) {
	var course struct {
		Modules []struct {
			ID    string
			Items []struct {
				ID                string
				Kind              string
				AssessmentSummary *struct {
					AttemptsAllowed int `json:"attempts_allowed"`
				} `json:"assessment_summary"`
			}
		}
	}
	if err := a.call(ctx, http.MethodGet, "/courses/"+slug, "", nil, &course); err != nil {
		return nil, err
	}
	var out []quiz
	for _, m := range course.Modules {
		for _, it := range m.Items {
			if it.Kind == "assessment" && it.AssessmentSummary != nil {
				out = append(out, quiz{course: slug, ref: m.ID + "." + it.ID, attempts: it.AssessmentSummary.AttemptsAllowed})
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("course %s has no assessment", slug)
	}
	return out, nil
}

// attempt is what the learning API answers about an attempt.
type attempt struct {
	ID          string     `json:"id"`
	Status      string     `json:"status"`
	SubmittedAt *time.Time `json:"submitted_at"`
	GradedAt    *time.Time `json:"graded_at"`
	Questions   []struct {
		Question grading.PublicQuestion `json:"question"`
	} `json:"questions"`
}

// graded reports whether the attempt has its result.
func (at attempt) graded() bool { return at.GradedAt != nil }

func (a *apiClient) enrol(ctx context.Context, l learner, slug string) error {
	return a.call(ctx, http.MethodPost, "/courses/"+slug+"/enrolment", l.token, nil, nil)
}

func (a *apiClient) startAttempt(ctx context.Context, l learner, q quiz) (attempt, error) {
	var at attempt
	err := a.call(ctx, http.MethodPost, "/assessments/"+q.course+"/"+q.ref+"/attempts", l.token, nil, &at)
	return at, err
}

func (a *apiClient) saveAnswer(ctx context.Context, l learner, attemptID, questionID string, answer json.RawMessage) error {
	return a.call(ctx, http.MethodPut, "/attempts/"+attemptID+"/answers/"+questionID, l.token, answer, nil)
}

func (a *apiClient) submit(ctx context.Context, l learner, attemptID string) (attempt, error) {
	var at attempt
	err := a.call(ctx, http.MethodPost, "/attempts/"+attemptID+"/submit", l.token, nil, &at, "Idempotency-Key", "submit-"+attemptID)
	return at, err
}

func (a *apiClient) attempt(ctx context.Context, l learner, attemptID string) (attempt, error) {
	var at attempt
	err := a.call(ctx, http.MethodGet, "/attempts/"+attemptID, l.token, nil, &at)
	return at, err
}

// waitForGrade asks for an attempt, the server holding the answer until it is graded or a while passes.
func (a *apiClient) waitForGrade(ctx context.Context, l learner, attemptID string) (attempt, error) {
	var at attempt
	err := a.call(ctx, http.MethodGet, "/attempts/"+attemptID+"?wait=grade", l.token, nil, &at)
	return at, err
}

// signUpMany registers and signs in n learners named prefix-i, at most
// parallel at a time, within maxTime.
func (a *apiClient) signUpMany(ctx context.Context, prefix string, n, parallel int, maxTime time.Duration) ([]learner, error) {
	ctx, cancel := context.WithTimeout(ctx, maxTime)
	defer cancel()
	out := make([]learner, n)
	err := forEach(ctx, n, parallel, func(ctx context.Context, i int) error {
		l, err := a.signUp(ctx, fmt.Sprintf("%s-%d@example.org", prefix, i))
		out[i] = l
		return err
	})
	return out, err
}

// forEach runs f for 0..n-1 with at most parallel calls at once and returns
// the first error, after which it starts no more calls.
func forEach(ctx context.Context, n, parallel int, f func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(parallel, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				if err := f(ctx, i); err != nil {
					cancel(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	return context.Cause(ctx)
}

// upload sends body as a raw request body of the content type and decodes a 2xx JSON answer into out (may be nil).
func (a *apiClient) upload(ctx context.Context, client *http.Client, method, path, token, contentType string, body io.Reader, size int64, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, a.base+"/api/v1"+path, body)
	if err != nil {
		return err
	}
	req.ContentLength = size
	req.Header.Set("Content-Type", contentType)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return doJSON(client, req, out)
}
