/* The RNN Explainer's frame in the docs fits its page: the page inside says how tall it is (postMessage,
 * which works from file:// too) and the frame takes that height, so it never scrolls inside. */
(function () {
  "use strict";
  window.addEventListener("message", function (event) {
    var message = event.data;
    if (!message || message.from !== "tinyrnn-explainer" || typeof message.height !== "number") return;
    var frames = document.querySelectorAll("iframe.tinyrnn-explainer");
    for (var k = 0; k < frames.length; k++) {
      if (frames[k].contentWindow === event.source) {
        frames[k].style.height = Math.max(300, Math.min(40000, Math.ceil(message.height))) + "px";
      }
    }
  });
})();
