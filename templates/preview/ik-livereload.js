/* The preview's live reload (scripts/serve): MkDocs' own poller, served as a file so the pages' Content-Security-
   Policy needs no inline script. The server adds <script src="/ik-livereload.js" data-epoch=… data-request=…>. */
(function () {
  "use strict";
  var me = document.currentScript;
  var epoch = Number(me.getAttribute("data-epoch"));
  var requestId = me.getAttribute("data-request");
  var req, timeout;
  var poll = function () {
    req = new XMLHttpRequest();
    req.onloadend = function () {
      if (parseFloat(this.responseText) > epoch) {
        location.reload();
      } else {
        timeout = setTimeout(poll, this.status === 200 ? 0 : 3000);
      }
    };
    req.open("GET", "/livereload/" + epoch + "/" + requestId);
    req.send();
  };
  var stop = function () {
    if (req) { req.abort(); }
    if (timeout) { clearTimeout(timeout); }
    req = timeout = undefined;
  };
  window.addEventListener("load", function () { if (document.visibilityState === "visible") { poll(); } });
  window.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { poll(); } else { stop(); }
  });
  window.addEventListener("beforeunload", stop);
})();
