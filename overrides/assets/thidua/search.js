/* Site search over the Pagefind bundle built by the on_post_build hook (hooks/thidua/searchindex.py).
 * Loaded on every page by overrides/partials/search.html; nothing is fetched until the reader
 * opens the search, and everything comes from this site's own origin. */
(function () {
  "use strict";

  var script = document.currentScript;
  // The script sits at <site>/assets/thidua/search.js: the site root and the bundle follow from it,
  // so the search works at any depth, under any base path and in `mkdocs serve`.
  var siteRoot = new URL("../../", script.src);
  var bundleUrl = new URL("pagefind/pagefind.js", siteRoot);

  // Keep in sync with hooks/thidua/search.py (SENTINEL, STROKE, MAX_KEY).
  var SENTINEL = "zz";
  var MAX_KEY = 80;
  var PAGE = 10;
  var KEY_WORD = /\bzz[a-z0-9]*/g;

  var root = document.querySelector("[data-thidua-search]");
  if (!root) return;
  var toggle = document.getElementById("__search");
  var input = root.querySelector(".md-search__input");
  var form = root.querySelector("form");
  var meta = root.querySelector(".md-search-result__meta");
  var list = root.querySelector(".md-search-result__list");
  var more = root.querySelector("[data-thidua-more]");
  var filterBox = root.querySelector("[data-thidua-filters]");
  var selects = Array.prototype.slice.call(root.querySelectorAll("select[data-filter]"));

  var pagefind = null;
  var shown = [];
  var pending = [];
  var seq = 0;
  var timer = null;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  // The index spells đ as d + combining stroke; readers see the letter.
  function unstroke(text) {
    return (text || "").replace(/d\u0335/g, "đ").replace(/D\u0335/g, "Đ");
  }

  // Filter names are stored as the index spells them.
  function stroke(text) {
    return text.replace(/đ/g, "d\u0335").replace(/Đ/g, "D\u0335");
  }

  function phraseKey(query) {
    return (SENTINEL + fold(query).replace(/[^a-z0-9]+/g, "")).slice(0, MAX_KEY);
  }

  function load() {
    if (!pagefind) {
      pagefind = import(bundleUrl.href).then(function (pf) {
        return pf.options({
          baseUrl: siteRoot.pathname,
          // Whole-word matches over prefix matches ("vĩ" should not rank "viên" alongside it).
          ranking: { termSimilarity: 3.0, pageLength: 0.5 }
        }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  function currentFilters() {
    var filters = {};
    selects.forEach(function (select) {
      if (select.value) filters[stroke(select.dataset.filter)] = select.value;
    });
    return filters;
  }

  // When no indexed word starts with a search term, Pagefind falls back to the longest indexed
  // prefix of it ("zzthuynoidia" -> "zzthu"), and then every hit is such a fallback. So checking the
  // best hit tells whether the phrase pass found the phrase at all. Its fragment is needed for
  // display anyway.
  function verified(pass, key) {
    if (!pass.results.length) return pass;
    return pass.results[0].data().then(function (data) {
      var found = (" " + (data.content || "") + " ").indexOf(" " + key) !== -1;
      return found ? pass : { results: [] };
    });
  }

  // Two passes: the glued phrase key finds pages whose metadata (number, signer, title, issuer…)
  // holds the query as a whole; the plain query finds every page containing its words.
  function search(query) {
    var filters = currentFilters();
    var plain = query.normalize("NFC").replace(/đ/g, "d").replace(/Đ/g, "D");
    var key = phraseKey(query);
    return load().then(function (pf) {
      var phrase = key.length > SENTINEL.length
        ? pf.search(key, { filters: filters }) : Promise.resolve({ results: [] });
      return Promise.all([phrase.then(function (pass) { return verified(pass, key); }),
                          pf.search(plain, { filters: filters })]);
    }).then(function (passes) {
      var plainById = {};
      passes[1].results.forEach(function (result) { plainById[result.id] = result; });
      var seen = {};
      var merged = [];
      passes.forEach(function (pass) {
        pass.results.forEach(function (result) {
          if (seen[result.id]) return;
          seen[result.id] = true;
          // A phrase hit's own excerpt only shows the hidden keys: borrow the plain pass's.
          merged.push({ id: result.id, ranked: result, excerpt: plainById[result.id], phrase: pass === passes[0] });
        });
      });
      return merged;
    });
  }

  function highlight(element, text, terms) {
    var parts = unstroke(text).split(/(\s+)/);
    parts.forEach(function (part) {
      var bare = fold(part).replace(/[^a-z0-9]/g, "");
      var hit = bare && terms.some(function (term) { return bare.indexOf(term) === 0; });
      if (hit) {
        var mark = document.createElement("mark");
        mark.textContent = part;
        element.appendChild(mark);
      } else {
        element.appendChild(document.createTextNode(part));
      }
    });
  }

  // Pagefind's excerpt is HTML with <mark> around hits; the phrase keys are cut out of it.
  function excerptNode(html) {
    var holder = document.createElement("p");
    holder.className = "thidua-search__excerpt";
    var clean = unstroke(html).replace(/<mark>\s*zz[a-z0-9]*\s*<\/mark>/g, "").replace(KEY_WORD, "")
      .replace(/\s+/g, " ").trim();
    var template = document.createElement("template");
    template.innerHTML = clean;
    // Only text and <mark> survive, whatever the page contained.
    Array.prototype.forEach.call(template.content.childNodes, function (node) {
      if (node.nodeType === 3) holder.appendChild(document.createTextNode(node.textContent));
      else if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        holder.appendChild(mark);
      } else holder.appendChild(document.createTextNode(node.textContent));
    });
    return holder;
  }

  function render(data, terms) {
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = data.url;
    link.tabIndex = -1;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h1");
    highlight(title, (data.meta && data.meta.title) || data.url, terms);
    var info = document.createElement("p");
    info.className = "thidua-search__meta";
    var m = data.meta || {};
    [m.number, m.doc_type, m.issuer, m.date].forEach(function (value) {
      if (!value) return;
      var span = document.createElement("span");
      highlight(span, value, terms);
      info.appendChild(span);
    });
    article.appendChild(title);
    if (info.childNodes.length) article.appendChild(info);
    article.appendChild(excerptNode(data.excerpt || ""));
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  // Pagefind ranks words, not phrases. Among the first page of body-text hits, pages where the
  // query's words stand together ("thuỷ nội địa") move ahead of pages where they are scattered.
  // Costs no download: these fragments are loaded to display the page anyway.
  function rerankFirstPage(query) {
    var words = fold(query).split(/[^a-z0-9]+/).filter(Boolean);
    var head = pending.slice(0, PAGE);
    if (words.length < 2) return Promise.resolve();
    var phrase = " " + words.join(" ") + " ";
    return Promise.all(head.map(function (r) { return r.ranked.data(); })).then(function (datas) {
      var together = [], apart = [];
      head.forEach(function (r, i) {
        var text = " " + fold(datas[i].content || "").replace(/[^a-z0-9]+/g, " ") + " ";
        (r.phrase || text.indexOf(phrase) === -1 ? (r.phrase ? together : apart) : together).push(r);
      });
      // Metadata hits stay first, in Pagefind's order; then body phrase hits; then the rest.
      var meta = together.filter(function (r) { return r.phrase; });
      var body = together.filter(function (r) { return !r.phrase; });
      pending.splice.apply(pending, [0, head.length].concat(meta, body, apart));
    });
  }

  function showMore(terms, mySeq) {
    var batch = pending.splice(0, PAGE);
    return Promise.all(batch.map(function (r) {
      return Promise.all([r.ranked.data(), r.excerpt && r.excerpt !== r.ranked ? r.excerpt.data() : null])
        .then(function (pair) {
          if (pair[1]) pair[0] = Object.assign({}, pair[0], { excerpt: pair[1].excerpt });
          return pair[0];
        });
    })).then(function (datas) {
      if (mySeq !== seq) return;
      datas.forEach(function (data) { list.appendChild(render(data, terms)); });
      shown = shown.concat(datas);
      more.hidden = pending.length === 0;
    });
  }

  function run() {
    var query = input.value.trim();
    var mySeq = ++seq;
    if (!query) {
      list.textContent = "";
      meta.textContent = "Nhập từ khóa, số ký hiệu, người ký hoặc cơ quan ban hành";
      more.hidden = true;
      root.removeAttribute("data-thidua-state");
      return Promise.resolve();
    }
    root.setAttribute("data-thidua-state", "loading");
    var terms = fold(query).split(/[^a-z0-9]+/).filter(Boolean);
    return search(query).then(function (results) {
      if (mySeq !== seq) return;
      list.textContent = "";
      shown = [];
      pending = results.slice();
      return rerankFirstPage(query).then(function () { return results; });
    }).then(function (results) {
      if (mySeq !== seq) return;
      meta.textContent = results.length
        ? "Tìm thấy " + results.length + " kết quả"
        : "Không tìm thấy kết quả phù hợp";
      return showMore(terms, mySeq);
    }).then(function () {
      if (mySeq !== seq) return;
      // What the results on screen answer: lets tests (and assistive tools) wait for them.
      root.setAttribute("data-thidua-query", query);
      root.setAttribute("data-thidua-state", "done");
    }).catch(function (error) {
      if (mySeq !== seq) return;
      meta.textContent = "Không tải được chỉ mục tìm kiếm";
      root.setAttribute("data-thidua-state", "error");
      if (window.console) console.error(error);
    });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  }

  function loadFilters() {
    if (filterBox.dataset.loaded) return;
    filterBox.dataset.loaded = "1";
    load().then(function (pf) { return pf.filters(); }).then(function (facets) {
      selects.forEach(function (select) {
        var counts = facets[stroke(select.dataset.filter)] || {};
        var values = Object.keys(counts);
        values.sort(function (a, b) {
          // Years newest first; names in Vietnamese order.
          return select.dataset.filter === "Năm" ? b.localeCompare(a) : unstroke(a).localeCompare(unstroke(b), "vi");
        });
        values.forEach(function (value) {
          var option = document.createElement("option");
          option.value = value;
          option.textContent = unstroke(value) + " (" + counts[value] + ")";
          select.appendChild(option);
        });
      });
    });
  }

  function open() {
    if (toggle && !toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    input.focus();
    load();
  }

  function close() {
    if (toggle && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
    input.blur();
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link"));
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", schedule);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = links()[0];
    if (first) window.location.href = first.href;
  });
  form.addEventListener("reset", function () { setTimeout(function () { run(); input.focus(); }); });
  more.addEventListener("click", function () {
    showMore(fold(input.value).split(/[^a-z0-9]+/).filter(Boolean), seq);
  });
  filterBox.addEventListener("toggle", function () { if (filterBox.open) loadFilters(); });
  selects.forEach(function (select) { select.addEventListener("change", run); });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey &&
        (event.key === "/" || event.key === "s" || event.key === "f")) {
      event.preventDefault();
      open();
      return;
    }
    if (!toggle || !toggle.checked) return;
    if (event.key === "Escape") { close(); return; }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var all = links();
      if (!all.length) return;
      event.preventDefault();
      var index = all.indexOf(document.activeElement);
      if (event.key === "ArrowDown") index = Math.min(index + 1, all.length - 1);
      else index = index - 1;
      if (index < 0) input.focus(); else all[index].focus();
    }
  });

  if (toggle) {
    toggle.addEventListener("change", function () { if (toggle.checked) load(); });
  }
})();
