/**
 * assetql's library API. Importing it has no side effects: nothing is read
 * or started until `createEngine` is called.
 */
export { createEngine, type AssetqlEngine } from './create-engine.js';
export type { Engine, EngineOptions, QueryOptions, Session, PreparedDocument, LoadEvent } from './engine/types.js';
export { QueryError, OptionError, formatGraphQLError } from './engine/types.js';
export { loadConfig, parseConfig, ConfigError, DEFAULT_CONFIG_FILE, type AssetqlConfig, type AssetqlConfigInput } from './config/config.js';
export {
  ConnectorError,
  SnapshotConnector,
  SNAPSHOT_FILES,
  type Connector,
  type AccountIdentity,
  type AccountSummaryMap,
  type AwsPasswordPolicy,
  type CredentialReportSource,
} from './connectors/index.js';
export { CREDENTIAL_REPORT_COLUMNS } from './connectors/credential-report.js';
export * from './checks/index.js';
