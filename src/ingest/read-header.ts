// The header (first record) of a CSV source, read before the real pass to tell what kind of input it is.

import { statSync } from 'node:fs';
import { CsvScanner } from './csv-scanner.js';
import { peekStdin, readChunks, STDIN } from './sources.js';

/** Bytes read first from a plain file: the header of any real export is in them (longer ones are read on). */
const FIRST_BYTES = 64 * 1024;

/** The header record: its cells, and the lines it starts and ends on (1-based; blank lines may come before it). */
export interface HeaderRecord {
  cells: string[];
  line: number;
  endLine: number;
}

/** Headers already read, by file, size and modification time (a run reads each plain file's header more than once). */
const known = new Map<string, HeaderRecord | undefined>();

/** The first record of a source, or undefined when it is empty; standard input is replayed to the real pass. */
export async function readHeader(file: string): Promise<string[] | undefined> {
  return (await readHeaderRecord(file))?.cells;
}

/** readHeader with where the header stands in the source. */
export async function readHeaderRecord(file: string): Promise<HeaderRecord | undefined> {
  const stat = file === STDIN ? undefined : statSync(file, { throwIfNoEntry: false });
  const key = stat === undefined ? undefined : `${file}\u0000${stat.size}\u0000${stat.mtimeMs}`;
  if (key !== undefined && known.has(key)) return known.get(key);
  let header: HeaderRecord | undefined;
  const scanner = (): CsvScanner =>
    new CsvScanner(file, (f) => {
      header ??= { cells: f.texts(), line: f.line, endLine: f.endLine };
    });
  if (file === STDIN) {
    const stdin = scanner();
    await peekStdin((chunk) => {
      stdin.push(chunk);
      return header !== undefined;
    });
    if (header === undefined) stdin.finish();
    return header;
  }
  const isPlain = !file.endsWith('.gz');
  // A plain file's first bytes; then, if its header is longer than that, the whole file from the start.
  for (const range of isPlain ? [{ start: 0, end: FIRST_BYTES }, undefined] : [undefined]) {
    const reader = scanner();
    for await (const chunk of readChunks(file, range)) {
      reader.push(chunk);
      if (header !== undefined) break;
    }
    const isWhole = range === undefined || (stat !== undefined && stat.size <= FIRST_BYTES);
    if (header === undefined && isWhole) reader.finish();
    if (header !== undefined || isWhole) break;
  }
  if (isPlain && key !== undefined) known.set(key, header);
  return header;
}
