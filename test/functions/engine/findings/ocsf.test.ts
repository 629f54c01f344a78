import { describe, expect, it } from 'vitest';
import { OCSF_VERSION, alertToOcsf } from '../../../../functions/engine/findings/index.js';
import { sampleAlert } from '../detect/score/alert-builder.js';

describe('alertToOcsf', () => {
  const alert = sampleAlert();
  const ocsf = alertToOcsf(alert, { productVersion: '0.1.0' });

  it('fills every attribute OCSF requires of a Detection Finding', () => {
    // Base event: class, category, activity, type, severity, time, metadata; Finding: finding_info.uid.
    expect(ocsf.class_uid).toBe(2004);
    expect(ocsf.category_uid).toBe(2);
    expect(ocsf.activity_id).toBe(1);
    expect(ocsf.type_uid).toBe(ocsf.class_uid * 100 + ocsf.activity_id);
    expect([0, 1, 2, 3, 4, 5, 6, 99]).toContain(ocsf.severity_id);
    expect(Number.isInteger(ocsf.time)).toBe(true);
    expect(ocsf.time).toBe(Date.parse(alert.createdAt));
    expect(ocsf.metadata).toMatchObject({
      version: OCSF_VERSION,
      product: { name: 'ct-anomaly', vendor_name: 'ct-anomaly', version: '0.1.0' },
      uid: alert.id,
    });
    expect(ocsf.finding_info).toMatchObject({ uid: alert.id, title: alert.title });
  });

  it('maps severity, times, MITRE attacks, related events, cloud and actor', () => {
    const names = {
      info: [1, 'Informational'],
      low: [2, 'Low'],
      medium: [3, 'Medium'],
      high: [4, 'High'],
      critical: [5, 'Critical'],
    } as const;
    expect([ocsf.severity_id, ocsf.severity]).toEqual([...names[alert.severity]]);
    expect(ocsf.risk_score).toBe(alert.score);
    expect(ocsf.finding_info['first_seen_time']).toBe(Date.parse(alert.firstEventTime));
    expect(ocsf.finding_info['last_seen_time']).toBe(Date.parse(alert.lastEventTime));
    expect(ocsf.finding_info['attacks']).toEqual([
      {
        tactic: { uid: 'TA0005', name: 'Defense Evasion' },
        technique: { uid: 'T1562.008', name: 'Impair Defenses: Disable or Modify Cloud Logs' },
        version: '16',
      },
    ]);
    expect(ocsf.finding_info['related_events_count']).toBe(2);
    expect(ocsf.finding_info['types']).toEqual(['rule', 'aws.cloudtrail.trail-stopped', 'first-seen.action']);
    expect(ocsf.cloud).toEqual({
      provider: 'AWS',
      account: { uid: '111122223333', type: 'AWS Account', type_id: 10 },
      region: 'us-east-1',
    });
    expect(ocsf.actor).toMatchObject({
      user: { uid: 'arn:aws:iam::111122223333:role/ci-deploy', name: 'ci-deploy', type: 'AssumedRole' },
    });
    expect(ocsf.resources[0]).toMatchObject({
      uid: 'arn:aws:iam::111122223333:role/ci-deploy',
      type: 'AWS::IAM::Role',
      cloud_partition: 'aws',
    });
  });

  it('gives one evidence per finding with the API call and where it came from', () => {
    expect(ocsf.evidences[0]).toMatchObject({
      api: { operation: 'StopLogging', service: { name: 'cloudtrail.amazonaws.com' } },
      src_endpoint: { ip: '203.0.113.9' },
    });
    expect(ocsf.evidences).toHaveLength(alert.findings.length);
  });

  it('marks a suppressed alert as Suppressed and not alertable', () => {
    const s = alertToOcsf(sampleAlert({ suppressed: { reason: 'planned change CHG-42', by: 'change-window' } }), {
      productVersion: '0.1.0',
    });
    expect(s.status_id).toBe(3);
    expect(s.is_alert).toBe(false);
    expect(s.metadata['labels']).toEqual(['suppressed:planned change CHG-42']);
  });

  it('survives JSON round trips (what EventBridge carries)', () => {
    expect(JSON.parse(JSON.stringify(ocsf))).toEqual(ocsf);
  });
});
