// Moves keyboard and screen-reader focus to the error summary after a failed submit,
// so that the person hears what went wrong first (the summary links to each field).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});
