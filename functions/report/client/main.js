// Wiring: filter controls, the active-filter chips, and the first render. Sets window.__report for tests.
function option(value, label) {
  return h('option', { value: value, text: label });
}

function countsBy(fn) {
  var counts = {};
  for (var i = 0; i < N; i++)
    fn(i).forEach(function (k) {
      counts[k] = (counts[k] || 0) + 1;
    });
  return counts;
}

function initControls() {
  var sevBox = $('sev-toggles');
  var sevCounts = [0, 0, 0, 0, 0];
  for (var i = 0; i < N; i++) sevCounts[A.sev[i]]++;
  for (var s = SEVS.length - 1; s >= 0; s--) {
    sevBox.appendChild(
      h(
        'button',
        {
          type: 'button',
          className: 'sevtoggle sev-' + SEVS[s],
          'aria-pressed': 'true',
          data: { sev: s },
          on: {
            click: (function (sev) {
              return function () {
                F.sev[sev] = !F.sev[sev];
                syncControls();
                applyFilters();
              };
            })(s),
          },
        },
        [SEVS[s] + ' ', h('span', { className: 'count', text: fmtNum(sevCounts[s]) })],
      ),
    );
  }
  var accCounts = countsBy(function (i) {
    return A.acc[i];
  });
  var accSel = $('f-account');
  D.dict.accounts
    .map(function (_a, k) {
      return k;
    })
    .filter(function (k) {
      return accCounts[k];
    })
    .sort(function (a, b) {
      return D.dict.accounts[a] < D.dict.accounts[b] ? -1 : 1;
    })
    .forEach(function (k) {
      accSel.appendChild(option(k, D.dict.accounts[k] + ' (' + fmtNum(accCounts[k]) + ')'));
    });
  var kindSel = $('f-kind');
  var kindCounts = countsBy(function (i) {
    return [A.kind[i]];
  });
  var kinds = h('optgroup', { label: 'Kinds' });
  KINDS.forEach(function (k, idx) {
    if (kindCounts[idx]) kinds.appendChild(option('k:' + idx, k + ' (' + fmtNum(kindCounts[idx]) + ')'));
  });
  kindSel.appendChild(kinds);
  var detCounts = countsBy(function (i) {
    return A.det[i];
  });
  var dets = h('optgroup', { label: 'Rules and detectors' });
  D.dict.detectors
    .map(function (_d, k) {
      return k;
    })
    .sort(function (a, b) {
      return detCounts[b] - detCounts[a];
    })
    .forEach(function (k) {
      dets.appendChild(option('d:' + k, D.dict.detectors[k] + ' (' + fmtNum(detCounts[k] || 0) + ')'));
    });
  kindSel.appendChild(dets);
  accSel.addEventListener('change', function () {
    F.account = +accSel.value;
    applyFilters();
  });
  kindSel.addEventListener('change', function () {
    F.kind = kindSel.value;
    applyFilters();
  });
  $('f-sort').addEventListener('change', function (e) {
    F.sort = e.target.value;
    applyFilters();
  });
  var sup = $('f-suppressed');
  $('suppressed-count').textContent = '(' + fmtNum(suppressedCount()) + ')';
  sup.addEventListener('change', function () {
    F.suppressed = sup.checked;
    applyFilters();
  });
  var timer = 0;
  $('f-text').addEventListener('input', function (e) {
    clearTimeout(timer);
    timer = setTimeout(function () {
      F.text = e.target.value.trim().toLowerCase();
      applyFilters();
    }, 120);
  });
  $('f-reset').addEventListener('click', resetFilters);
  onFilter(renderActiveFilters);
}

function resetFilters() {
  F.sev = [true, true, true, true, true];
  F.account = -1;
  F.principal = -1;
  F.kind = '';
  F.text = '';
  F.from = null;
  F.to = null;
  F.suppressed = false;
  $('f-text').value = '';
  syncControls();
  applyFilters();
}

function syncControls() {
  $('f-account').value = String(F.account);
  $('f-kind').value = F.kind;
  $('f-suppressed').checked = F.suppressed;
  var buttons = $('sev-toggles').querySelectorAll('button');
  for (var b = 0; b < buttons.length; b++)
    buttons[b].setAttribute('aria-pressed', F.sev[+buttons[b].dataset.sev] ? 'true' : 'false');
}

function renderActiveFilters() {
  var box = clear($('active-filters'));
  function chip(label, clearIt) {
    box.appendChild(
      h(
        'button',
        {
          type: 'button',
          className: 'fchip',
          title: 'Remove this filter',
          on: {
            click: function () {
              clearIt();
              syncControls();
              applyFilters();
            },
          },
        },
        [label, h('span', { className: 'x', text: ' ×' })],
      ),
    );
  }
  if (F.from !== null)
    chip('Time: ' + fmtTime(F.from) + ' → ' + fmtTime(F.to) + ' UTC', function () {
      F.from = null;
      F.to = null;
    });
  if (F.account >= 0)
    chip('Account: ' + D.dict.accounts[F.account], function () {
      F.account = -1;
    });
  if (F.principal >= 0)
    chip('Principal: ' + principalLabel(D.dict.principals[F.principal]), function () {
      F.principal = -1;
    });
  if (F.kind)
    chip(
      'Kind/rule: ' + (F.kind.charAt(0) === 'k' ? KINDS[+F.kind.slice(2)] : D.dict.detectors[+F.kind.slice(2)]),
      function () {
        F.kind = '';
      },
    );
  if (F.text)
    chip('Search: ' + F.text, function () {
      F.text = '';
      $('f-text').value = '';
    });
}

function showError(message) {
  var banner = $('report-error');
  banner.hidden = false;
  banner.textContent = 'This report hit an error while drawing: ' + message;
}

window.addEventListener('error', function (e) {
  // Chromium reports layout-observer overruns as errors; they are harmless.
  if (!/ResizeObserver loop/.test(e.message || '')) showError(e.message);
});
try {
  $('title').textContent = D.meta.title;
  document.title = D.meta.title;
  $('subtitle').textContent =
    'Generated ' +
    fmtIso(D.meta.generatedAt) +
    (PERIOD ? ' · events ' + fmtTime(PERIOD.from) + ' → ' + fmtTime(PERIOD.to) + ' UTC' : '') +
    ' · ' +
    plural(N, 'alert');
  renderOverview();
  renderTrail();
  renderSummary();
  initControls();
  initCharts();
  initTables();
  initList();
  window.__report = { ready: false, alerts: N };
  applyFilters();
  window.__report.firstRenderMs = performance.now() - T_START;
  window.__report.ready = true;
  // Parse the details while the reader looks at the charts, so the first click is instant.
  setTimeout(function () {
    details();
  }, 50);
  // Likewise the search text, so the first search is as quick as the next ones.
  setTimeout(function () {
    for (var i = 0; i < N; i++) haystack(i);
  }, 100);
} catch (err) {
  showError(err?.message ? err.message : String(err));
  throw err;
}
