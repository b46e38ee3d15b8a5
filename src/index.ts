/**
 * assetql's library API. Importing it has no side effects: nothing is read
 * or started until `createEngine` is called.
 */
export { createEngine, type AssetqlEngine } from './create-engine.js';
export type { Engine, EngineOptions, QueryOptions, StopSignal, Session, PreparedDocument, LoadEvent } from './engine/types.js';
export { QueryError, OptionError, formatGraphQLError } from './engine/types.js';
export { loadConfig, parseConfig, ConfigError, DEFAULT_CONFIG_FILE, type AssetqlConfig, type AssetqlConfigInput } from './config/config.js';
export { ViewError } from './views/view-fields.js';
export type { ViewDefinition, ViewArgument } from './views/view-file.js';
export { ConnectorError, type Connector, type AccountIdentity, type SourceRead } from './sources/connector.js';
export { SnapshotConnector, type SnapshotConnectorOptions } from './sources/snapshot/snapshot-connector.js';
export { defineSource, notConfigured, isNotConfigured, cliCommand, type SourceSpec, type SourceAt, type LiveContext, type NotConfigured } from './sources/source.js';
export { snapshotPath } from './sources/layout.js';
export { aws as shapes, ShapeError } from './sources/shape.js';
export { defineModule, many, one, type AssetModule, type AssetType, type Relation, type SourceView, type GraphView } from './model/module.js';
export { MODULES } from './model/registry.js';
export { CREDENTIAL_REPORT_COLUMNS } from './model/iam-credential-report/report.js';
export * from './checks/index.js';
