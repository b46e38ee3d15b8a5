import { GraphQLError } from 'graphql';
import { ConnectorError } from '../connectors/types.js';
import { compileWhere } from '../filters/compile.js';
import type { FilterPlan } from '../filters/generate.js';
import { whereTypeName } from '../filters/generate.js';
import { AccountSummaryAsset, ConnectorAsset, CredentialUserAsset, PasswordPolicyAsset } from './assets.js';
import type { EngineSession } from './session.js';
import { internalError } from './types.js';

/** What every resolver sees: the session's data, the accounts in scope, the clock. */
export interface QueryContext {
  session: EngineSession;
  connectorIds: readonly string[];
  nowMs: number;
  plan: FilterPlan;
}

type Build = (session: EngineSession, connectorId: string) => Promise<readonly object[]>;

const connectorAsset = (session: EngineSession, id: string) =>
  session.once('Connector', id, () => session.load(id, 'identity').then((identity) => new ConnectorAsset(id, identity)));

const credentialUsers = (typename: 'RootUser' | 'IAMUser'): Build => (session, id) =>
  session.once(typename, id, async () => {
    const [connector, report] = await Promise.all([connectorAsset(session, id), session.load(id, 'credentialReport')]);
    if (typename === 'IAMUser') return report.users().map((row) => new CredentialUserAsset('IAMUser', row, connector));
    const root = report.root() ?? report.fail(2, 'no <root_account> row');
    return [new CredentialUserAsset('RootUser', root, connector)];
  });

/** Root field name → asset type and how one account's assets are built. */
const ASSET_FIELDS: Record<string, { type: string; build: Build }> = {
  connectors: { type: 'Connector', build: (session, id) => connectorAsset(session, id).then((c) => [c]) },
  rootUsers: { type: 'RootUser', build: credentialUsers('RootUser') },
  iamUsers: { type: 'IAMUser', build: credentialUsers('IAMUser') },
  iamAccountSummaries: {
    type: 'IAMAccountSummary',
    build: (session, id) =>
      session.once('IAMAccountSummary', id, async () => {
        const [connector, summary] = await Promise.all([connectorAsset(session, id), session.load(id, 'accountSummary')]);
        return [new AccountSummaryAsset(summary, connector)];
      }),
  },
  iamPasswordPolicies: {
    type: 'IAMPasswordPolicy',
    build: (session, id) =>
      session.once('IAMPasswordPolicy', id, async () => {
        const [connector, policy] = await Promise.all([connectorAsset(session, id), session.load(id, 'passwordPolicy')]);
        return [new PasswordPolicyAsset(policy, connector)];
      }),
  },
};

/**
 * Root resolvers: the only asynchronous step is loading each account's data;
 * filtering is a synchronous predicate over in-memory assets. An account
 * that cannot be loaded or parsed fails the field (fail closed): a partial
 * list would read as "nothing found" there.
 */
export function assetResolvers() {
  const Query: Record<string, (root: unknown, args: { where?: Record<string, unknown> | null }, context: QueryContext) => Promise<object[]>> = {};
  for (const [field, { type, build }] of Object.entries(ASSET_FIELDS)) {
    Query[field] = async (_root, args, context) => {
      const predicate = compileFilter(context, type, args.where);
      const perAccount = await Promise.allSettled(
        context.connectorIds.map(async (id) => (await build(context.session, id)).filter((asset) => predicate(asset as Record<string, unknown>))),
      );
      const failures = perAccount.flatMap((outcome) => (outcome.status === 'rejected' ? [accountFailure(outcome.reason)] : []));
      if (failures.length > 0) throw accountsUnavailable(failures, context.connectorIds.length);
      return perAccount.flatMap((outcome) => (outcome.status === 'fulfilled' ? outcome.value : []));
    };
  }
  return {
    Query,
    Asset: { __resolveType: (asset: { __typename: string }) => asset.__typename },
  };
}

function compileFilter(context: QueryContext, type: string, where: Record<string, unknown> | null | undefined) {
  try {
    return compileWhere(context.plan, whereTypeName(type), where, context.nowMs);
  } catch (error) {
    // The compiler recurses with the filter: a hostile nesting (passed as a variable) overflows the stack.
    if (error instanceof RangeError) throw new GraphQLError('The where filter nests too deeply to compile.', { extensions: { code: 'FILTER_TOO_DEEP' } });
    throw error;
  }
}

/** Only a ConnectorError is about the account's data; anything else is a fault of the code and surfaces as one, never as an unreadable account. */
function accountFailure(error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (error instanceof GraphQLError) throw error;
  throw internalError(error);
}

function accountsUnavailable(failures: ConnectorError[], total: number): GraphQLError {
  const summary = total > 1 ? `${failures.length} of ${total} accounts could not be read: ` : '';
  return new GraphQLError(summary + failures.map((f) => f.message).join('; '), {
    extensions: {
      code: 'ACCOUNT_DATA_UNAVAILABLE',
      connectors: failures.map((f) => ({ id: f.connectorId, code: f.code, message: f.message })),
    },
  });
}
