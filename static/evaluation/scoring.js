// Let HTMX show the server's 422 answer (a refused score, with its reason) in place,
// instead of discarding error responses as it does by default.
document.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.xhr.status === 422) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
