import { describe, expect, it } from 'vitest';
import { withoutNulls } from '../../../../functions/engine/cloudtrail/index.js';

describe('withoutNulls', () => {
  it('drops null fields at every depth and keeps null array elements', () => {
    const record = JSON.parse(
      '{"eventName":"GetObject","responseElements":null,"userIdentity":{"type":"IAMUser","sessionContext":{"sourceIdentity":null,"attributes":{"mfaAuthenticated":"false"}}},"requestParameters":{"ids":[null,{"a":null,"b":1}]}}',
    );
    expect(withoutNulls(record)).toStrictEqual({
      eventName: 'GetObject',
      userIdentity: { type: 'IAMUser', sessionContext: { attributes: { mfaAuthenticated: 'false' } } },
      requestParameters: { ids: [null, { b: 1 }] },
    });
  });

  it('shares what holds no null instead of copying it, and leaves its input as it was', () => {
    const record = JSON.parse(
      '{"responseElements":null,"tlsDetails":{"tlsVersion":"TLSv1.3"},"userIdentity":{"arn":"x","sessionContext":null}}',
    );
    const before = structuredClone(record);
    const out = withoutNulls(record) as Record<string, unknown>;
    expect(out).not.toBe(record);
    expect(out['tlsDetails']).toBe(record.tlsDetails);
    expect(out['userIdentity']).not.toBe(record.userIdentity);
    expect(record).toStrictEqual(before);
    const clean = { a: { b: [1, null, 'c'] } };
    expect(withoutNulls(clean)).toBe(clean);
  });

  it('passes scalars and null through', () => {
    expect(withoutNulls(null)).toBeNull();
    expect(withoutNulls('x')).toBe('x');
    expect(withoutNulls(3)).toBe(3);
  });
});
