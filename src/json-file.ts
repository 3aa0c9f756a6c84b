// Reading the JSON files options name (--model, --baseline, --config): one wording for a missing or unreadable
// file and for invalid JSON, as usage errors (exit 2).

import { readFileSync } from 'node:fs';
import { UsageError } from './errors.js';

/**
 * The parsed content of `file`. `option` prefixes the messages ("--model"); `invalid` words invalid JSON from
 * the parser's message ("not a model file: invalid JSON (…)").
 */
export function readJsonFile(file: string, option: string, invalid: (parserMessage: string) => string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${option} ${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? String(error)})`}`);
  }
  try {
    // A byte-order mark, as some editors save JSON, is no part of it.
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new UsageError(`${option} ${file}: ${invalid((error as Error).message)}`);
  }
}
