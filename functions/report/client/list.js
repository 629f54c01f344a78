// The alert list, virtualised: only the rows in sight exist in the DOM, so 10,000 alerts scroll and
// filter as fast as 10. Selecting a row shows the alert in the detail pane.
var ROW_H = 56;
var OVERSCAN = 6;
var selected = -1;
var listFrame = 0;

function listBox() {
  return $('alert-list');
}

function rowFor(i, pos) {
  var accounts = A.acc[i].map(function (a) {
    return D.dict.accounts[a];
  });
  var principals = A.pr[i].map(function (p) {
    return principalLabel(D.dict.principals[p]);
  });
  var kind = KINDS[A.kind[i]];
  var rule = A.kind[i] === 1 && A.det[i].length ? D.dict.detectors[A.det[i][0]] : kind;
  var row = h(
    'div',
    {
      className: 'row' + (i === selected ? ' selected' : '') + (A.sup[i] !== null ? ' suppressed' : ''),
      role: 'option',
      'aria-selected': i === selected ? 'true' : 'false',
      data: { i: i },
    },
    [
      h('div', { className: 'row-line' }, [
        sevBadge(A.sev[i]),
        h('span', { className: 'score', text: String(Math.round(A.score[i])), title: 'score' }),
        h('span', { className: 'row-title', text: A.title[i] }),
      ]),
      h('div', { className: 'row-line muted small' }, [
        h('span', { className: 'tag tag-' + kind, text: rule }),
        h('span', {
          className: 'mono',
          text:
            accounts.length > 2 ? accounts.slice(0, 2).join(', ') + ' +' + (accounts.length - 2) : accounts.join(', '),
        }),
        h('span', {
          className: 'row-principal',
          text: principals.length > 1 ? principals[0] + ' +' + (principals.length - 1) : principals[0] || '—',
        }),
        h('span', { className: 'row-time', text: fmtTime(A.t0[i]) }),
        A.sup[i] !== null ? h('span', { className: 'tag tag-suppressed', text: 'suppressed' }) : null,
      ]),
    ],
  );
  row.style.transform = 'translateY(' + pos * ROW_H + 'px)';
  return row;
}

function renderRows() {
  listFrame = 0;
  var box = listBox();
  var spacer = $('alert-spacer');
  spacer.style.height = view.length * ROW_H + 'px';
  var first = Math.max(0, Math.floor(box.scrollTop / ROW_H) - OVERSCAN);
  var last = Math.min(view.length, Math.ceil((box.scrollTop + box.clientHeight) / ROW_H) + OVERSCAN);
  clear(spacer);
  for (var pos = first; pos < last; pos++) spacer.appendChild(rowFor(view[pos], pos));
  $('list-empty').hidden = view.length > 0;
}

function scheduleRows() {
  if (!listFrame) listFrame = requestAnimationFrame(renderRows);
}

function positionOf(i) {
  for (var k = 0; k < view.length; k++) if (view[k] === i) return k;
  return -1;
}

function select(i, reveal) {
  selected = i;
  if (reveal && i >= 0) {
    var box = listBox();
    var top = positionOf(i) * ROW_H;
    if (top < box.scrollTop) box.scrollTop = top;
    else if (top + ROW_H > box.scrollTop + box.clientHeight) box.scrollTop = top + ROW_H - box.clientHeight;
  }
  renderRows();
  showDetail(i);
}

function moveSelection(delta) {
  if (!view.length) return;
  var pos = positionOf(selected);
  var next = Math.max(0, Math.min(view.length - 1, pos < 0 ? 0 : pos + delta));
  select(view[next], true);
}

function initList() {
  var box = listBox();
  box.addEventListener('scroll', scheduleRows, { passive: true });
  box.addEventListener('click', function (e) {
    var row = e.target.closest ? e.target.closest('.row') : null;
    if (row) select(+row.dataset.i, false);
  });
  box.addEventListener('keydown', function (e) {
    var page = Math.max(1, Math.floor(box.clientHeight / ROW_H) - 1);
    var moves = {
      ArrowDown: 1,
      ArrowUp: -1,
      PageDown: page,
      PageUp: -page,
      Home: -Infinity,
      End: Infinity,
      j: 1,
      k: -1,
    };
    if (!(e.key in moves)) return;
    e.preventDefault();
    moveSelection(Number.isFinite(moves[e.key]) ? moves[e.key] : moves[e.key] > 0 ? view.length : -view.length);
  });
  onFilter(function () {
    $('shown-count').textContent = 'Showing ' + fmtNum(view.length) + ' of ' + plural(N, 'alert');
    if (positionOf(selected) < 0) {
      box.scrollTop = 0;
      select(view.length ? view[0] : -1, false);
    } else {
      renderRows();
    }
  });
}
