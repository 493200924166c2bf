// The command table. Each command lives in cli/commands/<name>.ts.

import type { Command } from './command';
import { checkCommand } from './commands/check';
import { classifyCommand } from './commands/classify';
import { compileCommand } from './commands/compile';
import { diffCommand } from './commands/diff';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { initCommand } from './commands/init';
import { reportCommand } from './commands/report';
import { testCommand } from './commands/test';

export const commands: Command[] = [initCommand, checkCommand, reportCommand, classifyCommand, testCommand, compileCommand, diffCommand, importCommand, exportCommand];
