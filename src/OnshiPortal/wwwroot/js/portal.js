// Moves keyboard and screen-reader focus to the error summary after a failed submit,
// so that the person hears what went wrong first (the summary links to each field).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});

// A region marked data-refresh="N" (a background job's progress) is fetched again every N seconds and replaced in
// place, so that the page follows the job without reloading under the reader; when the job ends (the fresh region
// says 0, or the page answered without it) the page reloads once to show what can be done next. A region that says
// 0 from the start is not followed at all.
document.addEventListener("DOMContentLoaded", () => {
  const seconds = (element) => Number(element?.dataset.refresh) || 0;
  const region = document.querySelector("[data-refresh]");
  if (!region || !region.id || seconds(region) <= 0) {
    return;
  }

  const poll = async () => {
    try {
      const response = await fetch(window.location.href, { credentials: "same-origin" });
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.getElementById(region.id);
      if (seconds(fresh) <= 0) {
        window.location.reload();
        return;
      }

      region.innerHTML = fresh.innerHTML;
    } catch {
      // A moment without the server (a restart): try again at the next tick.
    }

    window.setTimeout(poll, seconds(region) * 1000);
  };
  window.setTimeout(poll, seconds(region) * 1000);
});

// A wide table scrolls inside its own box (.table-scroll) on a narrow screen or at a large zoom, so that the page
// itself never scrolls sideways (WCAG 1.4.10). While it does, the box takes keyboard focus, so that it can be
// scrolled with the arrow keys, and is named after the table's caption (WCAG 2.1.1).
(() => {
  const mark = () => {
    for (const box of document.querySelectorAll(".table-scroll")) {
      // A box the page made focusable itself (the dashboard's tall table) keeps what the page says.
      if (box.hasAttribute("tabindex") && !box.hasAttribute("data-scroll-focus")) {
        continue;
      }
      if (box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1) {
        const caption = box.querySelector("caption");
        box.tabIndex = 0;
        box.setAttribute("data-scroll-focus", "");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", caption ? caption.textContent.trim() : document.documentElement.lang === "en" ? "Table" : "表");
      } else if (box.hasAttribute("data-scroll-focus")) {
        for (const name of ["tabindex", "data-scroll-focus", "role", "aria-label"]) {
          box.removeAttribute(name);
        }
      }
    }
  };
  document.addEventListener("DOMContentLoaded", mark);
  window.addEventListener("resize", mark);
})();
