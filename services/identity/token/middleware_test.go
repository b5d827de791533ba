package token

import (
	"encoding/json"
	"io"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/golang-jwt/jwt/v5"

	"academy/services/kit/auth"
	"academy/services/kit/httpkit"
	"academy/services/kit/testenv"
)

func TestMiddleware(t *testing.T) {
	clk := newTestClock()
	k := newTestKeyring(t, testenv.DB(t), clk)
	app := httpkit.NewApp(httpkit.AppOptions{})
	app.Use(Middleware(k, nil))
	app.Get("/whoami", func(c *fiber.Ctx) error {
		p := auth.From(c)
		return c.JSON(fiber.Map{"user_id": p.UserID, "admin": p.Admin})
	})
	learner := issue(t, k, "learner-1", false)
	admin := issue(t, k, "admin-1", true)
	expired := signWith(t, jwt.SigningMethodEdDSA, k.keys.Signer().Private, k.keys.Signer().ID, func() accessClaims {
		c := validClaims(clk)
		c.IssuedAt.Time = clk.Now().Add(-time.Hour)
		c.ExpiresAt.Time = clk.Now().Add(-time.Minute)
		return c
	}())

	tests := []struct {
		name      string
		header    string
		wantUser  string
		wantAdmin bool
		wantCode  int
	}{
		{name: "no header is anonymous", wantCode: 200},
		{name: "bearer token", header: "Bearer " + learner, wantUser: "learner-1", wantCode: 200},
		{name: "lower-case scheme", header: "bearer " + learner, wantUser: "learner-1", wantCode: 200},
		{name: "upper-case scheme", header: "BEARER " + learner, wantUser: "learner-1", wantCode: 200},
		{name: "admin token", header: "Bearer " + admin, wantUser: "admin-1", wantAdmin: true, wantCode: 200},
		{name: "garbage token", header: "Bearer not-a-token", wantCode: 401},
		{name: "expired token", header: "Bearer " + expired, wantCode: 401},
		{name: "tampered token", header: "Bearer " + learner[:len(learner)-4] + "AAAA", wantCode: 401},
		{name: "scheme without token", header: "Bearer", wantCode: 401},
		{name: "basic credentials", header: "Basic dXNlcjpwYXNz", wantCode: 401},
		{name: "token without scheme", header: learner, wantCode: 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(fiber.MethodGet, "/whoami", nil)
			if tt.header != "" {
				req.Header.Set(fiber.HeaderAuthorization, tt.header)
			}
			resp, err := app.Test(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.wantCode {
				t.Fatalf("status %d, want %d; body %s", resp.StatusCode, tt.wantCode, body)
			}
			if tt.wantCode == 401 {
				assertInvalidTokenProblem(t, resp.Header.Get(fiber.HeaderContentType), resp.Header.Get(fiber.HeaderWWWAuthenticate), body)
				return
			}
			var who struct {
				UserID string `json:"user_id"`
				Admin  bool   `json:"admin"`
			}
			if err := json.Unmarshal(body, &who); err != nil {
				t.Fatalf("decode %s: %v", body, err)
			}
			if who.UserID != tt.wantUser || who.Admin != tt.wantAdmin {
				t.Errorf("handler saw %+v, want user %q admin %v", who, tt.wantUser, tt.wantAdmin)
			}
		})
	}
}

func assertInvalidTokenProblem(tb testing.TB, contentType, challenge string, body []byte) {
	tb.Helper()
	if contentType != "application/problem+json" {
		tb.Errorf("content type %q, want application/problem+json", contentType)
	}
	if challenge == "" {
		tb.Error("401 without a WWW-Authenticate challenge")
	}
	var p httpkit.Problem
	if err := json.Unmarshal(body, &p); err != nil {
		tb.Fatalf("decode problem %s: %v", body, err)
	}
	if p.Type != httpkit.ProblemTypePrefix+"invalid-token" || p.Status != 401 || p.Detail != invalidTokenMessage {
		tb.Errorf("problem %+v, want type invalid-token, status 401, detail %q", p, invalidTokenMessage)
	}
}
