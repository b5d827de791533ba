# The two commands a new user needs are `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

GO        ?= go
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -s -w -X main.version=$(VERSION)
BIN       := bin/academy
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help run build web test test-deps test-go test-web test-e2e lint bench measure clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

run: build ## Build and run the whole platform embedded on http://127.0.0.1:8080
	$(BIN) run

build: web ## Build bin/academy with the web app and seed catalogue embedded
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/academy

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	npm ci --prefix frontend --no-audit --no-fund

web: frontend/node_modules/.package-lock.json ## Build the web app into frontend/dist
	npm run build --prefix frontend

e2e/node_modules/.package-lock.json: e2e/package-lock.json
	npm ci --prefix e2e --no-audit --no-fund

test-deps: frontend/node_modules/.package-lock.json e2e/node_modules/.package-lock.json ## Install what the tests need: redis-server, chromium, npm packages
	@command -v redis-server >/dev/null && command -v chromium >/dev/null || \
		{ $(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends redis-server chromium; }

test: test-deps web lint test-go test-web test-e2e ## Install test dependencies and run every test

lint: ## go vet and staticcheck
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

test-go: ## Go tests against real FerretDB, redis-server and Meilisearch
	$(GO) test -count=1 -timeout 20m ./...

test-web: ## Web app unit tests (translations complete, components)
	npm test --prefix frontend

test-e2e: build ## Browser journeys in Chromium against a real academy
	@if [ -f e2e/playwright.config.ts ]; then npm test --prefix e2e; else echo "no browser journeys yet"; fi

bench: ## Go benchmarks (token verification, login, graders)
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 2s ./services/...

measure: build ## Platform figures: cold start, idle memory (see scripts/measure.sh)
	scripts/measure.sh

clean: ## Remove build output (not data/)
	rm -rf bin frontend/dist
