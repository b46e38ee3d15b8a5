import { paginate, toCliJson } from './canonical.js';
import type { LiveContext, SdkClient, SourceSpec } from './source.js';

/**
 * The live value of a source: its SDK operation called through the
 * context (retries, deadline, the account's slot), every page merged,
 * turned into what the AWS CLI prints.
 */
export async function callSdk(source: SourceSpec, context: LiveContext): Promise<unknown> {
  if (source.live) return source.live(context);
  const { load, client, input, paginate: pagination, toCli } = source.sdk;
  const sdk = (await load()) as Record<string, unknown>;
  const Client = sdk[client] as new (config: object) => SdkClient;
  const Command = sdk[`${source.operation}Command`] as new (input: object) => unknown;
  if (!Client || !Command) throw new Error(`source ${source.id}: ${client} or ${source.operation}Command is not in the SDK package`);
  const sdkClient = await context.client(Client, context.region);
  const request = (await input?.(context)) ?? {};
  const send = (extra: Record<string, unknown>) =>
    context.send(source.operation, (abortSignal) => sdkClient.send(new Command({ ...request, ...extra }), { abortSignal })) as Promise<Record<string, unknown>>;
  const answer = pagination ? await paginate((token) => send(token === undefined ? {} : { [pagination.inputToken]: token }), pagination) : await send({});
  const cli = toCliJson(answer) as Record<string, unknown>;
  return toCli ? toCli(cli) : cli;
}
