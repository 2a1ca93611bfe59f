# The two commands a newcomer needs: `make run` and `make test`. Everything else is a helper.
.PHONY: help setup run test test-fast validate build train eval clean

help:
	@echo "make run    set up, build NLU data, train if needed, start the assistant on http://localhost:8000/"
	@echo "make test   set up and run the whole test suite (what CI runs)"
	@echo "make test-fast  unit and content tests only (seconds)"
	@echo "make validate   check the knowledge base (kokka kb validate)"
	@echo "make build      regenerate NLU data from knowledge/ (kokka kb build)"
	@echo "make train      train the model if its inputs changed (kokka train)"
	@echo "make eval       answer quality on the development set, against a running assistant"

setup:
	@bash scripts/setup.sh

run: setup
	@.venv/bin/kokka run

test: setup
	@bash scripts/test.sh

test-fast: setup
	@.venv/bin/python -m pytest tests/unit tests/content

validate: setup
	@.venv/bin/kokka kb validate

build: setup
	@.venv/bin/kokka kb build

train: setup
	@.venv/bin/kokka train

eval: setup
	@.venv/bin/kokka eval tests/eval/dev --url $${KOKKA_EVAL_URL:-http://localhost:8000} --json var/eval.json
	@.venv/bin/kokka eval --dialogues tests/eval/dialogues --url $${KOKKA_EVAL_URL:-http://localhost:8000} --json var/eval-dialogues.json

clean:
	rm -rf var models .pytest_cache .ruff_cache
