/* Site search over the Pagefind bundle built by the on_post_build hook (hooks/thidua/searchindex.py).
 * Loaded on every page by overrides/partials/search.html; nothing is fetched until the reader
 * opens the search, and everything comes from this site's own origin.
 *
 * One result list in two parts:
 * 1. metadata hits: pages whose number, signer, title, issuer, theme, names… hold the query as a
 *    whole (one glued "phrase key", one small index chunk however large the site). Listings and
 *    the site's own pages are found only by their names (overrides/partials/search_page_keys.html).
 * 2. full-text hits: decrees whose text holds the query's words, loaded right after the first part
 *    is drawn and appended below it, those where the words stand together and in order first.
 * The search box is a WAI-ARIA combobox: the input owns a listbox of result options. */
(function () {
  "use strict";

  var script = document.currentScript;
  // The script sits at <site>/assets/thidua/search.js: the site root and the bundle follow from it,
  // so the search works at any depth, under any base path and in `mkdocs serve`.
  var siteRoot = new URL("../../", script.src);
  var bundleUrl = new URL("pagefind/pagefind.js", siteRoot);
  var facetsUrl = new URL("pagefind/thidua-facets.json", siteRoot);
  var commonUrl = new URL("pagefind/thidua-common.json", siteRoot);
  // The index is one Pagefind bundle per year of decrees beside the site's own (listed here by
  // hooks/thidua/searchindex.py), merged into one search: an edit rebuilds one year's bundle only.
  var shardsUrl = new URL("pagefind/thidua-shards.json", siteRoot);
  var common = {};
  // Whole-word matches over prefix matches ("vĩ" should not rank "viên" alongside it). Every
  // merged bundle takes the same options: Pagefind's options() sets the first one's only.
  var OPTIONS = {
    baseUrl: siteRoot.pathname,
    ranking: { termSimilarity: 3.0, pageLength: 0.5 }
  };
  // Every page carries its shard's name as a Pagefind filter the browser adds (mergeFilter), so
  // one shard can be searched at a time: see searchShards().
  var SHARD_FILTER = "thidua-shard";
  var shards = [{ name: "site", pages: 1 }];  // thidua-shards.json: the first is pagefind/ itself

  // Keep in sync with hooks/thidua/search.py (SENTINEL, STROKE, MAX_KEY, FACET_PREFIX).
  var SENTINEL = "zz";
  var MAX_KEY = 80;
  var PAGE = 10;
  var SECTION = "trang-thong-tin-dien-tu/";
  // Hidden index words: phrase keys (zz…) and facet tokens (zf…).
  var KEY_WORD = /\bz[zf][a-z0-9]*/g;
  var FACET_WORD = /\bzf[a-z0-9]+/g;
  // Filter counts load the fragments of at most this many results.
  var COUNT_MAX = 60;

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
  var seq = 0;
  var timer = null;
  var current = null;  // the query on screen: see run()
  var active = -1;  // index of the option named by aria-activedescendant
  var returnFocus = null;  // what had focus before the search opened
  var quietFocus = false;  // focus moved back to the box by close(): do not reopen

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  function foldedWords(text) {
    return fold(text).split(/[^a-z0-9]+/).filter(Boolean);
  }

  // The index spells đ as d + combining stroke; readers see the letter.
  function unstroke(text) {
    return (text || "").replace(/d\u0335/g, "đ").replace(/D\u0335/g, "Đ");
  }

  function phraseKey(words) {
    return (SENTINEL + words.join("")).slice(0, MAX_KEY);
  }

  function sectionPath(url) {
    var at = (url || "").indexOf(SECTION);
    return at === -1 ? url : url.slice(at + SECTION.length);
  }

  function load() {
    if (!pagefind) {
      var commonWords = fetch(commonUrl.href).then(function (response) { return response.json(); })
        .then(function (words) {
          // {word: bytes its lookup downloads} (hooks/thidua/searchindex.py; a bare list from
          // older builds: every word alike).
          if (Array.isArray(words)) words.forEach(function (word) { common[word] = 1; });
          else common = words || {};
        })
        .catch(function () { /* without the list every word is searched: slower, not wrong */ });
      var shardList = fetch(shardsUrl.href).then(function (response) {
        if (!response.ok) throw new Error("thidua-shards.json: " + response.status);
        return response.json();
      });
      pagefind = Promise.all([import(bundleUrl.href), commonWords, shardList]).then(function (loaded) {
        var pf = loaded[0];
        shards = loaded[2];
        return pf.options(withShard(shards[0].name)).then(function () {
          return Promise.all(shards.slice(1).map(function (shard) {
            return pf.mergeIndex(new URL("pagefind/" + shard.name + "/", siteRoot).pathname, withShard(shard.name));
          }));
        }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  function withShard(name) {
    var filter = {};
    filter[SHARD_FILTER] = name;
    return { baseUrl: OPTIONS.baseUrl, ranking: OPTIONS.ranking, mergeFilter: filter };
  }

  // When no indexed word starts with a search term, Pagefind falls back to the longest indexed
  // prefix of it ("zzthuynoidia" -> "zzthu"), and then every hit is such a fallback. Each shard
  // falls back on its own, so a merged search would mix one year's true hits with another's
  // fallbacks: each shard is searched alone (its chunks are fetched once all the same), and a
  // shard whose best hit fails `holds` (its fragment) gives nothing. Hits come back by score, ties
  // in shard order, as Pagefind merges them.
  //
  // A score is BM25: the term's rarity within its shard (IDF) times its weight on the page. A name
  // on one page of a small year is "rarer" there than on one page of a large year, which would
  // rank years against each other rather than pages. With `oneTerm` (a phrase key: one word),
  // each score is divided by its shard's IDF of the term, from the shard's page count and hits,
  // so pages compare by their weights alone, as in one index.
  function searchShards(term, holds, oneTerm) {
    return load().then(function (pf) {
      return Promise.all(shards.map(function (shard) {
        var filters = {};
        filters[SHARD_FILTER] = shard.name;
        return pf.search(term, { filters: filters }).then(function (pass) {
          var results = wrap(pass.results, false);
          if (!results.length) return results;
          var n = results.length, total = Math.max(shard.pages, n);
          var idf = oneTerm ? Math.log(1 + (total - n + 0.5) / (n + 0.5)) : 1;
          results.forEach(function (r) { r.score = r.ranked.score / (idf || 1); });
          return data(results[0]).then(function (first) { return holds(first) ? results : []; });
        });
      }));
    }).then(function (lists) {
      var all = [];
      lists.forEach(function (list) { all = all.concat(list); });
      return all.sort(function (a, b) { return b.score - a.score; });
    });
  }

  // The page's text holds every word of `words` (folded), each in full or as the start of a word,
  // and every facet token of `filters` as a whole word.
  function holdsWords(page, words, filters) {
    var content = page.content || "";
    var tokens = content.match(FACET_WORD) || [];
    if (!filters.split(/\s+/).filter(Boolean).every(function (token) { return tokens.indexOf(token) !== -1; })) return false;
    if (!words.length) return true;
    var have = foldedWords(unstroke(content));
    return words.every(function (word) {
      return have.some(function (w) { return w.indexOf(word) === 0; });
    });
  }

  // A chosen facet value is a hidden word of the pages that have it (hooks/thidua/search.py,
  // facet_token): adding it to the query narrows the results, both parts alike.
  function currentFilters() {
    return selects.map(function (select) { return select.value; }).filter(Boolean).join(" ");
  }

  // "…" or “…” around the whole query: an exact phrase.
  function parse(raw) {
    var text = raw.trim();
    var quoted = /^["“”„].*["“”]$/.test(text) && text.length > 2;
    if (quoted) text = text.slice(1, -1).trim();
    var typed = text.normalize("NFC").split(/[^\p{L}\p{N}]+/u).filter(function (word) {
      return /[^\x00-\x7f]/.test(word);
    });
    return { raw: raw.trim(), text: text, words: foldedWords(text), quoted: quoted,
             exact: typed.map(toneKey) };
  }

  // A word as written, up to case and tone placement ("hoá" = "hóa", "thuỷ" = "thủy"), so a word
  // typed with its marks matches only itself: "văn" is not "vận".
  var TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
  function toneKey(word) {
    var bare = word.toLowerCase().normalize("NFD");
    return bare.replace(TONES, "") + "|" + (bare.match(TONES) || []).join("");
  }

  function data(result) {
    if (!result.data) result.data = result.ranked.data();
    return result.data;
  }

  function dataOf(results) {
    return Promise.all(results.map(data));
  }

  // Pages holding the phrase key; a shard whose best hit lacks it only fell back (searchShards).
  function metadataPart(q, filters) {
    var key = phraseKey(q.words);
    if (key.length <= SENTINEL.length) return Promise.resolve([]);
    return searchShards((key + " " + filters).trim(), function (first) {
      return (" " + (first.content || "") + " ").indexOf(" " + key) !== -1 && holdsWords(first, [], filters);
    }, true).then(function (results) {
      results.forEach(function (r) { r.checked = true; });
      return results;
    });
  }

  // Common syllables (hooks/thidua/search.py, common_words) are left out of the index lookup when
  // rarer words remain: their posting lists are megabytes on a large site. When every word is
  // common, only the cheapest to look up is (the smallest index chunk, as the build measured it).
  // Either way the text check (rankFullText) keeps only pages that hold every word.
  function fullTextPart(q, filters) {
    var plainWords = q.text.normalize("NFC").replace(/đ/g, "d").replace(/Đ/g, "D")
      .split(/\s+/).filter(function (word) { return foldedWords(word).length; });
    var rare = plainWords.filter(function (word) { return !isCommon(word); });
    var plain = rare.length ? rare : plainWords.slice().sort(function (a, b) {
      return common[foldedWords(a).join("")] - common[foldedWords(b).join("")];
    }).slice(0, 1);
    return searchShards((plain.join(" ") + " " + filters).trim(), function (first) {
      return holdsWords(first, foldedWords(plain.join(" ")), filters);
    }).then(function (results) { return { results: results, narrowed: !rare.length && plainWords.length > 1 }; });
  }

  function isCommon(word) {
    return Object.prototype.hasOwnProperty.call(common, foldedWords(word).join(""));
  }

  function wrap(results, phrase) {
    return results.map(function (result) {
      return { id: result.id, ranked: result, checked: phrase, data: null, score: result.score };
    });
  }

  // --- how well a page's text holds the query ---------------------------------------------------

  function textWords(content) {
    return foldedWords(unstroke(content).replace(KEY_WORD, " "));
  }

  function wordIs(word, term, last) {
    return word === term || (last && term.length >= 3 && word.indexOf(term) === 0);
  }

  // Where the query's words stand together and in order in `words`, or -1. The last query word
  // may be unfinished (a prefix), as the reader is still typing it.
  function phraseAt(words, terms) {
    if (!terms.length) return -1;
    for (var i = 0; i + terms.length <= words.length; i++) {
      var ok = true;
      for (var k = 0; k < terms.length && ok; k++) {
        ok = wordIs(words[i + k], terms[k], k === terms.length - 1);
      }
      if (ok) return i;
    }
    return -1;
  }

  function holdsAll(words, terms) {
    return terms.every(function (term, k) {
      return words.some(function (word) { return wordIs(word, term, k === terms.length - 1); });
    });
  }

  // --- drawing ------------------------------------------------------------------------------------

  // Runs of words to mark: the query's words where they stand together, in order; a one-word query
  // marks that word. A word alone from a longer folded query ("van" of "van hoa") is not marked:
  // it would light up every "vận" and "văn" of the page.
  function marks(words, terms) {
    var out = [];
    if (!terms.length) return out;
    var joined = terms.join("");
    for (var i = 0; i < words.length; i++) {
      var pieces = words[i].folded;
      // A printed word may hold the whole query: "293/KH-STTTT" for "293 kh stttt".
      if (pieces.length && pieces.join("") === joined) { out.push([i, i]); continue; }
      var span = matchFrom(words, i, terms);
      if (span >= 0) { out.push([i, span]); i = span; }
    }
    return out;
  }

  // The index of the last printed word of a match of `terms` starting at printed word i, or -1.
  function matchFrom(words, i, terms) {
    var k = 0;
    for (var j = i; j < words.length && k < terms.length; j++) {
      var pieces = words[j].folded;
      if (!pieces.length) { if (j === i) return -1; continue; }
      for (var p = 0; p < pieces.length; p++) {
        if (k >= terms.length) return -1;  // the printed word goes on past the query
        if (!wordIs(pieces[p], terms[k], k === terms.length - 1)) return -1;
        k++;
      }
      if (k === terms.length) return j;
    }
    return -1;
  }

  // Marks the query in `text`: where its words stand together (see marks()). In an excerpt where
  // they do not (`loose`), the words the reader typed with their marks, each as written ("thuỷ",
  // not "thuyền", "văn", not "vận"); a title or an issuer's name never gets such stray marks.
  function highlight(element, text, q, loose) {
    var parts = unstroke(text).split(/(\s+)/);
    var words = [];
    parts.forEach(function (part, index) {
      if (index % 2 === 0 && part) words.push({ part: index, folded: foldedWords(part) });
    });
    var marked = {};
    var spans = marks(words, q.words);
    if (loose && !spans.length && q.exact.length) {
      words.forEach(function (word, w) {
        var bare = parts[word.part].replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
        if (bare && q.exact.indexOf(toneKey(bare)) !== -1) spans.push([w, w]);
      });
    }
    spans.forEach(function (span) {
      for (var w = span[0]; w <= span[1]; w++) marked[words[w].part] = true;
      for (var s = words[span[0]].part; s < words[span[1]].part; s++) marked[s] = true;
    });
    var mark = null;
    parts.forEach(function (part, index) {
      if (!part) return;
      if (marked[index]) {
        if (!mark) { mark = document.createElement("mark"); element.appendChild(mark); }
        mark.appendChild(document.createTextNode(part));
      } else {
        mark = null;
        element.appendChild(document.createTextNode(part));
      }
    });
  }

  function excerptText(content, terms) {
    var printed = unstroke(content).replace(KEY_WORD, " ").split(/\s+/).filter(Boolean);
    var folded = printed.map(function (word) { return foldedWords(word).join(""); });
    var at = phraseAt(folded, terms);
    if (at < 0) {
      // No phrase: the stretch of text that holds the most of the query's words.
      var best = 0;
      for (var j = 0; j < folded.length; j++) {
        if (terms.indexOf(folded[j]) === -1) continue;
        var found = {};
        folded.slice(j, j + 20).forEach(function (word) { if (terms.indexOf(word) !== -1) found[word] = true; });
        var n = Object.keys(found).length;
        if (n > best) { best = n; at = j; }
      }
    }
    var from = Math.max(0, at - 12);
    return (from > 0 ? "… " : "") + printed.slice(from, from + 30).join(" ") +
      (from + 30 < printed.length ? " …" : "");
  }

  var optionSeq = 0;

  function render(page, q) {
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    item.setAttribute("role", "presentation");
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = page.url;
    link.id = "thidua-search-option-" + (++optionSeq);
    link.setAttribute("role", "option");
    link.setAttribute("aria-selected", "false");
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h1");
    var m = page.meta || {};
    highlight(title, m.title || page.url, q);
    var info = document.createElement("p");
    info.className = "thidua-search__meta";
    [m.number, m.doc_type, m.issuer, m.date].forEach(function (value) {
      if (!value) return;
      var span = document.createElement("span");
      highlight(span, value, q);
      info.appendChild(span);
    });
    article.appendChild(title);
    if (info.childNodes.length) article.appendChild(info);
    if (m.kind === "decree" || !m.kind) {
      var excerpt = document.createElement("p");
      excerpt.className = "thidua-search__excerpt";
      highlight(excerpt, excerptText(page.content || "", q.words), q, true);
      article.appendChild(excerpt);
    }
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  // --- ranking ------------------------------------------------------------------------------------

  // The metadata part's order. A listing (one theme, movement, unit or year) comes first when two
  // or more of the decrees found name it among their listings; otherwise after the decrees. The
  // site's own pages (section home, indexes, schema) come last unless the query is their name.
  function rankMetadata(results, datas, q) {
    var counts = {};
    datas.forEach(function (page) {
      if ((page.meta || {}).kind !== "decree") return;
      ((page.meta || {}).in || "").split(/\s+/).filter(Boolean).forEach(function (url) {
        var path = sectionPath(url);
        counts[path] = (counts[path] || 0) + 1;
      });
    });
    var groups = [[], [], [], []];
    results.forEach(function (result, i) {
      var page = datas[i];
      var kind = (page.meta || {}).kind;
      if (kind === "listing") {
        groups[(counts[sectionPath(page.url)] || 0) >= 2 ? 0 : 2].push(result);
      } else if (kind === "chrome") {
        groups[named(page, q) ? 0 : 3].push(result);
      } else {
        groups[1].push(result);
      }
    });
    return groups[0].concat(groups[1], groups[2], groups[3]);
  }

  function named(page, q) {
    var title = foldedWords((page.meta || {}).title);
    return title.join(" ") === q.words.join(" ") ||
      (q.words.length >= 2 && title.slice(0, q.words.length).join(" ") === q.words.join(" "));
  }

  // The full-text part keeps decrees whose text holds every word of the query (a quoted query:
  // the words together, in order); those where the words stand together come first.
  function rankFullText(results, datas, q) {
    var together = [], apart = [];
    results.forEach(function (result, i) {
      var page = datas[i];
      if ((page.meta || {}).kind && page.meta.kind !== "decree") return;
      var words = textWords(page.content);
      if (phraseAt(words, q.words) !== -1) together.push(result);
      else if (!q.quoted && holdsAll(words, q.words)) apart.push(result);
    });
    return together.concat(apart);
  }

  // --- the result list ----------------------------------------------------------------------------

  function options() {
    return Array.prototype.slice.call(list.querySelectorAll("[role=option]"));
  }

  function setActive(index) {
    var all = options();
    all.forEach(function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
    active = index >= 0 && index < all.length ? index : -1;
    if (active >= 0) {
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function draw(pages, q) {
    pages.forEach(function (page) { list.appendChild(render(page, q)); });
    input.setAttribute("aria-expanded", options().length ? "true" : "false");
  }

  // Results not drawn yet, in order: the rest of the metadata part, then of the full-text part.
  // A full-text hit is checked against its text only when its page is about to be drawn.
  function drawNext(state) {
    var out = [];
    var rounds = 0;
    // Full-text hits are checked a screenful at a time; a few screenfuls per draw at most, so a
    // phrase that few of the looked-up pages hold never downloads every fragment in one go.
    function step() {
      if (out.length >= PAGE || !state.queue.length || rounds++ >= 4) return Promise.resolve();
      var batch = state.queue.splice(0, PAGE - out.length);
      return dataOf(batch).then(function (datas) {
        if (state !== current) return;
        var keep = batch.filter(function (r) { return r.checked; });
        var check = batch.filter(function (r) { return !r.checked; });
        var checkDatas = datas.filter(function (_, i) { return !batch[i].checked; });
        var kept = keep.concat(rankFullText(check, checkDatas, state.q));
        kept.forEach(function (r) { out.push(r); });
        return step();
      });
    }
    return step().then(function () {
      if (state !== current) return;
      return dataOf(out).then(function (datas) {
        if (state !== current) return;
        draw(datas, state.q);
        state.drawn += datas.length;
        state.pages = state.pages.concat(datas);
        updateMore(state);
      });
    });
  }

  function updateMore(state) {
    if (state.queue.length) {
      more.textContent = "Xem thêm kết quả";
      more.hidden = false;
    } else {
      more.hidden = true;
    }
  }

  function summary(state) {
    var parts = [];
    if (state.metaCount) parts.push(state.metaCount + " kết quả khớp số ký hiệu, người ký, trích yếu, cơ quan ban hành hoặc tên trang");
    if (state.fullApprox) parts.push("các văn bản có các từ này trong toàn văn ở phía dưới");
    else if (state.fullCount) parts.push(state.fullCount + " văn bản có các từ này trong toàn văn");
    if (!parts.length) return state.queue.length ? "Chưa thấy văn bản có đủ các từ này: xem thêm" : "Không tìm thấy kết quả phù hợp";
    return parts.join("; ");
  }

  function seen(state, results) {
    return results.filter(function (r) {
      if (state.ids[r.id]) return false;
      state.ids[r.id] = true;
      return true;
    });
  }

  // The full-text part: its hits go after every metadata hit. Those of the first screenful are
  // checked against their text now (dropping pages that only share a prefix of a word), ranked
  // phrase first, and drawn at once when the metadata part is all on screen.
  function runFullText(state) {
    state.fullText = true;
    setState("loading");
    return fullTextPart(state.q, state.filters).then(function (part) {
      if (state !== current) return;
      var results = seen(state, part.results);
      var head = results.slice(0, PAGE), rest = results.slice(PAGE);
      return dataOf(head).then(function (datas) {
        if (state !== current) return;
        var ranked = rankFullText(head, datas, state.q);
        ranked.forEach(function (r) { r.checked = true; });  // drawn as they are
        // Looked up by one of its words only, the rest is not known to hold the others yet.
        state.fullApprox = part.narrowed && rest.length > 0;
        state.fullCount = ranked.length + rest.length;
        state.queue = state.queue.concat(ranked, rest);
        if (state.queue.length === ranked.length + rest.length) return drawNext(state);
        updateMore(state);
      });
    }).then(function () {
      if (state !== current) return;
      if (!state.fullCount) state.fullCount = 0;
      meta.textContent = summary(state);
    });
  }

  function setState(value) {
    root.setAttribute("data-thidua-state", value);
    root.setAttribute("aria-busy", value === "loading" ? "true" : "false");
  }

  function clear() {
    list.textContent = "";
    setActive(-1);
    input.setAttribute("aria-expanded", "false");
  }

  function run() {
    var raw = input.value.trim();
    var state = { q: parse(raw), filters: currentFilters(), queue: [], ids: {}, drawn: 0, pages: [],
                  metaCount: 0, fullCount: 0, fullText: false, fullApprox: false };
    current = state;
    seq++;
    // The counts on the filters were those of the previous results: stale until counted again.
    filterBox.removeAttribute("data-counted");
    if (!state.q.words.length) {
      clear();
      meta.textContent = "Nhập từ khóa, số ký hiệu, người ký hoặc cơ quan ban hành";
      more.hidden = true;
      root.removeAttribute("data-thidua-state");
      root.setAttribute("aria-busy", "false");
      return Promise.resolve();
    }
    setState("loading");
    clear();
    return metadataPart(state.q, state.filters).then(function (results) {
      if (state !== current) return;
      results = seen(state, results);
      state.metaCount = results.length;
      var head = results.slice(0, PAGE);
      return dataOf(head).then(function (datas) {
        if (state !== current) return;
        state.queue = rankMetadata(head, datas, state.q).concat(results.slice(PAGE));
        return drawNext(state);
      });
    }).then(function () {
      if (state !== current) return;
      meta.textContent = summary(state);
      // The first part is on screen: what tests and the benchmark wait for before the second.
      root.setAttribute("data-thidua-query", raw);
      setState("first");
      return runFullText(state);
    }).then(function () {
      if (state !== current) return;
      // What the results on screen answer: lets tests (and assistive tools) wait for them.
      root.setAttribute("data-thidua-query", raw);
      setState("done");
      if (filterBox.open) countFilters(state);
    }).catch(function (error) {
      if (state !== current) return;
      meta.textContent = "Không tải được chỉ mục tìm kiếm";
      setState("error");
      if (window.console) console.error(error);
    });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  }

  // At once, for a filter or the reset button: run() reads the box too, so a run still waiting
  // for the reader to stop typing is dropped. Left waiting, it would redo the same search after
  // the results were drawn, clearing and redrawing them.
  function runNow() {
    clearTimeout(timer);
    return run();
  }

  // --- filters ------------------------------------------------------------------------------------

  // A long value (a theme is a whole slogan) is cut in its option; the full text is its tooltip.
  var OPTION_MAX = 60;

  function optionLabel(value, count) {
    var text = value.length > OPTION_MAX ? value.slice(0, OPTION_MAX - 1).trim() + "…" : value;
    return count === null ? text : text + " (" + count + ")";
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
          option.dataset.label = item.value;
          option.textContent = optionLabel(item.value, null);
          if (item.value.length > OPTION_MAX) option.title = item.value;
          select.appendChild(option);
        });
        select.addEventListener("change", runNow);
        facetBox.appendChild(select);
        selects.push(select);
      });
      filterBox.dataset.ready = "1";
      if (current && root.dataset.thiduaState === "done") countFilters(current);
    }).catch(function (error) {
      delete filterBox.dataset.loaded;  // tried again the next time the reader opens the filters
      if (window.console) console.error(error);
    });
  }

  // How many of these results have each value: the facet tokens are words of every decree's text
  // (hooks/thidua/search.py, facet_token), so the results' fragments tell. At most COUNT_MAX
  // results are read; beyond, the counts say "at least".
  function countFilters(state) {
    if (!selects.length || !state.q.words.length) return;
    var all = [];
    for (var id in state.ids) if (Object.prototype.hasOwnProperty.call(state.ids, id)) all.push(id);
    var known = state.pages.slice();
    var wanted = state.queue.slice(0, Math.max(0, COUNT_MAX - known.length));
    var partial = state.pages.length + state.queue.length > COUNT_MAX;
    filterBox.removeAttribute("data-counted");
    dataOf(wanted).then(function (datas) {
      if (state !== current) return;
      var pages = known.concat(datas).filter(function (page) { return (page.meta || {}).kind === "decree"; });
      var counts = {};
      pages.forEach(function (page) {
        var tokens = {};
        (page.content || "").replace(FACET_WORD, function (token) { tokens[token] = true; return token; });
        Object.keys(tokens).forEach(function (token) { counts[token] = (counts[token] || 0) + 1; });
      });
      selects.forEach(function (select) {
        Array.prototype.forEach.call(select.options, function (option) {
          if (!option.value) return;
          var n = counts[option.value] || 0;
          option.textContent = optionLabel(option.dataset.label, (partial ? "≥ " : "") + n);
          option.hidden = n === 0 && option.value !== select.value;
        });
      });
      filterBox.setAttribute("data-counted", "1");
    });
  }

  // --- opening, closing, keyboard -----------------------------------------------------------------

  function isOpen() {
    return !!(toggle && toggle.checked);
  }

  function open() {
    if (isOpen()) return;
    var before = document.activeElement;
    if (before && before !== input && before !== document.body && !root.contains(before)) returnFocus = before;
    if (toggle) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    if (document.activeElement !== input) input.focus();
    load();
  }

  // Escape, or the overlay: close and give focus back where it was, or to the box itself.
  function close() {
    if (toggle && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
    setActive(-1);
    input.setAttribute("aria-expanded", "false");
    var target = returnFocus && document.contains(returnFocus) ? returnFocus : null;
    returnFocus = null;
    if (!target && input.offsetParent !== null) target = input;
    if (target === input) {
      quietFocus = true;
      input.focus();
      quietFocus = false;
    } else if (target) {
      target.focus();
    } else {
      input.blur();
    }
  }

  // What Tab moves through while the search is open: the box, the filters, the results and the
  // button below them; from the last, Tab comes back to the box (focus stays in the open panel).
  function tabStops() {
    var nodes = root.querySelectorAll("input, summary, select, a[href], button");
    return Array.prototype.filter.call(nodes, function (node) {
      return node.tabIndex >= 0 && !node.disabled && !node.hidden && node.getClientRects().length > 0;
    });
  }

  // The first element after the search box, in document order, that Tab could reach.
  function nextFocusable() {
    var nodes = document.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]");
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      if (root.contains(node) || !(root.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
      if (node.tabIndex >= 0 && !node.disabled && node.getClientRects().length > 0 &&
          getComputedStyle(node).visibility !== "hidden") return node;
    }
    return null;
  }

  function openActive() {
    var all = options();
    var target = all[active >= 0 ? active : 0];
    if (target) window.location.href = target.href;
  }

  input.addEventListener("focus", function () { if (!quietFocus) open(); });
  input.addEventListener("click", open);
  input.addEventListener("input", function () { open(); schedule(); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    openActive();
  });
  form.addEventListener("reset", function () { setTimeout(function () { runNow(); input.focus(); }); });
  more.addEventListener("click", function () {
    var state = current;
    if (!state) return;
    setState("loading");
    drawNext(state).then(function () {
      if (state === current) { meta.textContent = summary(state); setState("done"); }
    });
  });
  filterBox.addEventListener("toggle", function () {
    if (!filterBox.open) return;
    loadFilters();
    if (current && root.dataset.thiduaState === "done") countFilters(current);
  });

  input.addEventListener("keydown", function (event) {
    var all = options();
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!all.length) return;
      event.preventDefault();
      var index = event.key === "ArrowDown" ? Math.min(active + 1, all.length - 1) : active - 1;
      setActive(index < -1 ? -1 : index);
    } else if (event.key === "Home" && active >= 0) {
      event.preventDefault();
      setActive(0);
    } else if (event.key === "End" && active >= 0) {
      event.preventDefault();
      setActive(all.length - 1);
    }
  });

  // Arrow keys on a result reached by Tab move between the results too.
  list.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var all = options();
    var index = all.indexOf(document.activeElement);
    if (index < 0) return;
    event.preventDefault();
    index += event.key === "ArrowDown" ? 1 : -1;
    if (index < 0) input.focus(); else if (index < all.length) all[index].focus();
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey &&
        (event.key === "/" || event.key === "s" || event.key === "f")) {
      event.preventDefault();
      open();
      return;
    }
    if (!isOpen()) return;
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      return;
    }
    if (event.key === "Tab" && !event.shiftKey && document.activeElement === input && !input.value.trim()) {
      // An empty box holds nothing to move through: a reader tabbing along the header goes on
      // to the page and the panel closes, rather than being kept in it (WCAG 2.1.2).
      event.preventDefault();
      returnFocus = null;
      if (toggle) {
        toggle.checked = false;
        toggle.dispatchEvent(new Event("change"));
      }
      var after = nextFocusable();
      if (after) after.focus(); else input.blur();
      return;
    }
    if (event.key === "Tab") {
      var stops = tabStops();
      if (!stops.length) return;
      var at = stops.indexOf(document.activeElement);
      if (at === -1 && !root.contains(document.activeElement)) return;
      var next = event.shiftKey ? (at <= 0 ? stops.length - 1 : at - 1) : (at === stops.length - 1 ? 0 : at + 1);
      event.preventDefault();
      stops[next].focus();
    }
  });

  if (toggle) {
    // The header's magnifier (a label for the toggle) opens the search: the reader types at once,
    // as with Material's own search.
    toggle.addEventListener("change", function () {
      if (!toggle.checked) {
        setActive(-1);
        input.setAttribute("aria-expanded", "false");
        return;
      }
      load();
      if (document.activeElement !== input) input.focus();
      if (options().length) input.setAttribute("aria-expanded", "true");
    });
  }
})();
