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
  var facetsUrl = new URL("pagefind/thidua-facets.json", siteRoot);
  var commonUrl = new URL("pagefind/thidua-common.json", siteRoot);
  var common = {};

  // Keep in sync with hooks/thidua/search.py (SENTINEL, STROKE, MAX_KEY).
  var SENTINEL = "zz";
  var MAX_KEY = 80;
  var PAGE = 10;
  // Hidden index words: phrase keys (zz…) and facet tokens (zf…).
  var KEY_WORD = /\bz[zf][a-z0-9]*/g;

  var root = document.querySelector("[data-thidua-search]");
  if (!root) return;
  var toggle = document.getElementById("__search");
  var input = root.querySelector(".md-search__input");
  var form = root.querySelector("form");
  var meta = root.querySelector(".md-search-result__meta");
  var list = root.querySelector(".md-search-result__list");
  var more = root.querySelector("[data-thidua-more]");
  var filterBox = root.querySelector("[data-thidua-filters]");
  var facetBox = root.querySelector("[data-thidua-facets]");
  var selects = [];  // one per facet, built by loadFilters()

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

  function phraseKey(query) {
    return (SENTINEL + fold(query).replace(/[^a-z0-9]+/g, "")).slice(0, MAX_KEY);
  }

  function load() {
    if (!pagefind) {
      var commonWords = fetch(commonUrl.href).then(function (response) { return response.json(); })
        .then(function (list) { list.forEach(function (word) { common[word] = true; }); })
        .catch(function () { /* without the list every word is searched: slower, not wrong */ });
      pagefind = Promise.all([import(bundleUrl.href), commonWords]).then(function (loaded) {
        var pf = loaded[0];
        return pf.options({
          baseUrl: siteRoot.pathname,
          // Whole-word matches over prefix matches ("vĩ" should not rank "viên" alongside it).
          ranking: { termSimilarity: 3.0, pageLength: 0.5 }
        }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  // A chosen facet value is a hidden word of the pages that have it (hooks/thidua/search.py,
  // facet_token): adding it to the query narrows the results, both passes alike.
  function currentFilters() {
    return selects.map(function (select) { return select.value; }).filter(Boolean).join(" ");
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

  // Two passes. The glued phrase key finds pages whose metadata (number, signer, title, issuer,
  // names in the text…) holds the query as a whole: one small index chunk, however large the site.
  // The plain query finds every page containing all its words, but common syllables ("văn", "thi",
  // "đua") have posting lists of megabytes at 10,000 decrees; so it runs only when the phrase pass
  // finds nothing, or when the reader asks for more.
  function phrasePass(query, filters) {
    var key = phraseKey(query);
    if (key.length <= SENTINEL.length) return Promise.resolve([]);
    return load().then(function (pf) { return pf.search((key + " " + filters).trim()); })
      .then(function (pass) { return verified(pass, key); })
      .then(function (pass) { return wrap(pass.results, true); });
  }

  // Common syllables (hooks/thidua/search.py, common_words) are left out when rarer words remain:
  // their posting lists are megabytes on a large site. rerankFirstPage() then puts pages holding
  // the whole phrase first.
  function plainPass(query, filters) {
    var all = query.normalize("NFC").replace(/đ/g, "d").replace(/Đ/g, "D").split(/\s+/).filter(Boolean);
    var rare = all.filter(function (word) { return !common[fold(word).replace(/[^a-z0-9]/g, "")]; });
    var plain = (rare.length ? rare : all).join(" ");
    return load().then(function (pf) { return pf.search((plain + " " + filters).trim()); })
      .then(function (pass) { return wrap(pass.results, false); });
  }

  // True when every word of the query is one of the site's very common syllables: its plain pass
  // would download their whole posting lists (megabytes at 10,000 decrees), so it waits for the
  // reader to ask. A small site has no common syllables and never waits.
  function onlyCommon(query) {
    var words = query.normalize("NFC").split(/\s+/)
      .map(function (word) { return fold(word).replace(/[^a-z0-9]/g, ""); }).filter(Boolean);
    return words.length > 0 && words.every(function (word) { return common[word]; });
  }

  function wrap(results, phrase) {
    return results.map(function (result) { return { id: result.id, ranked: result, phrase: phrase }; });
  }

  // Whole words match; only the last query word, still being typed, may match as a prefix
  // ("vi" marks "Vĩ", not "việc"; "huu lu" marks "Hữu Lũng").
  function matches(bare, terms) {
    return terms.some(function (term, i) {
      return bare === term || (i === terms.length - 1 && term.length >= 3 && bare.indexOf(term) === 0);
    });
  }

  // A printed word may hold several query words: "293/KH-STTTT" for "293 kh stttt".
  function wordMatches(word, terms) {
    var pieces = fold(word).split(/[^a-z0-9]+/).filter(Boolean);
    return pieces.length > 0 && (pieces.join("") === terms.join("") ||
      pieces.some(function (piece) { return matches(piece, terms); }));
  }

  function highlight(element, text, terms) {
    var parts = unstroke(text).split(/(\s+)/);
    parts.forEach(function (part) {
      var hit = wordMatches(part, terms);
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
    var clean = unstroke(html).replace(/<mark>\s*z[zf][a-z0-9]*\s*<\/mark>/g, "").replace(KEY_WORD, "")
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

  function localExcerpt(content, terms) {
    var words = unstroke(content).replace(KEY_WORD, "").split(/\s+/).filter(Boolean);
    var folded = words.map(function (w) { return fold(w).replace(/[^a-z0-9]/g, ""); });
    var at = -1;
    for (var i = 0; i < folded.length && at < 0; i++) {
      var all = terms.every(function (term, k) { return matches(folded[i + k] || "", [term]); });
      if (all) at = i;
    }
    for (var j = 0; j < words.length && at < 0; j++) {
      if (wordMatches(words[j], terms)) at = j;
    }
    var from = Math.max(0, at - 12);
    return (from > 0 ? "… " : "") + words.slice(from, from + 30).join(" ") + (from + 30 < words.length ? " …" : "");
  }

  function render(data, terms, phrase) {
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
    var excerpt = excerptNode(data.excerpt || "");
    if (phrase || !excerpt.textContent.trim()) {
      // Phrase hits match hidden keys, so Pagefind's excerpt shows no match: cut our own.
      excerpt.textContent = "";
      highlight(excerpt, localExcerpt(data.content || "", terms), terms);
    }
    article.appendChild(excerpt);
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
        (text.indexOf(phrase) !== -1 ? together : apart).push(r);
      });
      pending.splice.apply(pending, [0, head.length].concat(together, apart));
    });
  }

  var plainDone = false;
  var seen = {};

  function showMore(terms, mySeq) {
    var batch = pending.splice(0, PAGE);
    return Promise.all(batch.map(function (r) { return r.ranked.data(); })).then(function (datas) {
      if (mySeq !== seq) return;
      datas.forEach(function (data, i) { list.appendChild(render(data, terms, batch[i].phrase)); });
      shown = shown.concat(datas);
      more.hidden = pending.length === 0 && plainDone;
      more.textContent = pending.length ? "Xem thêm kết quả" : "Tìm thêm trong toàn văn các văn bản";
    });
  }

  function remember(results) {
    return results.filter(function (r) {
      if (seen[r.id]) return false;
      seen[r.id] = true;
      return true;
    });
  }

  function searchPlain(query, mySeq) {
    plainDone = true;
    return plainPass(query, currentFilters()).then(function (results) {
      if (mySeq !== seq) return 0;
      pending = pending.concat(remember(results));
      return rerankFirstPage(query).then(function () { return results.length; });
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
    list.textContent = "";
    shown = [];
    pending = [];
    seen = {};
    plainDone = false;
    return phrasePass(query, currentFilters()).then(function (results) {
      if (mySeq !== seq) return;
      if (results.length) {
        pending = remember(results);
        meta.textContent = results.length + " văn bản khớp số ký hiệu, người ký, trích yếu hoặc cơ quan ban hành";
        return showMore(terms, mySeq);
      }
      if (onlyCommon(query)) {
        meta.textContent = "Các từ này có trong rất nhiều văn bản: thêm từ, chọn bộ lọc, " +
          "hoặc tìm trong toàn văn (tải nhiều dữ liệu hơn).";
        more.textContent = "Tìm trong toàn văn các văn bản";
        more.hidden = false;
        return;
      }
      return searchPlain(query, mySeq).then(function (count) {
        if (mySeq !== seq) return;
        meta.textContent = count ? "Tìm thấy " + count + " kết quả" : "Không tìm thấy kết quả phù hợp";
        return showMore(terms, mySeq);
      });
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

  // A long value (a theme is a whole slogan) is cut in its option; the full text is its tooltip.
  var OPTION_MAX = 60;

  function optionLabel(value, count) {
    var text = value.length > OPTION_MAX ? value.slice(0, OPTION_MAX - 1).trim() + "…" : value;
    return text + " (" + count + ")";
  }

  // The filters, built from thidua-facets.json (hooks/thidua/search.py, facet_list): one <select>
  // per facet, in FACETS order, labelled with the facet's name. Nothing else declares them.
  function loadFilters() {
    if (filterBox.dataset.loaded) return;
    filterBox.dataset.loaded = "1";
    fetch(facetsUrl.href).then(function (response) { return response.json(); }).then(function (facets) {
      facets.forEach(function (facet) {
        if (!facet.values.length) return;
        var select = document.createElement("select");
        select.dataset.filter = facet.name;
        select.setAttribute("aria-label", facet.name);
        var all = document.createElement("option");
        all.value = "";
        all.textContent = facet.name + ": tất cả";
        select.appendChild(all);
        facet.values.forEach(function (item) {
          var option = document.createElement("option");
          option.value = item.token;
          option.textContent = optionLabel(item.value, item.count);
          if (item.value.length > OPTION_MAX) option.title = item.value;
          select.appendChild(option);
        });
        select.addEventListener("change", run);
        facetBox.appendChild(select);
        selects.push(select);
      });
      filterBox.dataset.ready = "1";
    }).catch(function (error) {
      delete filterBox.dataset.loaded;  // tried again the next time the reader opens the filters
      if (window.console) console.error(error);
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
    var query = input.value.trim();
    var terms = fold(query).split(/[^a-z0-9]+/).filter(Boolean);
    var mySeq = seq;
    root.setAttribute("data-thidua-state", "loading");
    var ready = pending.length || plainDone ? Promise.resolve() : searchPlain(query, mySeq).then(function (count) {
      if (mySeq === seq && !shown.length) {
        meta.textContent = count ? "Tìm thấy " + count + " kết quả" : "Không tìm thấy kết quả phù hợp";
      }
    });
    ready.then(function () {
      if (mySeq !== seq) return;
      return showMore(terms, mySeq);
    }).then(function () {
      if (mySeq === seq) root.setAttribute("data-thidua-state", "done");
    });
  });
  filterBox.addEventListener("toggle", function () { if (filterBox.open) loadFilters(); });

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
    // The header's magnifier (a label for the toggle) opens the search: the reader types at once,
    // as with Material's own search.
    toggle.addEventListener("change", function () {
      if (!toggle.checked) return;
      load();
      if (document.activeElement !== input) input.focus();
    });
  }
})();
