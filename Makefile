# Cascade — perintah utama (lihat README.md):
#   make opd=diskominfo          periksa lalu bangun semua dokumen OPD ke build/diskominfo/
#   make validate opd=diskominfo periksa data saja
#   make evaluasi opd=diskominfo tahun=2025   evaluasi capaian kinerja terhadap realisasi
#   make pdf opd=diskominfo      bangun lalu ubah setiap .docx menjadi PDF (+ pratinjau PNG)
#   make all                     bangun semua OPD (aman untuk make -j)
#   make test                    jalankan seluruh pengujian
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
.SUFFIXES:
MAKEFLAGS += --no-builtin-rules

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
BUILD ?= build
OPDS := $(sort $(notdir $(patsubst %/,%,$(wildcard data/opd/*/))))
opd ?= $(OPDS)
tahun ?=
TAHUN_ARG := $(if $(tahun),--tahun $(tahun))
STAMP_NAME := .built$(if $(tahun),-$(tahun))
CODE := $(shell find cascade -name '*.py' 2>/dev/null) cascade/render/png_fast.c $(shell find templates -type f -name '*.docx' ! -name '~*' 2>/dev/null | grep -v '[[:space:]$$]') $(wildcard schema/*.json) \
        data/pemda.yaml data/referensi/nomenklatur.csv requirements.txt

# Python compiles cascade/ again in every process when PYTHONDONTWRITEBYTECODE is set (many
# containers and CI images set it); compiling once after each change spares every build that cost.
# The schema checks compiled by fastjsonschema are kept the same way (cascade/validate/schema.py),
# and so is the library that spares `dot -Tpng` libpng's row-filter search, where a C compiler is
# there (cascade/render/png_fast.py; without one, PNGs are drawn as `dot` draws them by default).
BYTECODE := $(VENV)/.bytecode

.PHONY: build all pemda evaluasi validate validate-changed review codeowners codeowners-check test clean doctor check-opd rules bench bench-data
.DEFAULT_GOAL := build

# A folder whose sources changed is only marked by its rule (<folder>/$(STAMP_NAME).perlu); the goal's
# recipe then builds every marked folder in one process, which checks the data once and forks as
# many workers as make's -j (cascade/batch.py): a process per OPD paid Python's start-up, the
# imports and the check once per OPD. That process touches a folder's stamp once its documents are
# written; a folder that failed stays marked and out of date.
#   $(1): the cascade command and its options, $(2): the folders it may build
define build_marked
@for f in $(2); do if [ -e "$(BUILD)/$$f/$(STAMP_NAME).perlu" ]; then \
  exec $(PY) -m cascade $(1) --out $(BUILD) --stempel $(STAMP_NAME) $(TAHUN_ARG); fi; done
endef

build: check-opd $(foreach o,$(opd),$(BUILD)/$(o)/$(STAMP_NAME))
	$(call build_marked,build $(foreach o,$(opd),--opd $(o)),$(opd))

all: $(BUILD)/pemda/$(STAMP_NAME) $(foreach o,$(OPDS),$(BUILD)/$(o)/$(STAMP_NAME))
	$(call build_marked,build --pemda,pemda $(OPDS))

pemda: $(BUILD)/pemda/$(STAMP_NAME)
	$(call build_marked,build-pemda,pemda)

check-opd:
	@bad="$(filter-out $(OPDS),$(opd))"; if [ -n "$$bad" ]; then \
	  echo "galat: OPD '$$bad' tidak ditemukan di data/opd/. OPD yang dikenal: $(OPDS)" >&2; exit 1; fi

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	@mkdir -p $(@D) && touch $@

$(BYTECODE): $(filter %.py,$(CODE)) cascade/render/png_fast.c $(wildcard schema/*.json) $(STAMP)
	@$(PY) -m compileall -q cascade && $(PY) -m cascade.validate.schema && $(PY) -m cascade.render.png_fast && touch $@

# Only when `dot` is missing does `doctor` run a recipe: every build target waits for it, and a
# recipe (even one that finds everything installed) lets make start whichever targets it reaches
# next, not the first ones `all` names.
doctor: $(STAMP)
ifeq ($(shell command -v dot),)
	@scripts/ensure-system-tools dot
endif

.SECONDEXPANSION:
$(BUILD)/%/$(STAMP_NAME): $$(shell find data/opd/$$* -type f 2>/dev/null) $(CODE) $(BYTECODE) | doctor
	@mkdir -p $(@D) && : > $@.perlu

$(BUILD)/pemda/$(STAMP_NAME): $(shell find data -type f) $(CODE) $(BYTECODE) | doctor
	@mkdir -p $(@D) && : > $@.perlu

validate: $(STAMP)
	$(PY) -m cascade validate $(foreach o,$(opd),--opd $(o)) $(TAHUN_ARG)

# Evaluasi capaian (realisasi di data/opd/<opd>/realisasi/<tahun>.yaml) → build/<opd>/evaluasi/<tahun>/
evaluasi: check-opd $(STAMP) | doctor
	$(PY) -m cascade evaluasi $(foreach o,$(opd),--opd $(o)) --out $(BUILD) $(TAHUN_ARG)

# PDF pratinjau (LibreOffice) dan PNG halaman pertama dari setiap .docx OPD, di sebelah .docx-nya:
#   make pdf opd=diskominfo   (membangun dulu bila perlu; aman untuk make -j: satu profil LibreOffice per proses)
.PHONY: pdf pdf-tools
pdf: check-opd $(foreach o,$(opd),pdf-$(o))

pdf-tools:
	@scripts/ensure-system-tools soffice pdftotext

pdf-%: build | pdf-tools
	$(PY) -m cascade pdf --opd $* --out $(BUILD)

# Pull-request helpers (also used by .github/workflows/pull-request.yml)
base ?=
BASE_ARG := $(if $(base),--base $(base))

validate-changed: $(STAMP)
	$(PY) -m cascade validate --sejak $(if $(base),$(base),HEAD) --format github

review: $(STAMP) | doctor
	$(PY) -m cascade review $(BASE_ARG) $(if $(filter command line,$(origin opd)),$(foreach o,$(opd),--opd $(o))) \
	  $(TAHUN_ARG) $(if $(REVIEW_OUT),--keluaran $(REVIEW_OUT))

codeowners: $(STAMP)
	$(PY) -m cascade codeowners

codeowners-check: $(STAMP)
	$(PY) -m cascade codeowners --periksa

rules: $(STAMP)
	@$(PY) -m cascade daftar-aturan

test: $(BYTECODE)
	@scripts/ensure-system-tools dot soffice pdftotext cc
	@$(PY) -m cascade.render.png_fast  # again: the C compiler may have been installed just now
	$(PY) -m pytest -q

clean:
	rm -rf $(BUILD)

# Benchmark (issue 9; README "Kinerja (benchmark)"):
#   make bench-data n=40 sub=300 pejabat=30 seed=1 out=/tmp/cascade-bench   Pemda sintetis yang sah
#   make bench size=kecil|sedang|penuh      ukur, tulis bench/hasil.md (kecil) atau bench/hasil-<size>.md
n ?= 40
sub ?= 300
pejabat ?= 30
seed ?= 1
out ?= /tmp/cascade-bench
size ?= kecil

bench-data: $(STAMP)
	$(PY) -m cascade.bench.synth --opd $(n) --sub $(sub) --pejabat $(pejabat) --seed $(seed) --out $(out)

bench: $(STAMP) | doctor
	$(PY) -m cascade.bench --size $(size) --hasil bench/hasil$(if $(filter-out kecil,$(size)),-$(size)).md

# Golden files (docs/golden.md): every document as reviewable text in tests/golden/; after an intended change
.PHONY: golden
golden: $(BYTECODE) | doctor
	$(PY) tools/golden.py
