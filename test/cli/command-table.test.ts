// The command table loads each command only when it runs; its names and summaries
// (shown by `channel-rules --help` without loading any command) are the commands' own.

import { describe, expect, it } from 'vitest';
import { commands } from '../../cli/commands';

describe('the command table', () => {
  it.each(commands.map((entry) => [entry.name, entry]))('%s: the loaded command has the name and summary the table shows', async (_, entry) => {
    const command = await entry.load();
    expect({ name: command.name, summary: command.summary }).toEqual({ name: entry.name, summary: entry.summary });
  });
});
