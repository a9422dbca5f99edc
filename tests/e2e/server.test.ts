/**
 * The seed server routes by Host header (Chromium + host-resolver-rules) and by absolute-form
 * request URL (Firefox using it as HTTP proxy). No browser needed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { folderForHost, normaliseFolder, parseSiteMap, SEED_PAGES, start, type SeedServer } from '../harness/server';

interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw HTTP request to 127.0.0.1:port with an explicit request-target and Host header. */
function raw(port: number, target: string, host: string, method = 'GET', body?: string): Promise<Res> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path: target, method, headers: { Host: host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', fail);
    if (body) req.write(body);
    req.end();
  });
}

describe('seed server', () => {
  let dir: string;
  let server: SeedServer;
  const POLICY = '<!doctype html><meta charset="utf-8"><h1>国务院办公厅关于加快推进“互联网+政务服务”工作的指导意见</h1>';
  const REPRINT = '<!doctype html><meta charset="utf-8"><p>工业和信 息化部牵头</p>';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pl-seeds-'));
    await mkdir(join(dir, 'gov/zhengce/content/2016-09/29'), { recursive: true });
    await mkdir(join(dir, 'reprint/2015/07'), { recursive: true });
    await mkdir(join(dir, 'secret'), { recursive: true });
    await writeFile(join(dir, 'gov/zhengce/content/2016-09/29/content_5113369.htm'), POLICY);
    await writeFile(join(dir, 'gov/index.html'), '<h1>首页</h1>');
    await writeFile(join(dir, 'gov/data.json'), '{"标题":"通知"}');
    await writeFile(join(dir, 'reprint/2015/07/05.html'), REPRINT);
    await writeFile(join(dir, 'secret/key.txt'), 'do not serve');
    await writeFile(join(dir, 'sites.json'), JSON.stringify({ 'www.gov.cn': 'gov/', 'news.example-daily.com': 'seeds/reprint', '*.zj.gov.cn': 'gov' }));
    server = await start(0, { seedsDir: dir });
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('routes by Host header (origin-form request) with a UTF-8 content type', async () => {
    const r = await raw(server.port, '/zhengce/content/2016-09/29/content_5113369.htm', `www.gov.cn:${server.port}`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.body).toBe(POLICY);
    expect(Number(r.headers['content-length'])).toBe(Buffer.byteLength(POLICY));
  });

  it('routes absolute-form proxy requests by their URL host, not the Host header', async () => {
    const r = await raw(server.port, `http://news.example-daily.com:${server.port}/2015/07/05.html`, 'ignored.example');
    expect(r.status).toBe(200);
    expect(r.body).toContain('工业和信 息化部');
  });

  it('decodes percent-encoded paths and serves directory indexes and other types', async () => {
    const idx = await raw(server.port, '/', 'www.gov.cn');
    expect(idx.body).toContain('首页');
    const json = await raw(server.port, '/data.json', 'www.gov.cn');
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(json.body)).toEqual({ 标题: '通知' });
    const enc = await raw(server.port, '/zhengce/content/2016-09/29/content%5F5113369.htm', 'www.gov.cn');
    expect(enc.status).toBe(200);
  });

  it('matches *.suffix site keys and answers 404 for unknown hosts and files', async () => {
    expect((await raw(server.port, '/index.html', 'www.zj.gov.cn')).body).toContain('首页');
    const host = await raw(server.port, '/index.html', 'www.example.org');
    expect(host.status).toBe(404);
    expect(host.body).toContain('no site for host www.example.org');
    expect((await raw(server.port, '/missing.htm', 'www.gov.cn')).status).toBe(404);
  });

  it('never serves files outside the site folder', async () => {
    for (const target of ['/../secret/key.txt', '/%2e%2e/secret/key.txt', '/..%2Fsecret%2Fkey.txt']) {
      const r = await raw(server.port, target, 'www.gov.cn');
      expect(r.status, target).toBe(404);
      expect(r.body).not.toContain('do not serve');
    }
  });

  it('adds per-path headers (e.g. a strict CSP) and lets tests register dynamic routes', async () => {
    const csp = "default-src 'none'; style-src 'self'";
    server.setHeaders('/zhengce/content/2016-09/29/content_5113369.htm', { 'Content-Security-Policy': csp });
    const r = await raw(server.port, '/zhengce/content/2016-09/29/content_5113369.htm', 'www.gov.cn');
    expect(r.headers['content-security-policy']).toBe(csp);
    const other = await raw(server.port, '/index.html', 'www.gov.cn');
    expect(other.headers['content-security-policy']).toBeUndefined();

    server.route('www.gov.cn', '/api/echo', (req) => ({
      status: 201,
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ method: req.method, q: req.query.get('q'), body: req.body }),
    }));
    const e = await raw(server.port, '/api/echo?q=%E9%80%9A%E7%9F%A5', 'www.gov.cn', 'POST', '牵头单位');
    expect(e.status).toBe(201);
    expect(JSON.parse(e.body)).toEqual({ method: 'POST', q: '通知', body: '牵头单位' });
    // a route is per host
    expect((await raw(server.port, '/api/echo', 'news.example-daily.com')).status).toBe(404);
    // and the request log records what was fetched
    expect(server.requests.some((x) => x.host === 'www.gov.cn' && x.path === '/api/echo' && x.status === 201)).toBe(true);
  });

  it('refuses CONNECT (https through the proxy) instead of hanging', async () => {
    const status = await new Promise<number>((ok, fail) => {
      const req = request({ host: '127.0.0.1', port: server.port, method: 'CONNECT', path: 'www.gov.cn:443' });
      req.on('connect', (res, socket) => {
        socket.destroy();
        ok(res.statusCode ?? 0);
      });
      req.on('error', fail);
      req.end();
    });
    expect(status).toBe(502);
  });

  it('reports a broken sites.json as a 500 with the reason, without crashing', async () => {
    const bad = await mkdtemp(join(tmpdir(), 'pl-seeds-bad-'));
    await writeFile(join(bad, 'sites.json'), '{"www.gov.cn": ');
    const s = await start(0, { seedsDir: bad });
    try {
      const r = await raw(s.port, '/', 'www.gov.cn');
      expect(r.status).toBe(500);
      expect(r.body).toMatch(/not valid JSON/);
    } finally {
      await s.close();
      await rm(bad, { recursive: true, force: true });
    }
  });

  it('parses site maps strictly', () => {
    expect(normaliseFolder('./seeds/gov/')).toBe('gov');
    expect(() => normaliseFolder('../etc')).toThrow(/sub-folder/);
    expect(parseSiteMap({ sites: { 'WWW.GOV.CN': { folder: 'gov' } }, $comment: 'x' })).toEqual({ 'www.gov.cn': 'gov' });
    expect(() => parseSiteMap({ 'www.gov.cn': 3 })).toThrow(/has no folder/);
    expect(folderForHost({ '*.gov.cn': 'gov', 'www.gov.cn': 'main' }, 'www.gov.cn')).toBe('main');
    expect(folderForHost({ '*.gov.cn': 'gov' }, 'gov.cn')).toBe('gov');
    expect(folderForHost({ '*.gov.cn': 'gov' }, 'evilgov.cn')).toBeUndefined();
  });
});

describe('the real seeds', () => {
  it('serves the seed policy page and the news page from seeds/sites.json', async () => {
    const s = await start(0);
    try {
      const p = await raw(s.port, SEED_PAGES.policy.path, SEED_PAGES.policy.host);
      expect(p.status).toBe(200);
      expect(p.body).toContain('国务院关于积极推进');
      const n = await raw(s.port, SEED_PAGES.news.path, SEED_PAGES.news.host);
      expect(n.status).toBe(200);
    } finally {
      await s.close();
    }
  });
});
