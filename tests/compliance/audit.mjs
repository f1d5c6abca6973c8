// Runs the GraphQL over HTTP specification's compliance audit (graphql-http's
// serverAudits) against a freshly started coforum server, prints every
// audit, and fails unless all of them pass.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverAudits } from 'graphql-http';

const here = dirname(fileURLToPath(import.meta.url));
const binary = process.env.COFORUM_BIN ?? join(here, '..', '..', 'target', 'debug', 'coforum');
const dir = mkdtempSync(join(tmpdir(), 'coforum-audit-'));

function startServer() {
  const child = spawn(binary, ['serve', '--listen', '127.0.0.1:0', '--database-url', `sqlite://${join(dir, 'c.db')}`], {
    env: { PATH: process.env.PATH, COFORUM_JWT_SECRET: 'audit-secret-audit-secret-audit-secret!!' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const match = seen.match(/listening on (http:\/\/[^/\s]+)\//);
      if (match) resolve({ child, base: match[1] });
    });
    child.on('exit', (code) => reject(new Error(`coforum exited early (${code})`)));
    setTimeout(() => reject(new Error('coforum did not start in 60 s')), 60_000);
  });
}

const { child, base } = await startServer();
let passed = 0;
let failed = 0;
try {
  for (const audit of serverAudits({ url: `${base}/graphql` })) {
    const result = await audit.fn();
    if (result.status === 'ok') {
      passed += 1;
      console.log(`ok      ${audit.id} ${audit.name}`);
    } else {
      failed += 1;
      console.log(`${result.status.padEnd(7)} ${audit.id} ${audit.name}: ${result.reason}`);
    }
  }
} finally {
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
console.log(`GraphQL over HTTP audit: ${passed} passed, ${failed} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
