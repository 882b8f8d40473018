/* Site search: lunr.js over the index prebuilt by site_builder (search_index.py).
 *
 * Works hosted and from file://: the index and the library are classic scripts
 * that assign globals (file:// forbids fetch and import), appended only when the
 * search box is first used or the page opens with ?q=. The index comes in shards
 * (briefings and newest articles first): results show as soon as shard 0 is in,
 * and grow as the other shards load in the background. Everything shown is built
 * with DOM APIs and textContent; nothing from the index or the query is parsed as HTML.
 *
 * Query rules (same text pipeline as the Python side, see textpipeline.py):
 * words split on whitespace, hyphens and apostrophes; every word must match
 * (falling back to any word when nothing matches all); the parts of a hyphenated
 * word are always required; words of six letters or more also match with one typo,
 * exact matches scoring higher. URL: search.html?q=<query>&theme=<theme id>.
 */
(function () {
  "use strict";

  var SEPARATOR = /[\s\-'\u2019\u02BC]+/;
  var CHUNK_SEPARATOR = /[\s'\u2019\u02BC]+/;
  var LIBRARY = ["static/vendor/lunr/lunr.js", "static/vendor/lunr/lunr.stemmer.support.js",
    "static/vendor/lunr/lunr.fr.js", "search/manifest.js"];
  var MAX_SHOWN = 100;
  var FUZZY_MIN_LENGTH = 6;
  var EXACT_BOOST = 10;

  var app = document.getElementById("search-app");
  if (!app) { return; }
  var root = app.getAttribute("data-root") || "";
  var strings = JSON.parse(app.getAttribute("data-strings") || "{}");
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-input");
  var themeSelect = document.getElementById("search-theme");
  var status = document.getElementById("search-status");
  var suggestion = document.getElementById("search-suggestion");
  var list = document.getElementById("search-results");

  var state = { loading: null, manifest: null, shards: [], timer: 0 };

  function format(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  function loadScript(path) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = root + path;
      script.async = false;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error(path)); };
      document.head.appendChild(script);
    });
  }

  /* One shard: its display data, then its index; stored in state.shards. */
  function loadShard(number) {
    return loadScript("search/docs-" + number + ".js").then(function () {
      return loadScript("search/index-" + number + ".js");
    }).then(function () {
      var parts = window.SITE_SEARCH_PARTS;
      state.shards[number] = { index: window.lunr.Index.load(parts["index-" + number]), docs: parts["docs-" + number] };
      delete parts["index-" + number];  // the loaded index is enough
      delete parts["docs-" + number];
    });
  }

  /* The shards after the first, one after the other, refreshing the results as each arrives. */
  function loadRest(number) {
    if (number >= state.manifest.shards) {
      app.setAttribute("data-loaded", "all");
      return;
    }
    loadShard(number).then(function () {
      var focusInResults = list.contains(document.activeElement);
      if (input.value.trim() && !focusInResults) { render(input.value, themeSelect.value); }
      loadRest(number + 1);
    }, function () { status.textContent = strings.search_unavailable || ""; });
  }

  /* Load the library, the manifest and shard 0, once; later shards follow in the background. */
  function ensureIndex() {
    if (state.loading) { return state.loading; }
    status.textContent = strings.search_loading || "";
    state.loading = LIBRARY.reduce(function (chain, path) {
      return chain.then(function () { return loadScript(path); });
    }, Promise.resolve()).then(function () {
      var lunr = window.lunr;
      // Same separators as the Python side; the query lexer copies its own at load.
      lunr.tokenizer.separator = SEPARATOR;
      lunr.QueryLexer.termSeparator = SEPARATOR;
      state.manifest = window.SITE_SEARCH_MANIFEST;
      return loadShard(0);
    }).then(function () {
      loadRest(1);
    });
    state.loading.catch(function () {
      status.textContent = strings.search_unavailable || "";
    });
    return state.loading;
  }

  function allLoaded() {
    return state.shards.filter(function (shard) { return shard; }).length >= state.manifest.shards;
  }

  function docOf(hit) {
    return state.shards[hit.shard].docs[Number(hit.ref)];
  }

  /* Query words: [{text, required}], stop words and empty words dropped. */
  function queryWords(query) {
    var lunr = window.lunr;
    var words = [];
    query.split(CHUNK_SEPARATOR).forEach(function (chunk) {
      var parts = chunk.split(SEPARATOR).map(function (part) {
        // "*" is a wildcard to lunr's token sets; a typed one is just noise.
        return part.replace(/\*/g, "").toLowerCase();
      }).filter(function (part) {
        if (!part) { return false; }
        var trimmed = lunr.fr.trimmer(new lunr.Token(part));
        return trimmed && trimmed.toString() !== "" && lunr.fr.stopWordFilter(trimmed) !== undefined;
      });
      parts.forEach(function (part) { words.push({ text: part, required: parts.length > 1 }); });
    });
    return words;
  }

  function run(index, words, allRequired) {
    var lunr = window.lunr;
    return index.query(function (q) {
      words.forEach(function (word) {
        var required = allRequired || word.required;
        var presence = required ? lunr.Query.presence.REQUIRED : lunr.Query.presence.OPTIONAL;
        if (word.text.length >= FUZZY_MIN_LENGTH) {
          // The fuzzy clause carries the requirement (it includes the exact term);
          // the exact clause only adds score.
          q.term(word.text, { editDistance: 1, boost: 1, presence: presence });
          q.term(word.text, { boost: EXACT_BOOST, presence: lunr.Query.presence.OPTIONAL });
        } else {
          q.term(word.text, { boost: EXACT_BOOST, presence: presence });
        }
      });
    });
  }

  /* Hits of every loaded shard, best first; each hit knows its shard. */
  function runAll(words, allRequired) {
    var hits = [];
    state.shards.forEach(function (shard, number) {
      if (!shard) { return; }
      run(shard.index, words, allRequired).forEach(function (hit) {
        hit.shard = number;
        hits.push(hit);
      });
    });
    return hits.sort(function (a, b) { return b.score - a.score || a.shard - b.shard || a.ref - b.ref; });
  }

  function search(query, theme) {
    var words = queryWords(query);
    if (!words.length) { return { words: words, hits: [] }; }
    var hits = runAll(words, true);
    if (!hits.length && words.length > 1) { hits = runAll(words, false); }
    if (theme) {
      hits = hits.filter(function (hit) { return docOf(hit).h.indexOf(theme) !== -1; });
    }
    return { words: words, hits: hits };
  }

  /* The index terms a piece of text becomes (same pipeline as the query). */
  function termsOf(word) {
    return state.shards[0].index.pipeline.runString(word.toLowerCase());
  }

  /* Append `text` to `parent`, wrapping words whose term was matched in <mark>. */
  function appendHighlighted(parent, text, matched) {
    var pieces = text.split(/([\s\-'\u2019\u02BC]+)/);
    var plain = "";
    pieces.forEach(function (piece, i) {
      var hit = i % 2 === 0 && piece && termsOf(piece).some(function (term) { return matched[term]; });
      if (!hit) { plain += piece; return; }
      if (plain) { parent.appendChild(document.createTextNode(plain)); plain = ""; }
      var mark = document.createElement("mark");
      mark.textContent = piece;
      parent.appendChild(mark);
    });
    if (plain) { parent.appendChild(document.createTextNode(plain)); }
  }

  function themeTitle(id) {
    var pair = state.manifest.themes.filter(function (p) { return p[0] === id; })[0];
    return pair ? pair[1] : id;
  }

  function resultItem(hit) {
    var doc = docOf(hit);
    var matched = hit.matchData.metadata;
    var item = document.createElement("li");
    item.className = "search-result search-result-" + (doc.k === "briefing" ? "briefing" : "article");
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = root + doc.u;
    appendHighlighted(link, doc.t, matched);
    heading.appendChild(link);
    item.appendChild(heading);

    var meta = document.createElement("p");
    meta.className = "search-meta";
    var parts = [doc.k === "briefing" ? strings.search_kind_briefing : strings.search_kind_article];
    if (doc.o) { parts.push(doc.o); }
    parts.push.apply(parts, doc.h.map(themeTitle));
    if (doc.d) {
      var time = document.createElement("time");
      time.dateTime = doc.d;
      time.textContent = doc.d;
      meta.appendChild(time);
      meta.appendChild(document.createTextNode(" · "));
    }
    meta.appendChild(document.createTextNode(parts.join(" · ")));
    item.appendChild(meta);

    if (doc.x) {
      var snippet = document.createElement("p");
      snippet.className = "search-snippet";
      appendHighlighted(snippet, doc.x, matched);
      item.appendChild(snippet);
    }
    return item;
  }

  /* For a query with no hit: each word replaced by the closest word of the corpus. */
  function suggestFor(words) {
    var changed = false;
    var replaced = words.map(function (word) {
      var hits = [];
      state.shards.forEach(function (shard, number) {
        if (!shard) { return; }
        shard.index.query(function (q) { q.term(word.text, { editDistance: 2 }); }).forEach(function (hit) {
          hit.shard = number;
          hits.push(hit);
        });
      });
      if (!hits.length) { return word.text; }
      hits.sort(function (a, b) { return b.score - a.score; });
      var doc = docOf(hits[0]);
      var terms = Object.keys(hits[0].matchData.metadata);
      var surface = (doc.t + " " + doc.x).split(SEPARATOR).filter(function (w) {
        return w && termsOf(w).some(function (t) { return terms.indexOf(t) !== -1; });
      })[0];
      var better = surface ? surface.replace(/^[^\w\u00C0-\u024F]+|[^\w\u00C0-\u024F]+$/g, "") : word.text;
      if (better.toLowerCase() !== word.text) { changed = true; }
      return better;
    });
    return changed ? replaced.join(" ") : "";
  }

  function searchUrl(query, theme) {
    var params = new URLSearchParams();
    if (query) { params.set("q", query); }
    if (theme) { params.set("theme", theme); }
    var text = params.toString();
    return "search.html" + (text ? "?" + text : "");
  }

  function showSuggestion(query, theme, words) {
    while (suggestion.firstChild) { suggestion.removeChild(suggestion.firstChild); }
    var options = [];
    var better = suggestFor(words);
    if (better) { options.push({ label: better, query: better, theme: theme }); }
    if (theme) { options.push({ label: strings.search_drop_theme, query: query, theme: "" }); }
    if (!options.length) { suggestion.hidden = true; return; }
    suggestion.appendChild(document.createTextNode((strings.search_try || "") + " "));
    options.forEach(function (option, i) {
      if (i) { suggestion.appendChild(document.createTextNode(" · ")); }
      var link = document.createElement("a");
      link.href = searchUrl(option.query, option.theme);
      link.textContent = option.label;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        input.value = option.query;
        themeSelect.value = option.theme;
        update();
      });
      suggestion.appendChild(link);
    });
    suggestion.hidden = false;
  }

  function render(query, theme) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    suggestion.hidden = true;
    if (!query.trim()) { status.textContent = strings.search_prompt || ""; return; }
    var found = search(query, theme);
    var hits = found.hits;
    var fragment = document.createDocumentFragment();
    hits.slice(0, MAX_SHOWN).forEach(function (hit) { fragment.appendChild(resultItem(hit)); });
    list.appendChild(fragment);
    if (!hits.length) {
      status.textContent = format(strings.search_none, { q: query });
      showSuggestion(query, theme, found.words);
      return;
    }
    var text = format(hits.length === 1 ? strings.search_count_one : strings.search_count_many,
      { n: hits.length, q: query });
    if (hits.length > MAX_SHOWN) { text += " " + format(strings.search_count_shown, { shown: MAX_SHOWN }); }
    if (!allLoaded()) { text += " " + (strings.search_partial || ""); }
    status.textContent = text;
  }

  function remember(query, theme) {
    try {
      history.replaceState(null, "", searchUrl(query, theme));
    } catch (error) {
      // Some browsers refuse to rewrite file:// URLs; the search still works.
    }
  }

  function update() {
    var query = input.value;
    var theme = themeSelect.value;
    remember(query, theme);
    ensureIndex().then(function () {
      // A later keystroke may have changed the box while the index loaded.
      if (input.value === query && themeSelect.value === theme) { render(query, theme); }
    }, function () { /* status already says search is unavailable */ });
  }

  function scheduleUpdate() {
    window.clearTimeout(state.timer);
    state.timer = window.setTimeout(update, state.shards.length ? 40 : 0);
  }

  function resultLinks() {
    return Array.prototype.slice.call(list.querySelectorAll(".search-result h2 a"));
  }

  function onKeyDown(event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
      input.select();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp" && event.key !== "Escape") { return; }
    var links = resultLinks();
    var position = links.indexOf(document.activeElement);
    if (event.key === "Escape" && position !== -1) {
      input.focus();
      return;
    }
    if (target === input && event.key === "ArrowDown" && links.length) {
      event.preventDefault();
      links[0].focus();
    } else if (position !== -1) {
      event.preventDefault();
      var next = position + (event.key === "ArrowDown" ? 1 : -1);
      if (next < 0) { input.focus(); } else if (next < links.length) { links[next].focus(); }
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    update();
  });
  input.addEventListener("focus", function () { ensureIndex().catch(function () {}); });
  input.addEventListener("input", scheduleUpdate);
  themeSelect.addEventListener("change", update);
  document.addEventListener("keydown", onKeyDown);

  var params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  var wanted = params.get("theme") || "";
  if (Array.prototype.some.call(themeSelect.options, function (o) { return o.value === wanted; })) {
    themeSelect.value = wanted;
  }
  if (input.value.trim()) { update(); } else { status.textContent = strings.search_prompt || ""; }
}());
