// Timelines (uPlot): alerts per time bucket stacked by severity, and event volume, sharing one x axis.
// Dragging across either chart, or clicking a bar, filters the list to that time range.
var STEPS = [HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 30 * DAY];
var MAX_BUCKETS = 240;

// The scanned period from the summary when there is one: a single future-dated record must not squash a
// week into a sliver of a chart spanning a year. Without a summary, the span of the alerts and activity.
function reportPeriod() {
  var p = D.summary?.period;
  if (p?.from && p.to && !Number.isNaN(Date.parse(p.from)) && !Number.isNaN(Date.parse(p.to))) {
    return { from: Date.parse(p.from), to: Math.max(Date.parse(p.to), Date.parse(p.from)) };
  }
  var from = Infinity;
  var to = -Infinity;
  for (var i = 0; i < N; i++) {
    if (A.t0[i] !== null) {
      from = Math.min(from, A.t0[i]);
      to = Math.max(to, A.t0[i]);
    }
  }
  if (D.activity)
    for (var j = 0; j < D.activity.t.length; j++) {
      from = Math.min(from, D.activity.t[j]);
      to = Math.max(to, D.activity.t[j] + HOUR - 1);
    }
  return Number.isFinite(from) ? { from: from, to: Math.max(to, from) } : null;
}

function makeBuckets(period) {
  var span = period.to - period.from + 1;
  var step = STEPS[STEPS.length - 1];
  for (var s = 0; s < STEPS.length; s++)
    if (span / STEPS[s] <= MAX_BUCKETS) {
      step = STEPS[s];
      break;
    }
  // A period of decades (a record stamped 1970 or 2099) still gets at most MAX_BUCKETS bars.
  if (span / step > MAX_BUCKETS) step = Math.ceil(span / MAX_BUCKETS / DAY) * DAY;
  var start = Math.floor(period.from / step) * step;
  var count = Math.max(1, Math.ceil((period.to + 1 - start) / step));
  var xs = new Array(count);
  for (var k = 0; k < count; k++) xs[k] = (start + k * step) / 1000;
  return { step: step, start: start, count: count, xs: xs };
}

function bucketOf(B, ms) {
  var k = Math.floor((ms - B.start) / B.step);
  return k >= 0 && k < B.count ? k : -1;
}

var PERIOD = reportPeriod();
var BK = PERIOD ? makeBuckets(PERIOD) : null;
var charts = { alerts: null, volume: null, raw: null };

function alertSeriesData() {
  var raw = SEVS.map(function () {
    return new Array(BK.count).fill(0);
  });
  var outside = 0;
  eachMatch('time', function (i) {
    var k = A.t0[i] === null ? -1 : bucketOf(BK, A.t0[i]);
    if (k >= 0) raw[A.sev[i]][k]++;
    else outside++;
  });
  charts.raw = raw;
  $('outside-note').textContent = outside
    ? plural(outside, 'alert') +
      ' outside the scanned period (future-dated or without a valid time) ' +
      (outside === 1 ? 'is' : 'are') +
      ' not drawn here; ' +
      (outside === 1 ? 'it is' : 'they are') +
      ' in the list.'
    : '';
  // Stacked bars: draw cumulative totals from the top severity down, each over the previous.
  var data = [BK.xs];
  for (var s = SEVS.length - 1; s >= 0; s--) {
    var cum = new Array(BK.count).fill(0);
    for (var k = 0; k < BK.count; k++) for (var t = 0; t <= s; t++) cum[k] += raw[t][k];
    data.push(cum);
  }
  return data;
}

function volumeData() {
  var sums = new Array(BK.count).fill(0);
  var act = D.activity;
  for (var i = 0; i < act.t.length; i++) {
    if (F.account >= 0 && act.acc[i] !== F.account) continue;
    var k = bucketOf(BK, act.t[i]);
    if (k >= 0) sums[k] += act.n[i];
  }
  return [BK.xs, sums];
}

function selectTime(fromMs, toMs) {
  F.from = Math.floor(fromMs / BK.step) * BK.step;
  F.to = Math.max(F.from + BK.step, Math.ceil(toMs / BK.step) * BK.step);
  applyFilters();
}

function clearChartSelection() {
  [charts.alerts, charts.volume].forEach(function (u) {
    if (u) u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
  });
}

var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// Axis labels in UTC, 24-hour: the date at midnight (or for day-sized steps), the hour otherwise.
function axisTimes(_u, splits, _axisIdx, _space, incr) {
  return splits.map(function (s) {
    var d = new Date(s * 1000);
    var day = MONTHS[d.getUTCMonth()] + ' ' + d.getUTCDate();
    if (incr >= 86400 || (d.getUTCHours() === 0 && d.getUTCMinutes() === 0)) return day;
    return pad2(d.getUTCHours()) + ':' + pad2(d.getUTCMinutes());
  });
}

function baseOptions(width, height, yLabel) {
  return {
    width: width,
    height: height,
    tzDate: function (ts) {
      return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC');
    },
    cursor: { sync: { key: 'ct-timeline' }, drag: { x: true, y: false, setScale: false }, points: { show: false } },
    scales: {
      x: {
        time: true,
        range: function () {
          return [BK.xs[0], BK.xs[BK.count - 1] + BK.step / 1000];
        },
      },
      y: {
        range: function (_u, _min, max) {
          return [0, Math.max(1, max) * 1.08];
        },
      },
    },
    axes: [
      { stroke: '#475569', grid: { stroke: '#eef2f7' }, values: axisTimes },
      { label: yLabel, stroke: '#475569', size: 56, grid: { stroke: '#eef2f7' } },
    ],
    hooks: {
      setSelect: [
        function (u) {
          if (u.select.width < 3) return;
          selectTime(u.posToVal(u.select.left, 'x') * 1000, u.posToVal(u.select.left + u.select.width, 'x') * 1000);
        },
      ],
    },
  };
}

function initCharts() {
  var box = $('chart-alerts');
  var vbox = $('chart-volume');
  if (!BK) {
    box.appendChild(
      h('p', { className: 'empty', text: 'No timeline: none of the alerts carries a valid event time.' }),
    );
    return;
  }
  var width = Math.max(320, box.clientWidth);
  var opts = baseOptions(width, 230, 'alerts');
  opts.series = [
    {
      label: 'time (UTC)',
      value: function (_u, v) {
        return v === null ? '—' : fmtTime(v * 1000);
      },
    },
  ];
  for (var s = SEVS.length - 1; s >= 0; s--) {
    opts.series.push({
      label: SEVS[s],
      stroke: SEV_COLORS[s],
      fill: SEV_COLORS[s],
      width: 0,
      paths: uPlot.paths.bars({ size: [0.86, 64], align: 1 }),
      points: { show: false },
      value: (function (sev) {
        return function (_u, _v, _si, di) {
          return di === null || !charts.raw ? '—' : fmtNum(charts.raw[sev][di]);
        };
      })(s),
    });
  }
  charts.alerts = new uPlot(opts, alertSeriesData(), box);
  var downX = null;
  charts.alerts.over.addEventListener('mousedown', function (e) {
    downX = e.clientX;
  });
  charts.alerts.over.addEventListener('click', function (e) {
    var u = charts.alerts;
    var dragged = downX !== null && Math.abs(e.clientX - downX) > 2;
    downX = null;
    if (dragged || u.cursor.idx === null || u.cursor.idx === undefined) return;
    var from = BK.start + u.cursor.idx * BK.step;
    selectTime(from, from + BK.step);
  });
  if (D.activity) {
    var vopts = baseOptions(width, 150, 'events');
    vopts.series = [
      {
        label: 'time (UTC)',
        value: function (_u, v) {
          return v === null ? '—' : fmtTime(v * 1000);
        },
      },
      {
        label: 'events',
        stroke: '#0f766e',
        fill: 'rgba(15,118,110,0.18)',
        width: 1.5,
        paths: uPlot.paths.stepped({ align: 1 }),
        points: { show: false },
        value: function (_u, v) {
          return v === null ? '—' : fmtNum(v);
        },
      },
    ];
    charts.volume = new uPlot(vopts, volumeData(), vbox);
  } else {
    vbox.appendChild(
      h('p', {
        className: 'empty',
        text: 'Event volume is not part of this report: it is included when the report comes from ct-anomaly scan --report, or from ct-anomaly report --activity.',
      }),
    );
  }
  $('bucket-note').textContent =
    'One bar = ' + fmtSpan(BK.step) + ' (UTC). Drag across a chart or click a bar to filter the list by time.';
  // Resizing in the next frame, not inside the observer, avoids a "ResizeObserver loop" error.
  var resizeFrame = 0;
  if (window.ResizeObserver)
    new ResizeObserver(function () {
      if (resizeFrame) return;
      resizeFrame = requestAnimationFrame(function () {
        resizeFrame = 0;
        var w = Math.max(320, box.clientWidth);
        if (charts.alerts && charts.alerts.width !== w) charts.alerts.setSize({ width: w, height: 230 });
        if (charts.volume && charts.volume.width !== w) charts.volume.setSize({ width: w, height: 150 });
      });
    }).observe(box);
  onFilter(function () {
    charts.alerts.setData(alertSeriesData());
    if (charts.volume) charts.volume.setData(volumeData());
    if (F.from === null) clearChartSelection();
  });
}
