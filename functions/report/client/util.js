// Helpers shared by the page. Everything that came from a log record reaches the DOM through
// text nodes (textContent), never as markup.
var T_START = performance.now();
var SEVS = ['info', 'low', 'medium', 'high', 'critical'];
var SEV_COLORS = ['#94a3b8', '#3b82f6', '#f2b01e', '#f0642a', '#c0262d'];
var KINDS = ['first-seen', 'rule', 'incident', 'health'];
var HOUR = 3600000;
var DAY = 24 * HOUR;

function $(id) {
  return document.getElementById(id);
}

// h('div', { className: 'x', text: 'y', title: 'z', on: { click: fn } }, [children]) -> element
function h(tag, attrs, children) {
  var node = document.createElement(tag);
  if (attrs) {
    for (var key in attrs) {
      var value = attrs[key];
      if (value === undefined || value === null) continue;
      if (key === 'text') node.textContent = String(value);
      else if (key === 'className') node.className = value;
      else if (key === 'on') for (var ev in value) node.addEventListener(ev, value[ev]);
      else if (key === 'style') for (var prop in value) node.style[prop] = value[prop];
      else if (key === 'data') for (var d in value) node.dataset[d] = String(value[d]);
      else if (/^on/i.test(key) || key === 'href' || key === 'src') throw new Error('refused attribute ' + key);
      else node.setAttribute(key, String(value));
    }
  }
  if (children) append(node, children);
  return node;
}

function append(node, children) {
  for (var i = 0; i < children.length; i++) {
    var child = children[i];
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
  return node;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

function pad2(n) {
  return n < 10 ? '0' + n : String(n);
}

// Times are shown in UTC, as CloudTrail records them.
function fmtTime(ms) {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  var d = new Date(ms);
  return (
    d.getUTCFullYear() +
    '-' +
    pad2(d.getUTCMonth() + 1) +
    '-' +
    pad2(d.getUTCDate()) +
    ' ' +
    pad2(d.getUTCHours()) +
    ':' +
    pad2(d.getUTCMinutes())
  );
}

function fmtDate(ms) {
  return fmtTime(ms).slice(0, 10);
}

function fmtIso(text) {
  var ms = Date.parse(text);
  return Number.isNaN(ms) ? String(text) : fmtTime(ms) + ' UTC';
}

function fmtNum(n) {
  return typeof n === 'number' ? n.toLocaleString('en-US') : String(n);
}

function fmtBytes(n) {
  if (typeof n !== 'number') return String(n);
  var units = ['B', 'KB', 'MB', 'GB', 'TB'];
  var i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
}

function fmtSpan(ms) {
  if (ms < 0 || !Number.isFinite(ms)) return '—';
  if (ms < HOUR) return Math.round(ms / 60000) + ' min';
  if (ms < 2 * DAY) return Math.round(ms / HOUR) + ' h';
  return Math.round(ms / DAY) + ' days';
}

function sevBadge(sev) {
  return h('span', { className: 'sev sev-' + SEVS[sev], text: SEVS[sev] });
}

// Identity Center roles read better as their permission set: AWSReservedSSO_AdministratorAccess_38ed609eee440095
// becomes "AdministratorAccess (SSO)"; the full ARN stays in the tooltip and the detail.
function principalLabel(p) {
  if (!p) return '—';
  var name = p.name || p.arn || p.key;
  var sso = /^AWSReservedSSO_(.+)_[0-9a-f]{16}$/.exec(name);
  return sso ? sso[1] + ' (SSO)' : name;
}

function plural(n, word) {
  return fmtNum(n) + ' ' + word + (n === 1 ? '' : 's');
}
