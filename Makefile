# login_ratelimit: `make demo` to see it work, `make test` to prove it, `make install` to use it.

PHP        ?= php
PHP_CONFIG ?= php-config
CARGO      ?= cargo
EXT_DIR     = $(shell $(PHP_CONFIG) --extension-dir 2>/dev/null)
INI_DIR     = $(shell $(PHP) -r 'echo PHP_CONFIG_FILE_SCAN_DIR;' 2>/dev/null)
PHP_VERSION = $(shell $(PHP) -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;' 2>/dev/null)
SO          = target/release/liblogin_ratelimit.so
# Load the freshly built extension, and nothing from the system's ini files that could clash.
PHP_RUN     = $(PHP) -n -d extension=$(CURDIR)/$(SO)
RUN_TESTS   = $(EXT_DIR)/build/run-tests.php
# PHPUnit under php -n: the shared extensions it needs (Debian builds them as modules), and posix
# for the forking test; PHP's error log discarded, as for the phpt suite.
PHPUNIT_PHP = $(PHP) -n $(foreach ext,dom mbstring xml xmlwriter tokenizer ctype posix,-d extension=$(ext)) -d error_log=/dev/null

.PHONY: all deps test-deps bench-deps demo-deps build demo demo-login test test-rust test-php test-typo3 test-valgrind bench lint install uninstall clean

all: build

deps:
	@scripts/bootstrap.sh build

test-deps:
	@scripts/bootstrap.sh test

bench-deps:
	@scripts/bootstrap.sh bench

demo-deps:
	@scripts/bootstrap.sh demo

build: deps
	$(CARGO) build --release

$(SO): build

demo: demo-deps build
	@for example in examples/*.php; do \
		echo "== $$example"; \
		$(PHP_RUN) -d login_ratelimit.test_clock=0 $$example || exit 1; \
		echo; \
	done
	@$(MAKE) --no-print-directory demo-login

# The login page of examples/login/ on PHP's built-in server, under a brute-force attack.
demo-login: demo-deps build
	@echo "== examples/login: a login page on PHP's built-in server, attacked"
	@$(PHP) -n examples/login/attack.php $(CURDIR)/$(SO)

test: test-deps build test-rust test-php test-typo3

test-rust:
	$(CARGO) test --release --no-default-features

# run-tests.php runs each test with the extension loaded through TEST_PHP_ARGS. PHP's error log
# is discarded (the CLI would write it into each test's output): the tests that read the lines
# the extension logs name a log file of their own.
TEST_PHP_ARGS = -n -d extension=$(CURDIR)/$(SO) -d error_log=/dev/null

test-php: $(SO)
	TEST_PHP_EXECUTABLE=$$(command -v $(PHP)) \
	TEST_PHP_ARGS="$(TEST_PHP_ARGS)" \
	NO_INTERACTION=1 REPORT_EXIT_STATUS=1 \
	$(PHP) -n $(RUN_TESTS) -q -j2 --show-diff php-tests

# The TYPO3 package's PHPUnit suite, for TYPO3 v13 and v14 stand-ins: with the extension, and
# without it (TYPO3's own limiter, the fallback path).
test-typo3: $(SO)
	@for major in 13 14; do \
		echo "== TYPO3 v$$major, with the extension"; \
		TYPO3_MAJOR=$$major LOGIN_RATELIMIT_SO=$(CURDIR)/$(SO) $(PHPUNIT_PHP) -d extension=$(CURDIR)/$(SO) \
			-d login_ratelimit.test_clock=1 /usr/bin/phpunit --testsuite v$$major || exit 1; \
		echo "== TYPO3 v$$major, without the extension"; \
		TYPO3_MAJOR=$$major $(PHPUNIT_PHP) /usr/bin/phpunit --testsuite v$$major || exit 1; \
	done

# PCRE's JIT is off under valgrind, which cannot tell its wide reads from errors.
test-valgrind: test-deps build
	TEST_PHP_EXECUTABLE=$$(command -v $(PHP)) \
	TEST_PHP_ARGS="$(TEST_PHP_ARGS) -d pcre.jit=0" \
	NO_INTERACTION=1 REPORT_EXIT_STATUS=1 \
	$(PHP) -n $(RUN_TESTS) -q -m --show-diff php-tests

# Measures and prints; never fails on a timing. Uses the system's php.ini (for APCu, Redis and
# PDO SQLite) plus the freshly built extension.
bench: bench-deps build
	$(CARGO) bench --no-default-features --bench core
	$(CARGO) run --release --no-default-features --example fill_loss
	LOGIN_RATELIMIT_SO=$(CURDIR)/$(SO) $(PHP) -d extension=$(CURDIR)/$(SO) -d login_ratelimit.log_blocked=0 \
		-d apc.enable_cli=1 bench/bench.php

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --release --all-targets -- -D warnings

# Debian's PHP enables modules for every SAPI (CLI, FPM, Apache) with phpenmod; elsewhere the
# ini file goes to the scan directory of the `php` in PATH.
install: build
	install -d $(DESTDIR)$(EXT_DIR)
	install -m 0644 $(SO) $(DESTDIR)$(EXT_DIR)/login_ratelimit.so
	@if command -v phpenmod >/dev/null && [ -d /etc/php/$(PHP_VERSION)/mods-available ] && [ -z "$(DESTDIR)" ]; then \
		install -m 0644 login_ratelimit.ini /etc/php/$(PHP_VERSION)/mods-available/login_ratelimit.ini; \
		phpenmod -v $(PHP_VERSION) login_ratelimit; \
		echo "Installed $(EXT_DIR)/login_ratelimit.so, enabled for every SAPI with phpenmod; restart PHP-FPM"; \
	elif [ -n "$(INI_DIR)" ]; then \
		install -d $(DESTDIR)$(INI_DIR); \
		install -m 0644 login_ratelimit.ini $(DESTDIR)$(INI_DIR)/20-login_ratelimit.ini; \
		echo "Installed $(EXT_DIR)/login_ratelimit.so and $(INI_DIR)/20-login_ratelimit.ini"; \
	fi

uninstall:
	@if command -v phpdismod >/dev/null && [ -f /etc/php/$(PHP_VERSION)/mods-available/login_ratelimit.ini ]; then \
		phpdismod -v $(PHP_VERSION) login_ratelimit; \
		rm -f /etc/php/$(PHP_VERSION)/mods-available/login_ratelimit.ini; \
	fi
	rm -f $(EXT_DIR)/login_ratelimit.so $(INI_DIR)/20-login_ratelimit.ini

clean:
	$(CARGO) clean
	find php-tests -name '*.out' -o -name '*.diff' -o -name '*.exp' -o -name '*.log' \
		-o -name '*.mem' -o -name '*.php' -path '*php-tests/*' -o -name '*.sh' -path '*php-tests/*' | xargs rm -f
