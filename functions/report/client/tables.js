// Alerts per account and per principal: ranked by count (noisiest) or by severity (most severe),
// with a bar split by severity. Clicking a row filters the list to it; clicking again clears.
var TOP_ROWS = 12;
var rankState = { account: { by: 'count', all: false }, principal: { by: 'count', all: false } };

function tally(field, ignore) {
  var rows = new Map();
  eachMatch(ignore, function (i) {
    var keys = A[field][i];
    for (var j = 0; j < keys.length; j++) {
      var row = rows.get(keys[j]);
      if (!row) rows.set(keys[j], (row = { key: keys[j], count: 0, bySev: [0, 0, 0, 0, 0], maxSev: 0, maxScore: 0 }));
      row.count++;
      row.bySev[A.sev[i]]++;
      if (A.sev[i] > row.maxSev) row.maxSev = A.sev[i];
      if (A.score[i] > row.maxScore) row.maxScore = A.score[i];
    }
  });
  return Array.from(rows.values());
}

function rankRows(rows, by) {
  return rows.sort(
    by === 'severity'
      ? function (a, b) {
          return b.maxSev - a.maxSev || b.maxScore - a.maxScore || b.count - a.count || a.key - b.key;
        }
      : function (a, b) {
          return b.count - a.count || b.maxSev - a.maxSev || a.key - b.key;
        },
  );
}

function sevBar(row, max) {
  var bar = h('div', {
    className: 'sevbar',
    title: SEVS.map(function (s, k) {
      return row.bySev[k] ? s + ': ' + row.bySev[k] : '';
    })
      .filter(Boolean)
      .join(', '),
  });
  bar.style.width = Math.max(2, (100 * row.count) / max) + '%';
  for (var s = SEVS.length - 1; s >= 0; s--) {
    if (!row.bySev[s]) continue;
    var part = h('span', { className: 'sev-fill sev-bg-' + SEVS[s] });
    part.style.flexGrow = String(row.bySev[s]);
    bar.appendChild(part);
  }
  return bar;
}

function baselineText(accountIndex, principalIndex) {
  var p = D.dict.principals[principalIndex];
  var acc = accountIndex >= 0 ? D.dict.accounts[accountIndex] : p.accountId;
  var known = D.baselines[acc + '|' + p.key];
  if (!known) return null;
  return { since: known[0], known: known[1] };
}

function renderRank(kind) {
  var field = kind === 'account' ? 'acc' : 'pr';
  var state = rankState[kind];
  var rows = rankRows(tally(field, kind), state.by);
  var body = clear($(kind + '-rank'));
  var selected = kind === 'account' ? F.account : F.principal;
  var max = rows.length
    ? Math.max.apply(
        null,
        rows.map(function (r) {
          return r.count;
        }),
      )
    : 1;
  var shown = state.all ? rows : rows.slice(0, TOP_ROWS);
  shown.forEach(function (row) {
    var label;
    if (kind === 'account') {
      label = h('div', { className: 'rank-name mono', text: D.dict.accounts[row.key] });
    } else {
      var p = D.dict.principals[row.key];
      // Two lines: names like AWSReservedSSO_AdministratorAccess_<hash> differ only at the end.
      label = h('div', { className: 'rank-name', title: p.arn || p.key }, [
        h('span', { className: 'pname', text: principalLabel(p) }),
        h('span', { className: 'rank-sub muted small', text: p.type + (p.accountId ? ' · ' + p.accountId : '') }),
      ]);
    }
    var tr = h(
      'tr',
      {
        className: row.key === selected ? 'rank-row selected' : 'rank-row',
        tabindex: '0',
        on: {
          click: function () {
            toggleRankFilter(kind, row.key);
          },
          keydown: function (e) {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              toggleRankFilter(kind, row.key);
            }
          },
        },
      },
      [
        h('td', null, [label]),
        h('td', { className: 'num', text: fmtNum(row.count) }),
        h('td', { className: 'barcell' }, [sevBar(row, max)]),
        h('td', null, [sevBadge(row.maxSev)]),
        h('td', { className: 'num', text: String(Math.round(row.maxScore)) }),
      ],
    );
    body.appendChild(tr);
  });
  if (!rows.length)
    body.appendChild(
      h('tr', null, [h('td', { colspan: '5', className: 'empty', text: 'No alerts match the filters.' })]),
    );
  var more = $(kind + '-more');
  more.hidden = rows.length <= TOP_ROWS;
  more.textContent = state.all ? 'Show top ' + TOP_ROWS : 'Show all ' + fmtNum(rows.length);
  $(kind + '-count').textContent = plural(rows.length, kind);
}

function toggleRankFilter(kind, key) {
  if (kind === 'account') F.account = F.account === key ? -1 : key;
  else F.principal = F.principal === key ? -1 : key;
  syncControls();
  applyFilters();
}

function initTables() {
  ['account', 'principal'].forEach(function (kind) {
    $(kind + '-by').addEventListener('change', function (e) {
      rankState[kind].by = e.target.value;
      renderRank(kind);
    });
    $(kind + '-more').addEventListener('click', function () {
      rankState[kind].all = !rankState[kind].all;
      renderRank(kind);
    });
  });
  onFilter(function () {
    renderRank('account');
    renderRank('principal');
  });
}
