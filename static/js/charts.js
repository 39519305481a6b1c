/*
 * Draws every dashboard figure on the page with the locally served plotly.js.
 *
 * A page holds, for each chart, <div data-figure="ID"> and the figure's JSON in
 * <script type="application/json" id="ID"> (Django's json_script). A click on a point whose
 * customdata is a page URL (or a list starting with one) opens that page: a city or a zone.
 * A filter form marked data-autosubmit is sent as soon as one of its fields changes.
 */
(function () {
  "use strict";

  var english = (document.documentElement.lang || "").indexOf("en") === 0;
  var config = {
    responsive: true,
    displaylogo: false,
    locale: english ? "en" : "zh-CN",
    modeBarButtonsToRemove: ["select2d", "lasso2d"],
    toImageButtonOptions: { format: "png", scale: 2 },
  };

  function linkOf(point) {
    var data = point.customdata;
    var url = Array.isArray(data) ? data[0] : data;
    return typeof url === "string" && url.charAt(0) === "/" ? url : null;
  }

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-figure"));
    if (!source) {
      return;
    }
    var fig = JSON.parse(source.textContent);
    Plotly.newPlot(element, fig.data, fig.layout, config).then(function (plot) {
      plot.on("plotly_click", function (event) {
        var url = event.points && event.points.length ? linkOf(event.points[0]) : null;
        if (url) {
          window.location.assign(url);
        }
      });
      element.setAttribute("data-drawn", "true");
    });
  }

  function resizeAll() {
    document.querySelectorAll("[data-drawn]").forEach(function (element) {
      Plotly.Plots.resize(element);
    });
  }

  document.querySelectorAll("[data-figure]").forEach(draw);
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("change", function () {
      form.submit();
    });
  });
  // Charts are drawn for the screen's width: redraw them for the paper, and back.
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
})();
