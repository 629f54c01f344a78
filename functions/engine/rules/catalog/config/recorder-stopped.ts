import { event, identity } from '../../case-builder.js';
import { clause, isEvent, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

/** AWS Config stops recording resource changes. */
export const recorderStopped: RecordRule = {
  id: 'aws.config.recorder-stopped',
  title: 'AWS Config recorder stopped',
  description:
    'StopConfigurationRecorder or DeleteConfigurationRecorder: AWS Config stops recording configuration changes, and Config rules and conformance packs stop evaluating.',
  severity: 'high',
  mitre: MITRE.disableTools,
  runbook:
    'Restart the recorder (StartConfigurationRecorder or recreate it from code) and review resource changes the caller made while recording was off.',
  prefilter: [clause('config', 'StopConfigurationRecorder', 'DeleteConfigurationRecorder')],
  match: (r) => isEvent(r, 'config', 'StopConfigurationRecorder', 'DeleteConfigurationRecorder'),
  titleOf: (r) =>
    `AWS Config recorder ${reqText(r, 'configurationRecorderName') ?? ''} ${r.eventName === 'DeleteConfigurationRecorder' ? 'deleted' : 'stopped'}`.replace(
      /\s+/g,
      ' ',
    ),
  context: (r) => ({ recorder: reqText(r, 'configurationRecorderName') ?? null }),
  cases: [
    {
      name: 'flags StopConfigurationRecorder',
      expect: true,
      record: event('config', 'StopConfigurationRecorder', { request: { configurationRecorderName: 'default' } }),
    },
    {
      name: 'flags DeleteConfigurationRecorder by a role',
      expect: true,
      record: event('config', 'DeleteConfigurationRecorder', {
        as: identity.role('ops'),
        request: { configurationRecorderName: 'default' },
      }),
    },
    {
      name: 'ignores StartConfigurationRecorder',
      expect: false,
      record: event('config', 'StartConfigurationRecorder', { request: { configurationRecorderName: 'default' } }),
    },
    {
      name: 'ignores a stop that failed on a missing recorder',
      expect: false,
      record: event('config', 'StopConfigurationRecorder', { error: 'NoSuchConfigurationRecorderException' }),
    },
  ],
};
