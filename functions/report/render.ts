/** Renders the report: one self-contained HTML document, data embedded once as JSON, no remote source. */
import { loadAssets } from './assets.js';
import { cspHash, escapeHtml, inlineCode, jsonForScript } from './embed.js';
import { buildReportData } from './model.js';
import type { ReportInput, ReportLimits } from './types.js';

const BODY = `
<div id="report-error" class="banner error" hidden></div>
<header class="top">
  <div class="brand"><h1 id="title"></h1><p id="subtitle"></p></div>
  <div class="brand-note">ct-anomaly · CloudTrail anomaly report</div>
</header>
<main>
  <section id="overview" class="cards alerts-only" aria-label="Overview"></section>
  <section id="trail" class="panel" aria-labelledby="trail-h" hidden>
    <div class="panel-head"><h2 id="trail-h">Trail</h2><span id="trail-count" class="muted small"></span></div>
    <p id="trail-what" class="small"></p>
    <div class="trail-scroll"><table class="trail"><thead><tr><th>Time (UTC)</th><th>Account</th><th>Region</th><th>Who</th><th>Action</th><th>From</th><th>Key</th><th>Marks</th></tr></thead><tbody id="trail-rows"></tbody></table></div>
    <p id="trail-more" class="muted small" hidden></p>
  </section>
  <section class="panel" aria-labelledby="timeline-h">
    <div class="panel-head"><h2 id="timeline-h">Timeline</h2><p id="bucket-note" class="muted small"></p><p id="outside-note" class="small warn"></p></div>
    <div id="chart-alerts" class="chart"></div>
    <h3 class="chart-label">Event volume</h3>
    <div id="chart-volume" class="chart"></div>
  </section>
  <div class="grid2 alerts-only">
    <section class="panel" aria-labelledby="accounts-h">
      <div class="panel-head"><h2 id="accounts-h">Alerts per account</h2><span id="account-count" class="muted small"></span>
        <select id="account-by" aria-label="Rank accounts by"><option value="count">Most alerts first</option><option value="severity">Most severe first</option></select></div>
      <table class="rank"><thead><tr><th>Account</th><th class="num">Alerts</th><th>By severity</th><th>Top</th><th class="num">Score</th></tr></thead><tbody id="account-rank"></tbody></table>
      <button type="button" id="account-more" class="link" hidden></button>
    </section>
    <section class="panel" aria-labelledby="principals-h">
      <div class="panel-head"><h2 id="principals-h">Alerts per principal</h2><span id="principal-count" class="muted small"></span>
        <select id="principal-by" aria-label="Rank principals by"><option value="count">Most alerts first</option><option value="severity">Most severe first</option></select></div>
      <table class="rank"><thead><tr><th>Principal</th><th class="num">Alerts</th><th>By severity</th><th>Top</th><th class="num">Score</th></tr></thead><tbody id="principal-rank"></tbody></table>
      <button type="button" id="principal-more" class="link" hidden></button>
    </section>
  </div>
  <section class="panel alerts-only" aria-labelledby="alerts-h">
    <div class="panel-head"><h2 id="alerts-h">Alerts</h2><span id="shown-count" class="muted small"></span></div>
    <div class="filters">
      <div id="sev-toggles" class="sev-toggles" role="group" aria-label="Severities"></div>
      <select id="f-account" aria-label="Account"><option value="-1">All accounts</option></select>
      <select id="f-kind" aria-label="Kind or rule"><option value="">All kinds and rules</option></select>
      <input id="f-text" type="search" placeholder="Search title, principal, action, account, id" aria-label="Search">
      <select id="f-sort" aria-label="Sort"><option value="severity">Most severe first</option><option value="newest">Newest first</option><option value="oldest">Oldest first</option><option value="score">Highest score first</option></select>
      <label class="check"><input id="f-suppressed" type="checkbox"> include suppressed <span id="suppressed-count"></span></label>
      <button type="button" id="f-reset">Reset filters</button>
    </div>
    <div id="active-filters" class="active-filters"></div>
    <div class="master-detail">
      <div class="list-col">
        <div id="alert-list" class="alert-list" tabindex="0" role="listbox" aria-label="Alerts (arrow keys to move)"><div id="alert-spacer" class="spacer"></div></div>
        <p id="list-empty" class="empty" hidden>No alert matches these filters.</p>
      </div>
      <aside id="alert-detail" class="detail" aria-label="Alert detail"></aside>
    </div>
  </section>
  <section class="panel" aria-labelledby="summary-h">
    <div class="panel-head"><h2 id="summary-h">Scan summary</h2></div>
    <div id="summary-body"></div>
  </section>
</main>
<footer>Made by ct-anomaly. Times in UTC. Opens offline; loads nothing from the network. Charts: `;

/** Renders the report for the given alerts and scan results; the same input gives the same document. */
export function renderReport(input: ReportInput, limits?: ReportLimits): string {
  const assets = loadAssets();
  const { list, details } = buildReportData(input, limits);
  const libraryJs = inlineCode(assets.libraryJs, 'script');
  const appJs = inlineCode(assets.appJs, 'script');
  const css = inlineCode(`${assets.libraryCss}\n${assets.appCss}`, 'style');
  const csp = [
    "default-src 'none'",
    `script-src ${cspHash(libraryJs)} ${cspHash(appJs)}`,
    `style-src ${cspHash(css)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const title = escapeHtml(input.title ?? 'ct-anomaly report');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ct-anomaly">
<title>${title}</title>
<style>${css}</style>
</head>
<body>
<noscript><p class="banner error">This report draws its charts and list with JavaScript: open it in a browser with scripts enabled. It loads nothing from the network.</p></noscript>
${BODY}${escapeHtml(assets.libraryName)}.</footer>
<script type="application/json" id="report-data">${jsonForScript(list)}</script>
<script type="application/json" id="report-details">${jsonForScript(details)}</script>
<script>${libraryJs}</script>
<script>${appJs}</script>
</body>
</html>
`;
}
