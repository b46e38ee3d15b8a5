// The CLI as one bundle (npm run build): loading ~300 modules one by one was a third of
// `assetql query`'s start-up (BENCHMARKS.md, part 10). Commands stay separate chunks loaded
// when they run; the AWS SDK stays outside, loaded only for live accounts, and so does
// write-file-atomic, which reads CommonJS's __filename (undefined inside an ES module bundle),
// and BullMQ with its Redis client: BullMQ reads its Lua scripts from files next to its own code.

/**
 * graphql-jit imports fast-json-stringify (and through it ajv, ~500 kB of source to compile at
 * every start) for its `customJSONSerializer` option only, which assetql never sets.
 */
const noJsonSerializer = {
  name: 'no-graphql-jit-json-serializer',
  resolveId(id, importer) {
    if (id === 'fast-json-stringify' && importer?.includes('graphql-jit')) return '\0no-fast-json-stringify';
    return null;
  },
  load(id) {
    if (id !== '\0no-fast-json-stringify') return null;
    return "export default function fastJson() {\n  throw new Error('graphql-jit customJSONSerializer is not in the assetql CLI bundle');\n}\n";
  },
};

/**
 * graphql-js checks every `instanceOf` twice outside NODE_ENV=production, only to name the
 * mistake of two graphql copies in one process (7% of start-up). The bundle holds exactly one
 * copy (checked here), so it takes the production check; NODE_ENV itself is left alone, since
 * other libraries read it for other things.
 */
function graphqlProductionInstanceOf() {
  let copies = 0;
  return {
    name: 'graphql-production-instanceof',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]graphql[\\/]jsutils[\\/]instanceOf\.m?js$/.test(id)) return null;
      const production = code.replace(/const isProduction =[^;]*;/, 'const isProduction = true;');
      if (production === code) this.error(`${id}: graphql's isProduction switch was not found (a new graphql version?)`);
      copies++;
      return production;
    },
    buildEnd(error) {
      if (!error && copies !== 1) this.error(`expected one copy of graphql in the bundle, found ${copies}: the production instanceOf check would hide the mix-up`);
    },
  };
}

/**
 * graphql-js as its ES modules (graphql/index.mjs and the .mjs beside each file), for every
 * importer: the CommonJS build cannot be tree-shaken, runs each of its ~100 module bodies at
 * start-up and reaches every export through a getter. CommonJS packages (graphql-jit,
 * graphql-armor) get the same modules, so the bundle holds one graphql.
 */
const graphqlModules = {
  name: 'graphql-es-modules',
  async resolveId(id, importer, options) {
    const match = /^graphql(\/.*)?$/.exec(id);
    if (!match) return null;
    const resolved = await this.resolve(id, importer, { ...options, skipSelf: true });
    if (!resolved || resolved.external) return resolved;
    return { ...resolved, id: resolved.id.replace(/\.m?js$/, '') + '.mjs' };
  },
};

export default {
  input: 'dist/src/cli/main.js',
  platform: 'node',
  external: [/^@aws-sdk\//, /^@smithy\//, 'write-file-atomic', 'bullmq', 'ioredis'],
  plugins: [graphqlModules, noJsonSerializer, graphqlProductionInstanceOf()],
  output: { dir: 'dist/cli', format: 'esm', cleanDir: true },
  logLevel: 'warn',
};
