/* Journey Atlas: the colour scheme the reader chose with the top bar's button (atlas.js),
   set on <html> before the page paints, so a dark page never flashes light. "system" (the
   default) leaves it to prefers-color-scheme. Not deferred: keep it this small. */
(function () {
  var scheme = null;
  try { scheme = window.localStorage.getItem("journey-atlas:colour-scheme"); } catch (e) { /* off */ }
  document.documentElement.setAttribute("data-colour-scheme",
                                        scheme === "light" || scheme === "dark" ? scheme : "system");
})();
