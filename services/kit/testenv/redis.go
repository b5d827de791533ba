package testenv

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

var (
	redisOnce sync.Once
	redisAddr string
	redisPass string
	redisErr  error
	redisDBs  = make(chan int, 16)
)

// Redis returns options for a real Redis database reserved for this test and
// flushed before use. It is one of the 16 databases of a redis-server started
// once per test binary (or of ACADEMY_TEST_REDIS_URL).
func Redis(tb testing.TB) *redis.Options {
	tb.Helper()
	redisOnce.Do(startRedis)
	if redisErr != nil {
		tb.Fatalf("start test Redis: %v (run `make test-deps` to install redis-server)", redisErr)
	}
	var db int
	select {
	case db = <-redisDBs:
	case <-time.After(2 * time.Minute):
		tb.Fatal("no free test Redis database: more than 16 tests hold one at once")
	}
	opt := &redis.Options{Addr: redisAddr, Password: redisPass, DB: db}
	c := redis.NewClient(opt)
	defer c.Close()
	if err := c.FlushDB(context.Background()).Err(); err != nil {
		tb.Fatalf("flush test Redis db %d: %v", db, err)
	}
	tb.Cleanup(func() { redisDBs <- db })
	return opt
}

// startRedis starts the shared redis-server, or reads ACADEMY_TEST_REDIS_URL.
func startRedis() {
	for i := 0; i < 16; i++ {
		redisDBs <- i
	}
	if url := os.Getenv("ACADEMY_TEST_REDIS_URL"); url != "" {
		opt, err := redis.ParseURL(url)
		if err != nil {
			redisErr = fmt.Errorf("ACADEMY_TEST_REDIS_URL: %w", err)
			return
		}
		redisAddr, redisPass = opt.Addr, opt.Password
		return
	}
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		redisErr = fmt.Errorf("redis-server not found on PATH")
		return
	}
	port, err := freePort()
	if err != nil {
		redisErr = err
		return
	}
	dir, err := os.MkdirTemp("", "academy-test-redis-")
	if err != nil {
		redisErr = err
		return
	}
	cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--databases", "16")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		redisErr = fmt.Errorf("start redis-server: %w", err)
		return
	}
	onStop(func() { _ = cmd.Process.Kill(); _ = cmd.Wait(); os.RemoveAll(dir) })
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "Ready to accept connections") {
				close(ready)
				break
			}
		}
		for sc.Scan() {
		}
	}()
	select {
	case <-ready:
		redisAddr = fmt.Sprintf("127.0.0.1:%d", port)
	case <-time.After(10 * time.Second):
		redisErr = fmt.Errorf("redis-server did not become ready on port %d", port)
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
