import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  startOperatorApi,
  TEST_TOKENS,
  type OperatorApiFixture,
} from '../testing/operator-api.fixture.js';

describe('operator API: tokens, roles, audit', () => {
  let api: OperatorApiFixture;

  beforeAll(async () => {
    api = await startOperatorApi();
  });

  afterAll(async () => {
    await api?.close();
  });

  it('says who a configured token is; only its hash is stored', async () => {
    const answer = await api.call('GET', '/api/v1/whoami', TEST_TOKENS.acmeOperator);
    expect(answer).toMatchObject({
      status: 200,
      body: { name: 'acme-operator', role: 'operator', tenants: ['acme'] },
    });
    expect((await api.call('GET', '/api/v1/whoami', TEST_TOKENS.allAdmin)).body['tenants']).toEqual(
      ['*'],
    );
    const { rows } = await api.db.query(
      `SELECT secret_sha256 FROM operator_tokens WHERE id = 'acme-operator'`,
    );
    expect(rows[0]?.secret_sha256).toMatch(/^[0-9a-f]{64}$/);
    const { rows: all } = await api.db.query(`SELECT * FROM operator_tokens`);
    expect(JSON.stringify(all)).not.toContain('acme-operator-secret');
  });

  it('answers 401 without a token, with a malformed, unknown or wrong one', async () => {
    const wrongSecret = TEST_TOKENS.acmeViewer.replace(/.$/, 'x');
    for (const token of [undefined, 'nonsense', 'hl_nobody_secret-secret-secret', wrongSecret]) {
      const answer = await api.call('GET', '/api/v1/whoami', token);
      expect({ token, status: answer.status }).toEqual({ token, status: 401 });
      expect(answer.headers.get('www-authenticate')).toContain('Bearer');
    }
  });

  it('keeps health, metrics and the OpenAPI document open, generated from the handlers', async () => {
    expect((await api.call('GET', '/health/live')).status).toBe(200);
    expect((await fetch(`${api.service.url}/metrics`)).status).toBe(200);
    const doc = await api.call('GET', '/api/docs-json');
    expect(doc.status).toBe(200);
    const paths = doc.body['paths'] as Record<
      string,
      Record<string, { parameters?: { name: string }[] }>
    >;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining(['/api/v1/whoami', '/api/v1/tokens', '/api/v1/audit']),
    );
    expect(paths['/api/v1/audit']?.['get']?.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['cursor', 'limit', 'action', 'outcome']),
    );
    expect((await fetch(`${api.service.url}/api/docs`)).status).toBe(200);
  });

  it('lets an admin make a token (shown once), use it, list it and revoke it; all audited', async () => {
    const made = await api.call('POST', '/api/v1/tokens', TEST_TOKENS.acmeAdmin, {
      name: 'ci-bot',
      role: 'viewer',
      tenants: ['acme'],
    });
    expect(made.status).toBe(201);
    const token = made.body['token'] as string;
    expect(token).toMatch(/^hl_[0-9a-f]{20}_[A-Za-z0-9_-]{43}$/);
    expect((await api.call('GET', '/api/v1/whoami', token)).body).toMatchObject({ name: 'ci-bot' });

    const listed = await api.call('GET', '/api/v1/tokens', TEST_TOKENS.acmeAdmin);
    const names = (listed.body['items'] as { name: string; token?: string }[]).map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['ci-bot', 'acme-viewer']));
    // Tokens of other tenants, and `*` ones, are not this admin's to see.
    expect(names).not.toContain('globex-viewer');
    expect(names).not.toContain('all-admin');
    // The secret is base64url, so it may hold `_` itself: everything after `hl_<id>_`.
    const secret = /^hl_[0-9a-f]{20}_(.+)$/.exec(token)?.[1] ?? '';
    expect(secret).toHaveLength(43);
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const id = made.body['id'] as string;
    expect((await api.call('DELETE', `/api/v1/tokens/${id}`, TEST_TOKENS.acmeAdmin)).status).toBe(
      200,
    );
    expect((await api.call('GET', '/api/v1/whoami', token)).status).toBe(401);
    expect((await api.call('DELETE', `/api/v1/tokens/${id}`, TEST_TOKENS.acmeAdmin)).status).toBe(
      404,
    );

    const audit = await api.call('GET', '/api/v1/audit?limit=200', TEST_TOKENS.allAdmin);
    const entries = audit.body['items'] as {
      action: string;
      target: string;
      outcome: string;
      actor: string;
    }[];
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'tokens.create',
          target: id,
          outcome: 'succeeded',
          actor: 'acme-admin',
        }),
        expect.objectContaining({ action: 'tokens.revoke', target: id, outcome: 'succeeded' }),
        expect.objectContaining({ action: 'tokens.revoke', target: id, outcome: 'failed' }),
      ]),
    );
  });

  it('refuses a token beyond the admin’s tenants (403) and bad bodies (400), audited as denied', async () => {
    const beyond = await api.call('POST', '/api/v1/tokens', TEST_TOKENS.acmeAdmin, {
      name: 'sneaky',
      role: 'admin',
      tenants: ['*'],
    });
    expect(beyond.status).toBe(403);
    const bad = await api.call('POST', '/api/v1/tokens', TEST_TOKENS.acmeAdmin, {
      name: 'Bad_Name',
      role: 'root',
      tenants: [],
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(bad.body['message']).toContain('name: expected 1-64 lower-case letters');
    expect(bad.body['message']).toContain('role: unknown role "root"');
    expect(bad.body['message']).toContain('tenants: expected at least one tenant id');

    const viewer = await api.call('POST', '/api/v1/tokens', TEST_TOKENS.acmeViewer, {
      name: 'x',
      role: 'viewer',
      tenants: ['acme'],
    });
    expect(viewer.status).toBe(403);
    const anonymous = await api.call('DELETE', '/api/v1/tokens/acme-viewer');
    expect(anonymous.status).toBe(401);

    const denied = await api.call(
      'GET',
      '/api/v1/audit?outcome=denied&limit=200',
      TEST_TOKENS.allAdmin,
    );
    expect(denied.body['items']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'tokens.create', actor: 'acme-admin', target: 'sneaky' }),
        expect.objectContaining({ actor: 'acme-viewer', role: 'viewer' }),
        expect.objectContaining({ actor: 'anonymous', target: 'acme-viewer' }),
      ]),
    );
    // The scoped admin sees its tenants' callers only, never anonymous ones.
    const scoped = await api.call(
      'GET',
      '/api/v1/audit?outcome=denied&limit=200',
      TEST_TOKENS.acmeAdmin,
    );
    const actors = (scoped.body['items'] as { actor: string }[]).map((e) => e.actor);
    expect(actors).toContain('acme-viewer');
    expect(actors).not.toContain('anonymous');
  });

  it('pages the audit log with an opaque cursor and refuses a forged one', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<OperatorApiFixture['call']>> = await api.call(
        'GET',
        `/api/v1/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        TEST_TOKENS.allAdmin,
      );
      expect(page.status).toBe(200);
      seen.push(...(page.body['items'] as { id: string }[]).map((e) => e.id));
      cursor = page.body['nextCursor'] as string | null;
    } while (cursor);
    const all = await api.call('GET', '/api/v1/audit?limit=200', TEST_TOKENS.allAdmin);
    expect(seen).toEqual((all.body['items'] as { id: string }[]).map((e) => e.id));
    expect(seen.length).toBeGreaterThan(4);

    const forged = await api.call('GET', '/api/v1/audit?cursor=bm9wZQ', TEST_TOKENS.allAdmin);
    expect(forged).toMatchObject({
      status: 400,
      body: { message: 'cursor: expected a cursor from a previous page' },
    });
    const limit = await api.call('GET', '/api/v1/audit?limit=500', TEST_TOKENS.allAdmin);
    expect(limit).toMatchObject({
      status: 400,
      body: { message: 'limit: expected an integer from 1 to 200' },
    });
  });
});
