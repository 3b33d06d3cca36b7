// Writes docs/schema/*.schema.json from the format validators (`npm run schemas`).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectJsonSchemas } from '../shared/format/jsonSchemas';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/schema');
for (const [name, schema] of Object.entries(projectJsonSchemas())) {
  writeFileSync(path.join(dir, name), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote docs/schema/${name}`);
}
