// The overview cards at the top and the scan summary at the bottom: what was read, what was skipped
// and why, the settings, and which suppressions applied.
function card(label, value, note, className) {
  return h('div', { className: 'card' + (className ? ' ' + className : '') }, [
    h('div', { className: 'card-label', text: label }),
    h('div', { className: 'card-value', text: value }),
    note ? h('div', { className: 'card-note', text: note }) : null,
  ]);
}

function shortDay(ms) {
  var d = new Date(ms);
  return MONTHS[d.getUTCMonth()] + ' ' + d.getUTCDate();
}

function renderOverview() {
  var box = clear($('overview'));
  var bySev = [0, 0, 0, 0, 0];
  var accounts = new Set();
  var principals = new Set();
  var active = 0;
  for (var i = 0; i < N; i++) {
    if (A.sup[i] !== null) continue;
    active++;
    bySev[A.sev[i]]++;
    A.acc[i].forEach(function (a) {
      accounts.add(a);
    });
    A.pr[i].forEach(function (p) {
      principals.add(p);
    });
  }
  var S = D.summary;
  var sup = N - active;
  box.appendChild(
    card('Alerts', fmtNum(active), sup ? fmtNum(sup) + ' suppressed (hidden by default)' : 'none suppressed'),
  );
  box.appendChild(
    card(
      'Critical / high',
      fmtNum(bySev[4]) + ' / ' + fmtNum(bySev[3]),
      fmtNum(bySev[2]) + ' medium, ' + fmtNum(bySev[1] + bySev[0]) + ' low or info',
      bySev[4] ? 'hot' : '',
    ),
  );
  box.appendChild(
    card('Accounts with alerts', fmtNum(accounts.size), S ? 'of ' + fmtNum(S.accounts) + ' scanned' : null),
  );
  box.appendChild(
    card('Principals with alerts', fmtNum(principals.size), S ? 'of ' + fmtNum(S.principals) + ' seen' : null),
  );
  var periodCard = card(
    'Period',
    PERIOD ? shortDay(PERIOD.from) + ' → ' + shortDay(PERIOD.to) : '—',
    PERIOD ? fmtSpan(PERIOD.to - PERIOD.from) + ' · ' + new Date(PERIOD.to).getUTCFullYear() + ' · UTC' : null,
  );
  periodCard.querySelector('.card-value').classList.add('period');
  if (PERIOD) periodCard.title = fmtTime(PERIOD.from) + ' → ' + fmtTime(PERIOD.to) + ' UTC';
  box.appendChild(periodCard);
  if (S)
    box.appendChild(
      card('Records read', fmtNum(S.records.read), fmtNum(S.files.read) + ' files, ' + fmtBytes(S.files.bytes)),
    );
}

function countTable(title, counts, empty) {
  var keys = counts
    ? Object.keys(counts).filter(function (k) {
        return counts[k];
      })
    : [];
  var body = keys.length
    ? h('table', { className: 'mini' }, [
        h(
          'tbody',
          null,
          keys
            .sort(function (a, b) {
              return counts[b] - counts[a];
            })
            .map(function (k) {
              return h('tr', null, [h('td', { text: k }), h('td', { className: 'num', text: fmtNum(counts[k]) })]);
            }),
        ),
      ])
    : h('p', { className: 'muted small', text: empty });
  return h('div', { className: 'sumblock' }, [h('h3', { text: title }), body]);
}

function renderSummary() {
  var box = clear($('summary-body'));
  var S = D.summary;
  var sup = {};
  for (var i = 0; i < N; i++) if (A.sup[i] !== null) sup[A.sup[i]] = (sup[A.sup[i]] || 0) + 1;
  if (!S) {
    box.appendChild(
      h('p', {
        className: 'muted',
        text: 'No scan summary in this report. It is included when the report comes from ct-anomaly scan --report, or from ct-anomaly report --summary summary.json.',
      }),
    );
  } else {
    var r = S.records;
    box.appendChild(
      h('div', { className: 'sumgrid' }, [
        h('div', { className: 'sumblock' }, [
          h('h3', { text: 'Input' }),
          keyValues([
            ['Files read', fmtNum(S.files.read)],
            ['Bytes', fmtBytes(S.files.bytes)],
            ['Files malformed', fmtNum(S.files.malformed)],
            ['Records read', fmtNum(r.read)],
            ['Duplicate records', fmtNum(r.duplicates)],
            ['Future-dated', fmtNum(r.future)],
            ['Already covered (checkpoint)', fmtNum(r.beforeCheckpoint)],
            ['Service calls (excluded)', fmtNum(r.serviceCalls)],
          ]),
        ]),
        countTable('Files skipped, by reason', S.files.skipped, 'No file skipped.'),
        countTable('Malformed records, by reason', r.malformed, 'No malformed record.'),
        h('div', { className: 'sumblock' }, [
          h('h3', { text: 'Scope and settings' }),
          keyValues([
            ['Accounts', fmtNum(S.accounts)],
            ['Principals', fmtNum(S.principals)],
            ['Windows', fmtNum(S.windows)],
            ['Period', S.period.from ? fmtIso(S.period.from) + ' → ' + fmtIso(S.period.to) : '—'],
            ['Learning period', S.settings.learningDays + ' days' + (S.settings.learnOnly ? ' (learn-only run)' : '')],
            ['Baseline TTL', S.settings.ttlDays + ' days'],
            ['Window / lag', S.settings.windowMinutes + ' min / ' + S.settings.lagMinutes + ' min'],
            ['Scan time', S.seconds > 0 ? S.seconds.toFixed(1) + ' s' : null],
          ]),
        ]),
        h('div', { className: 'sumblock' }, [
          h('h3', { text: 'Findings and alerts' }),
          keyValues([
            ['First-seen findings', fmtNum(S.findings.firstSeen)],
            ['Rule findings', fmtNum(S.findings.rule)],
            ['Learned silently', fmtNum(S.findings.learned)],
            ['Alerts emitted', fmtNum(S.alerts.emitted)],
            ['Suppressed', fmtNum(S.alerts.suppressed)],
            ['Duplicates merged', fmtNum(S.alerts.duplicates)],
          ]),
        ]),
      ]),
    );
    if (S.problems?.length) {
      box.appendChild(h('h3', { text: 'Input problems (first ' + S.problems.length + ')' }));
      box.appendChild(
        h('table', { className: 'mini wide' }, [
          h('thead', null, [
            h(
              'tr',
              null,
              ['Path', 'Reason', 'Records', 'Detail'].map(function (t) {
                return h('th', { text: t });
              }),
            ),
          ]),
          h(
            'tbody',
            null,
            S.problems.map(function (p) {
              return h('tr', null, [
                h('td', { className: 'mono', text: p.path }),
                h('td', { text: p.reason }),
                h('td', { className: 'num', text: p.records === undefined ? '' : fmtNum(p.records) }),
                h('td', { className: 'small', text: p.detail || '' }),
              ]);
            }),
          ),
        ]),
      );
    }
  }
  box.appendChild(
    countTable(
      'Suppressions applied (alerts in this report, by reason)',
      sup,
      'No alert in this report was suppressed.',
    ),
  );
  var src = D.meta.source;
  var notes = [];
  if (src)
    notes.push(
      'Alerts read from ' +
        src.path +
        ': ' +
        plural(src.lines, 'line') +
        ', ' +
        fmtNum(src.skipped) +
        ' skipped as not valid alerts.',
    );
  if (D.meta.samplesDropped)
    notes.push(
      plural(D.meta.samplesDropped, 'raw record') +
        ' left out of this page to keep it fast (at most ' +
        D.meta.limits.samplesPerAlert +
        ' per alert); the alerts file has them all.',
    );
  notes.forEach(function (n) {
    box.appendChild(h('p', { className: 'muted small', text: n }));
  });
  if (src?.problems?.length)
    box.appendChild(
      listOf(
        src.problems.map(function (p) {
          return 'line ' + p.line + ': ' + p.reason;
        }),
        'plain small mono',
      ),
    );
}
