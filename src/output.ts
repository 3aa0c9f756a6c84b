// Writing results: files atomically (temporary file, then rename), stdout tolerant of a closed pipe.

import { renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from './errors.js';

/** Temporary files being written, removed by removeTemporaries() when the run is interrupted. */
const temporaries = new Set<string>();

/**
 * Writes `text` to `file` through a temporary file in the same folder, so a failed run never leaves half a file.
 * In one synchronous write: the run's result is all there is left to do.
 */
export async function writeAtomic(file: string, text: string): Promise<void> {
  // A device or a pipe (-o /dev/null, -o /dev/stdout, a FIFO) is written to, never replaced by a file.
  let isSpecial = false;
  try {
    isSpecial = !statSync(file).isFile();
  } catch {
    // Does not exist yet: written through a temporary file below.
  }
  if (isSpecial) {
    try {
      writeFileSync(file, text);
      return;
    } catch (error) {
      throw new UsageError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  temporaries.add(temporary);
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Never created.
    }
    throw new UsageError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  } finally {
    temporaries.delete(temporary);
  }
}

/** Removes temporary files of writes in progress (on SIGINT): the targets keep their old content. */
export function removeTemporaries(): void {
  for (const temporary of temporaries) {
    try {
      unlinkSync(temporary);
    } catch {
      // Not created yet, or already renamed.
    }
  }
}

/** Writes to stdout and resolves once flushed; a closed pipe (`| head`) ends the process quietly with 0. */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve) => {
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
    process.stdout.write(text, () => resolve());
  });
}
