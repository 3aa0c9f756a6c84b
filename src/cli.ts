// The program: commands, and the only place that turns errors into messages and exit codes.

import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { classifyCommand } from './commands/classify.js';
import { metricsCommand } from './commands/metrics.js';
import { tuneCommand } from './commands/tune.js';
import { reportCommand } from './commands/report.js';
import { checkCommand } from './commands/check.js';
import { sqlCommand } from './commands/sql.js';
import { BenchmarkError, ExitCode } from './errors.js';
import { onSignal } from './output.js';
import { visible } from './report/visible.js';
import { packageFile } from './package-root.js';

const { version } = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string };

function buildProgram(): Command {
  const program = new Command('benchmark')
    .description('Customer-service operational benchmarking: compare support organisations with those that operate alike.')
    .version(version)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(rephrase(text)) });
  for (const command of [classifyCommand(), metricsCommand(), tuneCommand(), reportCommand(), checkCommand(), sqlCommand()]) {
    command.exitOverride().configureOutput({ outputError: (text, write) => write(rephrase(text)) });
    command.showSuggestionAfterError(true);
    program.addCommand(command);
  }
  return program;
}

/** Commander's own messages ("error: unknown option …") in the tool's grammar: one line, option first. */
export function rephrase(text: string): string {
  const message = text
    .trim()
    .replace(/^error: /, '')
    .replace(/^option '(-[^ ',]+)[^']*' argument '.*?' is invalid\. /s, '$1: ')
    .replace(/\n\(Did you mean (.+)\?\)$/, '; did you mean $1?');
  return `benchmark: ${message}\n`;
}

function fail(message: string, code: number): never {
  // A file or organisation name in a message is shown, never acted on by the terminal.
  process.stderr.write(`benchmark: ${visible(message)}\n`);
  process.exit(code);
}

export async function main(argv: string[]): Promise<void> {
  const isDebug = argv.includes('--debug');
  const program = buildProgram();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => onSignal(signal, fail));
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Asked-for help and the version exit 0; help shown because no command was given, and every other
      // commander error, is a usage error (already printed).
      const isInformational = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || (error.code === 'commander.help' && error.exitCode === 0);
      process.exit(isInformational ? ExitCode.ok : ExitCode.usage);
    }
    if (error instanceof BenchmarkError) {
      if (isDebug) process.stderr.write(`${error.stack}\n`);
      fail(error.message, error.exitCode);
    }
    if (isDebug) process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    fail(`internal error: ${(error as Error).message ?? String(error)}${isDebug ? '' : ' (run with --debug for details)'}`, 70);
  }
}

await main(process.argv);
