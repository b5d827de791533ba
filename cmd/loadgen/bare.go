package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"
)

// BareCmd serves the body of a URL, fetched once, from a bare Fiber handler:
// the fastest any route answering those bytes could be on this machine.
type BareCmd struct {
	Addr  string `help:"Listen address, a loopback host and port." required:""`
	From  string `help:"URL whose body the handler sends, e.g. the course page of a running academy." required:""`
	Route string `help:"Route pattern the handler answers." default:"/api/v1/courses/:slug"`
}

// Run fetches the body and serves it until interrupted.
func (c BareCmd) Run(ctx context.Context) error {
	body, err := fetch(ctx, c.From)
	if err != nil {
		return err
	}
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get(c.Route, func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
		return c.Send(body)
	})
	go func() {
		<-ctx.Done()
		_ = app.ShutdownWithTimeout(5 * time.Second)
	}()
	fmt.Printf("bare handler on http://%s%s sending %d bytes\n", c.Addr, c.Route, len(body))
	return app.Listen(c.Addr)
}

func fetch(ctx context.Context, u string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch %s: status %d", u, resp.StatusCode)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", u, err)
	}
	return body, nil
}
