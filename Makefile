# The Back Blog's task runner. `make serve` and `make test` are all a newcomer needs:
# each first makes (or repairs) the Python environment in .venv from the
# hash-locked requirement files (tools/make_venv.py says when it rebuilds).
#
#   the site set (requirements/site.txt): build, serve, deploy. `make serve`, `make build`.
#   the development set (requirements/dev.txt): the site set plus tests, browser,
#     linters, type checker, link checker. `make test`, `make lint`.
#
# Another Python:  make serve PYTHON=python3.12     (3.11 or newer)
# Another address: make serve ADDR=127.0.0.1:8123   (default 127.0.0.1:8000)

PYTHON ?= python3
ADDR   ?= 127.0.0.1:8000
VENV   := .venv
BIN    := $(VENV)/bin
SITE_SET := requirements/site.txt
DEV_SET  := requirements/dev.txt
ENV_FOR  := $(PYTHON) tools/make_venv.py $(VENV)

# Material prints an end-of-life banner about MkDocs 2 on every build; we pin 1.6.1.
export NO_MKDOCS_2_WARNING := 1

# --- Checks made before anything is created, each one line and a non-zero exit ---

GOALS := $(or $(MAKECMDGOALS),setup)

ifneq ($(filter-out clean,$(GOALS)),)
# Written for any Python, even 2.7, so that an old one can say what it is.
PYTHON_FOUND := $(shell $(PYTHON) -c 'import sys; v = sys.version_info; sys.stdout.write("ok" if v >= (3, 11) else "Python %d.%d.%d at %s" % (v[0], v[1], v[2], sys.executable))' 2>/dev/null)
ifeq ($(PYTHON_FOUND),)
$(error No Python found as '$(PYTHON)'; the Back Blog needs Python 3.11 or newer (Debian: apt-get install python3 python3-venv). Point make at one: make serve PYTHON=python3.12)
else ifneq ($(PYTHON_FOUND),ok)
$(error Found $(PYTHON_FOUND); the Back Blog needs Python 3.11 or newer. Point make at another: make serve PYTHON=python3.12)
endif
endif

ifneq ($(filter serve,$(GOALS)),)
ADDR_PROBLEM := $(shell $(PYTHON) tools/preflight.py address '$(ADDR)')
ifneq ($(ADDR_PROBLEM),)
$(error $(ADDR_PROBLEM))
endif
endif

# A build for publishing carries its address in every canonical link, feed, JSON-LD
# block and citation tag: it is never taken silently from the preview default.
ifneq ($(filter build,$(GOALS)),)
ifeq ($(strip $(SITE_URL)),)
$(error make build needs the address the site is published at: make build SITE_URL=https://example.org/back-blog/ (for a local look at site/: SITE_URL=http://127.0.0.1:8000/))
endif
export SITE_URL
endif

# Reproducible builds: the dates a build writes (sitemap, feeds, the sitemap's gzip
# header) are the last commit's, so one commit builds to the same bytes every time.
# Outside git (an exported tree): the newest modification time of the sources.
ifneq ($(filter-out clean lock,$(GOALS)),)
ifeq ($(origin SOURCE_DATE_EPOCH),undefined)
SOURCE_DATE_EPOCH := $(shell $(PYTHON) tools/preflight.py source-date-epoch)
endif
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif
endif

.PHONY: setup setup-dev serve build test lint fuzz new-post bench lock clean

# The outside validators the tests run (axe-core, vnu-jar, the JSON Feed schema)
# and the minifiers of docs/assets, at the versions of package-lock.json. npm's
# install scripts are not run: they would download Java and a browser, which
# come from Debian (.ci/run installs nodejs, npm, Java and biber).
NODE_READY := node_modules/.package-lock.json
$(NODE_READY): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund

setup:  ## The site set in .venv (what serve and build need)
	@$(ENV_FOR) $(SITE_SET)

setup-dev:  ## Both sets in .venv (what test and lint need)
	@$(ENV_FOR) $(SITE_SET) $(DEV_SET)

serve: setup  ## Preview at http://$(ADDR)/ with live reload; holds the terminal (Ctrl-C stops it)
	$(BIN)/python tools/serve.py --dev-addr $(ADDR)

build: setup  ## The static site in site/ for SITE_URL, strict: any warning fails
	$(BIN)/mkdocs build --strict

test: setup-dev $(NODE_READY)  ## Every test: style, citations, the real site, the set-up, the validators
	$(BIN)/python -m pytest

lint: setup-dev  ## Bibliography and posts checked without a build; code style and types
	$(BIN)/python tools/check_content.py
	$(BIN)/ruff check hooks tests tools bench
	$(BIN)/mypy hooks

# The fuzz tests run ~200 examples each inside `make test`; here 20,000 each (minutes).
FUZZ_EXAMPLES ?= 20000
fuzz: setup-dev  ## The fuzz tests, long: citation syntax, bibliography, front matter, post files
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q -k fuzz tests/test_fuzzing.py tests/test_front_matter.py tests/test_post_files.py

new-post: setup  ## Start a post dated today: make new-post TITLE="Your title"
	$(BIN)/python tools/new_post.py $(if $(TITLE),"$(TITLE)")

bench: setup-dev  ## Build speed at scale: a synthetic corpus built three ways (bench/RESULTS.md)
	$(BIN)/python bench/run.py

# Re-compile the lock files from requirements/*.in with uv, in a throwaway
# environment. Pins already in the lock files are kept (UPGRADE=1: the newest
# versions the .in files allow). Compiled for Python 3.11.2, the lowest supported,
# on Linux; check the others with `make test PYTHON=python3.13`.
UV_VERSION := 0.13.9
LOCK_FLAGS := --quiet --generate-hashes --python-version 3.11.2 --python-platform linux \
  --custom-compile-command 'make lock' $(if $(UPGRADE),--upgrade)
lock:  ## Re-compile requirements/site.txt and dev.txt (hashes) from the .in files
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PYTHON) -m venv "$$tmp/env" && \
	"$$tmp/env/bin/python" -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION) && \
	"$$tmp/env/bin/uv" pip compile $(LOCK_FLAGS) requirements/site.in -o $(SITE_SET) && \
	"$$tmp/env/bin/uv" pip compile $(LOCK_FLAGS) requirements/dev.in -o $(DEV_SET) && \
	echo "make lock: wrote $(SITE_SET) and $(DEV_SET); now run make test"

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
