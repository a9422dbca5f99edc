/**
 * Static seed server for the end-to-end tests and the demo.
 *
 * Browsers reach it under real host names (www.gov.cn, news.example-daily.com …):
 * - Chromium maps the hosts to 127.0.0.1 with --host-resolver-rules, so requests arrive in
 *   origin form (`GET /path`) with a `Host: www.gov.cn:PORT` header;
 * - Firefox uses this server as its HTTP proxy, so requests arrive in absolute form
 *   (`GET http://www.gov.cn:PORT/path`).
 * Both are routed by host name through seeds/sites.json to seeds/<folder>/<path>.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEFAULT_SEEDS_DIR = join(REPO_ROOT, 'seeds');

/** Host → folder below the seeds directory. Keys may start with `*.` to match sub-domains. */
export type SiteMap = Record<string, string>;

interface RouteRequest {
  method: string;
  host: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

interface RouteResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

type RouteHandler = (req: RouteRequest) => RouteResponse | Promise<RouteResponse>;

export interface ServeOptions {
  /** Directory holding sites.json and the site folders (default: <repo>/seeds). */
  seedsDir?: string;
  /** Explicit site map; default: read seedsDir/sites.json at each request (so edits are live). */
  sites?: SiteMap;
  /** Bind address (default 127.0.0.1). */
  hostname?: string;
  /** Called for every request (for debugging: `(line) => console.log(line)`). */
  log?: (line: string) => void;
}

export interface SeedServer {
  port: number;
  /** `http://host:port` */
  origin(host: string): string;
  /** `http://host:port/path` */
  url(host: string, path: string): string;
  /** Extra response headers for a path (any host, or `host` when given), e.g. a strict CSP. */
  setHeaders(path: string, headers: Record<string, string>, host?: string): void;
  /** Dynamic route; wins over files. `host` may be `*` for any host. */
  route(host: string, path: string, handler: RouteHandler): void;
  /** Requests seen so far (method, host, path, status) — lets tests assert what was fetched. */
  requests: Array<{ method: string; host: string; path: string; status: number }>;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.shtml': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** Normalise a sites.json value: "gov", "gov/", "seeds/gov/", "./seeds/gov" → "gov". */
export function normaliseFolder(value: string): string {
  let v = value.trim().replace(/\\/g, '/');
  v = v
    .replace(/^\.\//, '')
    .replace(/^seeds\//, '')
    .replace(/^\/+|\/+$/g, '');
  if (v === '' || v.split('/').some((seg) => seg === '..')) {
    throw new Error(`sites.json: folder ${JSON.stringify(value)} must be a sub-folder of seeds/`);
  }
  return v;
}

/** Parse sites.json: either {"host": "folder"} or {"host": {"folder": "..."}} or {"sites": {...}}. */
export function parseSiteMap(json: unknown, source = 'sites.json'): SiteMap {
  let obj = json;
  if (obj && typeof obj === 'object' && !Array.isArray(obj) && 'sites' in obj) {
    obj = (obj as { sites: unknown }).sites;
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new Error(`${source}: expected an object mapping host names to seeds/ sub-folders`);
  }
  const out: SiteMap = {};
  for (const [host, value] of Object.entries(obj as Record<string, unknown>)) {
    if (host.startsWith('$') || host.startsWith('_')) continue; // comments / schema keys
    let folder: unknown = value;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const v = value as Record<string, unknown>;
      folder = v.folder ?? v.dir ?? v.path ?? v.root;
    }
    if (typeof folder !== 'string') {
      throw new Error(`${source}: host ${JSON.stringify(host)} has no folder (got ${JSON.stringify(value)})`);
    }
    out[host.toLowerCase()] = normaliseFolder(folder);
  }
  return out;
}

export function loadSiteMap(seedsDir = DEFAULT_SEEDS_DIR): SiteMap {
  const file = join(seedsDir, 'sites.json');
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: it maps host names to seeds/ sub-folders, e.g. {"www.gov.cn": "gov"}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  return parseSiteMap(json, file);
}

/** Folder for a host: exact match first, then `*.suffix` patterns (longest first). */
export function folderForHost(sites: SiteMap, host: string): string | undefined {
  const h = host.toLowerCase();
  if (sites[h] !== undefined) return sites[h];
  const wild = Object.keys(sites)
    .filter((k) => k.startsWith('*.'))
    .sort((a, b) => b.length - a.length);
  for (const k of wild) {
    const suffix = k.slice(1); // ".gov.cn"
    if (h.endsWith(suffix) || h === suffix.slice(1)) return sites[k];
  }
  return undefined;
}

/** Host name (lower case, no port) and path+query of a request in origin or absolute form. */
function requestTarget(req: Pick<IncomingMessage, 'url' | 'headers'>): { host: string; pathname: string; search: string } {
  const raw = req.url ?? '/';
  let u: URL;
  if (/^https?:\/\//i.test(raw)) {
    u = new URL(raw);
  } else {
    const hostHeader = (req.headers.host ?? 'localhost').toString();
    u = new URL(raw.startsWith('/') ? raw : `/${raw}`, `http://${hostHeader}`);
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(u.pathname);
  } catch {
    pathname = u.pathname;
  }
  return { host: u.hostname.toLowerCase().replace(/\.$/, ''), pathname, search: u.search };
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Uint8Array): void {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
  res.writeHead(status, { 'Content-Length': String(buf.length), 'Cache-Control': 'no-store', ...headers });
  res.end(buf);
}

function notFound(res: ServerResponse, message: string, extra: Record<string, string> = {}): void {
  send(res, 404, { 'Content-Type': 'text/plain; charset=utf-8', ...extra }, `404 Not Found\n${message}\n`);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Start the server. `port` 0 picks a free port. */
export async function start(port = 0, opts: ServeOptions = {}): Promise<SeedServer> {
  const seedsDir = resolve(opts.seedsDir ?? DEFAULT_SEEDS_DIR);
  const routes = new Map<string, RouteHandler>();
  const pathHeaders = new Map<string, Record<string, string>>();
  const requests: SeedServer['requests'] = [];
  const key = (host: string, path: string) => `${host.toLowerCase()} ${path}`;

  const sitesFor = (): SiteMap => opts.sites ?? loadSiteMap(seedsDir);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<number> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const { host, pathname, search } = requestTarget(req);
    const extra = { ...(pathHeaders.get(key('*', pathname)) ?? {}), ...(pathHeaders.get(key(host, pathname)) ?? {}) };

    const handler = routes.get(key(host, pathname)) ?? routes.get(key('*', pathname));
    if (handler) {
      const body = method === 'GET' || method === 'HEAD' ? '' : await readBody(req);
      const r = await handler({ method, host, path: pathname, query: new URLSearchParams(search), headers: req.headers, body });
      const status = r.status ?? 200;
      send(res, status, { 'Content-Type': 'text/html; charset=utf-8', ...extra, ...(r.headers ?? {}) }, r.body ?? '');
      return status;
    }

    if (method !== 'GET' && method !== 'HEAD') {
      send(res, 405, { 'Content-Type': 'text/plain; charset=utf-8', Allow: 'GET, HEAD' }, 'Method Not Allowed\n');
      return 405;
    }

    let sites: SiteMap;
    try {
      sites = sitesFor();
    } catch (e) {
      send(res, 500, { 'Content-Type': 'text/plain; charset=utf-8' }, `500 seed server misconfigured\n${(e as Error).message}\n`);
      return 500;
    }
    const folder = folderForHost(sites, host);
    if (folder === undefined) {
      notFound(res, `no site for host ${host} in seeds/sites.json`, extra);
      return 404;
    }
    const root = join(seedsDir, folder);
    let file = resolve(root, `.${pathname}`);
    if (file !== root && !file.startsWith(root + sep)) {
      notFound(res, 'path outside the site folder', extra);
      return 404;
    }
    try {
      const st = await stat(file);
      if (st.isDirectory()) {
        const idx = ['index.html', 'index.htm'].map((n) => join(file, n)).find((p) => existsSync(p));
        if (!idx) throw new Error('no index');
        file = idx;
      }
      const body = await readFile(file);
      send(res, 200, { 'Content-Type': contentTypeFor(file), ...extra }, method === 'HEAD' ? new Uint8Array() : body);
      return 200;
    } catch {
      notFound(res, `${host}${pathname}`, extra);
      return 404;
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res)
      .then((status) => {
        const { host, pathname } = requestTarget(req);
        requests.push({ method: req.method ?? 'GET', host, path: pathname, status });
        opts.log?.(`${status} ${req.method} ${host}${pathname}`);
      })
      .catch((e: unknown) => {
        opts.log?.(`500 ${req.method} ${req.url}: ${(e as Error).message}`);
        if (!res.headersSent) send(res, 500, { 'Content-Type': 'text/plain; charset=utf-8' }, `500 ${(e as Error).message}\n`);
        else res.destroy();
      });
  });
  // Firefox may try CONNECT (https) through the proxy: refuse cleanly instead of hanging.
  server.on('connect', (_req, socket) => {
    socket.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, opts.hostname ?? '127.0.0.1', () => ok());
  });
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('seed server: no TCP address');
  const actualPort = addr.port;

  return {
    port: actualPort,
    origin: (host) => `http://${host}:${actualPort}`,
    url: (host, path) => `http://${host}:${actualPort}${path.startsWith('/') ? path : `/${path}`}`,
    setHeaders(path, headers, host = '*') {
      pathHeaders.set(key(host, path), { ...(pathHeaders.get(key(host, path)) ?? {}), ...headers });
    },
    route(host, path, handler) {
      routes.set(key(host, path), handler);
    },
    requests,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** Well-known seed pages (paths agreed with the seeds owner). */
export const SEED_PAGES = {
  policy: { host: 'www.gov.cn', path: '/zhengce/content/2015-07/04/content_10002.htm' },
  news: { host: 'www.gov.cn', path: '/xinwen/2015-07/04/content_20001.htm' },
} as const;

/** Host names the browsers must send to this server (wildcard keys kept as `*.x`). Missing sites.json → []. */
export function seedHosts(sites?: SiteMap): string[] {
  const s = sites ?? (existsSync(join(DEFAULT_SEEDS_DIR, 'sites.json')) ? loadSiteMap() : {});
  return Object.keys(s);
}
