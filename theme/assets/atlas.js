/* Journey Atlas: the search box. No framework; results are built with textContent only,
   so text from the content can never become markup. */
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input");
  var list = form.querySelector("#search-results");
  var status = form.querySelector("#search-status");
  var base = (document.body.getAttribute("data-base-url") || ".").replace(/\/$/, "");
  var docs = null;
  var loading = null;
  form.hidden = false;

  var KINDS = [
    [/^journeys\/[^/]+\/stages\//, "Stage"],
    [/^journeys\/[^/]+\/moments\//, "Moment"],
    [/^journeys\/[^/]+\/(#|$)/, "Journey"],
    [/^roles\/./, "Role"],
    [/^personas\/./, "Persona"]
  ];

  function kindOf(location) {
    for (var i = 0; i < KINDS.length; i++) if (KINDS[i][0].test(location)) return KINDS[i][1];
    return "Page";
  }

  function load() {
    if (!loading) {
      loading = fetch(form.getAttribute("data-index"))
        .then(function (r) { return r.json(); })
        .then(function (data) {
          var seen = {};
          docs = [];
          data.docs.forEach(function (d) {
            var page = d.location.split("#")[0];
            if (seen[page] && d.location.indexOf("#") >= 0 && !d.text) return;
            seen[page] = true;
            docs.push({ location: d.location, title: d.title || "", text: d.text || "",
                        t: (d.title || "").toLowerCase(), x: (d.text || "").toLowerCase() });
          });
        })
        .catch(function () { docs = []; status.textContent = "Search is not available offline from a file."; });
    }
    return loading;
  }

  function search(query) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    var hits = [];
    docs.forEach(function (d) {
      var score = 0;
      for (var i = 0; i < words.length; i++) {
        var inTitle = d.t.indexOf(words[i]) >= 0, at = d.x.indexOf(words[i]);
        if (!inTitle && at < 0) return;
        // A page is about what it says first (a stage's internal name sits under its title),
        // not about everything it mentions further down (a journey's whole grid).
        score += (inTitle ? 10 : 0) + (at < 0 ? 0 : at < 300 ? 3 : 1);
      }
      var phrase = words.join(" ");
      if (d.t.indexOf(phrase) === 0) score += 5;
      else if (words.length > 1 && d.x.indexOf(phrase) >= 0 && d.x.indexOf(phrase) < 300) score += 2;
      if (d.location.indexOf("#") >= 0) score -= 2;  // prefer whole pages to sections
      // An entity's own page beats the overview pages (journey grid, glossary) that list it.
      if (/^(Stage|Moment|Role|Persona)$/.test(kindOf(d.location))) score += 2;
      hits.push({ doc: d, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.doc.title.localeCompare(b.doc.title); });
    var pages = {}, out = [];
    for (var j = 0; j < hits.length && out.length < 12; j++) {
      var page = hits[j].doc.location.split("#")[0];
      if (pages[page]) continue;
      pages[page] = true;
      out.push(hits[j].doc);
    }
    return out;
  }

  function snippet(doc, words) {
    var at = -1;
    for (var i = 0; i < words.length && at < 0; i++) at = doc.x.indexOf(words[i]);
    if (at < 0) return doc.text.slice(0, 140);
    var start = Math.max(0, at - 50);
    return (start > 0 ? "…" : "") + doc.text.slice(start, start + 160) + "…";
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

  function show() {
    var query = input.value.trim();
    list.textContent = "";
    if (!query) { list.hidden = true; status.textContent = ""; return; }
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    var results = search(query);
    results.forEach(function (doc) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = base + "/" + doc.location;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = kindOf(doc.location);
      a.appendChild(kind);
      a.appendChild(document.createTextNode(" "));
      a.appendChild(highlighted(doc.title, words));
      var snip = document.createElement("span");
      snip.className = "snippet";
      snip.appendChild(highlighted(snippet(doc, words), words));
      a.appendChild(snip);
      li.appendChild(a);
      list.appendChild(li);
    });
    if (!results.length) {
      var empty = document.createElement("li");
      empty.className = "empty";
      empty.textContent = "Nothing found for “" + query + "”.";
      list.appendChild(empty);
    }
    list.hidden = false;
    status.textContent = results.length + (results.length === 1 ? " result" : " results");
  }

  input.addEventListener("focus", load);
  input.addEventListener("input", function () { load().then(show); });
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

/* The impact/effort matrix: filter gaps by journey and status (all show without JS). */
(function () {
  "use strict";
  var form = document.querySelector("form.gap-filter");
  if (!form) return;
  var journey = form.elements.journey, status = form.elements.status;
  var note = form.querySelector("[role=status]");
  var items = document.querySelectorAll(".gap-list [data-journey], .gap-matrix [data-journey]");
  var fromQuery = /[?&]journey=([a-z0-9-]+)/.exec(window.location.search);
  if (fromQuery) journey.value = fromQuery[1];
  form.hidden = false;

  function apply() {
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
    note.textContent = shown + (shown === 1 ? " gap shown" : " gaps shown");
  }
  form.addEventListener("change", apply);
  apply();
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
    var latest = versions.filter(function (v) { return (v.aliases || []).indexOf("latest") >= 0; })[0] || versions[0];
    if (!latest || latest.version === version) return;
    var banner = document.querySelector(".release-banner");
    samePageIn(latest.version).then(function (url) {
      var text = document.createElement("span");
      text.textContent = "You are reading release " + version + ". ";
      var link = document.createElement("a");
      link.href = url;
      link.textContent = "See this page in the latest release, " + (latest.title || latest.version);
      banner.textContent = "";
      banner.appendChild(text);
      banner.appendChild(link);
      banner.hidden = false;
    });
  }).catch(function () { /* not published as a release: the switcher stays as built */ });
})();

/* The tour remembers the reader's place in this browser; the home page offers to resume. */
(function () {
  "use strict";
  var KEY = "journey-atlas:tour";
  var base = (document.body.getAttribute("data-base-url") || ".").replace(/\/$/, "");
  var step = document.querySelector("[data-tour-step]");
  try {
    if (step) {
      var here = document.body.getAttribute("data-tour-path");
      window.localStorage.setItem(KEY, JSON.stringify({
        path: here, step: +step.getAttribute("data-tour-step"),
        total: +step.getAttribute("data-tour-total") }));
    }
    var resume = document.querySelector("[data-tour-resume]");
    var saved = resume && JSON.parse(window.localStorage.getItem(KEY) || "null");
    if (saved && saved.step > 1 && typeof saved.path === "string" && /^[a-z0-9\/-]*$/.test(saved.path)) {
      resume.href = base + "/" + saved.path;
      resume.textContent = "Continue the tour (step " + saved.step + " of " + saved.total + ")";
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
      var forRole = role && counts.roles && counts.roles[role] !== undefined;
      var n = forRole ? counts.roles[role] : counts.total;
      if (!n) return;
      var roleName = forRole ? (store.getItem("journey-atlas:role-name") || role) : "";
      var link = document.createElement("a");
      link.href = notice.getAttribute("data-changes-page");
      link.textContent = "Since " + counts.previous + ": " + n + (n === 1 ? " change" : " changes")
        + (roleName ? " for " + roleName : "");
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "Dismiss";
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

/* "This is me" on a role page: the browser remembers the reader's role (nothing leaves it),
   so "New since you last looked" counts the changes for that role. */
(function () {
  "use strict";
  var box = document.querySelector(".this-is-me");
  if (!box || !window.localStorage) return;
  var button = box.querySelector("button"), note = box.querySelector("span");
  var id = box.getAttribute("data-role"), name = box.getAttribute("data-role-name");
  function show() {
    var mine = window.localStorage.getItem("journey-atlas:role") === id;
    button.setAttribute("aria-pressed", mine ? "true" : "false");
    button.textContent = mine ? "This is me ✓" : "This is me";
    note.textContent = mine ? "Remembered in this browser. Press again to forget." : "";
  }
  button.addEventListener("click", function () {
    try {
      if (window.localStorage.getItem("journey-atlas:role") === id) {
        window.localStorage.removeItem("journey-atlas:role");
        window.localStorage.removeItem("journey-atlas:role-name");
      } else {
        window.localStorage.setItem("journey-atlas:role", id);
        window.localStorage.setItem("journey-atlas:role-name", name);
      }
    } catch (e) { /* storage refused */ }
    show();
  });
  show();
  box.hidden = false;
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
