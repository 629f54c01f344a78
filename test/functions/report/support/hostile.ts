/** Attacker-controlled strings as they can reach CloudTrail fields (user agent, tags, session names, request parameters). */
import type { Alert } from '../../../../functions/engine/findings/index.js';
import { alertSchema } from '../../../../functions/engine/findings/index.js';

export const PAYLOADS = {
  scriptTag: '<script>window.__pwned = "script"</script>',
  closeScript: '</script><script>window.__pwned = "close-script"</script>',
  imgOnError: '"><img src=x onerror="window.__pwned=\'img\';alert(1)">',
  svgOnLoad: "<svg/onload=window.__pwned='svg'>",
  comment: '<!--<script>window.__pwned="comment"</script>-->',
  lineSeparators: 'a\u2028b\u2029c',
  jsonBreak: '"}]}</script><script>window.__pwned="json"</script>',
} as const;

/** A copy of the alert with payloads in every attacker-reachable place the report shows. */
export function poison(alert: Alert): Alert {
  const all = Object.values(PAYLOADS).join(' ');
  const finding = alert.findings[0];
  if (!finding) throw new Error('need an alert with a finding');
  const principal = {
    ...finding.principal,
    name: PAYLOADS.imgOnError,
    arn: `arn:aws:iam::111111111111:role/${PAYLOADS.svgOnLoad}`,
  };
  const sample = {
    ...(finding.evidence.samples[0] ?? {}),
    userAgent: PAYLOADS.scriptTag,
    requestParameters: {
      tags: [{ key: PAYLOADS.closeScript, value: PAYLOADS.imgOnError }],
      [PAYLOADS.svgOnLoad]: PAYLOADS.comment,
    },
  };
  const poisoned = {
    ...alert,
    title: `${PAYLOADS.closeScript} new action by ${PAYLOADS.imgOnError}`,
    reasons: [all, PAYLOADS.lineSeparators],
    values: [PAYLOADS.svgOnLoad, PAYLOADS.jsonBreak],
    principals: [principal],
    suppressed: null,
    findings: [
      {
        ...finding,
        title: PAYLOADS.scriptTag,
        principal,
        value: PAYLOADS.jsonBreak,
        reasons: [PAYLOADS.comment],
        context: { [PAYLOADS.imgOnError]: PAYLOADS.scriptTag },
        evidence: { ...finding.evidence, userAgents: [PAYLOADS.scriptTag, PAYLOADS.imgOnError], samples: [sample] },
      },
    ],
  };
  return alertSchema.parse(poisoned);
}
