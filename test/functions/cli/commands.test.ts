import { describe, expect, it } from 'vitest';
import { COMMANDS, usageOf } from '../../../functions/cli/commands/index.js';

describe('the command list (functions/cli/commands/index.ts)', () => {
  it("names and summarises each command exactly as the command's module does", async () => {
    for (const entry of COMMANDS) {
      const command = await entry.load();
      expect(command.name).toBe(entry.name);
      expect(command.summary, entry.name).toBe(entry.summary);
    }
  });

  it("gives the module's usage from sources, where no usage is embedded", async () => {
    for (const entry of COMMANDS) expect(await usageOf(entry)).toBe((await entry.load()).usage);
  });

  it('lists each command once', () => {
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
  });
});
