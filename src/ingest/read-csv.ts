// Reading a CSV source record by record as text, for the inputs that are not hot paths (organisation tables,
// profiles, headers); ticket ingest drives the byte scanner directly.

import { CsvScanner } from './csv-scanner.js';
import { peekStdin, readChunks, STDIN } from './sources.js';

export interface CsvRecord {
  fields: string[];
  /** The physical line on which the record starts (a quoted field may span lines). */
  line: number;
}

/** Yields the records of `file` in order; the first is the header. InputError for malformed quoting. */
export async function* readCsv(file: string): AsyncGenerator<CsvRecord> {
  let pending: CsvRecord[] = [];
  const scanner = new CsvScanner(file, (f) => pending.push({ fields: f.texts(), line: f.line }));
  for await (const chunk of readChunks(file)) {
    scanner.push(chunk);
    if (pending.length > 0) {
      const batch = pending;
      pending = [];
      yield* batch;
    }
  }
  scanner.finish();
  yield* pending;
}

/** The first record (the header) of a source, or undefined when it is empty; standard input is replayed later. */
export async function readHeader(file: string): Promise<string[] | undefined> {
  if (file === STDIN) {
    let header: string[] | undefined;
    const scanner = new CsvScanner(file, (f) => {
      header ??= f.texts();
    });
    await peekStdin((chunk) => {
      scanner.push(chunk);
      return header !== undefined;
    });
    if (header === undefined) scanner.finish();
    return header;
  }
  for await (const record of readCsv(file)) return record.fields;
  return undefined;
}
