// Error classes that carry their exit code and, for input problems, where the problem is.

/** Exit codes: the one table the CLI maps errors through. */
export const ExitCode = {
  ok: 0,
  regression: 1,
  usage: 2,
  badInput: 3,
  interrupted: 130,
  terminated: 143,
} as const;

export class BenchmarkError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A flag, option value, mapping or profile file that cannot be used as given (exit 2). */
export class UsageError extends BenchmarkError {
  constructor(message: string) {
    super(message, ExitCode.usage);
  }
}

export interface Location {
  file: string;
  line?: number;
  column?: string;
}

/** Input data that cannot be read as the tool expects it (exit 3). The message starts with FILE:LINE. */
export class InputError extends BenchmarkError {
  constructor(
    readonly location: Location,
    readonly detail: string,
    /** Short, stable reason used when the row is skipped with --skip-invalid. */
    readonly reason: string = 'invalid row',
  ) {
    super(formatLocated(location, detail), ExitCode.badInput);
  }
}

export function formatLocated(location: Location, detail: string): string {
  const where = location.line === undefined ? location.file : `${location.file}:${location.line}`;
  const column = location.column === undefined ? '' : `column "${location.column}": `;
  return `${where}: ${column}${detail}`;
}

/** Quote a found value for a message, shortened so a 10 MB field cannot flood the terminal. */
export function quoteFound(value: string, max = 60): string {
  const shown = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(shown);
}

/** `benchmark check` found an error-level assertion failing (exit 1); the results were already written. */
export class RegressionError extends BenchmarkError {
  constructor(message: string) {
    super(message, ExitCode.regression);
  }
}
