// The monthly 收案 chart of the dispute figures page (ECharts). The data comes from the
// page's <script type="application/json" id="fz-disputes-trend-data"> (no inline script: CSP).
(function () {
  "use strict";
  var holder = document.getElementById("fz-disputes-trend");
  var source = document.getElementById("fz-disputes-trend-data");
  if (!holder || !source || typeof window.echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var colours = ["#1d3557", "#1d3557", "#b3261e", "#b3261e"];
  var chart = window.echarts.init(holder, null, { renderer: "canvas" });
  chart.setOption({
    color: colours,
    // richText tooltips are drawn on the canvas: no HTML with style attributes (CSP).
    tooltip: { trigger: "axis", renderMode: "richText" },
    legend: { top: 0, textStyle: { fontSize: 12 } },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value", minInterval: 1, name: "件" },
    series: data.series.map(function (s) {
      return {
        name: s.name,
        type: "line",
        data: s.data,
        symbolSize: 5,
        lineStyle: s.previous ? { type: "dashed", width: 1.5, opacity: 0.6 } : { width: 2 },
        itemStyle: s.previous ? { opacity: 0.6 } : {}
      };
    })
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
