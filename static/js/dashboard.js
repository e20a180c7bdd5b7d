// The leader's charts (ECharts, vendored) and sortable tables. Every chart has a table of the
// same numbers beside it; a click on a bar follows that table's link, so a chart and its table
// drill down the same way (HTMX, URL updated).
(function () {
  const COLOURS = {
    done: "#2b6cb0", on_track: "#38a169", behind: "#d69e2e", overdue: "#e53e3e", not_started: "#a0aec0",
  };
  const data = JSON.parse(document.getElementById("dashboard-data")?.textContent || "{}");
  const charts = [];

  function chart(name, option, onClick) {
    const element = document.querySelector(`[data-chart="${name}"]`);
    if (!element || !window.echarts) return;
    const instance = echarts.init(element, null, { renderer: "svg" });
    instance.setOption({ animation: false, textStyle: { fontFamily: "inherit" }, ...option });
    if (onClick) instance.on("click", onClick);
    charts.push(instance);
  }

  function follow(link) {
    if (link) link.click();
  }

  function stacked(series, horizontal) {
    return series.map((s) => ({
      type: "bar", stack: "status", name: s.name, data: s.data,
      itemStyle: { color: COLOURS[s.status] }, barMaxWidth: 36,
      label: { show: horizontal, formatter: (p) => (p.value ? p.value : "") },
    }));
  }

  if (data.sections) {
    const labels = data.sections.labels.map((l) => (l.length > 10 ? l.slice(0, 10) + "…" : l));
    chart("sections", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { bottom: 0 },
      grid: { left: 8, right: 8, top: 10, bottom: 40, containLabel: true },
      xAxis: { type: "category", data: labels, axisLabel: { interval: 0, rotate: labels.length > 4 ? 30 : 0 } },
      yAxis: { type: "value", name: "任务数", minInterval: 1 },
      series: stacked(data.sections.series, false),
    }, (params) => follow(document.querySelector(
      `[data-drill="section-${data.sections.ids[params.dataIndex]}"]`)));
  }
  if (data.trend) {
    chart("trend", {
      tooltip: { trigger: "axis" },
      legend: { bottom: 0 },
      grid: { left: 8, right: 8, top: 30, bottom: 40, containLabel: true },
      xAxis: { type: "category", data: data.trend.labels },
      yAxis: [
        { type: "value", name: "完成率 %", max: 100 },
        { type: "value", name: "任务数", minInterval: 1 },
      ],
      series: [
        { type: "line", name: "完成率（%）", data: data.trend.completion, itemStyle: { color: COLOURS.done } },
        { type: "line", name: "滞后和逾期", yAxisIndex: 1, data: data.trend.late, itemStyle: { color: COLOURS.overdue } },
        { type: "line", name: "未报送", yAxisIndex: 1, data: data.trend.unreported, connectNulls: false, itemStyle: { color: "#dd6b20" } },
      ],
    });
  }
  if (data.plans) {
    chart("plans", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 10, bottom: 40, containLabel: true },
      yAxis: { type: "category", data: data.plans.map((t) => (t.length > 16 ? t.slice(0, 16) + "…" : t)), inverse: true },
      xAxis: { type: "value", minInterval: 1 },
      series: stacked(data.series, true),
    }, (params) => { window.location.href = data.links[params.dataIndex]; });
  }
  if (data.bureaus) {
    chart("bureaus", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { bottom: 0 },
      grid: { left: 8, right: 8, top: 30, bottom: 40, containLabel: true },
      xAxis: { type: "category", data: data.bureaus, axisLabel: { interval: 0, rotate: data.bureaus.length > 6 ? 40 : 0 } },
      yAxis: [{ type: "value", name: "完成率 %", max: 100 }, { type: "value", name: "滞后和逾期", minInterval: 1 }],
      series: [
        { type: "bar", name: "完成率（%）", data: data.completion, itemStyle: { color: COLOURS.done }, barMaxWidth: 28 },
        { type: "line", name: "滞后和逾期", yAxisIndex: 1, data: data.late, itemStyle: { color: COLOURS.overdue } },
      ],
    }, (params) => { window.location.href = data.links[params.dataIndex]; });
  }

  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
  // Printing: open the tables behind the charts and fit the charts to the A4 width.
  window.addEventListener("beforeprint", () => {
    document.querySelectorAll("details.chart-table").forEach((d) => { d.open = true; });
    charts.forEach((c) => c.resize());
  });
  window.addEventListener("afterprint", () => charts.forEach((c) => c.resize()));

  // Sortable tables: a button in each header; numbers sort by data-value, text by pinyin order.
  document.querySelectorAll("table[data-sortable]").forEach((table) => {
    const headers = Array.from(table.tHead.rows[0].cells);
    headers.forEach((th, column) => {
      const button = th.querySelector("button[data-sort]");
      if (!button) return;
      button.addEventListener("click", () => {
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach((h) => h.removeAttribute("aria-sort"));
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const numeric = button.dataset.sort === "number";
        const body = table.tBodies[0];
        const rows = Array.from(body.rows);
        rows.sort((a, b) => {
          const x = a.cells[column].dataset.value, y = b.cells[column].dataset.value;
          const order = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, "zh-Hans-CN");
          return ascending ? order : -order;
        });
        rows.forEach((row) => body.appendChild(row));
      });
    });
  });
})();
