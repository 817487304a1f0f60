# The two commands a newcomer needs: `make run` and `make test` (each sets everything up first).
.PHONY: run test e2e bootstrap bench screenshots

run:
	./scripts/bootstrap.sh
	.venv/bin/apcs run

test:
	./scripts/bootstrap.sh --test
	.venv/bin/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

bootstrap:
	./scripts/bootstrap.sh --test

bench:
	./scripts/bootstrap.sh
	for f in bench/*.py; do echo "== $$f"; .venv/bin/python $$f || exit 1; done

# Refresh the README's screenshots (a plain test run keeps them in the ignored test-results/).
screenshots:
	APCS_SCREENSHOTS=docs/screenshots .venv/bin/python -m pytest -m e2e tests/e2e -p no:cacheprovider

# Only the browser tests (Playwright + Debian Chromium against `apcs run`); `make test` runs them too.
e2e:
	./scripts/bootstrap.sh --test
	.venv/bin/python -m pytest -m e2e tests/e2e $(PYTEST_ARGS)
