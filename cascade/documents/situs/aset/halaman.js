(function () {
  "use strict";
  // Data comes only from the JSON block; text reaches the page only through textContent.
  var sumber = document.getElementById("data-halaman");
  var data = sumber ? JSON.parse(sumber.textContent) : {};
  var simpul = data.simpul || {};
  // the boxes that are not the page's own nodes (RPJMD, another OPD's crosscutting): same fields
  Object.keys(data.konteks || {}).forEach(function (k) { simpul[k] = data.konteks[k]; });
  var KUNCI = "cascade-tampilan:" + location.pathname;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  // ---- zoom and pan: the SVG's viewBox is the view ----
  function Kanvas(wadah) {
    var svg = wadah.querySelector("svg");
    if (!svg) { return null; }
    var awal = svg.viewBox.baseVal;
    var asal = { x: awal.x, y: awal.y, w: awal.width, h: awal.height };
    var v = { x: asal.x, y: asal.y, w: asal.w, h: asal.h };
    function tulis() { svg.setAttribute("viewBox", [v.x, v.y, v.w, v.h].join(" ")); }
    function skala() { var r = svg.getBoundingClientRect(); return Math.max(v.w / (r.width || 1), v.h / (r.height || 1)); }
    function zoom(f, cx, cy) {
      var nw = v.w / f;
      if (nw < asal.w / 40 || nw > asal.w * 4) { return; }
      var r = svg.getBoundingClientRect();
      var px = cx === undefined ? 0.5 : (cx - r.left) / (r.width || 1);
      var py = cy === undefined ? 0.5 : (cy - r.top) / (r.height || 1);
      var s = skala();
      // the point under the cursor stays where it is (preserveAspectRatio centres the content)
      var gx = v.x + (px * r.width * s) - (r.width * s - v.w) / 2;
      var gy = v.y + (py * r.height * s) - (r.height * s - v.h) / 2;
      v.x = gx - (gx - v.x) / f; v.y = gy - (gy - v.y) / f; v.w = nw; v.h = v.h / f;
      tulis();
    }
    function geser(dx, dy) { var s = skala(); v.x -= dx * s; v.y -= dy * s; tulis(); }
    function pas() { v.x = asal.x; v.y = asal.y; v.w = asal.w; v.h = asal.h; tulis(); }
    // graph coordinates: Graphviz puts the drawing in a <g transform="translate(..)">, getBBox is local
    var akar = svg.querySelector("g.graph");
    var geserAkar = { x: 0, y: 0 };
    if (akar && akar.transform && akar.transform.baseVal.numberOfItems) {
      var t = akar.transform.baseVal.consolidate();
      if (t) { geserAkar.x = t.matrix.e; geserAkar.y = t.matrix.f; }
    }
    mulaiTerbaca();
    function pusatkanKotak(g) {
      var b = g.getBBox();
      b = { x: b.x + geserAkar.x, y: b.y + geserAkar.y, width: b.width, height: b.height };
      var dalam = b.x >= v.x && b.y >= v.y && b.x + b.width <= v.x + v.w && b.y + b.height <= v.y + v.h;
      if (dalam) { return; }
      var rasio = v.h / v.w;
      var w = Math.max(v.w, b.width * 1.2);
      v.w = w; v.h = w * rasio;
      v.x = b.x + b.width / 2 - v.w / 2; v.y = b.y + b.height / 2 - v.h / 2; tulis();
    }

    // The first view: the whole tree ("Pas layar") when its text stays readable at that size, else
    // the root (the topmost box of the leftmost column, the tree's start) at a readable scale, at the
    // left edge: never a stretch of empty drawing or a lone edge. Text is 9 pt, 12 drawing units:
    // TERBACA units per pixel keeps it at 9.6 px or more.
    function mulaiTerbaca() {
      var r = svg.getBoundingClientRect(), TERBACA = 1.25;
      if (!r.width || !r.height) { return; }
      if (Math.max(asal.w / r.width, asal.h / r.height) <= TERBACA) {
        // the whole tree shows: a wide, low one gets a lower frame, not a band of white above and below
        var tinggi = asal.h / Math.max(asal.w / r.width, asal.h / r.height) + 24;
        if (tinggi < r.height * 0.75) { wadah.style.height = Math.max(tinggi, 320) + "px"; }
        return;
      }
      var s0 = r.width < 600 ? 1 : 0.8;  // a phone shows a little more at once
      v.w = r.width * s0; v.h = r.height * s0; v.x = asal.x; v.y = asal.y;
      // the tree starts at its left column (left to right) or its top row (top down); a column's
      // boxes share their centre (Graphviz centres each rank), not their edge
      var mendatar = svg.getAttribute("data-arah") !== "atas-bawah";
      var akar = null, pangkat = Infinity;
      // among the boxes one can open (a title or a legend drawn as a box is not where a tree starts)
      var semua = svg.querySelectorAll("g.kotak");
      Array.prototype.forEach.call(semua.length ? semua : svg.querySelectorAll("g.node"), function (g) {
        var b = g.getBBox();
        var c = mendatar ? b.x + b.width / 2 : b.y + b.height / 2, urut = mendatar ? b.y : b.x;
        if (!akar || c < pangkat - 2 || (Math.abs(c - pangkat) <= 2 && urut < (mendatar ? akar.y : akar.x))) {
          akar = b; pangkat = Math.min(pangkat, c);
        }
      });
      if (akar) {
        // across the ranks: centred on the root, kept inside the drawing
        if (mendatar) {
          var tengah = akar.y + geserAkar.y + akar.height / 2;
          v.y = Math.min(Math.max(asal.y, tengah - v.h / 2), Math.max(asal.y, asal.y + asal.h - v.h));
        } else {
          // as near the drawing's left edge (its title and legend) as keeps the root whole in view
          var kiri = akar.x + geserAkar.x, tepi = 24 * v.w / r.width;
          v.x = Math.max(asal.x, Math.min(kiri - tepi, kiri + akar.width + tepi - v.w));
        }
      }
      tulis();
    }

    // the wheel zooms once the reader works in the drawing (clicked or focused it) or holds Ctrl
    // (a touchpad pinch); before that it scrolls the page as everywhere else
    var aktif = false;
    wadah.addEventListener("focusin", function () { aktif = true; });
    wadah.addEventListener("wheel", function (e) {
      if (!aktif && !e.ctrlKey) { return; }
      e.preventDefault();
      zoom(e.deltaY < 0 ? 1.2 : 1 / 1.2, e.clientX, e.clientY);
    }, { passive: false });

    var jari = {}, mulai = null, jarak = 0, bergeser = false;
    wadah.addEventListener("pointerdown", function (e) {
      aktif = true;
      jari[e.pointerId] = { x: e.clientX, y: e.clientY };
      mulai = { x: e.clientX, y: e.clientY }; bergeser = false;
      var ids = Object.keys(jari);
      if (ids.length === 2) { jarak = Math.hypot(jari[ids[0]].x - jari[ids[1]].x, jari[ids[0]].y - jari[ids[1]].y); }
    });
    wadah.addEventListener("pointermove", function (e) {
      var lama = jari[e.pointerId];
      if (!lama) { return; }
      var ids = Object.keys(jari);
      if (ids.length === 1) {
        if (!bergeser && Math.hypot(e.clientX - mulai.x, e.clientY - mulai.y) > 5) {
          bergeser = true; wadah.classList.add("seret");
          try { wadah.setPointerCapture(e.pointerId); } catch (err) { /* pointer already gone */ }
        }
        if (bergeser) { geser(e.clientX - lama.x, e.clientY - lama.y); }
      } else if (ids.length === 2) {
        jari[e.pointerId] = { x: e.clientX, y: e.clientY };
        var a = jari[ids[0]], b = jari[ids[1]];
        var baru = Math.hypot(a.x - b.x, a.y - b.y);
        if (jarak > 0 && baru > 0) { zoom(baru / jarak, (a.x + b.x) / 2, (a.y + b.y) / 2); }
        jarak = baru; bergeser = true;
        return;
      }
      jari[e.pointerId] = { x: e.clientX, y: e.clientY };
    });
    function lepas(e) {
      delete jari[e.pointerId];
      if (!Object.keys(jari).length) { wadah.classList.remove("seret"); }
    }
    wadah.addEventListener("pointerup", lepas);
    wadah.addEventListener("pointercancel", lepas);
    wadah.addEventListener("click", function (e) { if (bergeser) { e.stopPropagation(); e.preventDefault(); bergeser = false; } }, true);

    wadah.addEventListener("keydown", function (e) {
      var langkah = 60, ditangani = true;
      if (e.key === "ArrowLeft") { geser(langkah, 0); }
      else if (e.key === "ArrowRight") { geser(-langkah, 0); }
      else if (e.key === "ArrowUp") { geser(0, langkah); }
      else if (e.key === "ArrowDown") { geser(0, -langkah); }
      else if (e.key === "+" || e.key === "=") { zoom(1.2); }
      else if (e.key === "-" || e.key === "_") { zoom(1 / 1.2); }
      else if (e.key === "0") { pas(); }
      else { ditangani = false; }
      if (ditangani) { e.preventDefault(); }
    });
    return {
      zoom: zoom, pas: pas, pusatkan: pusatkanKotak,
      simpan: function () { return { x: v.x, y: v.y, w: v.w, h: v.h }; },
      pulihkan: function (s) { if (s && s.w > 0) { v.x = s.x; v.y = s.y; v.w = s.w; v.h = s.h; tulis(); } }
    };
  }

  var wadah = document.querySelector(".kanvas");
  var kanvas = wadah ? Kanvas(wadah) : null;
  var kotak = wadah ? Array.prototype.slice.call(wadah.querySelectorAll("g.kotak")) : [];
  var perKode = {};
  function kunci(g) { return g.getAttribute("data-node") || g.getAttribute("data-konteks"); }
  kotak.forEach(function (g) { perKode[kunci(g)] = g; });
  // the box that shows a node: its own, or (a folded tree) the kegiatan box holding that sub kegiatan
  function kotakUntuk(id) { return perKode[id] || (simpul[id] && perKode[simpul[id].wakil]) || null; }

  // ---- details panel ----
  var panel = document.getElementById("rincian");
  var isi = document.getElementById("rincian-isi");
  var terpilih = null;

  function tabel(kepala, baris) {
    var t = el("table"), th = el("thead"), tr = el("tr");
    kepala.forEach(function (k) { var c = el("th", k); c.scope = "col"; tr.appendChild(c); });
    th.appendChild(tr); t.appendChild(th);
    var tb = el("tbody");
    baris.forEach(function (r) {
      var tr2 = el("tr");
      r.forEach(function (v, i) { tr2.appendChild(el("td", v, i > 0 ? "angka" : "")); });
      tb.appendChild(tr2);
    });
    t.appendChild(tb);
    var w = el("div", null, "gulir"); w.appendChild(t);
    return w;
  }

  function tampilkan(id) {
    var d = simpul[id];
    if (!d || !panel) { return; }
    if (terpilih) { terpilih.classList.remove("pilih"); }
    terpilih = kotakUntuk(id);
    if (terpilih) { terpilih.classList.add("pilih"); }
    while (isi.firstChild) { isi.removeChild(isi.firstChild); }
    document.getElementById("rincian-judul").textContent = (d.kode ? d.kode + " " : "") + d.judul;
    isi.appendChild(el("p", d.tingkat, "tingkat"));
    if (d.uraian) { isi.appendChild(el("p", d.uraian)); }
    if (d.bagian_dari) { isi.appendChild(el("p", "Terhubung dengan " + d.bagian_dari, "tingkat")); }
    if (d.wakil && simpul[d.wakil]) {
      var naik = el("button", "Kembali ke kegiatan " + ((simpul[d.wakil].kode ? simpul[d.wakil].kode + " " : "") + simpul[d.wakil].judul), "tautan-tombol");
      naik.type = "button"; naik.setAttribute("data-buka-simpul", d.wakil);
      isi.appendChild(naik);
    }
    if (!d.konteks || d.jabatan) {
      var pj = el("p");
      pj.appendChild(el("strong", "Penanggung jawab: "));
      pj.appendChild(document.createTextNode((d.jabatan || "-") + (d.pemangku ? " (" + d.pemangku + ")" : "")));
      isi.appendChild(pj);
    }
    if (d.anak && d.anak.length) {
      isi.appendChild(el("h4", "Sub kegiatan (" + d.anak.length + ")"));
      var ul4 = el("ul", null, "anak");
      d.anak.forEach(function (a) {
        var s = simpul[a];
        if (!s) { return; }
        var li = el("li"), b = el("button", (s.kode ? s.kode + " " : "") + s.judul, "tautan-tombol");
        b.type = "button"; b.setAttribute("data-buka-simpul", a);
        li.appendChild(b);
        var pagu = (s.pagu || []).filter(function (p) { return String(p.tahun) === String(data.tahun); })[0];
        if (pagu && pagu.nilai !== null) { li.appendChild(el("span", " · pagu " + data.tahun + ": " + pagu.teks, "catatan")); }
        ul4.appendChild(li);
      });
      isi.appendChild(ul4);
    }
    if (d.capaian) {
      var c = d.capaian;
      isi.appendChild(el("h4", "Capaian tahun " + c.tahun + (c.sampai_triwulan ? " (s.d. triwulan " + ["", "I", "II", "III", "IV"][c.sampai_triwulan] + ")" : "") +
        // no capaian yet: the category ("Belum ada data") says it once
        ": " + (c.persen.indexOf("belum") === 0 ? c.kategori : c.persen + "%, " + c.kategori)));
      if (c.indikator.length) {
        isi.appendChild(tabel(["Indikator", "Target", "Realisasi", "Capaian (%)", "Kategori"], c.indikator.map(function (i) {
          return [i.nama, i.target, i.realisasi, i.persen, i.kategori];
        })));
      }
      isi.appendChild(tabel(["Anggaran", "Nilai"], [["Pagu", c.anggaran.pagu], ["Realisasi", c.anggaran.realisasi],
        ["Rasio (%)", c.anggaran.rasio]]));
    }
    d.indikator.forEach(function (ind) {
      isi.appendChild(el("h4", "Indikator: " + ind.nama));
      var baris = [["Kondisi awal" + (ind.baseline.tahun ? " (" + ind.baseline.tahun + ")" : ""), ind.baseline.teks]];
      ind.target.forEach(function (t) { baris.push(["Target " + t.tahun, t.teks]); });
      baris.push(["Kondisi akhir", ind.akhir]);
      isi.appendChild(tabel(["Tahun", "Nilai"], baris));
    });
    if (d.pagu.length) {
      isi.appendChild(el("h4", "Pagu indikatif"));
      // DPA and APBD Perubahan columns only where the data records them
      var kolom = [["dpa", "DPA"], ["perubahan", "APBD-P"]].filter(function (k) {
        return d.pagu.some(function (p) { return p[k[0]]; });
      });
      isi.appendChild(tabel(["Tahun", "Pagu"].concat(kolom.map(function (k) { return k[1]; })), d.pagu.map(function (p) {
        return [String(p.tahun), p.teks].concat(kolom.map(function (k) { return p[k[0]] || "-"; }));
      })));
    }
    [["Crosscutting diberikan kepada", d.diberikan], ["Crosscutting diterima dari", d.diterima]].forEach(function (pair) {
      if (!pair[1].length) { return; }
      isi.appendChild(el("h4", pair[0]));
      var ul = el("ul");
      pair[1].forEach(function (x) {
        var teks = x.opd + (x.judul ? ": " + x.judul : "") + (x.keterangan ? " — " + x.keterangan : "") + (x.status ? " (" + x.status + ")" : "");
        ul.appendChild(el("li", teks));
      });
      isi.appendChild(ul);
    });
    if (d.sasaran && d.sasaran.length) {
      isi.appendChild(el("h4", "Sasaran"));
      var ul3 = el("ul");
      d.sasaran.forEach(function (x) { ul3.appendChild(el("li", x)); });
      isi.appendChild(ul3);
    }
    if (d.tautan && /^[^:]*$/.test(d.tautan.href.split("/")[0])) {
      var pt = el("p"), a = el("a", d.tautan.label);
      a.setAttribute("href", d.tautan.href);
      pt.appendChild(a);
      isi.appendChild(pt);
    }
    if (d.temuan.length) {
      isi.appendChild(el("h4", "Temuan (" + d.temuan.length + ")"));
      var ul2 = el("ul");
      d.temuan.forEach(function (t) {
        var li = el("li");
        li.appendChild(el("code", t.lokasi));
        li.appendChild(document.createTextNode(" " + t.tingkat + " " + t.kode + ": " + t.pesan + (t.saran ? " (saran: " + t.saran + ")" : "")));
        ul2.appendChild(li);
      });
      isi.appendChild(ul2);
    }
    panel.hidden = false;
    panel.parentNode.classList.add("terbuka");
    panel.setAttribute("data-node", id);
  }

  function tutup() {
    if (!panel) { return; }
    panel.hidden = true;
    panel.parentNode.classList.remove("terbuka");
    panel.removeAttribute("data-node");
    var kembali = terpilih;
    if (terpilih) { terpilih.classList.remove("pilih"); terpilih = null; }
    if (kembali) { kembali.focus(); }
  }

  kotak.forEach(function (g) {
    g.addEventListener("click", function () { tampilkan(kunci(g)); });
    g.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault(); e.stopPropagation();
        tampilkan(kunci(g));
        document.getElementById("rincian-judul").focus();
      }
    });
    g.addEventListener("focus", function () { if (kanvas) { kanvas.pusatkan(g); } });
  });
  if (panel) {
    panel.addEventListener("keydown", function (e) { if (e.key === "Escape") { tutup(); } });
  }

  // ---- search by text or code ----
  var cari = document.getElementById("cari");
  var hasil = document.getElementById("hasil-cari");
  var cocok = [], ke = -1;
  function teksSimpul(id) {
    var d = simpul[id];
    if (!d) { return ""; }
    var bagian = [d.kode, d.judul, d.uraian, d.tingkat, d.jabatan, d.pemangku];
    d.indikator.forEach(function (i) { bagian.push(i.nama); });
    return bagian.join(" ").toLowerCase();
  }
  // every node's text, folded sub kegiatan included: a match there marks its kegiatan's box
  var indeks = {};
  Object.keys(simpul).forEach(function (id) { if (kotakUntuk(id)) { indeks[id] = teksSimpul(id); } });
  function saring() {
    var q = (cari.value || "").trim().toLowerCase();
    var kena = [];
    cocok = [];
    ke = -1;
    Object.keys(indeks).forEach(function (id) {
      if (q !== "" && indeks[id].indexOf(q) !== -1) { kena.push(kotakUntuk(id)); }
    });
    kotak.forEach(function (g) {
      var ya = kena.indexOf(g) !== -1;
      g.classList.toggle("cocok", ya);
      if (ya) { cocok.push(g); }
    });
    wadah.classList.toggle("mencari", q !== "");
    hasil.textContent = q === "" ? "" : (cocok.length ? cocok.length + " kotak cocok" : "Tidak ada kotak yang cocok");
  }
  function loncat(arah) {
    if (!cocok.length) { return; }
    ke = (ke + arah + cocok.length) % cocok.length;
    var g = cocok[ke];
    if (kanvas) { kanvas.pusatkan(g); }
    hasil.textContent = (ke + 1) + " dari " + cocok.length + " kotak cocok";
    g.focus();
  }
  if (cari && wadah) {
    cari.addEventListener("input", saring);
    cari.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); loncat(e.shiftKey ? -1 : 1); }
      else if (e.key === "Escape") { cari.value = ""; saring(); }
    });
  }

  document.addEventListener("click", function (e) {
    var lain = e.target.closest ? e.target.closest("button[data-buka-simpul]") : null;
    if (lain && simpul[lain.getAttribute("data-buka-simpul")]) {
      // a sub kegiatan listed in its kegiatan's details, or back to the kegiatan
      var ke2 = lain.getAttribute("data-buka-simpul");
      tampilkan(ke2);
      if (kanvas && kotakUntuk(ke2)) { kanvas.pusatkan(kotakUntuk(ke2)); }
      document.getElementById("rincian-judul").focus();
      return;
    }
    var buka = e.target.closest ? e.target.closest("a[data-buka]") : null;
    if (buka && simpul[buka.getAttribute("data-buka")]) {
      // an error in the banner: open the box it is about, in view
      e.preventDefault();
      var id = buka.getAttribute("data-buka");
      if (wadah) { wadah.scrollIntoView(); }
      if (kanvas && kotakUntuk(id)) { kanvas.pusatkan(kotakUntuk(id)); }
      tampilkan(id);
      document.getElementById("rincian-judul").focus();
      return;
    }
    var b = e.target.closest ? e.target.closest("button[data-aksi]") : null;
    if (!b) { return; }
    var aksi = b.getAttribute("data-aksi");
    if (aksi === "perbesar" && kanvas) { kanvas.zoom(1.25); }
    else if (aksi === "perkecil" && kanvas) { kanvas.zoom(1 / 1.25); }
    else if (aksi === "pas" && kanvas) { kanvas.pas(); }
    else if (aksi === "tutup") { tutup(); }
    else if (aksi === "berikutnya") { loncat(1); }
    else if (aksi === "sebelumnya") { loncat(-1); }
  });

  // ---- printing: the whole tree and every PK lampiran on paper, then the reader's view back ----
  var sebelumCetak = null, ditutup = [];
  window.addEventListener("beforeprint", function () {
    sebelumCetak = kanvas ? kanvas.simpan() : null;
    if (kanvas) { kanvas.pas(); }
    ditutup = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) { return !d.open; });
    ditutup.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    if (kanvas && sebelumCetak) { kanvas.pulihkan(sebelumCetak); }
    ditutup.forEach(function (d) { d.open = false; });
    ditutup = [];
  });

  // ---- an address naming a box (another page's link, `#kotak-N`): open it, in view ----
  var jangkar = {};
  Object.keys(simpul).forEach(function (id) { if (simpul[id].jangkar) { jangkar[simpul[id].jangkar] = id; } });
  function bukaAlamat() {
    var nama = decodeURIComponent(location.hash.slice(1));
    var g = nama ? document.getElementById(nama) : null;
    var id = jangkar[nama] || (g && g.classList && g.classList.contains("kotak") ? kunci(g) : null);
    if (!id || !simpul[id] || !wadah) { return; }
    wadah.scrollIntoView();
    if (kanvas && kotakUntuk(id)) { kanvas.pusatkan(kotakUntuk(id)); }
    tampilkan(id);
  }
  window.addEventListener("hashchange", bukaAlamat);

  // ---- live preview: reload on the server's event, keeping the view ----
  var dipulihkan = false;
  try {
    var simpanan = JSON.parse(sessionStorage.getItem(KUNCI) || "null");
    if (simpanan) {
      dipulihkan = true;
      sessionStorage.removeItem(KUNCI);
      if (kanvas) { kanvas.pulihkan(simpanan.view); }
      if (simpanan.node && simpul[simpanan.node]) { tampilkan(simpanan.node); }
      if (cari && simpanan.cari) { cari.value = simpanan.cari; saring(); }
      window.scrollTo(0, simpanan.gulir || 0);
    }
  } catch (err) { /* storage unavailable: start fresh */ }
  if (!dipulihkan) { bukaAlamat(); }
  if (data.langsung && window.EventSource) {
    var versi = document.querySelector('meta[name="cascade-versi"]');
    var aliran = new EventSource(data.jalur + "?versi=" + encodeURIComponent(versi ? versi.content : "0"));
    var muatUlang = function () {
      try {
        sessionStorage.setItem(KUNCI, JSON.stringify({
          view: kanvas ? kanvas.simpan() : null, node: panel && !panel.hidden ? panel.getAttribute("data-node") : null,
          cari: cari ? cari.value : "", gulir: window.scrollY
        }));
      } catch (err) { /* reload anyway */ }
      aliran.close();
      location.reload();
    };
    aliran.addEventListener("ubah", muatUlang);
    aliran.onmessage = muatUlang;
  }
}());
