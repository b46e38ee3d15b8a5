import { REGION_NAME, snapshotPath } from '../../../src/sources/layout.js';
import { cliCommand, storedError, type SourceSpec } from '../../../src/sources/source.js';
import type { AccountStore } from './account-store.js';
import { AwsFault } from './aws-fault.js';
import { errorStatus } from './error-status.js';
import { fixtureMissing, readFixtureJson } from './fixture-files.js';
import { pageOf } from './pages.js';
import type { ServiceModel } from './services.js';

/**
 * A source's answer for one request, as the AWS CLI printed it: the file
 * the layout rule names (in the request's region, for regional sources),
 * the entry for the requested resource (per-resource sources), the page the
 * request's token asks for. A stored `{"Error": ...}` answers as that AWS
 * error. A missing file is a fixture fault naming it, unless the source
 * says what absence means (the legacy password-policy.json).
 */
export async function answerSource(source: SourceSpec, store: AccountStore, service: ServiceModel, request: { region: string; input: Record<string, unknown> }, pageSize: number): Promise<Record<string, unknown>> {
  if (source.scope === 'region' && !REGION_NAME.test(request.region)) throw new AwsFault('InvalidParameterValue', 400, `not a region name: ${JSON.stringify(request.region).slice(0, 40)}`);
  const at = source.scope === 'region' ? { region: request.region } : {};
  const file = snapshotPath(source, at);
  const key = source.perResource ? request.input[source.perResource.param] : undefined;
  const command = cliCommand(source, at, typeof key === 'string' ? key : undefined);
  let value = await readFixtureJson(store, file);
  if (value === undefined) {
    if (source.absentMeans) throw new AwsFault(source.absentMeans, errorStatus(service, source.absentMeans), `no ${file}: the account has none`);
    throw fixtureMissing(store, file, command);
  }
  if (source.perResource) {
    if (typeof key !== 'string' || typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) {
      throw new AwsFault('LoopbackFixtureMissing', 400, `loopback endpoint: ${store.label}: ${file} has no entry for ${source.perResource.param} ${JSON.stringify(key)} (what \`${command}\` prints)`);
    }
    value = (value as Record<string, unknown>)[key];
  }
  const recorded = storedError(value);
  if (recorded) throw new AwsFault(recorded.Code, errorStatus(service, recorded.Code), recorded.Message || undefined);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AwsFault('LoopbackFixtureMalformed', 400, `loopback endpoint: ${store.label}: ${file} holds no JSON object`);
  const pagination = source.sdk.paginate;
  return pagination ? pageOf(value as Record<string, unknown>, pagination, request.input[pagination.inputToken], pageSize) : (value as Record<string, unknown>);
}
