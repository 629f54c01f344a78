import { describe, expect, it } from 'vitest';
import { CliError } from '../../../functions/cli/command.js';
import { timeOption } from '../../../functions/cli/time-option.js';

describe('times on the command line', () => {
  const now = Date.parse('2026-02-10T12:00:00Z');
  it('reads days, times and spans back from now, in UTC unless an offset is given', () => {
    expect(timeOption('since', '2026-01-31', now)).toBe('2026-01-31T00:00:00.000Z');
    expect(timeOption('since', '2026-01-31T12:30', now)).toBe('2026-01-31T12:30:00.000Z');
    expect(timeOption('since', '2026-01-31T12:30:00+02:00', now)).toBe('2026-01-31T10:30:00.000Z');
    expect(timeOption('since', '7d', now)).toBe('2026-02-03T12:00:00.000Z');
    expect(timeOption('since', '36h', now)).toBe('2026-02-09T00:00:00.000Z');
    expect(timeOption('since', undefined, now)).toBeUndefined();
  });
  it('refuses anything else with a hint', () => {
    expect(() => timeOption('since', 'yesterday', now)).toThrow(CliError);
  });
});
