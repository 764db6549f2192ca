/**
 * The layer rules of docs/architecture.md, checked by `npm run lint`.
 * A rule that fails names the two files; the fix is to move the code to the layer it belongs to,
 * never to add an exception here without saying why in the rule's comment.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'web-not-server',
      comment: 'The web app talks to the server over HTTP only; what both need lives in shared/.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^server/' },
    },
    {
      name: 'shared-is-a-leaf',
      comment: 'shared/ holds schemas and domain rules for both sides: it imports zod and itself, nothing else.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { pathNot: ['^shared/', 'node_modules/zod/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'shared-no-node',
      comment: 'shared/ runs in the browser too: no Node built-ins.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'analytics-are-pure',
      comment:
        'Analytics are pure functions over graphology graphs: graphology, shared/ and their own folder only (no I/O, no store, no HTTP).',
      severity: 'error',
      from: { path: '^server/analytics/' },
      // app-error: the one error type, so a bad input to a metric answers 400 like any other.
      to: {
        pathNot: [
          '^server/analytics/',
          '^shared/',
          'node_modules/(graphology[^/]*|zod)/',
          '^server/core/app-error\\.ts$',
        ],
      },
    },
    {
      name: 'domain-is-rules',
      comment: 'server/domain holds the rules both adapters and the services share: no I/O, no features, no HTTP.',
      severity: 'error',
      from: { path: '^server/domain/' },
      to: {
        path: '^server/',
        pathNot: ['^server/domain/', '^server/core/app-error\\.ts$', '^server/store/store\\.port\\.ts$'],
      },
    },
    {
      name: 'drivers-only-in-store',
      comment: 'Only the storage adapters talk to a database driver.',
      severity: 'error',
      from: { path: '^(server|web|shared)/', pathNot: '^server/store/' },
      to: { path: 'node_modules/(neo4j-driver[^/]*|better-sqlite3)/' },
    },
    {
      name: 'core-not-features',
      comment: 'server/core (errors, change feed, readiness, CRUD) is below the features: it never imports one.',
      severity: 'error',
      from: { path: '^server/core/' },
      to: { path: '^server/', pathNot: ['^server/core/', '^server/store/', '^server/config\\.ts$'] },
    },
    {
      name: 'store-not-features',
      comment: 'The store implements the port; it knows nothing of features, HTTP or the app.',
      severity: 'error',
      from: { path: '^server/store/' },
      to: { path: '^server/', pathNot: ['^server/store/', '^server/core/', '^server/domain/', '^server/config\\.ts$'] },
    },
    {
      name: 'http-only-above-routes',
      comment: 'Nothing of HTTP below the routes: services and the store never import server/http or express.',
      severity: 'error',
      from: {
        path: '^server/',
        pathNot: ['\\.(routes|middleware)\\.ts$', '^server/http/', '^server/app\\.ts$', '^server/main\\.ts$'],
      },
      to: { path: ['^server/http/', 'node_modules/express/'] },
    },
    {
      name: 'no-circular',
      comment: 'Import cycles between modules.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
