// The data, the filters and the filtered view. Filters live in F; applyFilters() recomputes the
// view (indexes of matching alerts, in the chosen order) and asks every part to redraw.
var D = JSON.parse($('report-data').textContent);
var A = D.alerts;
var N = A.id.length;
var DETAILS = null;

function details() {
  if (!DETAILS) {
    var t = performance.now();
    DETAILS = JSON.parse($('report-details').textContent);
    if (window.__report) window.__report.detailsParseMs = performance.now() - t;
  }
  return DETAILS;
}

var F = {
  sev: [true, true, true, true, true],
  account: -1,
  principal: -1,
  kind: '',
  text: '',
  from: null,
  to: null,
  suppressed: false,
  sort: 'severity',
};
var view = new Int32Array(0);
var listeners = [];
var HAY = null;

function onFilter(fn) {
  listeners.push(fn);
}

// Lower-case text searched by the search box: title, accounts, principals, detectors, values.
function haystack(i) {
  if (!HAY) HAY = new Array(N);
  var text = HAY[i];
  if (text === undefined) {
    var parts = [A.id[i], A.title[i], KINDS[A.kind[i]]];
    A.acc[i].forEach(function (a) {
      parts.push(D.dict.accounts[a]);
    });
    A.pr[i].forEach(function (p) {
      var pr = D.dict.principals[p];
      parts.push(pr.name || '', pr.arn || '', pr.key);
    });
    A.det[i].forEach(function (d) {
      parts.push(D.dict.detectors[d]);
    });
    parts.push.apply(parts, A.vals[i]);
    text = HAY[i] = parts.join('\n').toLowerCase();
  }
  return text;
}

// ignore: names of filters to leave out (a chart or table shows context around its own filter).
function matches(i, ignore) {
  if (!F.sev[A.sev[i]]) return false;
  if (!F.suppressed && A.sup[i] !== null) return false;
  if (F.account >= 0 && ignore !== 'account' && A.acc[i].indexOf(F.account) < 0) return false;
  if (F.principal >= 0 && ignore !== 'principal' && A.pr[i].indexOf(F.principal) < 0) return false;
  if (F.kind) {
    var kindOk = F.kind.charAt(0) === 'k' ? A.kind[i] === +F.kind.slice(2) : A.det[i].indexOf(+F.kind.slice(2)) >= 0;
    if (!kindOk) return false;
  }
  if (F.from !== null && ignore !== 'time') {
    var t = A.t0[i];
    if (t === null || t < F.from || t >= F.to) return false;
  }
  if (F.text && haystack(i).indexOf(F.text) < 0) return false;
  return true;
}

function byOrder(compare) {
  var idx = new Int32Array(N);
  for (var i = 0; i < N; i++) idx[i] = i;
  return idx.sort(compare);
}

function time0(i) {
  return A.t0[i] === null ? -Infinity : A.t0[i];
}

var ORDERS = {};
function order(name) {
  if (!ORDERS[name]) {
    if (name === 'newest')
      ORDERS[name] = byOrder(function (a, b) {
        return time0(b) - time0(a) || a - b;
      });
    else if (name === 'oldest')
      ORDERS[name] = byOrder(function (a, b) {
        return time0(a) - time0(b) || a - b;
      });
    else if (name === 'score')
      ORDERS[name] = byOrder(function (a, b) {
        return A.score[b] - A.score[a] || A.sev[b] - A.sev[a] || a - b;
      });
    else
      ORDERS[name] = byOrder(function (a, b) {
        return A.sev[b] - A.sev[a] || A.score[b] - A.score[a] || time0(b) - time0(a) || a - b;
      });
  }
  return ORDERS[name];
}

// Each index passing the filters (but `ignore`), in data order: for charts and tables.
function eachMatch(ignore, fn) {
  for (var i = 0; i < N; i++) if (matches(i, ignore)) fn(i);
}

var lastFilterMs = 0;
function applyFilters() {
  var started = performance.now();
  var ordered = order(F.sort);
  var out = new Int32Array(N);
  var n = 0;
  for (var k = 0; k < N; k++) if (matches(ordered[k])) out[n++] = ordered[k];
  view = out.subarray(0, n);
  for (var j = 0; j < listeners.length; j++) listeners[j]();
  lastFilterMs = performance.now() - started;
  if (window.__report) window.__report.lastFilterMs = lastFilterMs;
}

function suppressedCount() {
  var n = 0;
  for (var i = 0; i < N; i++) if (A.sup[i] !== null) n++;
  return n;
}
