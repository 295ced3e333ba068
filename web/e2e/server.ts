// Starts `innexar serve` on a free port with a fresh data directory and a throwaway tenant, and
// gives the journeys its address and users. Needs the binary (E2E_INNEXAR_BIN, built by `make test-e2e`)
// and the web app built into web/dist (a debug binary reads it from there).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

export const TENANT = 'e2e';
export const PASSWORD = 'senha-forte-e2e-2026';
export const OWNER = 'dono@e2e.innexar.test';
export const SALES = 'vendas@e2e.innexar.test';

declare module 'vitest' {
  export interface ProvidedContext {
    origin: string;
    port: number;
    storeId: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function api(port: number, path: string, init: RequestInit & { token?: string } = {}) {
  const headers = new Headers(init.headers);
  headers.set('X-Tenant', TENANT);
  headers.set('content-type', 'application/json');
  if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { ...init, headers });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/**
 * Settings the journeys need beyond the defaults, set on the one server they share (the
 * webhooks journey's receiver listens on loopback, which a real server refuses). More can be
 * passed for a run as `E2E_SERVER_ENV='{"INNEXAR_X":"y"}'`.
 */
export const SERVER_ENV: Record<string, string> = {
  INNEXAR_WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
  ...(JSON.parse(process.env.E2E_SERVER_ENV ?? '{}') as Record<string, string>),
};

let child: ChildProcess | undefined;
let dataDir: string | undefined;

export default async function setup(project: TestProject) {
  const bin = process.env.E2E_INNEXAR_BIN ?? '';
  if (!existsSync(bin)) throw new Error(`E2E_INNEXAR_BIN must name the built innexar binary (got "${bin}"); run \`make test-e2e\``);
  if (!existsSync(new URL('../dist/index.html', import.meta.url))) throw new Error('web/dist is missing; run `make web`');
  dataDir = mkdtempSync(join(tmpdir(), 'innexar-e2e-'));
  const port = await freePort();
  const env = {
    ...process.env,
    INNEXAR_DATA_DIR: dataDir,
    INNEXAR_DATABASE_URL: '',
    INNEXAR_AUTH_JWT_SECRET: `e2e-secret-${Math.random().toString(36).slice(2)}-${Date.now()}-padding-to-32-bytes`,
    INNEXAR_LOG_LEVEL: 'warn',
    ...SERVER_ENV,
  };
  const created = spawnSync(
    bin,
    ['tenant', 'create', TENANT, '--name', 'Auto Center E2E', '--cnpj', '11.222.333/0001-81', '--admin-email', OWNER, '--admin-password', PASSWORD, '--admin-name', 'Dona Maria'],
    { env, encoding: 'utf8' },
  );
  if (created.status !== 0) throw new Error(`tenant create failed: ${created.stderr}`);

  child = spawn(bin, ['serve', '--addr', `127.0.0.1:${port}`], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('innexar did not become ready in 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }

  const login = await api(port, '/api/v1/auth/login', { method: 'POST', body: JSON.stringify({ email: OWNER, password: PASSWORD }) });
  const token = login.accessToken as string;
  const store = await api(port, '/api/v1/stores', {
    method: 'POST',
    token,
    body: JSON.stringify({ name: 'Matriz Pinheiros', cnpj: '11.222.333/0001-81', address: { city: 'São Paulo', state: 'SP', postalCode: '05422-000' } }),
  });
  await api(port, '/api/v1/stores', { method: 'POST', token, body: JSON.stringify({ name: 'Filial Campinas', address: { city: 'Campinas', state: 'SP' } }) });
  await api(port, '/api/v1/users', {
    method: 'POST',
    token,
    body: JSON.stringify({ email: SALES, name: 'Carlos Vendedor', roles: ['sales'], password: PASSWORD }),
  });
  const models = [
    ['Chevrolet', 'Onix', '1.0 Turbo LT', 2022, 7_989_000],
    ['Volkswagen', 'Polo', '1.0 TSI Highline', 2023, 9_450_000],
    ['Fiat', 'Strada', 'Volcano 1.3', 2024, 11_290_000],
    ['Hyundai', 'HB20', '1.0 Comfort', 2021, 6_390_000],
  ] as const;
  for (const [make, model, trim, year, priceCents] of models) {
    await api(port, '/api/v1/vehicles', {
      method: 'POST',
      token,
      body: JSON.stringify({ storeId: store.id, make, model, trim, year, mileageKm: 35_000, fuel: 'flex', transmission: 'manual', condition: 'used', priceCents, costCents: priceCents - 900_000 }),
    });
  }

  project.provide('origin', `http://${TENANT}.localhost:${port}`);
  project.provide('port', port);
  project.provide('storeId', store.id as string);

  return async () => {
    child?.kill('SIGTERM');
    await new Promise((r) => child?.once('exit', r) ?? r(null));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
}
