// The trail of a hunt (ct-anomaly hunt --report): one row per event in time order, its marks, and the
// raw record under it on click. Every value reaches the page as text.
var TRAIL_MAX_ROWS = 5000;

function markChip(m) {
  var kind = /^rule:/.test(m)
    ? 'rule'
    : /^alert:/.test(m)
      ? 'alert'
      : /^new-principal|^first-seen/.test(m)
        ? 'new'
        : '';
  return h('span', { className: 'mark ' + kind, text: m });
}

function renderTrail() {
  var T = D.trail;
  if (!T) return;
  $('trail').hidden = false;
  if (N === 0) {
    var hidden = document.querySelectorAll('.alerts-only');
    for (var k = 0; k < hidden.length; k++) hidden[k].hidden = true;
  }
  var count = T.t.length;
  $('trail-count').textContent = plural(count, 'event');
  $('trail-what').textContent = 'Looked for: ' + T.selectors.join(', ');
  var body = $('trail-rows');
  var shown = Math.min(count, TRAIL_MAX_ROWS);
  for (var i = 0; i < shown; i++) {
    (function (i) {
      var row = h('tr', { className: 'ev', title: T.via[i] }, [
        h('td', { className: 'mono', text: T.t[i] === null ? '?' : fmtTime(T.t[i]) }),
        h('td', { className: 'mono', text: D.dict.accounts[T.acc[i]] }),
        h('td', { text: T.region[i] || '' }),
        h('td', { text: T.who[i] }),
        h('td', { className: 'mono', text: T.action[i] }),
        h('td', { className: 'mono', text: T.ip[i] || '' }),
        h('td', { className: 'mono', text: T.key[i] || '' }),
        h('td', null, T.marks[i].map(markChip)),
      ]);
      var open = null;
      row.addEventListener('click', function () {
        if (open) {
          open.parentNode.removeChild(open);
          open = null;
          return;
        }
        var record = details().trail[i];
        open = h('tr', { className: 'raw' }, [
          h('td', { colspan: '8' }, [h('pre', { className: 'json', text: JSON.stringify(record, null, 2) })]),
        ]);
        row.parentNode.insertBefore(open, row.nextSibling);
      });
      body.appendChild(row);
    })(i);
  }
  if (count > shown) {
    $('trail-more').hidden = false;
    $('trail-more').textContent =
      'Showing the first ' + fmtNum(shown) + ' of ' + fmtNum(count) + ' events (all are in the jsonl output).';
  }
}
