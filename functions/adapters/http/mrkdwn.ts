/**
 * Escaping for Slack. Every string from a log record is attacker-controlled: in mrkdwn it must not
 * become a mention (`<!channel>`, `@here`), a link (`<https://evil|click>`) or formatting (`*bold*`).
 * @module
 */

/** Escapes the three characters Slack reserves (`&`, `<`, `>`) and breaks `@here`/`@channel`/`@everyone`. */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(here|channel|everyone)\b/gi, '@\u2060$1');
}

/**
 * An attacker-controlled value inside mrkdwn: escaped and put in an inline code span, where Slack
 * applies no formatting. Backticks (which would close the span) become a look-alike; newlines, spaces.
 */
export function code(value: string, max = 300): string {
  const flat = value.replace(/[\r\n\t]+/g, ' ').replace(/`/g, 'ˋ');
  const cut = flat.length > max ? `${flat.slice(0, max)}…` : flat;
  return cut.length === 0 ? '` `' : `\`${escapeMrkdwn(cut)}\``;
}

/** Text for a `plain_text` object (never parsed for mrkdwn, links or mentions), cut to Slack's limit. */
export function plain(value: string, max: number): string {
  const text = value.replace(/\r/g, '');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text || ' ';
}
