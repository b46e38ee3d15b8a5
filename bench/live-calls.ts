import { parseConfig } from '../src/config/config.js';
import { createEngine } from '../src/index.js';
import { createConnectors } from '../src/sources/create-connectors.js';
import { startAwsEndpoint } from '../test/support/aws-endpoint/index.js';
import { useSdkEnvironment } from '../test/support/aws-endpoint/sdk-env.js';
import { BENCH_NOW } from './synthetic.js';

export interface LiveCallsOptions {
  /** The account's snapshot folder, served by the loopback endpoint as a live account. */
  dir: string;
  accountId: string;
  /** The endpoint's page size, so pagination costs what it costs against AWS. */
  pageSize: number;
  /** One query reading every root field of the families measured. */
  query: string;
}

/** The AWS calls one account costs live, by action: its folder served by the loopback endpoint, one query through the SDK path. */
export async function liveCalls({ dir, accountId, pageSize, query }: LiveCallsOptions): Promise<Record<string, number>> {
  const key = 'AKIABENCHLIVECALLS01';
  const endpoint = await startAwsEndpoint({ accounts: [{ id: accountId, name: 'bench', accessKeyId: key, snapshot: dir }], pageSize });
  const restoreEnv = useSdkEnvironment({ endpointUrl: endpoint.url, accessKeyId: key });
  const config = { connectors: [{ id: 'bench', provider: 'aws' }] };
  try {
    const connectors = await createConnectors(parseConfig(config, { baseDir: dir }), { awsTiming: { pollInitialMs: 5, pollMaxMs: 20 } });
    const engine = await createEngine({ config, connectors, storedChecks: false, now: BENCH_NOW });
    try {
      endpoint.resetCalls();
      const result = await engine.query(query);
      if (result.errors) throw new Error(`live query failed: ${result.errors[0].message}`);
    } finally {
      await engine.close();
    }
    const calls: Record<string, number> = {};
    for (const call of endpoint.calls) calls[call.action] = (calls[call.action] ?? 0) + 1;
    return calls;
  } finally {
    restoreEnv();
    await endpoint.close();
  }
}
