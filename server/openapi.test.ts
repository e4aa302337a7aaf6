import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateOpenApi } from './cli/openapi.ts';

describe('openapi.json', () => {
  it('is up to date with the routes (run `npm run openapi` after changing an API)', async () => {
    const committed = fs.readFileSync(new URL('../openapi.json', import.meta.url), 'utf8');
    const current = await generateOpenApi();
    expect(JSON.parse(committed)).toEqual(JSON.parse(current));
    expect(Object.keys(JSON.parse(current).paths)).toContain('/api/units/{id}');
  });
});
