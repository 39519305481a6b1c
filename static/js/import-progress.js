// The progress of an Excel import: while a background task checks or writes the file, poll the
// job's JSON status every second, move the bar, and reload the page (with its preview) when done.
(function () {
  "use strict";
  const box = document.getElementById("import-progress");
  if (!box || box.dataset.running !== "true") {
    return;
  }
  const bar = box.querySelector("progress");
  const text = box.querySelector("[data-progress-text]");

  async function poll() {
    try {
      const response = await fetch(box.dataset.statusUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok) {
        const job = await response.json();
        bar.max = Math.max(job.total_rows, 1);
        bar.value = job.processed_rows;
        text.textContent = job.status_label + "：已处理 " + job.processed_rows + " / " + job.total_rows + " 行";
        if (!job.running) {
          window.location.reload();
          return;
        }
      }
    } catch (error) {
      // A dropped connection: the next poll tries again.
    }
    window.setTimeout(poll, 1000);
  }

  window.setTimeout(poll, 500);
})();
