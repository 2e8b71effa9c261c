/* Journey Atlas: the offline copy. One service worker per site folder (a release folder
   such as v2/ has its own, with its own cache), so an older release's copy never answers
   for a newer one. Pages come from the network whenever it answers; the copy kept in this
   browser (every atlas page visited, plus the pages of the reader's role that a page asks
   to keep) is used only when it does not. A page served from the copy says so (atlas.js).
   Only the atlas' own files are kept: the folder may be a whole host shared with other
   applications, whose pages and data this worker leaves alone. */
"use strict";

var SCOPE = self.registration.scope;
var CACHE = "journey-atlas:" + SCOPE;
var SAVED = "x-journey-atlas-saved";  // when the copy was saved, shown in the offline note
var WAIT_MS = 6000;  // a network this slow is treated as none, when a copy exists
var MOST_KEPT = 1000;  // URLs one "keep" message may ask for
var MOST_ENTRIES = 2000;  // pages and files kept in all; the oldest go first
var AT_ONCE = 4;  // fetches a "keep" runs at the same time
// The atlas' own pages carry this on <html> (main.html, and release.py's redirect pages).
var OURS = /<html[^>]*\sdata-journey-atlas[\s=>]/;
// Its own files besides pages: the theme's assets, the search index (pagefind/, or search/
// in a copy for disk), its JSON and scripts.
var OWN_FILE = /^(assets\/|search\/|pagefind\/|[^\/?#]+\.(json|js|webmanifest)([?#]|$))/;
// The interface's words in the site's language, for the page below that says a page is not
// kept: the script the pages load too (site_builder/script_words.py), kept with this worker
// when it installs, so it is there offline (a release's alias, latest/, has its copy too).
var WORDS = {}, LANGUAGE = "en";
try {
  importScripts("assets/words.js");
  WORDS = self.atlasWords || {};
  if (/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(self.atlasLanguage || "")) LANGUAGE = self.atlasLanguage;
} catch (e) { /* not there: the page below says less */ }
function word(key) {  /* as HTML text */
  var text = typeof WORDS[key] === "string" ? WORDS[key] : "";
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function inScope(url) {
  return typeof url === "string" && url.indexOf(SCOPE) === 0 &&
         url.indexOf("/livereload/") < 0;  // not `mkdocs serve`'s
}

function ownFile(url) {
  return inScope(url) && OWN_FILE.test(url.slice(SCOPE.length));
}

function storable(response) {
  return response && response.ok && response.type === "basic" &&
         !/no-store|private/i.test(response.headers.get("cache-control") || "");
}

function isHtml(response) {
  return (response.headers.get("content-type") || "").indexOf("text/html") >= 0;
}

/* Keeps `response` under `key` when it is the atlas' own; resolves either way. */
function save(cache, key, response) {
  if (!storable(response)) return Promise.resolve();
  var headers = new Headers(response.headers);
  headers.set(SAVED, new Date().toISOString());
  return response.blob().then(function (body) {
    var page = isHtml(response);
    var check = page ? body.text().then(function (t) { return OURS.test(t); })
                     : Promise.resolve(ownFile(typeof key === "string" ? key : key.url));
    return check.then(function (ours) {
      if (!ours) return null;
      var url = typeof key === "string" ? key : key.url;
      // A page's files first: once a page is in the copy, what it draws with is too.
      var files = page ? body.text().then(function (t) { return keepFiles(cache, t, url); })
                       : Promise.resolve();
      return files.then(function () {
        return cache.put(key, new Response(body, { status: response.status,
                                                   statusText: response.statusText,
                                                   headers: headers }));
      }).then(trim);
    });
  }).catch(function () { /* storage full or refused: the site still works online */ });
}

/* A kept page brings the files it needs to draw (its stylesheet, scripts, fonts, icons), so
   it opens offline even when the reader left it before it could ask for them itself. */
var PAGE_FILE = /(?:href|src)="([^"#?]+\.(?:css|js|woff2|svg|png))"/g;
function keepFiles(cache, html, pageUrl) {
  var urls = [], match;
  PAGE_FILE.lastIndex = 0;
  while ((match = PAGE_FILE.exec(html))) {
    var url = new URL(match[1], pageUrl).href;
    if (ownFile(url) && urls.indexOf(url) < 0) urls.push(url);
  }
  return Promise.all(urls.map(function (url) {
    return cache.match(url).then(function (hit) {
      return hit || fetch(url).then(function (r) { return save(cache, url, r); },
                                    function () { /* offline: kept with a later page */ });
    });
  }));
}

var trimming = null;
function trim() {
  if (trimming) return trimming;
  trimming = caches.open(CACHE).then(function (cache) {
    return cache.keys().then(function (keys) {
      var extra = keys.length - MOST_ENTRIES;
      return Promise.all(keys.slice(0, Math.max(0, extra)).map(function (k) {
        return cache.delete(k);
      }));
    });
  }).then(function () { trimming = null; }, function () { trimming = null; });
  return trimming;
}

/* Fetches the pages asked for afresh (a kept redirect page may point at an older release
   by now), a few at a time; a page the network cannot give keeps its kept copy. */
function keep(urls) {
  var queue = urls.filter(inScope).filter(function (u, i, all) { return all.indexOf(u) === i; });
  return caches.open(CACHE).then(function (cache) {
    function next() {
      var url = queue.shift();
      if (!url) return Promise.resolve();
      return fetch(url, { cache: "no-cache" })
        .then(function (r) { return save(cache, url, r); }, function () { /* offline */ })
        .then(next);
    }
    var workers = [];
    for (var i = 0; i < AT_ONCE; i++) workers.push(next());
    return Promise.all(workers);
  });
}

/* The kept page, marked so the page can tell its reader it is the offline copy. */
function marked(response) {
  if (!isHtml(response)) return response;
  var saved = response.headers.get(SAVED) || "";
  if (!/^[0-9TZ:.\-]+$/.test(saved)) saved = "unknown";
  return response.text().then(function (html) {
    var headers = new Headers(response.headers);
    headers.delete("content-length");
    return new Response(html.replace(/<body(?=[\s>])/, '<body data-offline-copy="' + saved + '"'),
                        { status: 200, headers: headers });
  });
}

/* A page this browser never kept, drawn with the kept stylesheet in the site's frame. */
function notKept() {
  return new Response(
    '<!doctype html><html lang="' + LANGUAGE + '"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<link rel="stylesheet" href="' + SCOPE + 'assets/atlas.css">' +
    "<title>" + word("not_kept_title") + "</title></head><body>" +
    '<header class="topbar"><div class="topbar-inner"><a class="brand" href="' + SCOPE +
    '">' + word("not_kept_home") + '</a></div></header><main id="main" class="prose-page"><article class="prose">' +
    "<h1>" + word("not_kept_heading") + "</h1>" +
    "<p>" + word("not_kept_text") + "</p>" +
    '<p><a class="button" href="' + SCOPE + '">' + word("not_kept_back") + "</a></p>" +
    "</article></main></body></html>",
    { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

self.addEventListener("install", function (event) {
  self.skipWaiting();
  event.waitUntil(keep([SCOPE]));
});

self.addEventListener("activate", function (event) {
  // The pages open when the worker arrives were not fetched through it: keep them too.
  event.waitUntil(self.clients.claim().then(function () {
    return self.clients.matchAll({ includeUncontrolled: true, type: "window" });
  }).then(function (open) {
    return keep(open.map(function (client) { return client.url.split("#")[0]; }));
  }));
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "keep" && Array.isArray(data.urls)) {
    event.waitUntil(keep(data.urls.slice(0, MOST_KEPT)));
  }
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var navigation = request.mode === "navigate";
  if (request.method !== "GET" || !inScope(request.url)) return;
  if (!navigation && !ownFile(request.url)) return;  // another application's: not ours to touch
  var fromCopy = function () {
    return caches.open(CACHE).then(function (cache) {
      // Pagefind asks for its entry file with a fresh ?ts= each time (and atlas.js may ask
      // for pagefind.js with ?retry=): the kept file answers whatever the query.
      var anyQuery = navigation || request.url.slice(SCOPE.length).indexOf("pagefind/") === 0;
      return cache.match(request, { ignoreSearch: anyQuery }).then(function (hit) {
        // A folder's address typed without its slash is the same page.
        if (hit || !navigation || /\/$|\.[a-z0-9]+$/i.test(request.url.split(/[?#]/)[0])) return hit;
        return cache.match(request.url.split(/[?#]/)[0] + "/");
      });
    });
  };
  // A page is asked of the server every time (the browser's own cache could answer with no
  // network and the reader would not be told); a redirect is handed back for it to follow.
  var asked = navigation ? fetch(request.url, { cache: "no-cache", redirect: "manual",
                                                credentials: "same-origin" })
                         : fetch(request);
  var fromNetwork = asked.then(function (response) {
    var copy = response.clone();
    event.waitUntil(caches.open(CACHE).then(function (cache) {
      return save(cache, request, copy);
    }));
    return response;
  });
  event.respondWith(new Promise(function (resolve) {
    var answered = false;
    function answer(response) {
      if (!answered) { answered = true; resolve(response); }
    }
    function copyOr(otherwise) {
      return fromCopy().then(function (hit) {
        if (hit) answer(navigation ? marked(hit) : hit);
        else if (otherwise) answer(otherwise());
      });
    }
    fromNetwork.then(answer, function () {
      copyOr(function () { return navigation ? notKept() : Response.error(); });
    });
    // A page the network is very slow to give: the kept copy, if there is one.
    if (navigation) setTimeout(function () { copyOr(null); }, WAIT_MS);
  }));
});
