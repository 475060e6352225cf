/**
 * Serves the admin tab (tab/dist, built by Vite) at /tab/: files only, never a directory listing, nothing
 * outside the folder. Until the tab is built, /tab/ says how to build it. Teams shows the tab in an iframe,
 * so the pages allow Teams' origins as frame ancestors.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import type { Next, Request, Response, Server } from 'restify';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

export const TEAMS_FRAME_ANCESTORS =
  "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.teams.microsoft.us " +
  'https://*.cloud.microsoft https://*.office.com https://*.office365.com https://*.microsoft365.com https://*.skype.com https://outlook.office.com';

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>PresenceBridge admin tab not built</title></head>
<body style="font-family: system-ui, sans-serif; margin: 3rem;">
<h1>The admin tab is not built yet</h1>
<p>Run <code>npm run build:tab</code> in the PresenceBridge folder, then reload this page.</p>
</body></html>
`;

export interface TabRouteOptions {
  /** Absolute path of the built tab, e.g. `<repo>/tab/dist`. */
  distDir: string;
}

export function registerTabRoutes(server: Server, options: TabRouteOptions): void {
  const root = resolve(options.distDir);

  server.get('/tab', (_req: Request, res: Response, next: Next) => {
    res.redirect(301, '/tab/', next);
  });

  const serve = (req: Request, res: Response) => {
    res.header('x-content-type-options', 'nosniff');
    res.header('content-security-policy', TEAMS_FRAME_ANCESTORS);
    if (!existsSync(root)) return sendPage(res, 503, NOT_BUILT_PAGE);
    const file = fileFor(root, req.path());
    if (!file) return sendPage(res, 404, '<!doctype html><title>Not found</title><p>Not found.</p>\n');
    const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    // Vite puts content-hashed files under assets/: those never change; pages must always be fresh.
    const cache = file.startsWith(resolve(root, 'assets') + sep) ? 'public, max-age=31536000, immutable' : 'no-cache';
    res.writeHead(200, { 'content-type': type, 'content-length': statSync(file).size, 'cache-control': cache });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  };
  const handler = (req: Request, res: Response, next: Next) => {
    serve(req, res);
    next();
  };
  server.get('/tab/*', handler);
  server.head('/tab/*', handler);
}

/** The file a /tab/... path names, or undefined: no directories, nothing outside root, no hidden files. */
function fileFor(root: string, urlPath: string): string | undefined {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath.replace(/^\/tab\/?/, ''));
  } catch {
    return undefined;
  }
  if (relative.includes('\0') || relative.split(/[\\/]/).some((part) => part.startsWith('.'))) return undefined;
  if (relative === '') relative = 'index.html';
  const candidate = resolve(root, relative);
  if (!candidate.startsWith(root + sep)) return undefined;
  if (isFile(candidate)) return candidate;
  // Client-side routes (/tab/users) get the app's page; missing files (/tab/x.js) stay 404.
  const index = resolve(root, 'index.html');
  return extname(candidate) === '' && isFile(index) ? index : undefined;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function sendPage(res: Response, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
  res.end(html);
}
