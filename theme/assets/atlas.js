/* The interface's words, in the site's language: assets/words.js (loaded before this
   script; written by the plugin from site_builder/script_words.py) sets atlasWords.
   journeyAtlasWord(key, values) is a word with its %(name)s filled in;
   journeyAtlasCount(key, n, values) a count, in the plural form the language's rules
   choose for n ("key:one", "key:other"...), with n as %(num)s. Numbers are written as the page's language writes them. */
var journeyAtlasWord, journeyAtlasCount;
(function () {
  "use strict";
  var words = window.atlasWords || {};
  var lang = document.documentElement.lang || "en";
  var locale = lang === "en" ? "en-GB" : lang;  // English as the pages write it (i18n.py)
  var plurals = null, digits = null;
  try {
    plurals = new Intl.PluralRules(locale);
    digits = new Intl.NumberFormat(locale);
  } catch (e) { /* an unknown language or an old browser: English's rules and digits */ }
  function fill(text, values) {
    return String(text).replace(/%\((\w+)\)s|%%/g, function (all, name) {
      if (!name) return "%";
      if (!values || !Object.prototype.hasOwnProperty.call(values, name)) return all;
      var value = values[name];
      return typeof value === "number" && digits ? digits.format(value) : String(value);
    });
  }
  journeyAtlasWord = function (key, values) {
    var text = words[key];
    return fill(typeof text === "string" ? text : key, values);
  };
  journeyAtlasCount = function (key, n, values) {
    var category = plurals ? plurals.select(n) : (n === 1 ? "one" : "other");
    var text = words[key + ":" + category];
    if (typeof text !== "string") text = words[key + ":other"];
    var all = { num: n };
    for (var name in values || {}) if (Object.prototype.hasOwnProperty.call(values, name)) all[name] = values[name];
    return fill(typeof text === "string" ? text : key, all);
  };
})();

/* The offline copy: registers sw.js (one per site or release folder), tells the reader when
   a page comes from the copy, and keeps the pages a page asks for. */
var JourneyAtlasOffline = (function () {
  "use strict";
  var body = document.body;
  var worker = body.getAttribute("data-service-worker");
  var saved = body.getAttribute("data-offline-copy");
  if (saved) {
    var when = new Date(saved);
    var note = document.createElement("p");
    note.className = "offline-note";
    note.setAttribute("role", "note");
    var release = body.getAttribute("data-version");
    // Dates read "1 December 2026", as the pages print them (Interface.date).
    var date = isNaN(when) ? "" : when.toLocaleDateString(document.documentElement.lang === "en" ? "en-GB" : document.documentElement.lang,
                                                          { day: "numeric", month: "long", year: "numeric" });
    note.textContent = journeyAtlasWord("offline_note" + (date ? "_date" : "") + (release ? "_release" : ""),
                                        { date: date, release: release });
    var main = document.getElementById("main");
    if (main) main.insertBefore(note, main.firstChild);
  }
  var supported = worker && "serviceWorker" in navigator && /^https?:$/.test(window.location.protocol);
  var ready = null, scope = null, aliases = [];
  if (supported) {
    var url = new URL(worker, window.location.href);
    scope = new URL("./", url).href;
    // The registration, not `serviceWorker.ready`: a worker still installing takes the
    // message too, and a reader who leaves at once still has this page kept.
    ready = navigator.serviceWorker.register(url.href, { scope: scope })
      .catch(function () { return null; });  // e.g. storage refused: the site works online
  }
  function activeIn(registration) {
    return registration && (registration.active || registration.waiting || registration.installing);
  }
  function keep(urls) {
    if (!ready) return;
    ready.then(function (registration) {
      var own = activeIn(registration);
      if (own) own.postMessage({ type: "keep", urls: urls });
    });
    aliases.forEach(function (alias) { alias.then(function (a) { keepInAlias(a, urls); }); });
  }
  /* An alias (latest/) keeps its redirect pages for the same pages, and the script they
     run (release.py's REDIRECT_SCRIPT), with its own worker. */
  function keepInAlias(a, urls) {
    var w = a && activeIn(a.registration);
    if (!w) return;
    w.postMessage({ type: "keep", urls: [a.scope + "redirect.js"].concat(urls.map(function (u) {
      return u.indexOf(scope) === 0 ? a.scope + u.slice(scope.length) : u;
    })) });
  }
  /* A release that an alias points at (latest/) registers that alias' worker too, so
     latest/ addresses also open with no network. */
  function alias(folderUrl) {
    if (!ready) return;
    var aliasScope = new URL(folderUrl, window.location.href).href;
    var registered = navigator.serviceWorker.register(aliasScope + "sw.js", { scope: aliasScope })
      .then(function (registration) { return { registration: registration, scope: aliasScope }; })
      .catch(function () { return null; });
    aliases.push(registered);
    registered.then(function (a) { keepInAlias(a, [window.location.href.split("#")[0]]); });
  }
  // The page that registers the worker is not fetched through it: keep it at once, and
  // what it loaded once it has.
  if (ready) {
    keep([window.location.href.split("#")[0]]);
    window.addEventListener("load", function () {
      var urls = [window.location.href.split("#")[0]];
      (performance.getEntriesByType ? performance.getEntriesByType("resource") : [])
        .forEach(function (entry) { urls.push(entry.name); });
      keep(urls);
    });
  }
  /* The pages a (role) page marks with data-offline-keep, as absolute addresses, and what
     search needs to find them offline (the manifest site_builder/search.py writes). */
  function keepMarked(doc, pageUrl) {
    var urls = [pageUrl.split("#")[0]];
    Array.prototype.forEach.call(
      doc.querySelectorAll("[data-offline-keep] a[href], a[data-offline-keep][href]"),
      function (a) { urls.push(new URL(a.getAttribute("href"), pageUrl).href.split("#")[0]); });
    var form = document.querySelector("form.search[data-search]");
    if (!form || form.hasAttribute("data-index-script")) { keep(urls); return; }
    var bundle = new URL(form.getAttribute("data-search"), window.location.href).href;
    var root = new URL((document.body.getAttribute("data-base-url") || ".").replace(/\/?$/, "/"),
                       window.location.href).href;
    fetch(bundle + "offline.json").then(function (r) { return r.json(); }).then(function (m) {
      var search = [bundle + "offline.json"];
      m.files.forEach(function (f) { search.push(bundle + f); });
      urls.forEach(function (u) {
        var fragment = m.fragments[u.indexOf(root) === 0 ? u.slice(root.length) : ""];
        if (fragment) search.push(bundle + fragment);
      });
      keep(urls.concat(search));
    }, function () { keep(urls); });
  }
  return { keep: keep, keepMarked: keepMarked, alias: alias };
})();

/* Journey Atlas: the search box. No framework; results are built with textContent only,
   so text from the content can never become markup. A served site asks Pagefind, loaded
   the first time the box is used (it fetches only the index chunks a query needs); a copy
   opened from disk reads one script index of every page's words (site_builder/search.py). */
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  if (!form) return;
  var input = form.querySelector("input");
  var list = form.querySelector("#search-results");
  var status = form.querySelector("#search-status");
  var base = (document.body.getAttribute("data-base-url") || ".").replace(/\/$/, "");
  var MOST = 10;  // results shown, each fetching its own small fragment
  var engine = null, loading = null, attempt = 0, asked = 0;
  form.hidden = false;

  /* Pagefind: results with what they are (kind, journey) from the page's own meta. */
  function pagefindEngine(module) {
    return {
      search: function (query) {
        return module.search(query).then(function (found) {
          // Offline, only the kept pages' fragments load: look further down for them.
          var shown = [], from = 0, failed = 0;
          function batch() {
            var next = found.results.slice(from, from + MOST - shown.length);
            from += next.length;
            return Promise.all(next.map(function (r) {
              return r.data().catch(function () { failed += 1; return null; });
            })).then(function (pages) {
              pages.forEach(function (d) { if (d) shown.push(d); });
              if (shown.length < MOST && from < found.results.length && from < 5 * MOST) return batch();
              if (!shown.length && failed) throw new Error("not kept");
              return shown;
            });
          }
          return batch();
        }).then(function (pages) {
          return pages.map(function (d) {
            return { href: d.url, title: d.meta.title || "", kind: d.meta.kind || journeyAtlasWord("result_page"),
                     journey: d.meta.journey || "", snippet: d.plain_excerpt || "" };
          });
        });
      }
    };
  }

  /* The file:// copy: every page's words in one script, scored here. */
  function scriptEngine(data) {
    var docs = data.docs.map(function (d) {
      return { d: d, t: d.title.toLowerCase(), x: d.text.toLowerCase() };
    });
    function snippet(doc, words) {
      var at = -1;
      for (var i = 0; i < words.length && at < 0; i++) at = doc.x.indexOf(words[i]);
      if (at < 0) return doc.d.text.slice(0, 140);
      var start = Math.max(0, at - 50);
      return (start > 0 ? "…" : "") + doc.d.text.slice(start, start + 160) + "…";
    }
    return {
      search: function (query) {
        var words = query.toLowerCase().split(/\s+/).filter(Boolean), hits = [];
        docs.forEach(function (doc) {
          var score = 0;
          for (var i = 0; i < words.length; i++) {
            var inTitle = doc.t.indexOf(words[i]) >= 0, at = doc.x.indexOf(words[i]);
            if (!inTitle && at < 0) return;
            // A page is about what it says first (a stage's internal name is under its title).
            score += (inTitle ? 10 : 0) + (at < 0 ? 0 : at < 300 ? 3 : 1);
          }
          if (doc.t.indexOf(words.join(" ")) === 0) score += 5;
          hits.push({ doc: doc, score: score });
        });
        hits.sort(function (a, b) { return b.score - a.score || a.doc.t.localeCompare(b.doc.t); });
        return Promise.resolve(hits.slice(0, MOST).map(function (h) {
          var d = h.doc.d;
          return { href: base + "/" + d.location, title: d.title, kind: d.kind || journeyAtlasWord("result_page"),
                   journey: d.journey || "", snippet: snippet(h.doc, words) };
        }));
      }
    };
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = src;
      tag.onload = function () { resolve(window.journeyAtlasSearchIndex); };
      tag.onerror = reject;
      document.head.appendChild(tag);
    });
  }

  function load() {
    if (!loading) {
      var script = form.getAttribute("data-index-script");
      // A failed import is remembered by the browser: a retry asks under another address.
      // import() resolves against this script's address, not the page's: make it absolute.
      var bundle = new URL(form.getAttribute("data-search") + "pagefind.js", window.location.href).href +
                   (attempt ? "?retry=" + attempt : "");
      loading = (script ? loadScript(script).then(scriptEngine)
                        : import(bundle).then(pagefindEngine))
        .then(function (e) { engine = e; })
        .catch(function () {
          // No network and no kept copy: say so (not "nothing found"), and try again later.
          engine = null;
          loading = null;
          attempt += 1;
        });
    }
    return loading;
  }

  function highlighted(text, words) {
    var frag = document.createDocumentFragment();
    var lower = text.toLowerCase(), pos = 0;
    while (pos < text.length) {
      var next = -1, len = 0;
      words.forEach(function (w) {
        var k = lower.indexOf(w, pos);
        if (k >= 0 && (next < 0 || k < next)) { next = k; len = w.length; }
      });
      if (next < 0) { frag.appendChild(document.createTextNode(text.slice(pos))); break; }
      frag.appendChild(document.createTextNode(text.slice(pos, next)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(next, next + len);
      frag.appendChild(mark);
      pos = next + len;
    }
    return frag;
  }

  function say(text) {
    var li = document.createElement("li");
    li.className = "empty";
    li.textContent = text;
    list.appendChild(li);
    list.hidden = false;
    status.textContent = text;
  }

  function show(query, results) {
    list.textContent = "";
    if (!query) { list.hidden = true; status.textContent = ""; return; }
    if (!results) { say(journeyAtlasWord("search_offline")); return; }
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    results.forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = r.href;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = r.kind;
      a.appendChild(kind);
      a.appendChild(document.createTextNode(" "));
      a.appendChild(highlighted(r.title, words));
      if (r.journey && r.kind !== journeyAtlasWord("result_journey")) {
        var where = document.createElement("span");
        where.className = "where";
        where.textContent = " · " + r.journey;
        a.appendChild(where);
      }
      var snip = document.createElement("span");
      snip.className = "snippet";
      snip.appendChild(highlighted(r.snippet, words));
      a.appendChild(snip);
      li.appendChild(a);
      list.appendChild(li);
    });
    if (!results.length) { say(journeyAtlasWord("search_nothing", { query: query })); return; }
    list.hidden = false;
    status.textContent = journeyAtlasCount("search_results", results.length);
  }

  function run() {
    var query = input.value.trim(), mine = ++asked;
    if (!query) { show("", []); return; }
    load().then(function () {
      if (!engine) return null;
      return engine.search(query).catch(function () { return null; });
    }).then(function (results) {
      if (mine === asked) show(query, results);  // a later keystroke has its own answer
    });
  }

  input.addEventListener("focus", load);
  input.addEventListener("input", run);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var first = list.querySelector("a");
    if (first) window.location.href = first.href;
  });
  form.addEventListener("keydown", function (e) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    var i = links.indexOf(document.activeElement);
    if (e.key === "ArrowDown" && links.length) { e.preventDefault(); links[Math.min(i + 1, links.length - 1)].focus(); }
    else if (e.key === "ArrowUp" && links.length) { e.preventDefault(); (i <= 0 ? input : links[i - 1]).focus(); }
    else if (e.key === "Escape") { list.hidden = true; input.focus(); }
  });
  document.addEventListener("click", function (e) { if (!form.contains(e.target)) list.hidden = true; });
})();

/* The journey map box: a stage or flag that gets keyboard focus scrolls fully into view,
   and "Scroll for more stages" shows while stages lie beyond the right edge. */
(function () {
  var frames = document.querySelectorAll(".journey-map-block .map-frame");
  Array.prototype.forEach.call(frames, function (frame) {
    var box = frame.querySelector(".map-scroll"), more = frame.querySelector(".map-more");
    if (!box) return;
    box.addEventListener("focusin", function (event) {
      var link = event.target.closest ? event.target.closest("a") : null;
      if (link && link.scrollIntoView) link.scrollIntoView({ block: "nearest", inline: "nearest" });
    });
    if (!more) return;
    function update() { more.hidden = box.scrollLeft + box.clientWidth >= box.scrollWidth - 2; }
    box.addEventListener("scroll", update, { passive: true });
    window.addEventListener("resize", update);
    update();
  });
})();

/* Practice questions (macros.html `quiz`): each answer, once chosen, says whether it is
   right and why; a wrong one stays marked and the reader may try again. Without
   JavaScript each question is a <details> listing every answer with its why. */
(function () {
  function text(el, selector) {
    var found = el.querySelector(selector);
    return found ? found.textContent : "";
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-quiz-live]"), function (p) {
    p.hidden = false;
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-quiz-static]"), function (p) {
    p.hidden = true;
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-quiz]"), function (item) {
    var details = item.querySelector("details");
    if (!details) return;
    var box = document.createElement("div");
    box.className = "quiz-live";
    var ask = document.createElement("p");
    ask.className = "quiz-ask";
    ask.id = item.id + "-ask";
    ask.textContent = text(details, ".quiz-prompt");
    var group = document.createElement("div");
    group.className = "quiz-choices";
    group.setAttribute("role", "group");
    group.setAttribute("aria-labelledby", ask.id);
    var feedback = document.createElement("p");
    feedback.className = "quiz-feedback";
    feedback.setAttribute("role", "status");
    var buttons = [];
    Array.prototype.forEach.call(details.querySelectorAll(".quiz-answer"), function (answer) {
      var right = answer.getAttribute("data-right") === "yes";
      var why = text(answer, ".quiz-why");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "quiz-choice";
      button.setAttribute("data-right", right ? "yes" : "no");  // no secret: see the <details>
      button.textContent = text(answer, ".quiz-text");
      button.addEventListener("click", function () {
        if (button.getAttribute("aria-disabled") === "true") return;
        feedback.textContent = journeyAtlasWord(right ? "quiz_right" : "quiz_wrong", { why: why });
        feedback.className = "quiz-feedback " + (right ? "is-right" : "is-wrong");
        button.classList.add(right ? "is-right" : "is-wrong");
        // Not `disabled`: the focus stays on the button the reader pressed.
        (right ? buttons : [button]).forEach(function (b) { b.setAttribute("aria-disabled", "true"); });
        if (right) item.classList.add("is-answered");
        if (right && source) source.hidden = false;  // where the answer comes from, once found
      });
      buttons.push(button);
      group.appendChild(button);
    });
    box.appendChild(ask);
    box.appendChild(group);
    box.appendChild(feedback);
    // The page the question comes from is often named as its answer: shown once answered.
    var source = details.querySelector(".quiz-source");
    if (source) { source.hidden = true; box.appendChild(source); }
    item.replaceChild(box, details);
  });
})();

/* A list filtered by the choices of a form (all items show without JS). `kept` names the
   choices the address holds (?journey=...): read when the page opens, written back as they
   change, so a filtered list can be bookmarked and shared; Back may restore the reader's
   own choices, so the list is drawn again whenever the page is shown. */
function journeyAtlasFilter(form, kept, apply) {
  "use strict";
  kept.forEach(function (name) {
    var found = new RegExp("[?&]" + name + "=([a-z0-9-]+)").exec(window.location.search);
    if (found) form.elements[name].value = found[1];
  });
  form.hidden = false;
  function remember() {
    var query = kept.filter(function (name) { return form.elements[name].value; })
                    .map(function (name) { return name + "=" + form.elements[name].value; });
    if (window.history && history.replaceState) {
      history.replaceState(null, "", window.location.pathname + (query.length ? "?" + query.join("&") : ""));
    }
  }
  form.addEventListener("change", function () { apply(); remember(); });
  window.addEventListener("pageshow", apply);
  apply();
  return remember;
}

/* The impact/effort matrix: filter gaps by journey and status. */
(function () {
  "use strict";
  var form = document.querySelector("form.gap-filter");
  if (!form) return;
  var journey = form.elements.journey, status = form.elements.status;
  var note = form.querySelector("[role=status]");
  var items = document.querySelectorAll(".gap-list [data-journey], .gap-matrix [data-journey]");
  journeyAtlasFilter(form, ["journey"], function () {
    var shown = 0;
    Array.prototype.forEach.call(items, function (el) {
      var match = (!journey.value || el.getAttribute("data-journey") === journey.value) &&
                  (!status.value || el.getAttribute("data-status") === status.value);
      if (match) { el.removeAttribute("hidden"); } else { el.setAttribute("hidden", ""); }
      if (match && el.tagName === "LI") shown++;
    });
    Array.prototype.forEach.call(document.querySelectorAll(".quadrant"), function (section) {
      section.hidden = !section.querySelector("li:not([hidden])");
    });
    note.textContent = journeyAtlasCount("gaps_shown", shown);
  });
})();

/* Research insights: filter by source and journey, both kept in the address. */
(function () {
  "use strict";
  var form = document.querySelector("form.insight-filter");
  if (!form) return;
  var source = form.elements.source, journey = form.elements.journey;
  var note = form.querySelector("[role=status]");
  var clear = form.querySelector(".clear-filter");
  var items = document.querySelectorAll(".insight-list > li");
  function apply() {
    var shown = 0;
    Array.prototype.forEach.call(items, function (li) {
      var journeys = (li.getAttribute("data-journeys") || "").split(" ");
      var match = (!source.value || li.getAttribute("data-source") === source.value) &&
                  (!journey.value || journeys.indexOf(journey.value) >= 0);
      li.hidden = !match;
      if (match) shown++;
    });
    note.textContent = shown ? journeyAtlasCount("insights_shown", shown)
                             : journeyAtlasWord("insights_none");
    clear.hidden = !(source.value || journey.value);
  }
  var remember = journeyAtlasFilter(form, ["source", "journey"], apply);
  clear.addEventListener("click", function () {
    source.value = ""; journey.value = ""; apply(); remember(); source.focus();
  });
})();

/* Releases: a version switcher that reads ../versions.json (mike's format) and keeps the
   reader on the same page, and a banner on any release that is not the latest. */
(function () {
  "use strict";
  var body = document.body;
  var version = body.getAttribute("data-version");
  var select = document.getElementById("version-select");
  if (!version || !select || !window.fetch) return;
  var root = (body.getAttribute("data-base-url") || ".").replace(/\/$/, "") + "/../";
  var pageUrl = body.getAttribute("data-page-url") || "";

  function exists(url) {
    return fetch(url, { method: "HEAD" }).then(function (r) { return r.ok; },
                                               function () { return false; });
  }
  function samePageIn(v) {
    var target = root + v + "/" + pageUrl;
    return exists(target).then(function (ok) { return ok ? target : root + v + "/"; });
  }

  fetch(root + "versions.json").then(function (r) { return r.json(); }).then(function (versions) {
    select.textContent = "";
    versions.forEach(function (v) {
      var option = document.createElement("option");
      option.value = v.version;
      option.textContent = (v.title || v.version) + (v.aliases && v.aliases.length ? " (" + v.aliases.join(", ") + ")" : "");
      option.selected = v.version === version;
      select.appendChild(option);
    });
    select.addEventListener("change", function () {
      samePageIn(select.value).then(function (url) { window.location.href = url; });
    });
    versions.forEach(function (v) {
      if (v.version === version) (v.aliases || []).forEach(function (name) {
        JourneyAtlasOffline.alias(root + name + "/");
      });
    });
    var latest = versions.filter(function (v) { return (v.aliases || []).indexOf("latest") >= 0; })[0] || versions[0];
    if (!latest || latest.version === version) return;
    var banner = document.querySelector(".release-banner");
    samePageIn(latest.version).then(function (url) {
      var text = document.createElement("span");
      text.textContent = journeyAtlasWord("release_older", { release: version }) + " ";
      var link = document.createElement("a");
      link.href = url;
      link.textContent = journeyAtlasWord("release_latest", { release: latest.title || latest.version });
      banner.textContent = "";
      banner.appendChild(text);
      banner.appendChild(link);
      banner.hidden = false;
    });
  }).catch(function () { /* not published as a release: the switcher stays as built */ });
})();

/* Learning-path progress, remembered in this browser per role: the stops ticked done.
   journeyAtlasPathProgress(role) -> {done, total} or null, for home and the paths page. */
function journeyAtlasPathProgress(role) {
  "use strict";
  try {
    var saved = JSON.parse(window.localStorage.getItem("journey-atlas:path:" + role) || "null");
    if (saved && Array.isArray(saved.done) && saved.total > 0) {
      return { done: Math.min(saved.done.length, saved.total), total: saved.total };
    }
  } catch (e) { /* storage refused or garbled: no progress to show */ }
  return null;
}
(function () {
  "use strict";
  var shown = document.querySelector("[data-path-progress]");
  if (shown) {
    var role = shown.getAttribute("data-role"), total = +shown.getAttribute("data-total");
    var KEY = "journey-atlas:path:" + role;
    var boxes = Array.prototype.slice.call(document.querySelectorAll("[data-stop-done]"));
    var stops = boxes.map(function (b) { return b.getAttribute("data-stop-done"); });
    var done = [];
    try {
      var saved = JSON.parse(window.localStorage.getItem(KEY) || "null");
      // Only stops this path still has: a stage renamed in a later release drops out.
      if (saved && Array.isArray(saved.done)) done = saved.done.filter(function (s) {
        return stops.indexOf(s) >= 0; });
    } catch (e) { /* garbled: start again */ }
    var count = shown.querySelector(".path-count"), bar = shown.querySelector(".path-bar span");
    var update = function (save) {
      count.textContent = journeyAtlasCount("path_progress", total, { done: done.length });
      bar.className = "w" + Math.round(10 * done.length / total);  // CSS widths: no inline style
      if (save) {
        try { window.localStorage.setItem(KEY, JSON.stringify({ done: done, total: total })); }
        catch (e) { /* refused: the ticks last this visit */ }
      }
    };
    boxes.forEach(function (box) {
      var stop = box.getAttribute("data-stop-done");
      var item = box.closest(".path-stop");
      box.checked = done.indexOf(stop) >= 0;
      item.classList.toggle("is-done", box.checked);
      box.closest(".stop-done").hidden = false;
      box.addEventListener("change", function () {
        done = done.filter(function (s) { return s !== stop; });
        if (box.checked) done.push(stop);
        item.classList.toggle("is-done", box.checked);
        update(true);
      });
    });
    shown.hidden = false;
    update(false);
  }
  // The paths page: each role's progress beside its name.
  Array.prototype.forEach.call(document.querySelectorAll(".role-picker a[data-role]"), function (a) {
    var progress = journeyAtlasPathProgress(a.getAttribute("data-role"));
    if (!progress) return;
    var note = document.createElement("span");
    note.className = "picker-progress";
    note.textContent = journeyAtlasWord("path_progress_short", { done: progress.done, total: progress.total });
    a.appendChild(note);
  });
})();

/* The tour remembers the reader's place in this browser; the home page offers to resume. */
(function () {
  "use strict";
  var KEY = "journey-atlas:tour";
  var base = (document.body.getAttribute("data-base-url") || ".").replace(/\/$/, "");
  var step = document.querySelector("[data-tour-step]");
  function remembered() { return JSON.parse(window.localStorage.getItem(KEY) || "{}") || {}; }
  try {
    if (step) {
      var here = document.body.getAttribute("data-tour-path");
      var before = remembered();
      window.localStorage.setItem(KEY, JSON.stringify({  // a tour once finished stays so
        path: here, step: +step.getAttribute("data-tour-step"),
        total: +step.getAttribute("data-tour-total"), done: !!before.done }));
    }
    var finish = document.querySelector("[data-tour-finish]");
    if (finish) {
      var finished = finish.querySelector("[data-tour-finished]");
      var button = finish.querySelector("[data-tour-finish-button]");
      var picker = document.querySelector(".tour-body .role-picker");
      var markDone = function () {
        var saved = remembered();
        saved.done = true;
        window.localStorage.setItem(KEY, JSON.stringify(saved));
      };
      var showDone = function () { button.hidden = true; finished.hidden = false; };
      if (remembered().done) showDone();
      finish.hidden = false;
      button.addEventListener("click", function () {
        markDone();
        showDone();
        // The hand-over: the first role of the picker, to choose a path.
        var first = picker && picker.querySelector("a");
        if (first) first.focus();
      });
      if (picker) picker.addEventListener("click", function (e) {
        if (e.target.closest && e.target.closest("a")) markDone();
      });
    }
    var resume = document.querySelector("[data-tour-resume]");
    var saved = resume && remembered();
    if (saved && saved.done) {
      resume.setAttribute("data-tour-done", "");
      resume.textContent = journeyAtlasWord("tour_done");
    } else if (saved && saved.step > 1 && typeof saved.path === "string" &&
               /^[a-z0-9\/-]*$/.test(saved.path)) {
      resume.href = base + "/" + saved.path;
      resume.textContent = journeyAtlasWord("tour_continue", { step: saved.step, total: saved.total });
    }
  } catch (e) { /* storage may be off: the tour still works as plain pages */ }
})();

/* "New since you last looked": the browser remembers the newest release its reader has
   opened. Opening a newer one shows, until dismissed, how many changes "What changed" lists
   since the previous release (for the reader's role when one is remembered). A reader who
   never opened an earlier release sees nothing; nothing leaves the browser. */
(function () {
  "use strict";
  var body = document.body;
  var version = body.getAttribute("data-version");
  var notice = document.querySelector(".news-notice");
  if (!version || !notice || !window.fetch || !window.localStorage) return;
  var store = window.localStorage;
  var SEEN = "journey-atlas:newest-release", PENDING = "journey-atlas:news-for";

  function parts(v) { return String(v).split(/[.\-+_]/); }
  function newer(a, b) {  /* is release a newer than b? numbers before words, as releases sort */
    var x = parts(a), y = parts(b);
    for (var i = 0; i < Math.max(x.length, y.length); i++) {
      if (x[i] === undefined) return false;
      if (y[i] === undefined) return true;
      var nx = /^\d+$/.test(x[i]), ny = /^\d+$/.test(y[i]);
      if (nx && ny && +x[i] !== +y[i]) return +x[i] > +y[i];
      if (nx !== ny) return ny;
      if (!nx && x[i] !== y[i]) return x[i] > y[i];
    }
    return false;
  }
  try {
    var seen = store.getItem(SEEN);
    if (seen && newer(version, seen)) store.setItem(PENDING, version);
    if (!seen || newer(version, seen)) store.setItem(SEEN, version);
    if (store.getItem(PENDING) !== version) return;
    if (store.getItem("journey-atlas:dismissed:" + version)) return;
  } catch (e) { return; }  /* storage refused: no notice */

  fetch(notice.getAttribute("data-changes")).then(function (r) { return r.json(); })
    .then(function (counts) {
      var role = store.getItem("journey-atlas:role");
      // Own keys only: a role id such as "constructor" is not one of the counts.
      var forRole = role && counts.roles && Object.prototype.hasOwnProperty.call(counts.roles, role)
                    && typeof counts.roles[role] === "number";
      var n = forRole ? counts.roles[role] : counts.total;
      if (!n) return;
      var roleName = forRole ? (store.getItem("journey-atlas:role-name") || role) : "";
      var link = document.createElement("a");
      link.href = notice.getAttribute("data-changes-page");
      link.textContent = journeyAtlasCount(roleName ? "news_changes_for_role" : "news_changes", n,
                                           { release: counts.previous, role: roleName });
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = journeyAtlasWord("release_dismiss");
      close.addEventListener("click", function () {
        store.setItem("journey-atlas:dismissed:" + version, "1");
        notice.hidden = true;
      });
      notice.textContent = "";
      notice.appendChild(link);
      notice.appendChild(close);
      notice.hidden = false;
    }).catch(function () { /* no counts: built outside a release */ });
})();

/* Who I am: the reader's role, remembered in this browser only (nothing leaves it). Chosen
   with "I am a…" on home or on a learning-path picker, or "This is me" on a role page. Home
   then shows that role's moments first; "New since you last looked" counts its changes. */
(function () {
  "use strict";
  var ROLE = "journey-atlas:role", NAME = "journey-atlas:role-name";
  var store;
  try { store = window.localStorage; } catch (e) { return; }  /* storage refused */
  if (!store) return;

  function remembered() { try { return store.getItem(ROLE); } catch (e) { return null; } }
  function remember(id, name) {
    try { store.setItem(ROLE, id); store.setItem(NAME, name); } catch (e) { /* refused */ }
  }
  function forget() {
    try { store.removeItem(ROLE); store.removeItem(NAME); } catch (e) { /* refused */ }
  }
  function roleLink(container, id) {
    var links = container ? container.querySelectorAll("a[data-role]") : [];
    for (var i = 0; i < links.length; i++) if (links[i].getAttribute("data-role") === id) return links[i];
    // Home in an atlas with too many roles to list (site_builder/page_sizes.py) says where
    // role pages are instead: the role's name is the one remembered with it.
    var pattern = container && container.getAttribute("data-role-page-pattern");
    if (!pattern || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) return null;
    var found = document.createElement("a");
    found.setAttribute("data-role", id);
    found.setAttribute("data-role-page", pattern.replace("{id}", id));
    try { found.setAttribute("data-role-name", store.getItem(NAME) || id); } catch (e) { found.setAttribute("data-role-name", id); }
    return found;
  }

  /* A learning-path picker ("I am a…" on the paths page and in the tour) remembers too. */
  Array.prototype.forEach.call(document.querySelectorAll(".role-picker a[data-role]"), function (a) {
    a.addEventListener("click", function () {
      remember(a.getAttribute("data-role"), a.getAttribute("data-role-name"));
    });
  });

  /* Home: "Your moments" for the remembered role, lifted from that role's page. */
  var box = document.getElementById("your-moments-home");
  var picker = document.querySelector(".home-roles");
  function message(text) {
    var p = document.createElement("p");
    p.textContent = text;
    return p;
  }
  function showHome(focus) {
    var id = remembered(), link = id && roleLink(picker, id);
    if (!link) { box.hidden = true; return; }
    var name = link.getAttribute("data-role-name");
    var rolePage = new URL(link.getAttribute("data-role-page"), window.location.href).href;
    var path = link.getAttribute("data-role-path");
    var title = box.querySelector("h2"), cards = box.querySelector(".your-moments-cards");
    title.textContent = journeyAtlasWord("your_moments_as", { role: name });
    box.querySelector(".role-page-link").href = rolePage;
    var pathLink = box.querySelector(".role-path-link");
    pathLink.hidden = !path;
    if (path) pathLink.href = new URL(path, window.location.href).href;
    var progress = journeyAtlasPathProgress(id);
    pathLink.textContent = progress ? journeyAtlasCount("your_path_progress", progress.total, { done: progress.done })
                                    : journeyAtlasWord("your_path");
    box.hidden = false;
    if (focus) { box.scrollIntoView({ block: "start" }); title.focus(); }
    // A copy opened from disk (file://) cannot fetch: its cards stay on the role page.
    var page = window.location.protocol === "file:" ? Promise.reject(null) : fetch(rolePage);
    page.then(function (r) {
      if (r.status === 404 && !link.parentNode) { box.hidden = true; throw null; }  // a role no longer in the atlas
      if (!r.ok) throw r;
      return r.text();
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var pathButton = doc.querySelector(".role-path-button[href]");
      if (!path && pathButton) {  // a role found by its id: its page links its path
        pathLink.href = new URL(pathButton.getAttribute("href"), rolePage).href;
        pathLink.hidden = false;
      }
      var section = doc.getElementById("your-moments");
      var grid = section && section.querySelector(".cards");
      cards.textContent = "";
      if (!grid) {
        cards.appendChild(message(journeyAtlasWord("your_moments_none")));
      } else {
        // With many moments, the role page shows the first and says where the rest are.
        var more = section.querySelector(".moments-more");
        [grid, more].forEach(function (part) {
          if (!part) return;
          // Its links lead from the role page: make them lead from here.
          Array.prototype.forEach.call(part.querySelectorAll("a[href]"), function (a) {
            a.setAttribute("href", new URL(a.getAttribute("href"), rolePage).href);
          });
          cards.appendChild(document.importNode(part, true));
        });
      }
      if (JourneyAtlasOffline) JourneyAtlasOffline.keepMarked(doc, rolePage);
    }).catch(function () {
      if (box.hidden) return;
      cards.textContent = "";
      cards.appendChild(message(journeyAtlasWord("your_moments_elsewhere")));
    });
  }
  if (box && picker) {
    var hint = picker.querySelector(".js-only");
    if (hint) hint.hidden = false;
    Array.prototype.forEach.call(picker.querySelectorAll("a[data-role]"), function (a) {
      a.addEventListener("click", function (e) {
        if (e.button || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        remember(a.getAttribute("data-role"), a.getAttribute("data-role-name"));
        showHome(true);
      });
    });
    box.querySelector(".forget-role").addEventListener("click", function () {
      forget();
      box.hidden = true;
      var first = picker.querySelector("a[data-role]");
      if (first) first.focus();
    });
    showHome(false);
    window.addEventListener("storage", function (e) { if (e.key === ROLE) showHome(false); });
  }

  /* "This is me" on a role page. */
  var me = document.querySelector(".this-is-me");
  if (!me) return;
  var button = me.querySelector("button"), note = me.querySelector("span");
  var id = me.getAttribute("data-role"), name = me.getAttribute("data-role-name");
  function show() {
    var mine = remembered() === id;
    button.setAttribute("aria-pressed", mine ? "true" : "false");
    button.textContent = journeyAtlasWord(mine ? "this_is_me_chosen" : "this_is_me");
    note.textContent = mine ? journeyAtlasWord("this_is_me_note") : "";
    if (mine && JourneyAtlasOffline) JourneyAtlasOffline.keepMarked(document, window.location.href);
  }
  button.addEventListener("click", function () {
    // What the button shows decides (another tab may have changed the role since).
    if (button.getAttribute("aria-pressed") === "true") forget(); else remember(id, name);
    show();
  });
  window.addEventListener("storage", function (e) { if (e.key === ROLE) show(); });
  show();
  me.hidden = false;
})();

/* Dark mode: the top bar's button switches between light and dark colours and the browser
   remembers the choice (assets/colour-scheme.js applies it before the page paints).
   Choosing what the system shows anyway forgets the choice: the page follows the system
   again, as it does until the reader first presses the button. */
(function () {
  "use strict";
  var button = document.querySelector(".scheme-toggle");
  if (!button) return;
  var root = document.documentElement, KEY = "journey-atlas:colour-scheme";
  var system = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function systemScheme() { return system && system.matches ? "dark" : "light"; }
  function shown() {
    var chosen = root.getAttribute("data-colour-scheme");
    return chosen === "light" || chosen === "dark" ? chosen : systemScheme();
  }
  function show() { button.setAttribute("aria-pressed", shown() === "dark" ? "true" : "false"); }
  button.addEventListener("click", function () {
    var next = shown() === "dark" ? "light" : "dark", follow = next === systemScheme();
    try {
      if (follow) window.localStorage.removeItem(KEY); else window.localStorage.setItem(KEY, next);
    } catch (e) { /* storage refused: the choice lasts for this page */ }
    root.setAttribute("data-colour-scheme", follow ? "system" : next);
    show();
  });
  if (system && system.addEventListener) system.addEventListener("change", show);
  show();
})();

/* Present mode (partials/present.html): the journey map full screen for a facilitated
   session. The keys a presentation clicker sends move stage by stage; the panel of each
   stage is already on the page (hidden), so this only shows, hides and pans. The address
   keeps the stage (#present=<stage-id>), so a link or a reload opens the session there. */
(function () {
  "use strict";
  var overlay = document.getElementById("present");
  var opener = document.querySelector("[data-present-open]");
  var map = document.querySelector(".journey-map-block svg.journey-map");
  if (!overlay || !opener || !map) return;
  var panels = Array.prototype.slice.call(overlay.querySelectorAll("[data-present-stage]"));
  if (!panels.length) return;
  var mapBox = overlay.querySelector("[data-present-map]");
  var at = overlay.querySelector("[data-present-at]");
  var status = overlay.querySelector("[data-present-status]");
  var total = panels.length;
  var links = panels.map(function (panel) {
    var want = panel.getAttribute("data-stage-href");
    return Array.prototype.filter.call(map.querySelectorAll("a.stage-link"), function (a) {
      return a.getAttribute("href") === want;
    })[0] || null;
  });
  var HASH = /^#present=([a-z0-9-]+)$/;
  var index = -1, open = false, home = null, inerted = [];
  opener.parentNode.hidden = false;
  document.body.appendChild(overlay);  // a sibling of everything it makes inert

  function indexOf(id) {
    for (var i = 0; i < total; i++) if (panels[i].getAttribute("data-present-stage") === id) return i;
    return -1;
  }
  function address(hash) {
    try { history.replaceState(history.state, "", window.location.pathname + window.location.search + hash); }
    catch (e) { /* file:// in some browsers: the session still works */ }
  }
  function pan(link) {
    if (!link) return;
    var box = mapBox.getBoundingClientRect(), r = link.getBoundingClientRect();
    mapBox.scrollLeft += (r.left + r.width / 2) - (box.left + box.width / 2);
  }
  function show(i) {
    i = Math.max(0, Math.min(total - 1, i));
    if (i === index) return;
    if (index >= 0) {
      panels[index].hidden = true;
      if (links[index]) { links[index].classList.remove("is-presented"); links[index].removeAttribute("aria-current"); }
    }
    index = i;
    panels[i].hidden = false;
    var link = links[i];
    if (link) { link.classList.add("is-presented"); link.setAttribute("aria-current", "step"); }
    at.textContent = String(i + 1);
    var name = panels[i].querySelector(".present-name");
    status.textContent = journeyAtlasWord("present_stage", { position: i + 1, count: total,
                                                             stage: name ? name.textContent : "" });
    pan(link);
    address("#present=" + panels[i].getAttribute("data-present-stage"));
  }
  function start(i, askFullscreen) {
    if (!open) {
      open = true;
      home = map.parentNode;
      mapBox.appendChild(map);
      inerted = Array.prototype.filter.call(document.body.children, function (el) {
        return el !== overlay && !el.inert;
      });
      inerted.forEach(function (el) { el.inert = true; });
      overlay.hidden = false;
      document.documentElement.classList.add("presenting");
      if (askFullscreen && overlay.requestFullscreen) {
        // Refused (no permission, an iframe, a kiosk): the overlay already fills the window.
        overlay.requestFullscreen().catch(function () {});
      }
      overlay.focus();
    }
    show(i);
  }
  function close() {
    if (!open) return;
    open = false;
    var link = links[index];
    overlay.hidden = true;
    document.documentElement.classList.remove("presenting");
    inerted.forEach(function (el) { el.inert = false; });
    inerted = [];
    if (link) { link.classList.remove("is-presented"); link.removeAttribute("aria-current"); }
    panels[index].hidden = true;
    home.appendChild(map);
    address("");
    // Back on the page at that stage: its link on the map, scrolled into view and focused
    // (once out of full screen, which takes the focus with it).
    function land() {
      if (!link) return;
      link.focus({ preventScroll: true });
      if (home.scrollWidth > home.clientWidth) {
        var box = home.getBoundingClientRect(), r = link.getBoundingClientRect();
        home.scrollLeft += (r.left + r.width / 2) - (box.left + box.width / 2);
      }
      home.scrollIntoView({ block: "center" });
    }
    if (document.fullscreenElement && document.exitFullscreen) document.exitFullscreen().then(land, land);
    else land();
    index = -1;
  }
  function focusables() {
    return Array.prototype.filter.call(
      overlay.querySelectorAll("button, a[href], [tabindex]:not([tabindex='-1'])"),
      function (el) { return !el.closest("[hidden]") && el.getClientRects().length; });
  }

  opener.addEventListener("click", function () { start(0, true); });
  overlay.querySelector("[data-present-prev]").addEventListener("click", function () { show(index - 1); });
  overlay.querySelector("[data-present-next]").addEventListener("click", function () { show(index + 1); });
  overlay.querySelector("[data-present-close]").addEventListener("click", close);
  // A stage on the map, clicked or entered while presenting, is presented rather than opened.
  mapBox.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.stage-link");
    var i = link ? links.indexOf(link) : -1;
    if (i >= 0) { event.preventDefault(); show(i); }
  });
  document.addEventListener("keydown", function (event) {
    if (!open || event.altKey || event.ctrlKey || event.metaKey) return;
    var key = event.key, onButton = event.target.tagName === "BUTTON" || event.target.tagName === "A";
    var to = null;
    // Right to left (Arabic, Hebrew), the next stage is to the left.
    var forward = document.documentElement.dir === "rtl" ? "ArrowLeft" : "ArrowRight";
    var back = forward === "ArrowLeft" ? "ArrowRight" : "ArrowLeft";
    if (key === forward || key === "PageDown" || (key === " " && !event.shiftKey && !onButton)) to = index + 1;
    else if (key === back || key === "PageUp" || (key === " " && event.shiftKey && !onButton)) to = index - 1;
    else if (key === "Home") to = 0;
    else if (key === "End") to = total - 1;
    else if (key === "Escape") { event.preventDefault(); close(); return; }
    else if (key === "Tab") {
      var all = focusables();
      if (!all.length) return;
      var first = all[0], last = all[all.length - 1];
      if (event.shiftKey && (document.activeElement === first || document.activeElement === overlay)) { event.preventDefault(); last.focus(); }
      else if (!event.shiftKey && document.activeElement === last) { event.preventDefault(); first.focus(); }
      return;
    }
    if (to === null) return;
    event.preventDefault();
    show(to);
  });
  // Esc in full screen leaves full screen before any key reaches the page: leave present mode too.
  document.addEventListener("fullscreenchange", function () {
    if (!document.fullscreenElement && open) close();
  });
  window.addEventListener("resize", function () { if (open) pan(links[index]); });
  function fromAddress() {
    var match = HASH.exec(window.location.hash);
    var i = match ? indexOf(match[1]) : -1;
    if (i >= 0) start(i, false);
  }
  window.addEventListener("hashchange", fromAddress);
  fromAddress();
})();
