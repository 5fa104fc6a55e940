// Confirm dangerous buttons; everything else is plain htmx.
document.addEventListener("click", function (event) {
  var target = event.target.closest("[data-confirm]");
  if (target && !window.confirm(target.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});
// Forms are submitted once: a second click while the first is in flight does nothing.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset.submitted === "1") { event.preventDefault(); return; }
  form.dataset.submitted = "1";
  setTimeout(function () { form.dataset.submitted = ""; }, 5000);
});
// A list searched or filtered in place (htmx) has a new address, but its export links were
// drawn with the page: when clicked they take the list's current query, so the file holds
// what the list shows.
document.addEventListener("click", function (event) {
  var link = event.target.closest("a[data-list-export]");
  if (!link) { return; }
  var params = new URLSearchParams(window.location.search);
  params.delete("page");
  new URLSearchParams(link.getAttribute("data-list-export")).forEach(function (value, key) { params.set(key, value); });
  link.setAttribute("href", window.location.pathname + "?" + params.toString());
});
// The Content-Security-Policy (script-src 'self') refuses inline handlers (onclick=…): the
// print buttons and the selects that submit their form on change are wired here.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) { window.print(); }
});
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-autosubmit]") && event.target.form) { event.target.form.submit(); }
});
