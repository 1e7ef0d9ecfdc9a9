// The comparison chart: one line per region over the years; the county's own computed figure dashed.
(function () {
  "use strict";
  var holder = document.getElementById("corpus-chart");
  var source = document.getElementById("corpus-chart-data");
  if (!holder || !source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var chart = window.echarts.init(holder, null, { renderer: "canvas" });
  var unit = data.unit || "";
  chart.setOption({
    animation: false,
    color: ["#b3261e", "#1d3557", "#2a9d8f", "#e9c46a", "#8e5ea2", "#f4a261", "#457b9d", "#6c7a89"],
    // Rich text tooltips are drawn on the canvas: no inline styles for the page's CSP to refuse.
    tooltip: { trigger: "axis", renderMode: "richText" },
    legend: { type: "scroll", top: 0 },
    grid: { left: 56, right: 24, top: 40, bottom: 32 },
    xAxis: { type: "category", data: data.years, boundaryGap: false },
    yAxis: { type: "value", name: unit, scale: true },
    series: data.series.map(function (item) {
      return {
        name: item.name,
        type: "line",
        data: item.data,
        connectNulls: true,
        symbolSize: 7,
        lineStyle: item.own ? { type: "dashed", width: 3 } : { width: 2 },
        label: { show: data.series.length <= 4, position: "top", formatter: "{c}" }
      };
    })
  });
  holder.dataset.ready = "1";
  window.addEventListener("resize", function () { chart.resize(); });
})();
