// The detail pane: why the alert fired, what was new, who did it and how well we know them, and the
// raw records behind it. Raw records are shown as JSON text (textContent), never as markup.
var detailToken = 0;

function section(title, children) {
  return h('section', { className: 'dsec' }, [h('h3', { text: title })].concat(children));
}

function listOf(items, className) {
  return h(
    'ul',
    { className: className || 'plain' },
    items.map(function (t) {
      return h('li', { text: t });
    }),
  );
}

function chips(values, className) {
  return h(
    'div',
    { className: 'chips' },
    values.map(function (v) {
      return h('span', { className: className || 'chip', text: v });
    }),
  );
}

function keyValues(pairs) {
  var dl = h('dl', { className: 'kv' });
  pairs.forEach(function (p) {
    if (p[1] === null || p[1] === undefined || p[1] === '') return;
    dl.appendChild(h('dt', { text: p[0] }));
    dl.appendChild(h('dd', { className: p[2] || '', text: p[1] }));
  });
  return dl;
}

function baselineLine(i, p, accountIndex) {
  var known = baselineText(accountIndex, p);
  if (!known) return h('p', { className: 'muted small', text: 'No baseline data for this principal in the report.' });
  var age = known.since !== null && A.t0[i] !== null ? fmtSpan(A.t0[i] - known.since) : null;
  return h('p', { className: 'baseline' }, [
    'Known since ',
    h('strong', { text: fmtDate(known.since) }),
    age ? ' (' + age + ' before this alert)' : '',
    ', ',
    h('strong', { text: plural(known.known, 'known action') }),
    ' in its baseline.',
  ]);
}

function evidenceBlock(f, samples) {
  var ev = f.ev;
  function joined(name, sep) {
    var n = ev.more ? ev.more[name] : 0;
    return ev[name].join(sep) + (n ? sep + '… ' + fmtNum(n) + ' more' : '');
  }
  var parts = [
    keyValues([
      ['Source IPs', joined('ips', ', '), 'mono'],
      ['User agents', joined('uas', '\n'), 'mono pre'],
      ['Regions', joined('regions', ', ')],
      ['Error codes', joined('errs', ', ')],
      ['Event IDs', joined('ids', '\n'), 'mono pre'],
    ]),
  ];
  ev.s.forEach(function (ref, k) {
    var record = samples[ref];
    var name =
      record && typeof record === 'object'
        ? [record.eventTime, record.eventSource, record.eventName].filter(Boolean).join(' · ')
        : 'record';
    parts.push(
      h('details', { className: 'sample', open: k === 0 ? '' : null }, [
        h('summary', { text: 'Raw record ' + (k + 1) + ': ' + name }),
        h('pre', { className: 'json', text: JSON.stringify(record, null, 2) }),
      ]),
    );
  });
  if (!ev.s.length)
    parts.push(
      h('p', {
        className: 'muted small',
        text: 'No raw record kept for this finding in the report (see the alerts file).',
      }),
    );
  return parts;
}

function findingCard(f, samples) {
  var p = D.dict.principals[f.pr];
  var context =
    f.context && typeof f.context === 'object'
      ? Object.keys(f.context).map(function (k) {
          var v = f.context[k];
          return [k, typeof v === 'string' ? v : JSON.stringify(v), 'mono'];
        })
      : [];
  return h(
    'div',
    { className: 'finding' },
    [
      h('div', { className: 'finding-head' }, [
        sevBadge(f.sev),
        h('span', { className: 'score', text: String(Math.round(f.score)) }),
        h('span', { className: 'finding-title', text: f.title }),
      ]),
      keyValues(
        [
          ['Detector', f.det, 'mono'],
          [f.dim, f.value, 'mono'],
          ['Account', D.dict.accounts[f.acc], 'mono'],
          ['Region', f.region],
          ['Principal', principalLabel(p) + ' (' + p.type + ')'],
          ['Events', fmtNum(f.count) + (f.err ? ' (' + fmtNum(f.err) + ' errors)' : '')],
          ['First event', fmtIso(f.t0)],
          ['Last event', fmtIso(f.t1)],
          ['MITRE', f.mitre ? f.mitre.tactic + ' / ' + f.mitre.technique : null],
          ['Runbook', f.runbook],
          ['Flags', f.flags.join(', ')],
        ].concat(context),
      ),
      f.reasons.length ? listOf(f.reasons, 'reasons small') : null,
    ].concat(evidenceBlock(f, samples)),
  );
}

function selectText(node) {
  var range = document.createRange();
  range.selectNodeContents(node);
  var sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
}

function renderDetail(i) {
  var pane = clear($('alert-detail'));
  if (i < 0) {
    pane.appendChild(h('p', { className: 'empty', text: 'No alert selected.' }));
    return;
  }
  var all = details();
  var d = all.alerts[i];
  var kind = KINDS[A.kind[i]];
  var head = h('header', { className: 'dhead' }, [
    h('div', { className: 'row-line' }, [
      sevBadge(A.sev[i]),
      h('span', { className: 'score big', text: String(Math.round(A.score[i])), title: 'score 0-100' }),
      h('span', { className: 'tag tag-' + kind, text: kind }),
    ]),
    h('h2', { className: 'dtitle', text: A.title[i] }),
    h('p', { className: 'muted small mono', text: 'alert ' + A.id[i] }),
    keyValues([
      ['First event', fmtIso(d.t0)],
      ['Last event', fmtIso(d.t1)],
      ['Created', fmtIso(d.createdAt)],
      [
        'Accounts',
        A.acc[i]
          .map(function (a) {
            return D.dict.accounts[a];
          })
          .join(', '),
        'mono',
      ],
    ]),
  ]);
  pane.appendChild(head);
  if (d.suppressed)
    pane.appendChild(
      h('p', { className: 'banner', text: 'Suppressed: ' + d.suppressed.reason + ' (by ' + d.suppressed.by + ')' }),
    );
  pane.appendChild(
    section('Why it fired', [
      d.reasons.length ? listOf(d.reasons, 'reasons') : h('p', { className: 'muted', text: 'No reasons recorded.' }),
    ]),
  );
  if (d.values.length)
    pane.appendChild(
      section(kind === 'first-seen' ? 'New actions (' + d.values.length + ')' : 'Values (' + d.values.length + ')', [
        chips(d.values, 'chip mono'),
      ]),
    );
  if (!A.pr[i].length)
    pane.appendChild(
      section('Who', [
        h('p', {
          className: 'muted',
          text: 'No principal: this alert is about the deployment itself (an agent or its coverage).',
        }),
      ]),
    );
  else
    pane.appendChild(
      section(
        'Who',
        A.pr[i].map(function (p) {
          var pr = D.dict.principals[p];
          return h('div', { className: 'who' }, [
            h('div', null, [
              h('strong', { text: principalLabel(pr) }),
              h('span', { className: 'muted small', text: ' ' + pr.type + (pr.accountId ? ' · ' + pr.accountId : '') }),
            ]),
            pr.arn ? h('div', { className: 'mono small', text: pr.arn }) : null,
            baselineLine(i, p, A.acc[i].length === 1 ? A.acc[i][0] : -1),
          ]);
        }),
      ),
    );
  var cards = d.findings.map(function (f) {
    return findingCard(f, all.samples);
  });
  if (!cards.length) cards.push(h('p', { className: 'muted', text: 'No finding attached to this alert.' }));
  if (d.moreFindings > 0)
    cards.push(
      h('p', {
        className: 'muted',
        text: '… and ' + plural(d.moreFindings, 'more finding') + ' (all are in the alerts file).',
      }),
    );
  if (D.pivot && d.pivots && d.pivots.length)
    pane.appendChild(
      section(
        'Follow the actor',
        [
          h('p', { className: 'muted small', text: "Each actor's whole trail across the accounts, in time order:" }),
        ].concat(
          d.pivots.map(function (p) {
            var command = D.pivot + ' ' + p;
            var code = h('code', { text: command });
            return h('div', { className: 'pivot' }, [
              code,
              h('button', {
                type: 'button',
                text: 'Copy',
                on: {
                  click: function (e) {
                    var button = e.currentTarget;
                    var done = function () {
                      button.textContent = 'Copied';
                    };
                    if (navigator.clipboard && navigator.clipboard.writeText)
                      navigator.clipboard.writeText(command).then(done, function () {
                        selectText(code);
                      });
                    else selectText(code);
                  },
                },
              }),
            ]);
          }),
        ),
      ),
    );
  pane.appendChild(section('Findings and evidence (' + (d.findings.length + d.moreFindings) + ')', cards));
  pane.scrollTop = 0;
}

function showDetail(i) {
  var token = ++detailToken;
  if (DETAILS || i < 0) return renderDetail(i);
  // First open: parse the details after the page has painted, so the list and charts come first.
  clear($('alert-detail')).appendChild(h('p', { className: 'empty', text: 'Loading details…' }));
  setTimeout(function () {
    if (token === detailToken) renderDetail(i);
  }, 30);
}
