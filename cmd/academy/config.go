package main

import (
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/url"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"academy/services/competitions"
	"academy/services/identity"
	"academy/services/kit/keyring"
)

// Config is the platform's configuration, read from flags and ACADEMY_*
// variables. Empty service URLs select the embedded stand-ins.
type Config struct {
	Addr              string        `help:"HTTP listen address." default:"127.0.0.1:8080" env:"ACADEMY_ADDR"`
	DataDir           string        `help:"Data directory for the embedded database and search index." default:"./data" env:"ACADEMY_DATA_DIR" type:"path"`
	PublicURL         string        `help:"Public base URL used in links (emails, credentials); defaults to http://<addr>." env:"ACADEMY_PUBLIC_URL"`
	MongoURI          string        `help:"MongoDB URI; empty runs the embedded FerretDB database in the data directory." env:"ACADEMY_MONGODB_URI"`
	MongoDatabase     string        `help:"MongoDB database name." default:"academy" env:"ACADEMY_MONGODB_DATABASE"`
	RedisURL          string        `help:"Redis URL for the job queue (redis://[:password@]host:port/db); empty runs an in-process queue." env:"ACADEMY_REDIS_URL"`
	MeiliURL          string        `help:"Meilisearch URL; empty uses the embedded Bleve index in the data directory." env:"ACADEMY_MEILI_URL"`
	MeiliKey          string        `help:"Meilisearch API key." env:"ACADEMY_MEILI_KEY"`
	MeiliIndexPrefix  string        `help:"Prefix of the Meilisearch index names, to share a server between deployments." env:"ACADEMY_MEILI_INDEX_PREFIX"`
	TokenIssuer       string        `help:"Issuer (iss) of access tokens; defaults to the public URL." env:"ACADEMY_TOKEN_ISSUER"`
	TokenTTL          time.Duration `help:"Lifetime of access tokens." default:"15m" env:"ACADEMY_TOKEN_TTL"`
	KeyEncryptionKey  string        `help:"32 random bytes, base64 (openssl rand -base64 32), that seal the private signing keys in the database and sign download links; empty stores the keys unsealed and gives each process its own download link key." env:"ACADEMY_KEY_ENCRYPTION_KEY"`
	Concurrency       int           `help:"Background tasks processed at once by this process." default:"8" env:"ACADEMY_WORKER_CONCURRENCY"`
	BodyLimit         int           `help:"Largest accepted request body in bytes." default:"1048576" env:"ACADEMY_BODY_LIMIT"`
	PasswordHashes    int           `help:"Password hashes (argon2id, 19 MiB each) computed at once; 0 sizes it from the CPUs and the memory available." default:"0" env:"ACADEMY_PASSWORD_HASHES"`
	TrustedProxies    []string      `help:"Reverse proxies (addresses or CIDR ranges) trusted to name the client in X-Forwarded-For; used for per-IP login throttling." env:"ACADEMY_TRUSTED_PROXIES" sep:","`
	ReadHeaderTimeout time.Duration `help:"Time a client has to send a request's headers." default:"10s" env:"ACADEMY_READ_HEADER_TIMEOUT"`
	ReadTimeout       time.Duration `help:"Time a client has to send a whole request, body included." default:"60s" env:"ACADEMY_READ_TIMEOUT"`
	WriteTimeout      time.Duration `help:"Time a response may take to be written to the client." default:"60s" env:"ACADEMY_WRITE_TIMEOUT"`
	IdleTimeout       time.Duration `help:"Time a kept-alive connection may wait for its next request." default:"60s" env:"ACADEMY_IDLE_TIMEOUT"`
	MaxConnections    int           `help:"Connections served at once; more are answered 503." default:"4096" env:"ACADEMY_MAX_CONNECTIONS"`
	AnonymousRate     int           `help:"API requests per minute allowed to each address without signing in (counted in Redis); 0 disables the limit." default:"300" env:"ACADEMY_ANONYMOUS_RATE_LIMIT"`
	RegisterRate      int           `help:"Accounts each address may ask to open per hour (counted in the database); answers past it are 429." default:"20" env:"ACADEMY_REGISTER_RATE_LIMIT"`
	MetricsAddr       string        `help:"Serve /metrics on this address only (e.g. an internal interface) instead of the HTTP address." env:"ACADEMY_METRICS_ADDR"`
	PprofAddr         string        `help:"Serve the runtime profiles (/debug/pprof/) on this address, e.g. 127.0.0.1:6060; off when empty." env:"ACADEMY_PPROF_ADDR"`
	MetricsToken      string        `help:"Bearer token /metrics requires on the HTTP address." env:"ACADEMY_METRICS_TOKEN"`
	SMTPURL           string        `help:"SMTP server that sends mail: smtp://[user:password@]host[:port]?from=address (STARTTLS), smtps://… (TLS), or …&tls=none for a local relay; empty keeps mail in the outbox." env:"ACADEMY_SMTP_URL"`
	DevMailLog        bool          `help:"Write mails, secret links included, to the log instead of sending them: for development only." env:"ACADEMY_DEV_MAIL_LOG"`
	ImportsLoopback   bool          `help:"Let credential imports fetch issuers' keys and status lists from loopback and private addresses, and over plain http from loopback: for tests and local issuers only." env:"ACADEMY_IMPORTS_ALLOW_LOOPBACK"`
	LogLevel          string        `help:"Log level: debug, info, warn, error." default:"info" enum:"debug,info,warn,error" env:"ACADEMY_LOG_LEVEL"`
	LogFormat         string        `help:"Log format: text or json." default:"text" enum:"text,json" env:"ACADEMY_LOG_FORMAT"`
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

// keyEncryptionVar names the key encryption key in every message about it.
const keyEncryptionVar = "ACADEMY_KEY_ENCRYPTION_KEY"

// keyEncryptionKey returns the decoded key encryption key, nil when none is set.
func (c *Config) keyEncryptionKey() ([]byte, error) {
	if c.KeyEncryptionKey == "" {
		return nil, nil
	}
	kek, err := base64.StdEncoding.DecodeString(strings.TrimSpace(c.KeyEncryptionKey))
	if err != nil {
		return nil, fmt.Errorf("%s is not base64; generate one with `openssl rand -base64 32`", keyEncryptionVar)
	}
	return kek, nil
}

// sealer returns what seals the private signing keys, or nil when no key
// encryption key is set.
func (c *Config) sealer() (*keyring.Sealer, error) {
	kek, err := c.keyEncryptionKey()
	if kek == nil || err != nil {
		return nil, err
	}
	s, err := keyring.NewSealer(kek)
	if err != nil {
		return nil, fmt.Errorf("%s: %w; generate one with `openssl rand -base64 32`", keyEncryptionVar, err)
	}
	return s, nil
}

// linkKey returns the key that signs competition download links, derived
// from the key encryption key so that every process accepts the links any
// of them made; nil without one, and each process then draws its own.
func (c *Config) linkKey() ([]byte, error) {
	kek, err := c.keyEncryptionKey()
	if kek == nil || err != nil {
		return nil, err
	}
	return hkdf.Key(sha256.New, kek, nil, "academy competition download links", competitions.LinkKeySize)
}

// keyringError names the key encryption key when it is what keeps the
// signing keys from loading.
func keyringError(err error) error {
	switch {
	case errors.Is(err, keyring.ErrSealed):
		return fmt.Errorf("%w: set %s to the key that sealed them", err, keyEncryptionVar)
	case errors.Is(err, keyring.ErrWrongKey):
		return fmt.Errorf("%w: %s is not the key that sealed them", err, keyEncryptionVar)
	}
	return err
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

// passwordHashes is how many password hashes may run at once: as configured,
// or one per CPU (more would only queue for the CPU while holding memory)
// within an eighth of the memory available.
func (c *Config) passwordHashes() int {
	if c.PasswordHashes > 0 {
		return c.PasswordHashes
	}
	n := runtime.GOMAXPROCS(0)
	if avail := availableMemory(); avail > 0 {
		n = min(n, int(avail/8/identity.PasswordHashMemory))
	}
	return max(n, 1)
}

// availableMemory returns the memory this process may still use, in bytes:
// the least of its Go memory limit, its cgroup's limit and the memory the
// kernel reports available; 0 when none is known.
func availableMemory() int64 {
	var avail int64
	least := func(n int64) {
		if n > 0 && (avail == 0 || n < avail) {
			avail = n
		}
	}
	if limit := debug.SetMemoryLimit(-1); limit < math.MaxInt64 {
		least(limit)
	}
	if b, err := os.ReadFile("/sys/fs/cgroup/memory.max"); err == nil {
		if n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil {
			least(n)
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for line := range strings.Lines(string(b)) {
			if kb, ok := strings.CutPrefix(line, "MemAvailable:"); ok {
				if n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(kb), " kB"), 10, 64); err == nil {
					least(n << 10)
				}
			}
		}
	}
	return avail
}
