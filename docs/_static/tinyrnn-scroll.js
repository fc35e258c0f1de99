// Marks each box of a page that scrolls sideways (a wide table, program output, an equation) and puts a
// hint above it, so that a reader on a phone knows there is more to the right. Re-checked on resize.
(function () {
  "use strict";
  const BOXES = "article .table-wrapper, article pre, article div.math, article p:has(> img)";

  function mark() {
    for (const box of document.querySelectorAll(BOXES)) {
      const scrolls = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("tinyrnn-scrolls", scrolls);
      let hint = box.previousElementSibling;
      if (!(hint && hint.classList.contains("tinyrnn-scroll-hint"))) hint = null;
      if (scrolls && !hint) {
        hint = document.createElement("p");
        hint.className = "tinyrnn-scroll-hint";
        hint.textContent = "⇆ wider than the screen: scroll sideways to see it all";
        box.before(hint);
      }
      if (hint) hint.hidden = !scrolls;
    }
  }

  let pending = 0;
  window.addEventListener("resize", () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(mark);
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark);
  else mark();
})();
