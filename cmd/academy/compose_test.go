package main

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

type composeFile struct {
	Services map[string]struct {
		Image       string            `yaml:"image"`
		Build       any               `yaml:"build"`
		Command     []string          `yaml:"command"`
		Environment map[string]string `yaml:"environment"`
		DependsOn   map[string]any    `yaml:"depends_on"`
	} `yaml:"services"`
}

// configEnv lists the ACADEMY_* variables the binary reads.
func configEnv() map[string]bool {
	out := map[string]bool{}
	t := reflect.TypeOf(Config{})
	for i := 0; i < t.NumField(); i++ {
		if env := t.Field(i).Tag.Get("env"); env != "" {
			out[env] = true
		}
	}
	return out
}

func TestComposeDeclaresTheProductionShape(t *testing.T) {
	raw, err := os.ReadFile("../../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var c composeFile
	if err := yaml.Unmarshal(raw, &c); err != nil {
		t.Fatalf("docker-compose.yml does not parse: %v", err)
	}
	images := map[string]string{"mongodb": "mongo:7", "meilisearch": "getmeili/meilisearch:v1.21", "redis": "redis:7"}
	for svc, image := range images {
		if got := c.Services[svc].Image; got != image {
			t.Errorf("service %s image = %q, want %q", svc, got, image)
		}
	}
	redisCmd := strings.Join(c.Services["redis"].Command, " ")
	for _, want := range []string{"--appendonly yes", "--appendfsync everysec", "--maxmemory-policy noeviction"} {
		if !strings.Contains(redisCmd, want) {
			t.Errorf("redis command %q lacks %q", redisCmd, want)
		}
	}
	if c.Services["api"].Build == nil {
		t.Error("api is not built from the Dockerfile")
	}
	known := configEnv()
	for svc, cmd := range map[string]string{"api": "serve", "worker": "worker"} {
		s := c.Services[svc]
		if len(s.Command) != 1 || s.Command[0] != cmd {
			t.Errorf("service %s command = %v, want [%s]", svc, s.Command, cmd)
		}
		if s.Image != "academy:latest" {
			t.Errorf("service %s image = %q, want the academy image", svc, s.Image)
		}
		for _, need := range []string{"ACADEMY_MONGODB_URI", "ACADEMY_REDIS_URL", "ACADEMY_MEILI_URL", "ACADEMY_MEILI_KEY"} {
			if s.Environment[need] == "" {
				t.Errorf("service %s does not set %s", svc, need)
			}
		}
		for name := range s.Environment {
			if strings.HasPrefix(name, "ACADEMY_") && !known[name] {
				t.Errorf("service %s sets %s, which academy does not read", svc, name)
			}
		}
		for _, dep := range []string{"mongodb", "meilisearch", "redis"} {
			if svc == "api" && c.Services[svc].DependsOn[dep] == nil {
				t.Errorf("api does not wait for %s", dep)
			}
		}
	}
	if !strings.Contains(c.Services["api"].Environment["ACADEMY_MONGODB_URI"], "mongodb:27017") {
		t.Errorf("api MongoDB URI %q does not point at the mongodb service", c.Services["api"].Environment["ACADEMY_MONGODB_URI"])
	}
}

// TestDockerBuildContextLeavesOutLocalState checks that `docker build` sends
// neither the local data (signing keys), nor build output, nor host
// node_modules, which the web stage would copy over those `npm ci` installs.
func TestDockerBuildContextLeavesOutLocalState(t *testing.T) {
	raw, err := os.ReadFile("../../.dockerignore")
	if err != nil {
		t.Fatalf("no .dockerignore: docker build would send the whole tree: %v", err)
	}
	ignored := map[string]bool{}
	for _, line := range strings.Split(string(raw), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			ignored[strings.TrimSuffix(strings.TrimPrefix(line, "/"), "/")] = true
		}
		if strings.HasPrefix(line, "!") {
			t.Errorf(".dockerignore re-includes %s", line)
		}
	}
	for _, want := range []string{"**/node_modules", "data", "bin", "frontend/dist", ".git"} {
		if !ignored[want] {
			t.Errorf(".dockerignore does not leave out %s", want)
		}
	}
}
