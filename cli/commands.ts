// The command table. Each command lives in cli/commands/<name>.ts.

import type { Command } from './command';

export const commands: Command[] = [];
