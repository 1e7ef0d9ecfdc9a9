// 一屏掌控 (fazhi/dashboard): the trend chart, PNG exports, the year selector and the 大屏 mode.
// Data comes from <script type="application/json"> blocks (json_script): no inline script (CSP).
(function () {
  "use strict";
  document.documentElement.classList.add("fz-js");

  var root = document.getElementById("fz-dash");
  if (!root) {
    return;
  }
  var wall = root.getAttribute("data-wall") === "1";
  var charts = {};

  function download(url, name) {
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  // The year and range selectors submit on change (the 查看 button is there without JS).
  root.querySelectorAll("[data-fz-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // --- the trend chart -----------------------------------------------------------------
  function trendOption(data, s) {
    var ink = wall ? "#d7e3f4" : "#24313f";
    var series = [
      { name: data.year + "年", type: "line", data: s.data, symbolSize: 6, connectNulls: false,
        lineStyle: { width: 3 }, itemStyle: { color: wall ? "#5ab1ef" : "#1d3557" } },
      { name: (data.year - 1) + "年", type: "line", data: s.previous, symbolSize: 4,
        lineStyle: { width: 1.5, type: "dashed" }, itemStyle: { color: "#9aa5b1" } }
    ];
    if (s.target !== null) {
      series[0].markLine = {
        symbol: "none", silent: true, data: [{ yAxis: s.target, name: "目标" }],
        lineStyle: { color: "#b3261e", type: "dotted", width: 1.5 },
        label: { formatter: "目标 " + s.target + (s.unit === "%" ? "%" : ""), color: "#e57373",
          position: "insideEndTop" }
      };
    }
    return {
      backgroundColor: "transparent",
      textStyle: { color: ink, fontSize: wall ? 16 : 12 },
      // richText tooltips are drawn on the canvas: no HTML with style attributes (CSP).
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { top: 0, textStyle: { color: ink, fontSize: wall ? 16 : 12 } },
      grid: { left: wall ? 64 : 48, right: 24, top: 40, bottom: 28 },
      xAxis: { type: "category", data: data.months, axisLabel: { color: ink } },
      yAxis: { type: "value", name: s.unit + "（" + s.mode + "）", nameTextStyle: { color: ink },
        axisLabel: { color: ink }, splitLine: { lineStyle: { color: wall ? "#24405f" : "#e5e9ef" } } },
      series: series
    };
  }

  var holder = document.getElementById("fz-trend-chart");
  var source = document.getElementById("fz-trend-data");
  if (holder && source && typeof window.echarts !== "undefined") {
    var data = JSON.parse(source.textContent);
    var chart = window.echarts.init(holder, null, { renderer: "canvas" });
    charts["fz-trend-chart"] = chart;
    var pick = document.getElementById("fz-trend-pick");
    var show = function () {
      var s = data.series[pick ? Number(pick.value) : 0];
      if (s) {
        chart.setOption(trendOption(data, s), true);
      }
    };
    if (pick) {
      pick.addEventListener("change", show);
    }
    show();
    window.addEventListener("resize", function () { chart.resize(); });
  }

  // --- PNG exports: one chart through ECharts, the whole screen through html-to-image ------
  document.querySelectorAll("[data-fz-chart-png]").forEach(function (button) {
    button.addEventListener("click", function () {
      var chart = charts[button.getAttribute("data-fz-chart-png")];
      if (chart) {
        var url = chart.getDataURL({ type: "png", pixelRatio: 2,
          backgroundColor: wall ? "#0b1a2e" : "#ffffff" });
        download(url, "月度趋势.png");
      }
    });
  });

  document.querySelectorAll("[data-fz-png]").forEach(function (button) {
    button.addEventListener("click", function () {
      var node = document.querySelector(button.getAttribute("data-fz-png"));
      if (!node || typeof window.htmlToImage === "undefined") {
        return;
      }
      button.disabled = true;
      window.htmlToImage.toPng(node, {
        pixelRatio: 1,
        backgroundColor: wall ? "#0b1a2e" : "#f3f5f8",
        filter: function (el) { return !(el.classList && el.classList.contains("fz-no-export")); }
      }).then(function (url) {
        download(url, button.getAttribute("data-fz-png-name") || "一屏掌控.png");
      }).catch(function () {
        window.alert("导出图片失败，请稍后重试");
      }).finally(function () {
        button.disabled = false;
      });
    });
  });

  // --- 大屏: keep the mode when drilling down, and a clock. No automatic reload: a request the
  // user did not make would keep the session alive past the 30-minute idle timeout (等保
  // R-SESS-01); the screen shows when its figures were computed, and F5 reloads them.
  if (wall) {
    root.querySelectorAll("a[href^='/dashboard/region/'], a[href^='/dashboard/unit/']")
      .forEach(function (link) {
        var url = new URL(link.href, window.location.href);
        url.searchParams.set("wall", "1");
        link.href = url.pathname + url.search + url.hash;
      });
    var clock = document.querySelector("[data-fz-clock]");
    var tick = function () {
      if (clock) {
        clock.textContent = new Date().toLocaleString("zh-CN", { hour12: false });
      }
    };
    tick();
    window.setInterval(tick, 1000);
  }
})();
