# pact - build, test, install.
#
#   make            build/libpact.a, build/pact (libgit2 linked in from
#                   libgit2.a: src/gitlink/) and the import module
#                   build/pact-import-formats.so (src/import/module.h)
#   make check      build and run the Criterion suites
#   make asan       the same suites under AddressSanitizer + UBSan
#   make valgrind   the main commands under valgrind: no errors, no leaks
#   make demo       the main job on the sample pacts
#   make bench      benchmarks (figures as ratios against baselines)
#   make fuzz       libFuzzer targets (clang) in build/fuzz/; make fuzz-run runs them
#                   on the committed corpus tests/fuzz/corpus/ and grows it;
#                   make fuzz-merge minimises it again (then commit it)
#   make install    PREFIX=/usr/local (binary, the import module in lib/pact,
#                   headers, pact.pc, man pages, the Vietnamese catalogue)
#   make pot        po/pact.pot from the sources; po/vi.po merged with it
#                   (make po-update is the same; make po-check fails when
#                   po/vi.po lacks or leaves fuzzy a message of the sources)
#
# Sources are found by wildcard: a new src/*.c, src/import/*.c,
# src/report/*.c (renderers) or src/review/*.c (review workflow) joins
# libpact, a new src/import/formats/*.c joins the import module
# pact-import-formats.so, a new src/cli/*.c joins the CLI, a new
# tests/test_*.c joins the test binary, a new src/gitlink/*.c joins the
# pact executable only.

PREFIX ?= /usr/local
LOCALEDIR ?= $(PREFIX)/share/locale
PKGLIBDIR ?= $(PREFIX)/lib/pact
DOCDIR ?= $(PREFIX)/share/doc/pact
# where bash-completion looks, moved under PREFIX (CI installs into a temp dir)
BASHCOMPDIR ?= $(shell pkg-config --define-variable=datadir=$(PREFIX)/share \
                 --variable=completionsdir bash-completion 2>/dev/null || \
                 echo $(PREFIX)/share/bash-completion/completions)
BUILD  ?= build
CC     ?= cc

# What libpact needs (PKGS, in pact.pc: libgit2 shared); what the pact
# executable links besides libgit2.a (EXE_PKGS, GIT_STATIC_LIBS below:
# src/gitlink/lazy.h says why); and what only the import module
# pact-import-formats.so links: Word/ODF, PDF and OCR (src/import/module.h).
PKGS       = libgit2 yaml-0.1 libutf8proc zlib
EXE_PKGS   = yaml-0.1 libutf8proc zlib
MOD_PKGS   = libzip libxml-2.0 poppler-glib cairo tesseract lept zlib
WARN    = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2 -Wvla
CFLAGS ?= -O2 -g
SAN_CFLAGS =
ifeq ($(SAN),1)
SAN_CFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
CFLAGS = -O1 -g
endif
# libFuzzer: the library is instrumented for coverage; only the targets link
# the fuzzer's main (-fsanitize=fuzzer), the CLI is never built.
ifeq ($(SAN),fuzz)
SAN_CFLAGS = -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
             -fno-sanitize-recover=undefined
CFLAGS = -O1 -g
endif
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
FUZZ_CC ?= clang

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -ldl -lpthread
EXE_LIBS   = $(shell pkg-config --libs $(EXE_PKGS) 2>/dev/null) -lm -ldl -lpthread
MOD_CFLAGS = $(shell pkg-config --cflags $(MOD_PKGS) 2>/dev/null)
MOD_LIBS   = $(shell pkg-config --libs $(MOD_PKGS) 2>/dev/null)
# the tests build .docx fixtures with libzip themselves
CRIT_LIBS  = $(shell pkg-config --libs criterion libzip 2>/dev/null)

ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
             $(WARN) $(CFLAGS) $(SAN_CFLAGS) -Iinclude $(PKG_CFLAGS) -MMD -MP
ALL_LDFLAGS = $(SAN_CFLAGS) $(LDFLAGS)

LIB_SRC  = $(wildcard src/*.c src/import/*.c src/report/*.c src/review/*.c)
MOD_SRC  = $(wildcard src/import/formats/*.c)
CLI_SRC  = $(wildcard src/cli/*.c)
GITLINK_SRC = $(wildcard src/gitlink/*.c)
TEST_SRC = $(wildcard tests/*.c)
FUZZ_SRC = $(wildcard tests/fuzz/*.c)
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
MOD_OBJ  = $(MOD_SRC:%.c=$(BUILD)/obj/%.o)
MODULE   = $(BUILD)/pact-import-formats.so
CLI_OBJ  = $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
GITLINK_OBJ = $(GITLINK_SRC:%.c=$(BUILD)/obj/%.o)
TEST_OBJ = $(TEST_SRC:%.c=$(BUILD)/obj/%.o)
DEPS_STAMP = $(BUILD)/.deps

# The Vietnamese catalogue (gettext, text domain "pact"). It sits next to
# the binaries that read it (build/locale beside build/pact), which is where
# libpact looks first, so nothing needs installing to run or test.
MO = $(BUILD)/locale/vi/LC_MESSAGES/pact.mo
# Besides _() and N_(): the functions whose format string is an msgid that
# they translate themselves (libpact's errors and diagnostics, the CLI's
# error lines), and the plural forms (Q_, pact_n__: ngettext).
XGETTEXT_FLAGS = --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
  --keyword=pact__:2 --keyword=pact_p__:2c,3 --keyword=pact_n__:2,3 --keyword=Q_:1,2 \
  --keyword=pact_error_set:2 --keyword=pact_error_from_git:2 --keyword=pact_tree__diags_add:5 \
  --keyword=ERR:4 --keyword=WARN:4 --keyword=pact_import__warn:4 --keyword=pact_import__change:4 \
  --keyword=cli_error:1 --keyword=cli_warning:1 --keyword=leftover:2 --flag=leftover:2:c-format \
  --keyword=CLI_PLURAL:2,3 --keyword=CLI_STRING:3 --keyword=CLI_STRINGS:3 --keyword=CLI_COUNT:3 --flag=CLI_PLURAL:2:c-format \
  --flag=pact_error_set:2:c-format --flag=pact_tree__diags_add:5:c-format --flag=ERR:4:c-format \
  --flag=WARN:4:c-format --flag=pact_import__warn:4:c-format --flag=pact_import__change:4:c-format \
  --flag=cli_error:1:c-format --flag=cli_warning:1:c-format --add-comments=TRANSLATORS: \
  --package-name=pact --sort-by-file --no-wrap --add-location=file

.PHONY: FORCE all check asan valgrind demo bench fuzz fuzz-targets fuzz-run fuzz-merge install uninstall \
        format format-check clean deps pot po-update po-check
all: $(BUILD)/libpact.a $(BUILD)/pact $(MODULE) $(MO) $(BUILD)/pact.1

# Install missing Debian packages once; pkg-config is asked again after.
$(DEPS_STAMP): .ci/install-deps.sh
	@mkdir -p $(BUILD)
	@sh .ci/install-deps.sh
	@touch $@
deps: $(DEPS_STAMP)

$(BUILD)/obj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(if $(filter tests/%,$<),-DPACT_BIN='"$(abspath $(BUILD)/pact)"' -DPACT_SHIM='"$(abspath $(BUILD)/test-shim.so)"' -DPACT_SRCDIR='"$(CURDIR)"') -c $< -o $@

# Only i18n.c needs to know where `make install` puts the catalogue, and
# modload.c where it puts the import module. Each depends on a file holding
# the value it was built with, so that `make install PREFIX=...` after a
# plain `make` rebuilds it instead of installing the default directories.
$(BUILD)/obj/src/i18n.o: ALL_CFLAGS += -DPACT_LOCALEDIR='"$(LOCALEDIR)"'
$(BUILD)/obj/src/i18n.o: $(BUILD)/var/LOCALEDIR
$(BUILD)/obj/src/modload.o: ALL_CFLAGS += -DPACT_PKGLIBDIR='"$(PKGLIBDIR)"'
$(BUILD)/obj/src/modload.o: $(BUILD)/var/PKGLIBDIR

# The interface between libpact and the import module: a checksum of the
# headers they share, compiled into both (src/import/module.h), so that a
# module of another build is refused before any of its code runs.
MODULE_ABI := $(shell cat src/import/*.h src/import/*.def src/buf.h src/alloc.h \
                include/pact/*.h 2>/dev/null | cksum | cut -d' ' -f1)
$(BUILD)/obj/src/import/module.o $(BUILD)/obj/src/import/formats/entry.o: \
  ALL_CFLAGS += -DPACT_IMPORT_MODULE_ABI='"$(MODULE_ABI)"'
$(BUILD)/obj/src/import/module.o $(BUILD)/obj/src/import/formats/entry.o: $(BUILD)/var/MODULE_ABI

# $(BUILD)/var/NAME holds the value of the variable NAME, rewritten only
# when it changes (then what depends on it is rebuilt).
$(BUILD)/var/%: FORCE
	@mkdir -p $(dir $@)
	@echo '$($*)' | cmp -s - $@ || echo '$($*)' > $@

# The import module: position-independent, everything hidden but its entry
# point. Outside the sanitizer builds (whose runtime the program brings) it
# must not lean on a symbol of the program: it gets libpact's through a table.
$(MOD_OBJ): ALL_CFLAGS += -fPIC -fvisibility=hidden $(MOD_CFLAGS)
MOD_LDFLAGS = $(if $(SAN),,-Wl,--no-undefined)
$(MODULE): $(MOD_OBJ)
	$(CC) $(ALL_LDFLAGS) -shared $(MOD_LDFLAGS) -o $@ $(MOD_OBJ) $(MOD_LIBS)

# `pact --version` names the libgit2 linked in, without starting it
LIBGIT2_VERSION := $(shell pkg-config --modversion libgit2 2>/dev/null)
$(BUILD)/obj/src/cli/main.o: ALL_CFLAGS += -DPACT_LIBGIT2_VERSION='"$(LIBGIT2_VERSION)"'
$(BUILD)/obj/src/cli/main.o: $(BUILD)/var/LIBGIT2_VERSION

$(MO): po/vi.po | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ po/vi.po

# Without dates or line numbers, so that two branches adding messages to
# different files do not conflict in po/. Formats that are nothing but
# conversions and punctuation ("%s", "%s: %s") have no words to translate.
POT_SRC = $(sort $(LIB_SRC) $(CLI_SRC) $(MOD_SRC) $(wildcard src/*/*.c src/*/*.def))
XGETTEXT_PIPE = xgettext $(XGETTEXT_FLAGS) -o - $(POT_SRC) \
  | msggrep --invert-match --msgid -E -e '^[%s:;,. ()]+$$' --no-wrap --sort-by-file \
  | sed '/^"POT-Creation-Date:/d'
po-update: pot
pot:
	$(XGETTEXT_PIPE) > po/pact.pot
	msgmerge --quiet --update --backup=none --no-wrap --no-fuzzy-matching --add-location=file po/vi.po po/pact.pot

# Fails when a message marked in the sources is missing from po/pact.pot or
# has no Vietnamese in po/vi.po, or a translation is fuzzy (tests/test_i18n.c
# runs it; `make pot` and a translation fix it).
POT_TMP ?= $(BUILD)/now.pot
po-check:
	@mkdir -p $(dir $(POT_TMP))
	@$(XGETTEXT_PIPE) > $(POT_TMP)
	@msgcmp po/vi.po $(POT_TMP)
	@msgcmp --use-untranslated po/pact.pot $(POT_TMP)
	@msgfmt --check --statistics -o /dev/null po/vi.po 2>&1 | tee $(POT_TMP).stat
	@! grep -E 'fuzzy|untranslated' $(POT_TMP).stat

$(BUILD)/libpact.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

# The pact executable links libgit2 statically, from the distribution's
# libgit2.a (Debian's libgit2-dev has it; its objects are PIE, not PIC: an
# executable, never a shared object), and its small libraries shared:
# http-parser, pcre2 and zlib (GIT_STATIC_LIBS: libgit2.pc's private
# libraries but libssh2 and mbedTLS). mbedTLS (which libgit2 starts in
# every store command, but a diff of files never needs), libssh2 and GSSAPI
# (which only some remotes need) are shared too, loaded on first use by
# the trampolines of src/gitlink/ (lazy.h: by soname, from the libraries
# pact was built against); and libgit2's TLS start (mbedTLS loaded, its
# random generator seeded, the CA bundle parsed: in every git_libgit2_init)
# waits for the first https connection (src/gitlink/tls.c: GIT_WRAP). Only
# libgit2 itself then needs a rebuild of pact for a security update
# (README: "Dependencies"): an updated libgit2.a relinks pact.
GIT_LIBDIR = $(shell pkg-config --variable=libdir libgit2 2>/dev/null)
GIT_A = $(GIT_LIBDIR)/libgit2.a
GIT_STATIC_LIBS = $(filter-out -lgit2 -lssh2 -lmbedtls -lmbedx509 -lmbedcrypto, \
                    $(shell pkg-config --static --libs libgit2 2>/dev/null))
# a library's soname (lib$(1).so's) and the Debian package that has it
lib_soname = $(shell readelf -d $(GIT_LIBDIR)/lib$(1).so 2>/dev/null | \
               sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
lib_package = $(shell dpkg -S $(GIT_LIBDIR)/$(call lib_soname,$(1)) 2>/dev/null | sed -n '1s/:.*//p')
lazy_lib = $(if $(call lib_soname,$(2)),-DPACT_$(1)_SONAME='"$(call lib_soname,$(2))"' \
             -DPACT_$(1)_PACKAGE='"$(call lib_package,$(2))"')
$(BUILD)/obj/src/gitlink/ssh2.o: ALL_CFLAGS += $(call lazy_lib,SSH2,ssh2)
$(BUILD)/obj/src/gitlink/gssapi.o: ALL_CFLAGS += $(call lazy_lib,GSSAPI,gssapi_krb5)
$(BUILD)/obj/src/gitlink/mbedtls.o: ALL_CFLAGS += $(call lazy_lib,MBEDTLS,mbedtls)
GIT_WRAP = $(foreach f,stream_global_init stream_new stream_wrap _set_cert_location,\
             -Wl,--wrap=git_mbedtls_$(f))
$(BUILD)/pact: $(CLI_OBJ) $(LIB_OBJ) $(GITLINK_OBJ) $(wildcard $(GIT_A))
	@test -f $(GIT_A) || { echo "pact: $(GIT_A) not found: pact links libgit2 statically" \
	  "(Debian: apt-get install libgit2-dev; elsewhere build libgit2 with" \
	  "-DBUILD_SHARED_LIBS=OFF)" >&2; exit 1; }
	$(CC) $(ALL_LDFLAGS) $(GIT_WRAP) -o $@ $(CLI_OBJ) $(LIB_OBJ) $(GITLINK_OBJ) $(GIT_A) \
	  $(GIT_STATIC_LIBS) $(EXE_LIBS)

# The manual pages come from the option tables, as --help does (src/cli/man.c):
# pact(1) with everything, and pact-COMMAND(1) for each command, in English
# and (but pact.1) in Vietnamese. They name where the docs are installed
# (DOCDIR), so they are made again when it changes: `make` then
# `make install PREFIX=/opt/pact` installs pages that point at /opt/pact.
$(BUILD)/docdir.stamp: FORCE
	@mkdir -p $(dir $@)
	@echo '$(DOCDIR)' | cmp -s - $@ || echo '$(DOCDIR)' > $@
FORCE:
$(BUILD)/pact.1: $(BUILD)/pact $(MO) $(BUILD)/docdir.stamp
	$(BUILD)/pact --lang=en __man $(DOCDIR) > $@.tmp && mv $@.tmp $@
	@rm -rf $(BUILD)/man && mkdir -p $(BUILD)/man/en $(BUILD)/man/vi
	$(BUILD)/pact --lang=en __man $(DOCDIR) --dir $(BUILD)/man/en
	$(BUILD)/pact --lang=vi __man $(DOCDIR) --dir $(BUILD)/man/vi
	@rm -f $(BUILD)/man/vi/pact.1

# tests/test_alloc.c interposes the allocator of libpact (and of the tests)
# at link time to make the n-th allocation fail.
TEST_WRAP = -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free
# tests/shim/syscall_shim.c: an LD_PRELOAD library the store tests put in
# front of the pact CLI (link() failing as without hard links, a SIGKILL at
# the n-th write). Never sanitized: the pact it is loaded into may be.
TEST_SHIM = $(BUILD)/test-shim.so
$(TEST_SHIM): tests/shim/syscall_shim.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARN) -O2 -fPIC -shared -o $@ $< -ldl
$(BUILD)/test-pact: $(TEST_OBJ) $(BUILD)/libpact.a $(TEST_SHIM)
	$(CC) $(ALL_LDFLAGS) $(TEST_WRAP) -o $@ $(TEST_OBJ) $(BUILD)/libpact.a $(PKG_LIBS) $(CRIT_LIBS)

# Criterion forks one process per test; --jobs keeps the 2-core CI calm.
# The tests load the import module from beside build/test-pact.
check: all $(BUILD)/test-pact
	$(BUILD)/test-pact --jobs=2 $(TESTFLAGS)

# Leaks in the CLI processes the tests start fail those tests (LSan exits 23).
# intercept_tls_get_addr=0: the sanitizer runtime of GCC <= 13 misreads
# some dynamic TLS blocks (of libraries loaded with dlopen) as a
# pre-2.25 glibc header, and LSan's tracer then dies at exit now and then
# ("Tracer caught signal 11", no leak report, exit 1).
asan:
	ASAN_OPTIONS=detect_leaks=1:intercept_tls_get_addr=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  $(MAKE) BUILD=build/asan SAN=1 check

# The main commands under valgrind memcheck: no errors, no leaks.
valgrind: all
	@sh tests/valgrind.sh $(BUILD)/pact

# Each tests/fuzz/fuzz_NAME.c becomes build/fuzz/fuzz_NAME. fuzz-run runs
# each (or FUZZ_TARGETS="doc diff ...") for FUZZ_SECONDS, starting from and
# adding to tests/fuzz/corpus/NAME/, and leaves crashes in build/fuzz/crashes/;
# minimised, they go to tests/data/fuzz/NAME/ (tests/test_fuzz_regressions.c
# replays them). To refresh the committed corpus: make fuzz-run, then
# make fuzz-merge (libFuzzer -merge=1 keeps the smallest set with the same
# coverage), then commit tests/fuzz/corpus/.
fuzz:
	$(MAKE) BUILD=build/fuzz SAN=fuzz CC=$(FUZZ_CC) fuzz-targets
fuzz-targets: $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/%) $(MODULE) $(MO)
$(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/%): $(BUILD)/%: $(BUILD)/obj/tests/fuzz/%.o $(BUILD)/libpact.a
	$(CC) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $< $(BUILD)/libpact.a $(PKG_LIBS)

fuzz-run: fuzz
	@nice -n 19 sh tests/fuzz/run.sh build/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)
fuzz-merge: fuzz
	@nice -n 19 sh tests/fuzz/merge.sh build/fuzz $(FUZZ_TARGETS)

demo: all
	@sh tests/demo.sh $(BUILD)/pact

bench: all
	@sh .ci/install-deps.sh bench
	@sh bench/run.sh $(BUILD)/pact

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/include/pact \
	  $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PKGLIBDIR)
	install -m 755 $(BUILD)/pact $(DESTDIR)$(PREFIX)/bin/pact
	install -m 755 $(MODULE) $(DESTDIR)$(PKGLIBDIR)/pact-import-formats.so
	install -m 644 $(BUILD)/libpact.a $(DESTDIR)$(PREFIX)/lib/libpact.a
	install -m 644 include/pact/*.h $(DESTDIR)$(PREFIX)/include/pact/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBS@|$(strip $(PKG_LIBS))|g' src/pact.pc.in \
	  > $(DESTDIR)$(PREFIX)/lib/pkgconfig/pact.pc
	install -m 644 $(BUILD)/man/en/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -d $(DESTDIR)$(PREFIX)/share/man/vi/man1
	install -m 644 $(BUILD)/man/vi/*.1 $(DESTDIR)$(PREFIX)/share/man/vi/man1/
	install -d $(DESTDIR)$(DOCDIR) $(DESTDIR)$(BASHCOMPDIR)
	install -m 644 README.md docs/*.md $(DESTDIR)$(DOCDIR)/
	install -m 644 src/cli/pact.bash $(DESTDIR)$(BASHCOMPDIR)/pact
	install -d $(DESTDIR)$(LOCALEDIR)/vi/LC_MESSAGES
	install -m 644 $(MO) $(DESTDIR)$(LOCALEDIR)/vi/LC_MESSAGES/pact.mo

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/pact $(DESTDIR)$(PREFIX)/lib/libpact.a \
	  $(DESTDIR)$(PKGLIBDIR)/pact-import-formats.so $(DESTDIR)$(PKGLIBDIR)/pact-store.so \
	  $(DESTDIR)$(PREFIX)/lib/pkgconfig/pact.pc $(DESTDIR)$(PREFIX)/share/man/man1/pact.1 \
	  $(DESTDIR)$(LOCALEDIR)/vi/LC_MESSAGES/pact.mo $(DESTDIR)$(BASHCOMPDIR)/pact \
	  $(DESTDIR)$(PREFIX)/share/man/man1/pact-*.1 $(DESTDIR)$(PREFIX)/share/man/vi/man1/pact-*.1
	rm -rf $(DESTDIR)$(PREFIX)/include/pact $(DESTDIR)$(DOCDIR)

# Every C file of the tree, formatted by clang-format with .clang-format;
# `make format-check` (run by CI) fails, naming the lines, when one is not.
FORMAT_SRC = $(wildcard include/pact/*.h src/*.[ch] src/*/*.[ch] src/*/*/*.[ch] \
               tests/*.[ch] tests/fuzz/*.c tests/shim/*.c bench/*.c)

format:
	clang-format -i $(FORMAT_SRC)

format-check:
	@clang-format --dry-run -Werror $(FORMAT_SRC) && \
	  echo "format-check: $(words $(FORMAT_SRC)) files formatted as .clang-format says"

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(MOD_OBJ:.o=.d) $(GITLINK_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(FUZZ_SRC:%.c=$(BUILD)/obj/%.d)
