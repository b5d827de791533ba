package main

import (
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"time"
)

// Config is the platform's configuration, read from flags and ACADEMY_*
// variables. Empty service URLs select the embedded stand-ins.
type Config struct {
	Addr             string        `help:"HTTP listen address." default:"127.0.0.1:8080" env:"ACADEMY_ADDR"`
	DataDir          string        `help:"Data directory for the embedded database and search index." default:"./data" env:"ACADEMY_DATA_DIR" type:"path"`
	PublicURL        string        `help:"Public base URL used in links (emails, credentials); defaults to http://<addr>." env:"ACADEMY_PUBLIC_URL"`
	MongoURI         string        `help:"MongoDB URI; empty runs the embedded FerretDB database in the data directory." env:"ACADEMY_MONGODB_URI"`
	MongoDatabase    string        `help:"MongoDB database name." default:"academy" env:"ACADEMY_MONGODB_DATABASE"`
	RedisURL         string        `help:"Redis URL for the job queue (redis://[:password@]host:port/db); empty runs an in-process queue." env:"ACADEMY_REDIS_URL"`
	MeiliURL         string        `help:"Meilisearch URL; empty uses the embedded Bleve index in the data directory." env:"ACADEMY_MEILI_URL"`
	MeiliKey         string        `help:"Meilisearch API key." env:"ACADEMY_MEILI_KEY"`
	MeiliIndexPrefix string        `help:"Prefix of the Meilisearch index names, to share a server between deployments." env:"ACADEMY_MEILI_INDEX_PREFIX"`
	TokenIssuer      string        `help:"Issuer (iss) of access tokens; defaults to the public URL." env:"ACADEMY_TOKEN_ISSUER"`
	TokenTTL         time.Duration `help:"Lifetime of access tokens." default:"15m" env:"ACADEMY_TOKEN_TTL"`
	Concurrency      int           `help:"Background tasks processed at once by this process." default:"8" env:"ACADEMY_WORKER_CONCURRENCY"`
	BodyLimit        int           `help:"Largest accepted request body in bytes." default:"1048576" env:"ACADEMY_BODY_LIMIT"`
	TrustedProxies   []string      `help:"Reverse proxies (addresses or CIDR ranges) trusted to name the client in X-Forwarded-For; used for per-IP login throttling." env:"ACADEMY_TRUSTED_PROXIES" sep:","`
	SMTPURL          string        `help:"SMTP server that sends mail: smtp://[user:password@]host[:port]?from=address (STARTTLS), smtps://… (TLS), or …&tls=none for a local relay; empty keeps mail in the outbox." env:"ACADEMY_SMTP_URL"`
	DevMailLog       bool          `help:"Write mails, secret links included, to the log instead of sending them: for development only." env:"ACADEMY_DEV_MAIL_LOG"`
	LogLevel         string        `help:"Log level: debug, info, warn, error." default:"info" enum:"debug,info,warn,error" env:"ACADEMY_LOG_LEVEL"`
	LogFormat        string        `help:"Log format: text or json." default:"text" enum:"text,json" env:"ACADEMY_LOG_FORMAT"`
}

// publicURL is the base URL for links, without a trailing slash.
func (c *Config) publicURL() string {
	if c.PublicURL != "" {
		return strings.TrimRight(c.PublicURL, "/")
	}
	return "http://" + c.Addr
}

// https reports whether users reach the platform over https, so cookies
// and HSTS may require it.
func (c *Config) https() bool {
	return strings.HasPrefix(c.publicURL(), "https://")
}

func (c *Config) issuer() string {
	if c.TokenIssuer != "" {
		return c.TokenIssuer
	}
	return c.publicURL()
}

// logger builds the process logger.
func (c *Config) logger() *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}

// requireExternal refuses to run a split process on the embedded stand-ins,
// which live inside one process and cannot be shared.
func (c *Config) requireExternal(cmd string) error {
	var missing []string
	if c.MongoURI == "" {
		missing = append(missing, "ACADEMY_MONGODB_URI")
	}
	if c.RedisURL == "" {
		missing = append(missing, "ACADEMY_REDIS_URL")
	}
	if len(missing) > 0 {
		return fmt.Errorf("`academy %s` runs beside other processes and needs %s; use `academy run` for the embedded one-process platform", cmd, strings.Join(missing, " and "))
	}
	return nil
}

// redacted returns a URL with its password masked, for logs.
func redacted(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}
