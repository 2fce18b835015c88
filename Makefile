# The Back Blog's task runner. `make serve` and `make test` are all a newcomer needs:
# each creates the Python environment in .venv from requirements.txt first.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.installed

# Material prints an end-of-life banner about MkDocs 2 on every build; we pin 1.6.1.
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build test lint new-post clean bench

setup: $(READY)

# Re-install whenever the pinned requirements change.
$(READY): requirements.txt tools/make_venv.py
	$(PYTHON) tools/make_venv.py $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check --quiet --requirement requirements.txt
	touch $@

serve: setup  ## Preview at http://127.0.0.1:8000/ with live reload
	$(BIN)/mkdocs serve --livereload

build: setup  ## The static site in site/, strict: any warning fails
	$(BIN)/mkdocs build --strict

test: setup  ## Every test: style, citations, the real site
	$(BIN)/python -m pytest

lint: setup  ## Bibliography and posts checked without a build; code style and types
	$(BIN)/python tools/check_content.py
	$(BIN)/ruff check hooks tests tools
	$(BIN)/mypy hooks

new-post: setup  ## Start a post dated today: make new-post TITLE="Your title"
	$(BIN)/python tools/new_post.py $(if $(TITLE),"$(TITLE)")

bench: setup  ## Build speed at scale: a synthetic corpus built three ways (bench/RESULTS.md)
	$(BIN)/python bench/run.py

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
