package credentials

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"sync"
	"syscall"
	"time"
)

// Bounds on what verifying another issuer's credential fetches: a key
// document is a few kilobytes; the issuer has seconds to answer.
const (
	maxKeyDocLen     = 64 << 10
	foreignTimeout   = 5 * time.Second
	foreignCacheTTL  = 5 * time.Minute
	maxRedirects     = 3
	maxCachedEntries = 1024
)

// FetcherOptions configure a Fetcher.
type FetcherOptions struct {
	// AllowLoopback lets it fetch from loopback and private addresses,
	// and over plain http from loopback ones: for tests and local issuers.
	AllowLoopback bool
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// Fetcher fetches the keys and status lists other issuers publish, to
// verify their credentials: over https, within a timeout and a size cap,
// following redirects only on the same host, never to a private or
// loopback address unless allowed. What it fetched is kept for five
// minutes, as status lists tell verifiers they may.
type Fetcher struct {
	client        *http.Client
	allowLoopback bool
	now           func() time.Time
	mu            sync.Mutex
	cache         map[string]fetched
}

type fetched struct {
	body []byte
	at   time.Time
}

// NewFetcher returns a Fetcher.
func NewFetcher(o FetcherOptions) *Fetcher {
	f := &Fetcher{allowLoopback: o.AllowLoopback, now: o.Now, cache: map[string]fetched{}}
	if f.now == nil {
		f.now = time.Now
	}
	dialer := &net.Dialer{Timeout: foreignTimeout, Control: f.checkAddress}
	f.client = &http.Client{
		Timeout: foreignTimeout,
		Transport: &http.Transport{
			DialContext:           dialer.DialContext,
			TLSHandshakeTimeout:   foreignTimeout,
			ResponseHeaderTimeout: foreignTimeout,
			MaxIdleConnsPerHost:   4,
		},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return errors.New("too many redirects")
			}
			if req.URL.Host != via[0].URL.Host || req.URL.Scheme != via[0].URL.Scheme {
				return fmt.Errorf("redirected to another host, %s", req.URL.Host)
			}
			return nil
		},
	}
	return f
}

// checkAddress refuses to connect to an address that is not public, as it
// connects: a name that resolves to one cannot slip past.
func (f *Fetcher) checkAddress(_, address string, _ syscall.RawConn) error {
	if f.allowLoopback {
		return nil
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return err
	}
	if !public(ap.Addr()) {
		return fmt.Errorf("%w: %s is not a public address", errRefusedAddress, ap.Addr())
	}
	return nil
}

// nonPublic are the special-purpose ranges that reach no issuer on the
// internet, or reach something that is not one: shared (carrier-grade NAT)
// space, protocol assignments, benchmarking, documentation, "this network"
// and the reserved class E.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("2001:db8::/32"),
}

// IPv6 ranges that carry an IPv4 address, which a gateway may forward to:
// NAT64 keeps it in the last four bytes, 6to4 in the two after its prefix.
var (
	nat64  = netip.MustParsePrefix("64:ff9b::/96")
	sixTo4 = netip.MustParsePrefix("2002::/16")
)

// public reports whether a is an address an issuer on the internet may
// have; an IPv6 address that carries an IPv4 one is judged by that one.
func public(a netip.Addr) bool {
	a = a.Unmap()
	if a.Is6() && (nat64.Contains(a) || sixTo4.Contains(a)) {
		b := a.As16()
		at := 12
		if sixTo4.Contains(a) {
			at = 2
		}
		a = netip.AddrFrom4([4]byte(b[at : at+4]))
	}
	if !a.IsGlobalUnicast() || a.IsPrivate() || a.IsLoopback() || a.IsLinkLocalUnicast() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

type freshKey struct{}

// Fresh returns a context in which a Fetcher fetches again what it keeps:
// for the checks that must see an issuer's latest status lists.
func Fresh(ctx context.Context) context.Context { return context.WithValue(ctx, freshKey{}, true) }

var errRefusedAddress = errors.New("the address is refused")

// get fetches a URL's body of at most max bytes, from the cache when it is fresh.
func (f *Fetcher) get(ctx context.Context, rawURL string, max int) ([]byte, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return nil, &verdictError{verdict: VerdictMalformed, err: fmt.Errorf("%q is not a URL", rawURL)}
	}
	u.Fragment = ""
	if addr, err := netip.ParseAddr(u.Hostname()); err == nil && !f.allowLoopback && !public(addr) {
		return nil, unreachable("%s: %s is not a public address", rawURL, addr)
	}
	// Local test issuers have no certificate.
	if u.Scheme != "https" && (u.Scheme != "http" || !f.allowLoopback || !isLoopbackHost(u.Hostname())) {
		return nil, unreachable("%s is not an https URL", rawURL)
	}
	key := u.String()
	now := f.now()
	f.mu.Lock()
	c, ok := f.cache[key]
	f.mu.Unlock()
	if ok && now.Sub(c.at) < foreignCacheTTL && !now.Before(c.at) && ctx.Value(freshKey{}) == nil {
		return c.body, nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, key, nil)
	if err != nil {
		return nil, unreachable("%v", err)
	}
	req.Header.Set("Accept", "application/did+json, application/jwk-set+json, application/vc+jwt, application/json;q=0.5, */*;q=0.1")
	res, err := f.client.Do(req)
	if err != nil {
		if errors.Is(err, errRefusedAddress) {
			return nil, unreachable("%s resolves to an address that is not public", u.Host)
		}
		return nil, unreachable("%s could not be fetched: %v", key, err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, unreachable("%s answered %s", key, res.Status)
	}
	if res.ContentLength > int64(max) {
		return nil, tooLarge(key, max)
	}
	body, err := io.ReadAll(io.LimitReader(res.Body, int64(max)+1))
	if err != nil {
		return nil, unreachable("%s could not be read: %v", key, err)
	}
	if len(body) > max {
		return nil, tooLarge(key, max)
	}
	f.mu.Lock()
	if len(f.cache) >= maxCachedEntries {
		clear(f.cache)
	}
	f.cache[key] = fetched{body: body, at: now}
	f.mu.Unlock()
	return body, nil
}

func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.IsLoopback()
}

func unreachable(format string, args ...any) error {
	return &verdictError{verdict: VerdictIssuerUnreachable, err: fmt.Errorf(format, args...)}
}

func tooLarge(url string, max int) error {
	return &verdictError{verdict: VerdictTooLarge, err: fmt.Errorf("%s is larger than %d bytes", url, max)}
}
