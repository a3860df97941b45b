# `make demo` opens the dashboard on a bundled dataset; `make test` runs every test.
.PHONY: demo test lint format clean

demo:
	scripts/demo.sh

test:
	scripts/test.sh

lint:
	scripts/setup.sh --test
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format:
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

clean:
	rm -rf build dist *.egg-info test-artifacts
