# SPDX-License-Identifier: GPL-2.0
#
# make            build ./ptool
# make check      install what is missing, build, run every test
# make demo       install what is missing, build, profile a bundled workload
# make install    PREFIX=/usr/local DESTDIR=
# make SAN=address,undefined check   the same tests under sanitizers
# make NO_DEBUGINFOD=1   build without libdebuginfod even when it is there
# make DISASM=objdump   annotate runs objdump instead of linking capstone
#
VERSION := 0.1.0
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DOCDIR ?= $(PREFIX)/share/doc/ptool
MANDIR ?= $(PREFIX)/share/man
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions
CC ?= cc
PKG_CONFIG ?= pkg-config
SAN ?=
FUZZ ?=
V ?= 0

comma := ,
PKGS := libelf libdw zlib libzstd libtraceevent
# ptool top's terminal UI
PKGS += ncursesw

# Optional libraries: used when pkg-config finds them, compiled out
# otherwise (ptool version --build-options tells which).
NO_DEBUGINFOD ?=
ifeq ($(NO_DEBUGINFOD),)
HAVE_DEBUGINFOD := $(shell $(PKG_CONFIG) --exists libdebuginfod 2>/dev/null && echo 1)
endif
FEATURE_CFLAGS :=
ifeq ($(HAVE_DEBUGINFOD),1)
PKGS += libdebuginfod
FEATURE_CFLAGS += -DHAVE_DEBUGINFOD
endif

ifneq ($(FUZZ),)
# make fuzz: everything built by clang with libFuzzer's coverage and ASan/UBSan
CC := clang
BUILD := build/fuzz
SANFLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
else ifeq ($(SAN),)
BUILD := build/default
SANFLAGS :=
else
BUILD := build/san-$(subst $(comma),-,$(SAN))
SANFLAGS := -fsanitize=$(SAN) -fno-omit-frame-pointer -fno-sanitize-recover=all
endif

ifeq ($(V),0)
Q := @
else
Q :=
endif

# Disassembly for annotate: capstone in-process when pkg-config finds it,
# else (or with DISASM=objdump) by running objdump as perf does.
DISASM ?= $(if $(shell $(PKG_CONFIG) --exists capstone 2>/dev/null && echo y),capstone,objdump)
ifeq ($(DISASM),capstone)
PKGS += capstone
DISASM_CFLAGS :=
else
DISASM_CFLAGS := -DPTOOL_NO_CAPSTONE
BUILD := $(BUILD)-objdump
endif

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Wno-unused-parameter -Wshadow -Wformat=2 \
	-Wstrict-prototypes -Wmissing-prototypes -Wno-missing-field-initializers
ALL_CFLAGS := -std=gnu11 $(CFLAGS) $(WARN) $(SANFLAGS) -Iinclude $(PKG_CFLAGS) \
	-D_GNU_SOURCE -DPTOOL_VERSION='"$(VERSION)"' $(FEATURE_CFLAGS) $(DISASM_CFLAGS) -MMD -MP
ALL_LDFLAGS := $(LDFLAGS) $(SANFLAGS)
# libiberty (no pkg-config file): the demangler perf links, static only
LIBS := $(PKG_LIBS) -liberty -lm

MAIN_SRC := src/ptool.c
LIB_SRCS := $(filter-out $(MAIN_SRC),$(sort $(wildcard src/*.c src/*/*.c)))
LIB_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(LIB_SRCS))
MAIN_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(MAIN_SRC))
LIBPTOOL := $(BUILD)/libptool.a

UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))
UNIT_HELPERS := $(filter-out $(UNIT_SRCS),$(wildcard tests/unit/*.c))
UNIT_HELPER_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(UNIT_HELPERS))

WORKLOAD_SRCS := $(sort $(wildcard tests/workloads/*.c))
WORKLOAD_CXX_SRCS := $(sort $(wildcard tests/workloads/*.cpp))
WORKLOADS := $(patsubst tests/workloads/%.c,build/workloads/%,$(WORKLOAD_SRCS)) \
	$(patsubst tests/workloads/%.cpp,build/workloads/%,$(WORKLOAD_CXX_SRCS))

DEPS_STAMP := build/.deps-installed

# Rebuild ./ptool when the sanitizer flavour, the optional features or
# the disassembler change.
FLAVOR := $(SAN) $(FEATURE_CFLAGS) $(DISASM)
$(shell mkdir -p build; echo '$(FLAVOR)' | cmp -s - build/.flavor 2>/dev/null || echo '$(FLAVOR)' > build/.flavor)

.PHONY: all check unit integration demo install uninstall clean deps bench \
	check-layers workloads fuzz fuzz-bins unit-bins man
.DEFAULT_GOAL := all

# Man pages from docs/*.md, when go-md2man or pandoc is there.
MD2MAN := $(shell command -v go-md2man 2>/dev/null || command -v pandoc 2>/dev/null)
MAN_PAGES := $(patsubst docs/%.md,build/man/%.1,$(wildcard docs/ptool.md docs/ptool-*.md))

all: ptool $(if $(MD2MAN),man)

man: $(MAN_PAGES)

build/man/%.1: docs/%.md scripts/man.sh
	@mkdir -p $(dir $@)
	@echo "  MAN     $@"
	$(Q)scripts/man.sh $< $(VERSION) > $@.tmp && mv $@.tmp $@

ptool: $(BUILD)/ptool build/.flavor
	$(Q)cp $< $@

$(BUILD)/ptool: $(MAIN_OBJ) $(LIBPTOOL)
	@echo "  LINK    $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(MAIN_OBJ) $(LIBPTOOL) $(LIBS)

# the objects that test the optional features
$(BUILD)/src/cmd/version.o $(BUILD)/src/obj/obj-debuginfod.o: build/.flavor

$(LIBPTOOL): $(LIB_OBJS)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

# A unit test that defines __wrap_foo() is linked with -Wl,--wrap=foo.
$(BUILD)/tests/%: tests/unit/%.c $(LIBPTOOL) $(UNIT_HELPER_OBJS)
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	$(Q)$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(UNIT_HELPER_OBJS) \
		$$(grep -o '__wrap_[A-Za-z0-9_]*' $< | sort -u | sed 's/^__wrap_/-Wl,--wrap=/') \
		$(ALL_LDFLAGS) $(LIBPTOOL) $(LIBS) $(CMOCKA_LIBS)

# Bundled workloads: plain -O0 -g with frame pointers, for predictable profiles.
build/workloads/%: tests/workloads/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	$(Q)$(CC) -O0 -g -fno-omit-frame-pointer -fno-inline -o $@ $< -lm -lpthread

# C++ workloads are about inlining: -O2 -g, frame pointers kept for -g.
build/workloads/%: tests/workloads/%.cpp
	@mkdir -p $(dir $@)
	@echo "  CXX     $@"
	$(Q)$(CXX) -O2 -g -fno-omit-frame-pointer -o $@ $< -lm -lpthread

workloads: $(WORKLOADS)

# Fuzz harnesses: tests/fuzz/fuzz_<target>.c, each a LLVMFuzzerTestOneInput.
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS := $(patsubst tests/fuzz/%.c,build/fuzz/bin/%,$(FUZZ_SRCS))

build/fuzz/bin/%: tests/fuzz/%.c $(LIBPTOOL)
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	$(Q)$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(LIBPTOOL) $(LIBS)

fuzz-bins: $(FUZZ_BINS)

fuzz:
	$(Q)$(MAKE) --no-print-directory FUZZ=1 fuzz-bins

$(DEPS_STAMP): scripts/install-deps.sh
	$(Q)scripts/install-deps.sh
	@mkdir -p build && touch $@

# the demo needs only what builds and runs ptool (no browser, no fuzzer)
build/.deps-minimal: scripts/install-deps.sh
	$(Q)PTOOL_DEPS_MINIMAL=1 scripts/install-deps.sh
	@mkdir -p build && touch $@

deps:
	$(Q)scripts/install-deps.sh

# The targets that must work on a fresh machine install first, then
# re-enter make so that pkg-config sees the new packages.
check: $(DEPS_STAMP)
	$(Q)$(MAKE) --no-print-directory ptool workloads unit-bins SAN='$(SAN)'
	$(Q)scripts/run-tests.sh $(BUILD)

unit-bins: $(UNIT_BINS)

unit: ptool unit-bins
	$(Q)scripts/run-tests.sh --unit-only $(BUILD)

integration: ptool workloads
	$(Q)scripts/run-tests.sh --integration-only $(BUILD)

demo: build/.deps-minimal
	$(Q)$(MAKE) --no-print-directory ptool workloads SAN='$(SAN)'
	$(Q)scripts/demo.sh

bench: ptool workloads
	$(Q)for b in scripts/bench/*.sh; do bash $$b || exit 1; done

check-layers:
	$(Q)scripts/check-layers.sh

install: ptool $(if $(MD2MAN),man)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DOCDIR)
	install -m 755 ptool $(DESTDIR)$(BINDIR)/ptool
	install -m 644 README.md $(wildcard docs/*.md) $(DESTDIR)$(DOCDIR)/
	install -d $(DESTDIR)$(COMPLETIONDIR)
	install -m 644 share/bash-completion/completions/ptool $(DESTDIR)$(COMPLETIONDIR)/ptool
ifneq ($(MD2MAN),)
	install -d $(DESTDIR)$(MANDIR)/man1
	install -m 644 $(MAN_PAGES) $(DESTDIR)$(MANDIR)/man1/
endif

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ptool
	rm -rf $(DESTDIR)$(DOCDIR)
	rm -f $(DESTDIR)$(COMPLETIONDIR)/ptool
	rm -f $(patsubst build/man/%,$(DESTDIR)$(MANDIR)/man1/%,$(MAN_PAGES))

clean:
	rm -rf build ptool

-include $(wildcard $(BUILD)/src/*.d $(BUILD)/src/*/*.d $(BUILD)/tests/*.d $(BUILD)/tests/unit/*.d)
