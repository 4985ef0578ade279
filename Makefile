# Conclave: `make run` serves the demo, `make test` runs the tests.
PYTHON ?= $(shell for p in python3.13 python3.12 python3 $(wildcard $(HOME)/.pyenv/versions/3.1[2-9]*/bin/python3); do command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && echo $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test install messages lint bench worker clean

$(BIN)/.installed: requirements.txt
	@test -n "$(PYTHON)" || { echo "Conclave needs Python 3.12 or newer (python3.12 not found)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

# Compiled catalogues (.mo) are built, not committed. compilemessages runs msgfmt --check-format:
# a translation with a broken placeholder stops here, not at run time.
messages: $(BIN)/.installed
	@if command -v msgfmt >/dev/null; then \
		$(BIN)/python manage.py compilemessages -i .venv -i node_modules -v 0; \
	else \
		echo "gettext not found: catalogues compiled with polib, without the format check (apt-get install gettext)"; \
		$(BIN)/python -c 'import pathlib, polib; [polib.pofile(str(p)).save_as_mofile(str(p.with_suffix(".mo"))) for p in pathlib.Path("locale").glob("*/LC_MESSAGES/*.po")]'; \
	fi

install: $(BIN)/.installed messages

# Links in mails and feeds point at the address runserver serves on, unless SITE_URL says otherwise.
RUN_ENV = DEBUG=1 SITE_URL=$${SITE_URL:-http://$(HOST)}

run: install
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py seed_demo
	$(RUN_ENV) $(BIN)/python manage.py db_worker --no-reload & WORKER=$$!; trap "kill $$WORKER" EXIT INT TERM; \
		$(RUN_ENV) $(BIN)/python manage.py runserver $(HOST)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

worker: install
	$(BIN)/python manage.py db_worker --no-reload

lint: install
	$(BIN)/ruff check .

bench: install
	$(BIN)/python bench/pages.py

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles locale/*/LC_MESSAGES/*.mo
