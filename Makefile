# wecomdev — `make run` builds and opens the app; `make test` runs every test.
# Both install whatever is missing first (scripts/setup.sh).

SHELL        := /bin/bash
.SHELLFLAGS  := -eu -o pipefail -c
SETUP        ?= scripts/setup.sh
# What set-up installs is looked at only when a recipe runs, after its `setup` prerequisite:
# these are `=` (expanded in the recipe), never `:=` (expanded when make reads this file, before
# set-up has installed the Wails CLI, WebKitGTK 4.1 or even Go on a fresh machine).
# scripts/test-scripts.sh checks it.
# (subst: forward slashes, so a Windows GOPATH such as C:\Users\me\go works in Git Bash's bash.)
WAILS         = $(subst \,/,$(shell go env GOPATH 2>/dev/null))/bin/wails
# WebKitGTK 4.1 when present (Debian 12+, Ubuntu 22.04+), else 4.0.
TAGS          = $(shell pkg-config --exists webkit2gtk-4.1 2>/dev/null && echo webkit2_41)
VERSION      := $(shell git describe --tags --always --dirty 2>/dev/null || echo 0.0.0-dev)
COMMIT       := $(shell git rev-parse --short=12 HEAD 2>/dev/null)
BUILD_DATE   := $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
LDFLAGS      := -X wecomdev/internal/buildinfo.Version=$(VERSION) \
                -X wecomdev/internal/buildinfo.Commit=$(COMMIT) \
                -X wecomdev/internal/buildinfo.BuildDate=$(BUILD_DATE)
BIN          := build/bin/wecomdev
ARTIFACTS    := test-artifacts
# -m: no `go mod tidy` on every build (it reaches the module proxy for the test-only modules of
# dependencies too; `make vet` checks that go.mod and go.sum are tidy). -s: the frontend is
# built by the `frontend` target below.
WAILS_FLAGS   = -m -nosyncgomod $(if $(TAGS),-tags $(TAGS))

.PHONY: run test build setup setup-test frontend test-go test-frontend typecheck vet bench \
        e2e e2e-window e2e-ui e2e-phone bindings check-bindings test-scripts test-fresh clean

run: build
	./$(BIN)

build: setup frontend
	scripts/hide-harmless.sh $(WAILS) build $(WAILS_FLAGS) -s -trimpath -ldflags "$(LDFLAGS)"
	@ls -l $(BIN)

setup:
	@$(SETUP)

setup-test:
	@$(SETUP) --test

frontend:
	cd frontend && npm run build

# Every test: Go (race detector), the frontend's types and unit tests, then the end-to-end
# checks against the real binary and the real UI.
test: setup-test
	$(MAKE) --no-print-directory vet test-scripts test-go typecheck test-frontend check-bindings build e2e
	@echo "make test: all checks passed"

vet: frontend
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './frontend/*'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	go vet ./...
	@go mod tidy -diff >/dev/null || { go mod tidy -diff || true; echo "go.mod / go.sum are not tidy: run 'go mod tidy' and commit"; exit 1; }

# On Linux the Go tests run inside a throwaway desktop so the real-keychain tests
# (internal/secrets/systemtest) run against gnome-keyring, and must.
test-go: frontend
ifeq ($(shell uname -s),Linux)
	scripts/hide-harmless.sh scripts/with-desktop.sh env WECOMDEV_REQUIRE_KEYCHAIN=1 WECOMDEV_REQUIRE_SSHD=1 go test -race -count=1 ./...
else
	go test -race -count=1 ./...
endif

# Start-up time of the production binary under Xvfb: process start to the first drawn
# frame of the UI, median of 5 runs, with the app's own timeline (scripts/startup-time.sh).
# Not part of `make test`.
.PHONY: startup
startup:
	scripts/startup-time.sh $(BIN)

# Benchmarks, each beside its baseline in the same run, then the load test of the signing
# endpoint against a bare Go and a Node.js signer (see scripts/bench.sh). The bench builds the
# binary with go build, which embeds frontend/dist: built first when missing.
bench:
	@$(SETUP) --bench
	@test -f frontend/dist/index.html || $(MAKE) --no-print-directory frontend
	scripts/bench.sh

typecheck:
	cd frontend && npm run typecheck

test-frontend:
	cd frontend && npm test

# The generated bindings are committed (the frontend type-checks against them); this fails
# when a Go service changed and they were not regenerated with `make bindings`.
bindings: setup
	scripts/hide-harmless.sh $(WAILS) generate module $(if $(TAGS),-tags $(TAGS))

check-bindings: setup frontend
	@scripts/hide-harmless.sh $(WAILS) generate module $(if $(TAGS),-tags $(TAGS))
	@if command -v git >/dev/null && git rev-parse --git-dir >/dev/null 2>&1; then \
		git -c core.fileMode=false diff --exit-code --stat -- frontend/wailsjs || { echo "frontend/wailsjs is stale: run 'make bindings' and commit"; exit 1; }; \
	fi

e2e: e2e-window e2e-ui e2e-phone

# The production binary in a real window under Xvfb, with a D-Bus session and an unlocked
# gnome-keyring: waits for the window, screenshots it, checks it is not blank, closes it.
# Then a ticket running out in the window: Tickets' time left turns amber, then red
# (scripts/e2e-ticket-ttl.sh, about a minute).
e2e-window: setup-test
	scripts/hide-harmless.sh scripts/e2e-window.sh $(BIN) $(ARTIFACTS)
	scripts/hide-harmless.sh scripts/e2e-ticket-ttl.sh $(BIN) $(ARTIFACTS)

# The real UI driven in Chromium (playwright-core) against `wails dev`, whose Go backend
# answers the bindings: navigate, switch language and theme, reload, check they persisted.
e2e-ui: setup-test
	WAILS="$(WAILS)" WAILS_FLAGS="$(WAILS_FLAGS)" scripts/hide-harmless.sh scripts/e2e-ui.sh $(ARTIFACTS)

# The production binary's dev server in headless Chromium (no display): the phone-side test
# page under the WeCom client emulator, checked against the server's --json stream; then
# proxy mode in front of a real Vite dev server and of one that answers gzip.
e2e-phone: setup-test
	WECOMDEV_BIN=$(BIN) scripts/hide-harmless.sh scripts/e2e-phone.sh $(ARTIFACTS)

# Checks of this Makefile and the e2e scripts with fake tools (seconds): what depends on set-up
# is decided after set-up; the UI e2e waits on progress.
test-scripts:
	scripts/test-scripts.sh

# The README's first commands on a fresh minimal Debian 12 (debootstrap + chroot; root, network
# to the package registries; not part of `make test`). TEST=1 also runs `make test` in there.
test-fresh:
	scripts/test-fresh.sh

# Releases (README, "Releases"): every artifact this machine can make, under dist/ with
# SHA256SUMS. dist-macos runs only on a Mac. Not part of `make test`; `make test-dist` checks
# the artifacts (the .deb in a clean Debian 12, the Windows CLI under Wine).
DIST         := dist
DIST_ENV      = WAILS="$(WAILS)" LDFLAGS="$(LDFLAGS)" VERSION="$(VERSION)" DIST="$(DIST)"
.PHONY: dist dist-windows dist-linux dist-macos dist-sums test-dist
# One after the other, also under make -j (the Windows build leaves a resource file,
# wecomdev-res.syso, in the top folder while it runs, which a Linux build would link), with
# one version and build date for all (a sub-make would take its own), and the frontend
# built once (by the first step).
DIST_NATIVE   = $(if $(filter Darwin,$(shell uname -s)),dist-macos,dist-linux)
dist:
	@$(MAKE) --no-print-directory $(DIST_NATIVE) VERSION="$(VERSION)" COMMIT="$(COMMIT)" BUILD_DATE="$(BUILD_DATE)"
	$(DIST_ENV) scripts/dist/windows.sh
	$(DIST_ENV) scripts/dist/sums.sh

dist-windows: setup frontend
	$(DIST_ENV) scripts/dist/windows.sh

dist-linux: build
	$(DIST_ENV) BIN="$(BIN)" scripts/dist/linux.sh

dist-macos: setup frontend
	$(DIST_ENV) scripts/dist/macos.sh

dist-sums:
	$(DIST_ENV) scripts/dist/sums.sh

test-dist: dist
	$(DIST_ENV) scripts/dist/test-dist.sh

clean:
	rm -rf build/bin frontend/dist $(ARTIFACTS) $(DIST)
