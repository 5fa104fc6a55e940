// Dashboard charts: each <div data-chart="ID"> is drawn by ECharts from the JSON in
// <script type="application/json" id="ID"> (json_script), never from inline script: the
// Content-Security-Policy allows only files from this site. The table beside each chart
// holds the same figures, for print and for readers without the chart.
(function () {
  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source || !window.echarts) { return; }
    var data = JSON.parse(source.textContent);
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
    var horizontal = data.kind === "bar" && data.labels.length > 8;
    var category = { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: horizontal ? 0 : (data.labels.length > 6 ? 30 : 0) } };
    var value = { type: "value" };
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: data.series.map(function (s) { return s.name; }), type: "scroll" },
      grid: { left: horizontal ? 110 : 50, right: 20, top: 40, bottom: 40, containLabel: !horizontal },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? Object.assign({}, category, { inverse: true }) : value,
      series: data.series.map(function (s) {
        return { name: s.name, type: data.kind, data: s.values, smooth: false };
      }),
      animation: false
    });
    window.addEventListener("resize", function () { chart.resize(); });
    element.setAttribute("data-drawn", "1");
  }
  function drawAll() {
    document.querySelectorAll("[data-chart]").forEach(draw);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", drawAll); } else { drawAll(); }
})();
