import path from 'node:path';
import type { ExecutionResult } from 'graphql';
import type { AccountIdentity, Connector } from '../../src/sources/connector.js';
import type { AssetqlServer } from '../../src/server/index.js';
import { fromMethods } from '../support/method-connector.js';
import { csv, row } from '../support/credential-report.js';

export const EXAMPLES_CONFIG = path.resolve(import.meta.dirname, '../../examples/assetql.config.yaml');

/** The query from the dialect contract, verbatim. */
export const DOCUMENTED_QUERY = `{
  rootUsers(
    where: {
      hasIAMUserCredentials: {
        OR: [{ accessKey1Active: true }, { accessKey2Active: true }]
      }
    }
  ) {
    connector { ...AssetFragment }
  }
}`;

export interface HttpResult {
  status: number;
  headers: Headers;
  body: ExecutionResult & Record<string, unknown>;
}

/** POSTs a GraphQL request through `server.fetch`: no socket. */
export async function post(
  server: AssetqlServer,
  query: string,
  options: { variables?: Record<string, unknown>; headers?: Record<string, string>; url?: string } = {},
): Promise<HttpResult> {
  const response = await server.fetch(options.url ?? 'http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...options.headers },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}

/** The first error message of a result, for readable assertions. */
export const firstError = (result: HttpResult) => result.body.errors?.[0]?.message ?? '';

/** An account built in code: one IAM user per name, and hooks to make loads slow or count them. */
export function codeConnector(
  id: string,
  users: string[],
  hooks: { identify?: () => Promise<void>; onCredentialReport?: () => void } = {},
): Connector {
  const accountId = '123456789012';
  return fromMethods(id, {
    async identify(): Promise<AccountIdentity> {
      await hooks.identify?.();
      return { accountId, name: id };
    },
    async credentialReport() {
      hooks.onCredentialReport?.();
      return { csv: csv([row({ user: '<root_account>' }, accountId), ...users.map((user) => row({ user }, accountId))]), generatedAt: null };
    },
    accountSummary: async () => ({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 }),
    passwordPolicy: async () => null,
  });
}
