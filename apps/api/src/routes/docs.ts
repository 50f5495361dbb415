import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { type RequestHandler, Router } from 'express';
import { buildDocument } from '../openapi/document';
import { INFO, OPERATIONS } from '../openapi/operations';

// Swagger UI is served from node_modules, not a CDN: helmet's CSP allows scripts from this origin only, and
// the page must work offline. Its configuration lives in a script file (below) because inline scripts are
// refused by the same CSP.
const SWAGGER_UI_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const SWAGGER_UI_FILES = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png']);

const INIT_SCRIPT = `window.addEventListener('load', function () {
  var root = document.getElementById('swagger-ui');
  window.ui = SwaggerUIBundle({
    url: root.dataset.specUrl,
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    persistAuthorization: true,
  });
});
`;

const page = (base: string) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${INFO.title}</title>
  <link rel="stylesheet" href="${base}/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="${base}/docs/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui" data-spec-url="${base}/openapi.json"></div>
  <script src="${base}/docs/swagger-ui-bundle.js"></script>
  <script src="${base}/docs/init.js"></script>
</body>
</html>
`;

/** The page's assets: an allow-list of Swagger UI's files (not its demo index.html) and our init script. */
const assets: RequestHandler = (req, res, next) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') return next();
  const file = req.path.slice(1);
  if (file === 'init.js') {
    res.type('text/javascript').send(INIT_SCRIPT);
  } else if (SWAGGER_UI_FILES.has(file)) {
    res.sendFile(file, { root: SWAGGER_UI_DIR, maxAge: '1d' });
  } else {
    next();
  }
};

/** GET /api/openapi.json (the document, built from the routes' own zod schemas) and /api/docs/ (Swagger UI). */
export function docsRouter(): Router {
  // Built on first request, not at start: a schema the converter cannot express fails this endpoint (and
  // test/openapi.test.ts), never the API.
  let document: ReturnType<typeof buildDocument> | undefined;
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    document ??= buildDocument(INFO, OPERATIONS);
    res.json(document);
  });
  router.get('/docs/', (req, res) => {
    res.type('html').send(page(req.baseUrl));
  });
  router.use('/docs', assets);
  return router;
}
