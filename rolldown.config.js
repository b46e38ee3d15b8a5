// The CLI as one bundle (npm run build): loading ~300 modules one by one was a third of
// `assetql query`'s start-up (BENCHMARKS.md, part 7). Commands stay separate chunks loaded
// when they run; the AWS SDK stays outside, loaded only for live accounts, and so does
// write-file-atomic, which reads CommonJS's __filename (undefined inside an ES module bundle).
export default {
  input: 'dist/src/cli/main.js',
  platform: 'node',
  external: [/^@aws-sdk\//, /^@smithy\//, 'write-file-atomic'],
  output: { dir: 'dist/cli', format: 'esm', cleanDir: true },
  logLevel: 'warn',
};
