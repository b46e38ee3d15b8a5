import { useReadinessCheck, type Plugin } from 'graphql-yoga';
import type { Engine } from '../engine/types.js';

export interface ReadinessOptions {
  /** The probe's path. */
  endpoint: string;
}

/**
 * Ready when the config is loaded (the engine exists) and every account
 * answers: each connector's identity is loaded through the engine, so the
 * account-data cache spares the accounts a load per probe. The answer names
 * unreachable connectors by id only; their errors go to GraphQL clients.
 */
export function useReadiness(engine: Engine, options: ReadinessOptions): Plugin {
  return useReadinessCheck({
    endpoint: options.endpoint,
    async check({ fetchAPI }) {
      const ids = engine.connectors.map((connector) => connector.id);
      const outcomes = await Promise.all(ids.map(async (id) => ({ id, ok: !(await engine.query('{ connectors { id } }', undefined, { connectors: [id] })).errors })));
      const down = outcomes.filter((outcome) => !outcome.ok).map((outcome) => outcome.id);
      const body = down.length === 0 ? `ready: ${ids.length} accounts reachable\n` : `not ready: ${down.length} of ${ids.length} accounts unreachable: ${down.join(', ')}\n`;
      return new fetchAPI.Response(body, { status: down.length === 0 ? 200 : 503, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    },
  });
}
