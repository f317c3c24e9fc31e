// Entry page keyboard flow: Enter in a single-line input saves the row (htmx "submit")
// and moves to the next input, like Tab. Textareas keep Enter for new lines.
(function () {
  function inputs() {
    return Array.prototype.slice.call(
      document.querySelectorAll("main input:not([type=hidden]):not([disabled]), main select:not([disabled]), main textarea:not([disabled])")
    );
  }
  document.addEventListener("keydown", function (e) {
    var el = e.target;
    if (e.key !== "Enter" || el.tagName !== "INPUT" || !el.form || !el.closest(".entry-row")) return;
    e.preventDefault();
    var list = inputs();
    var next = list[list.indexOf(el) + 1];
    var id = el.id;
    el.dispatchEvent(new Event("change", { bubbles: true }));
    // The row is replaced after the save; focus the next input by id once it is back.
    var nextId = next && next.id;
    document.addEventListener("htmx:afterSwap", function focusNext() {
      document.removeEventListener("htmx:afterSwap", focusNext);
      var target = nextId && document.getElementById(nextId);
      if (target) target.focus();
    });
    if (next) next.focus();
  });
})();
