// The header (first record) of a CSV source, read before the real pass to tell what kind of input it is.

import { CsvScanner } from './csv-scanner.js';
import { peekStdin, readChunks, STDIN } from './sources.js';

/** The first record of a source, or undefined when it is empty; standard input is replayed to the real pass. */
export async function readHeader(file: string): Promise<string[] | undefined> {
  let header: string[] | undefined;
  const scanner = new CsvScanner(file, (f) => {
    header ??= f.texts();
  });
  if (file === STDIN) {
    await peekStdin((chunk) => {
      scanner.push(chunk);
      return header !== undefined;
    });
  } else {
    for await (const chunk of readChunks(file)) {
      scanner.push(chunk);
      if (header !== undefined) break;
    }
  }
  if (header === undefined) scanner.finish();
  return header;
}
