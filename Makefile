# Cascade — perintah utama (lihat README.md):
#   make opd=diskominfo          periksa lalu bangun semua dokumen OPD ke build/diskominfo/
#   make validate opd=diskominfo periksa data saja
#   make evaluasi opd=diskominfo tahun=2025   evaluasi capaian kinerja terhadap realisasi
#   make pdf opd=diskominfo      bangun lalu ubah setiap .docx/.xlsx menjadi PDF (+ pratinjau PNG)
#   make all                     bangun semua OPD (aman untuk make -j)
#   make opd-baru nama=dinkes    kerangka OPD baru di data/opd/dinkes/ dan baris CODEOWNERS-nya
#   make impor-excel berkas=t-c-27.xlsx opd=dinkes   impor tabel Renstra dari Excel ke data/opd/dinkes/
#   make impor-sipd berkas="tujuan.json program.json" opd=dinkes   impor Renstra SIPD RI (JSON) ke data/opd/dinkes/
#   make pratinjau opd=diskominfo   halaman OPD di peramban, diperbarui otomatis setiap berkas disimpan
#   make situs                   situs statis seluruh Pemda (RPJMD, pohon, OPD, evaluasi, unduhan) ke build/situs/
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
# Empty: every OPD (the build itself lists data/opd/, so folder names are never split by make).
opd ?=
OPD_ARGS := $(foreach o,$(opd),--opd $(o))
tahun ?=
TAHUN_ARG := $(if $(tahun),--tahun $(tahun))

.PHONY: build all pemda evaluasi validate pratinjau situs validate-changed review codeowners codeowners-check opd-baru test clean doctor rules bench bench-data
.DEFAULT_GOAL := build

# Which documents are out of date is decided by `cascade build` from the content of what each
# folder was built from (its manifest, build/<folder>/.dibangun.json), never from file times:
# a deleted or renamed file and an edit with an old timestamp count as changes (cascade/freshness.py).
# So the build targets always run; a build with nothing to do takes a fraction of a second.
build: $(STAMP) | doctor
	$(PY) -m cascade build $(OPD_ARGS) --out $(BUILD) $(TAHUN_ARG)

all: $(STAMP) | doctor
	$(PY) -m cascade build --pemda --out $(BUILD) $(TAHUN_ARG)

pemda: $(STAMP) | doctor
	$(PY) -m cascade build-pemda --out $(BUILD) $(TAHUN_ARG)

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	@mkdir -p $(@D) && touch $@

# Only when `dot` is missing does `doctor` run a recipe.
doctor: $(STAMP)
ifeq ($(shell command -v dot),)
	@scripts/ensure-system-tools dot
endif

validate: $(STAMP)
	$(PY) -m cascade validate $(OPD_ARGS) $(TAHUN_ARG)

# Evaluasi capaian (realisasi di data/opd/<opd>/realisasi/<tahun>.yaml) → build/<opd>/evaluasi/<tahun>/
evaluasi: $(STAMP) | doctor
	$(PY) -m cascade evaluasi $(OPD_ARGS) --out $(BUILD) $(TAHUN_ARG)

# Pratinjau langsung: halaman OPD di http://127.0.0.1:PORT/, diperbarui setiap kali berkas datanya disimpan
#   make pratinjau opd=diskominfo [port=8000]      (Ctrl-C untuk berhenti)
port ?=
pratinjau: $(STAMP) | doctor
	@test -n "$(opd)" || { echo "galat: sebutkan OPD-nya, misalnya: make pratinjau opd=diskominfo" >&2; exit 2; }
	$(PY) -m cascade pratinjau $(OPD_ARGS) $(TAHUN_ARG) $(if $(port),--port $(port))

# Situs statis seluruh Pemda di build/situs/ (dokumen dibangun dulu seperti `make all`); buka build/situs/index.html
situs: $(STAMP) | doctor
	$(PY) -m cascade situs --out $(BUILD) $(TAHUN_ARG)

# PDF pratinjau (LibreOffice) dan PNG halaman pertama dari setiap .docx dan .xlsx, di sebelah berkasnya;
# Daftar Isi/Tabel/Gambar diperbarui dengan nomor halaman sebelum diekspor:
#   make pdf opd=diskominfo   satu OPD (membangun dulu bila perlu; aman untuk make -j: satu profil LibreOffice per proses)
#   make pdf                  semua OPD yang sudah dibangun, ditambah build/pemda/ bila ada
.PHONY: pdf pdf-tools
pdf: build | pdf-tools
	$(PY) -m cascade pdf $(OPD_ARGS) --out $(BUILD)

pdf-tools:
	@scripts/ensure-system-tools soffice uno calc pdftotext

# Pull-request helpers (also used by .github/workflows/pull-request.yml)
base ?=
BASE_ARG := $(if $(base),--base $(base))

validate-changed: $(STAMP)
	$(PY) -m cascade validate --sejak $(if $(base),$(base),HEAD) --format github

# Status 1 (the change adds errors) still gives the whole report: told in one line here, not as
# make's "Error 1"; any other failure (no report at all) fails the target.
review: $(STAMP) | doctor
	@status=0; $(PY) -m cascade review $(BASE_ARG) $(OPD_ARGS) $(TAHUN_ARG) \
	  $(if $(REVIEW_OUT),--keluaran "$(REVIEW_OUT)") $(if $(REVIEW_LAMPIRAN),--lampiran "$(REVIEW_LAMPIRAN)") \
	  || status=$$?; \
	if [ $$status -eq 1 ]; then echo "Tinjauan selesai: perubahan ini menambah galat (lihat \"Masalah validasi baru\" di atas); perbaiki sebelum disetujui."; \
	elif [ $$status -ne 0 ]; then exit $$status; fi

codeowners: $(STAMP)
	$(PY) -m cascade codeowners

codeowners-check: $(STAMP)
	$(PY) -m cascade codeowners --periksa

# Impor tabel T-C.27/T-C.25 dari Excel ke data/opd/<opd>/ (periksa hasilnya dengan git diff atau make review):
#   make impor-excel berkas=renstra.xlsx opd=dinkes [profil=profil-kolom.yaml] [timpa=1]
berkas ?=
profil ?=
timpa ?=
.PHONY: impor-excel
impor-excel: $(STAMP)
	$(PY) -m cascade impor excel $(berkas) --opd $(opd) $(if $(profil),--profil $(profil)) $(if $(timpa),--timpa)

# Impor Renstra dari SIPD RI (berkas JSON tujuan, sasaran, program, kegiatan, sub kegiatan) ke data/opd/<opd>/:
#   make impor-sipd berkas="tujuan.json program.json" opd=dinkes [timpa=1]
.PHONY: impor-sipd
impor-sipd: $(STAMP)
	$(PY) -m cascade impor sipd $(berkas) --opd $(opd) $(if $(timpa),--timpa)

nama ?=
opd-baru: $(STAMP)
	$(PY) -m cascade opd-baru $(nama)

rules: $(STAMP)
	@$(PY) -m cascade daftar-aturan

test: $(STAMP)
	@scripts/ensure-system-tools dot soffice uno calc pdftotext chromium
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q

clean:
	rm -rf $(BUILD)

# Benchmark (README "Kinerja", docs/performance.md):
#   make bench-data n=40 sub=300 pejabat=30 seed=1 out=/tmp/cascade-bench   Pemda sintetis yang sah
#   make bench size=kecil|sedang|penuh      ukur, tulis bench/hasil.md (kecil) atau bench/hasil-<size>.md
n ?= 40
sub ?= 300
pejabat ?= 30
seed ?= 1
out ?= /tmp/cascade-bench
size ?= kecil

bench-data: $(STAMP)
	$(PY) -m bench.synth --opd $(n) --sub $(sub) --pejabat $(pejabat) --seed $(seed) --out $(out)

bench: $(STAMP) | doctor
	$(PY) -m bench --size $(size) --hasil bench/hasil$(if $(filter-out kecil,$(size)),-$(size)).md

# Golden files (docs/golden.md): every document as reviewable text in tests/golden/; after an intended change
.PHONY: golden
golden: $(STAMP) | doctor
	$(PY) tools/golden.py
