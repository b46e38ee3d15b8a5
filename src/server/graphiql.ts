import type { GraphiQLOptions, Plugin } from 'graphql-yoga';

/**
 * GraphiQL with every asset served by this server: graphql-yoga's own page
 * loads them from a CDN, which a machine without internet access (or a
 * careful user) never reaches. The assets come from
 * `@graphql-yoga/render-graphiql`, loaded on first use (9 MB of script).
 */
type AssetModule = typeof import('@graphql-yoga/render-graphiql/graphiql');

interface Asset {
  type: string;
  body: (assets: AssetModule) => string | Buffer<ArrayBuffer>;
}

/** A Map, not an object literal: a request for `__proto__` or `constructor` must find nothing. */
const ASSETS = new Map<string, Asset>([
  ['yoga-graphiql.js', { type: 'text/javascript', body: (a) => a.js }],
  ['graphiql.css', { type: 'text/css', body: (a) => a.css }],
  ['editor.worker.js', { type: 'text/javascript', body: (a) => a.editorWorkerService }],
  ['json.worker.js', { type: 'text/javascript', body: (a) => a.jsonWorker }],
  ['graphql.worker.js', { type: 'text/javascript', body: (a) => a.graphqlWorker }],
  ['favicon.ico', { type: 'image/x-icon', body: (a) => Buffer.from(a.favicon.slice(a.favicon.indexOf(',') + 1), 'base64') as Buffer<ArrayBuffer> }],
]);

/** Monaco's worker labels → asset names. */
const WORKERS = { editorWorkerService: 'editor.worker.js', json: 'json.worker.js', graphql: 'graphql.worker.js' };

export const DEFAULT_GRAPHIQL_QUERY = `# Accounts whose root user has an active access key (CIS AWS Foundations 1.4).
# AssetFragment comes from the server's fragment library. Run with Ctrl-Enter.
{
  rootUsers(
    where: {
      hasIAMUserCredentials: {
        OR: [{ accessKey1Active: true }, { accessKey2Active: true }]
      }
    }
  ) {
    connector { ...AssetFragment }
  }
}
`;

/** Where the assets live: beside the endpoint, so mounting the endpoint's path in a framework mounts them too. */
export const graphiqlAssetsPath = (graphqlEndpoint: string) => `${graphqlEndpoint.replace(/\/$/, '')}/graphiql`;

export interface GraphiQLAssetsOptions {
  /** The path the assets are served under. */
  basePath: string;
}

/** Serves GraphiQL's script, styles, editor workers and icon; any other name under the path is 404. */
export function useGraphiQLAssets(options: GraphiQLAssetsOptions): Plugin {
  let loading: Promise<AssetModule> | undefined;
  const prefix = `${options.basePath}/`;
  return {
    async onRequest({ request, url, fetchAPI, endResponse }) {
      if (request.method !== 'GET' || !url.pathname.startsWith(prefix)) return;
      const asset = ASSETS.get(url.pathname.slice(prefix.length));
      if (!asset) {
        endResponse(new fetchAPI.Response('not found\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
        return;
      }
      loading ??= import('@graphql-yoga/render-graphiql/graphiql');
      const body = asset.body(await loading);
      endResponse(new fetchAPI.Response(body, { headers: { 'content-type': `${asset.type}; charset=utf-8`, 'cache-control': 'public, max-age=3600' } }));
    },
  };
}

/** The GraphiQL page (small: it refers to the assets), for graphql-yoga's `renderGraphiQL`. */
export function renderLocalGraphiQL(basePath: string): (options?: GraphiQLOptions) => string {
  const workers = Object.fromEntries(Object.entries(WORKERS).map(([label, name]) => [label, `${basePath}/${name}`]));
  return (options = {}) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options.title ?? 'assetql')}</title>
    <link rel="icon" href="${basePath}/favicon.ico" />
    <link rel="stylesheet" href="${basePath}/graphiql.css" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run GraphiQL.</noscript>
    <div id="root"></div>
    <script>
      const workers = ${scriptJson(workers)};
      self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (moduleId, label) => workers[label] };
    </script>
    <script src="${basePath}/yoga-graphiql.js"></script>
    <script>
      YogaGraphiQL.renderYogaGraphiQL(document.querySelector('#root'), ${scriptJson(options)});
    </script>
  </body>
</html>
`;
}

/** JSON safe inside a <script> element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
