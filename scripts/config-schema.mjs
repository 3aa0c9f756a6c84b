#!/usr/bin/env node
// Writes benchmark.config.schema.json, the JSON Schema of `benchmark check --config` files, from the zod schema
// the CLI validates with (src/check/config.ts). Run after `npm run build`; a test checks the file is current.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configJsonSchema } from '../dist/check/config.js';

const file = fileURLToPath(new URL('../benchmark.config.schema.json', import.meta.url));
writeFileSync(file, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
