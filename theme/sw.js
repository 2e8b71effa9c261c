/* Journey Atlas: the offline copy. One service worker per site folder (a release folder
   such as v2/ has its own, with its own cache), so an older release's copy never answers
   for a newer one. Pages come from the network whenever it answers; the copy kept in this
   browser (every page visited, plus the pages of the reader's role that a page asks to
   keep) is used only when it does not. A page served from the copy says so (atlas.js). */
"use strict";

var SCOPE = self.registration.scope;
var CACHE = "journey-atlas:" + SCOPE;
var SAVED = "x-journey-atlas-saved";  // when the copy was saved, shown in the offline note
var WAIT_MS = 6000;  // a network this slow is treated as none, when a copy exists
var MOST_KEPT = 1000;  // URLs one "keep" message may ask for

function inScope(url) {
  return url.indexOf(SCOPE) === 0 && url.indexOf("/livereload/") < 0;  // not `mkdocs serve`'s
}

function save(cache, key, response) {
  if (!response || !response.ok || response.type !== "basic") return Promise.resolve();
  var headers = new Headers(response.headers);
  headers.set(SAVED, new Date().toISOString());
  return response.blob().then(function (body) {
    return cache.put(key, new Response(body, { status: response.status,
                                               statusText: response.statusText,
                                               headers: headers }));
  });
}

function keep(urls) {
  return caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.filter(inScope).map(function (url) {
      return cache.match(url).then(function (hit) {
        return hit || fetch(url).then(function (r) { return save(cache, url, r); },
                                      function () { /* offline now: kept next time */ });
      });
    }));
  });
}

/* The saved page, marked so the page can tell its reader it is the offline copy. */
function marked(response) {
  if ((response.headers.get("content-type") || "").indexOf("text/html") < 0) return response;
  var saved = response.headers.get(SAVED) || "";
  if (!/^[0-9TZ:.\-]+$/.test(saved)) saved = "unknown";
  return response.text().then(function (html) {
    var headers = new Headers(response.headers);
    headers.delete("content-length");
    return new Response(html.replace("<body ", '<body data-offline-copy="' + saved + '" '),
                        { status: 200, headers: headers });
  });
}

function notKept() {
  return new Response(
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    "<title>Not in the offline copy</title></head><body>" +
    "<h1>This page is not in the offline copy</h1>" +
    "<p>There is no network, and this browser has not kept this page. Pages you have opened " +
    'before, and your role\'s moments and stages, are kept. <a href="' + SCOPE + '">Home</a></p>' +
    "</body></html>",
    { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

self.addEventListener("install", function (event) {
  self.skipWaiting();
  event.waitUntil(keep([SCOPE]));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "keep" && Array.isArray(data.urls)) {
    event.waitUntil(keep(data.urls.slice(0, MOST_KEPT).filter(function (u) {
      return typeof u === "string";
    })));
  }
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || !inScope(request.url)) return;
  var navigation = request.mode === "navigate";
  var fromCopy = function () {
    return caches.open(CACHE).then(function (cache) {
      return cache.match(request, { ignoreSearch: navigation });
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
    setTimeout(function () { copyOr(null); }, WAIT_MS);  // the network may still answer
  }));
});
