// Moves keyboard and screen-reader focus to the error summary after a failed submit,
// so that the person hears what went wrong first (the summary links to each field).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});

// A region marked data-refresh="N" (a background job's progress) is fetched again every N seconds and replaced in
// place, so that the page follows the job without reloading under the reader; when the job ends the page reloads
// once to show what can be done next.
document.addEventListener("DOMContentLoaded", () => {
  const region = document.querySelector("[data-refresh]");
  if (!region || !region.id) {
    return;
  }

  const seconds = Number(region.dataset.refresh) || 3;
  const poll = async () => {
    try {
      const response = await fetch(window.location.href, { credentials: "same-origin" });
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.getElementById(region.id);
      if (!fresh || !fresh.dataset.refresh) {
        window.location.reload();
        return;
      }

      region.innerHTML = fresh.innerHTML;
    } catch {
      // A moment without the server (a restart): try again at the next tick.
    }

    window.setTimeout(poll, seconds * 1000);
  };
  window.setTimeout(poll, seconds * 1000);
});
