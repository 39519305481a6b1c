/*
 * Simplified Chinese for plotly.js: the tool bar, hover labels and date names. The plotly Python
 * package ships plotly.js with en-US only, so the dictionary lives here; charts.js selects it
 * with config.locale = "zh-CN" on Chinese pages.
 */
(function () {
  "use strict";
  Plotly.register({
    moduleType: "locale",
    name: "zh-CN",
    dictionary: {
      Autoscale: "自动缩放",
      "Box Select": "框选",
      "Lasso Select": "套索选择",
      "Compare data on hover": "悬停时比较数据",
      "Show closest data on hover": "悬停时显示最近的数据",
      "Toggle show closest data on hover": "切换悬停时显示最近的数据",
      "Toggle Spike Lines": "切换辅助线",
      "Double-click on legend to isolate one trace": "双击图例只显示该系列",
      "Double-click to zoom back out": "双击还原",
      "Download plot as a png": "下载图表（PNG）",
      "Download plot": "下载图表",
      Pan: "平移",
      Reset: "重置",
      "Reset axes": "重置坐标轴",
      "Reset view": "重置视图",
      "Reset views": "重置视图",
      "Snapshot succeeded": "已生成图片",
      "Sorry, there was a problem downloading your snapshot!": "抱歉，下载图片时出错！",
      "Taking snapshot - this may take a few seconds": "正在生成图片，请稍候",
      Zoom: "缩放",
      "Zoom in": "放大",
      "Zoom out": "缩小",
      "Produced with Plotly.js": "由 Plotly.js 绘制",
      trace: "系列",
      "lat:": "纬度：",
      "lon:": "经度：",
      "max:": "最大值：",
      "min:": "最小值：",
      "mean:": "平均值：",
      "median:": "中位数：",
      "q1:": "下四分位数：",
      "q3:": "上四分位数：",
      "new text": "新文本",
    },
    format: {
      days: ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
      shortDays: ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
      months: [
        "一月", "二月", "三月", "四月", "五月", "六月",
        "七月", "八月", "九月", "十月", "十一月", "十二月",
      ],
      shortMonths: ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
      date: "%Y-%m-%d",
    },
  });
})();
