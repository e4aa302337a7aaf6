import fs from 'node:fs';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { openPglite } from '../db/client.ts';

// npm run openapi — regenerates the committed openapi.json from the routes.
export async function generateOpenApi(): Promise<string> {
  const database = await openPglite();
  const app = await buildApp({ database, config: { ...loadConfig(), webDist: '/nonexistent' } });
  await app.ready();
  const doc = `${JSON.stringify(app.swagger(), null, 2)}\n`;
  await app.close();
  await database.close();
  return doc;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  fs.writeFileSync(new URL('../../openapi.json', import.meta.url), await generateOpenApi());
  console.log('✔ openapi.json written');
}
