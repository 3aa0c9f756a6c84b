// Streaming a CSV file record by record, with the line numbers that error messages need.

import { createReadStream, statSync } from 'node:fs';
import { parse, CsvError } from 'csv-parse';
import { InputError, UsageError } from '../errors.js';

export interface CsvRecord {
  fields: string[];
  /** The physical line on which the record ends (a quoted field may span lines). */
  endLine: number;
}

/** The line a record starts on: its end line less the line breaks inside its quoted fields. */
export function startLine(record: CsvRecord): number {
  let breaks = 0;
  for (const field of record.fields) {
    for (let i = field.indexOf('\n'); i !== -1; i = field.indexOf('\n', i + 1)) breaks++;
  }
  return record.endLine - breaks;
}

/** Checks that an input file exists and is a readable file before any work starts (exit 2 when not). */
export function checkInputFile(file: string): void {
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `input file not found: ${file}` : `cannot read input file ${file}: ${code ?? String(error)}`);
  }
  if (!isFile) throw new UsageError(`input is not a file: ${file}`);
}

/**
 * Reads `file` as CSV (UTF-8, optional BOM, LF or CRLF, RFC 4180 quoting), yielding records in order; the first
 * record is the header. Blank lines are skipped. A structural error (an unclosed quote) is an InputError with
 * the line; a row with the wrong number of fields is yielded as is, for the caller to judge.
 */
export async function* readCsv(file: string): AsyncGenerator<CsvRecord> {
  const parser = createReadStream(file).pipe(
    parse({ bom: true, relax_column_count: true, relax_quotes: true, info: true, skip_empty_lines: true, cast: false }),
  );
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { fields: item.record, endLine: item.info.lines };
    }
  } catch (error) {
    if (error instanceof CsvError) throw new InputError({ file, line: lineOf(error) }, describeCsvError(error), 'malformed CSV');
    throw error;
  } finally {
    parser.destroy();
  }
}

function lineOf(error: CsvError): number | undefined {
  const lines = (error as unknown as { lines?: number }).lines;
  return typeof lines === 'number' ? lines : undefined;
}

function describeCsvError(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed (expected a closing ", found the end of the file)';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'expected a delimiter or the end of the line after a closing quote, found another character';
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'expected a delimiter after a closing quote, found another character';
    default:
      return `malformed CSV: ${error.message.replace(/^Invalid Record Length: /, '')}`;
  }
}
