// The CLI as one bundle (npm run build): loading ~300 modules one by one was a third of
// `assetql query`'s start-up (BENCHMARKS.md, part 10). Commands stay separate chunks loaded
// when they run; the AWS SDK stays outside, loaded only for live accounts, and so does
// write-file-atomic, which reads CommonJS's __filename (undefined inside an ES module bundle),
// and BullMQ with its Redis client: BullMQ reads its Lua scripts from files next to its own code.
export default {
  input: 'dist/src/cli/main.js',
  platform: 'node',
  external: [/^@aws-sdk\//, /^@smithy\//, 'write-file-atomic', 'bullmq', 'ioredis'],
  output: { dir: 'dist/cli', format: 'esm', cleanDir: true },
  logLevel: 'warn',
};
