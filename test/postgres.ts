// A throwaway PostgreSQL server for tests: Debian's postgresql binaries, a fresh cluster in a temporary folder,
// listening on a Unix socket only, run as the postgres user (the server refuses root). Stopped by stop().

import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function postgresBin(): string | undefined {
  if (process.env.BENCHMARK_PG_BIN !== undefined) return process.env.BENCHMARK_PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(root, v, 'bin', 'initdb'))) return join(root, v, 'bin');
  return undefined;
}

export interface Postgres {
  /** Runs SQL (from a file) with psql; returns stdout, throws with stderr on failure. */
  psql(args: string[], input?: string): string;
  stop(): void;
}

function run(command: string, args: string[], input?: string): string {
  const asPostgres = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] as const : [command, args] as const;
  const result = spawnSync(asPostgres[0], asPostgres[1], { encoding: 'utf8', input, maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/**
 * A server for the tests: the one .ci/run started (PGHOST and BENCHMARK_PG_BIN set), in a database of its own,
 * or else a fresh one started here.
 */
export function postgresForTests(bin: string): Postgres {
  const host = process.env.PGHOST;
  if (host === undefined || process.env.BENCHMARK_PG_BIN === undefined) return startPostgres(bin);
  const database = `benchmark_${process.pid}`;
  const psql = (args: string[], input?: string, db = database): string => run(join(bin, 'psql'), ['-h', host, '-U', process.env.PGUSER ?? 'postgres', '-d', db, '-v', 'ON_ERROR_STOP=1', '-q', ...args], input);
  psql(['-c', `CREATE DATABASE ${database}`], undefined, 'postgres');
  return { psql: (args, input) => psql(args, input), stop: () => void psql(['-c', `DROP DATABASE ${database}`], undefined, 'postgres') };
}

export function startPostgres(bin: string): Postgres {
  const dir = mkdtempSync(join(tmpdir(), 'benchmark-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  run(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  run(join(bin, 'pg_ctl'), ['-D', data, '-o', `-k ${dir} -c listen_addresses='' -c fsync=off`, '-l', join(dir, 'log'), '-w', 'start']);
  return {
    psql: (args, input) => run(join(bin, 'psql'), ['-h', dir, '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-q', ...args], input),
    stop: () => {
      run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
    },
  };
}
