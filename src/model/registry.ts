import type { SourceSpec } from '../sources/source.js';
import accessAnalyzer from './access-analyzer/index.js';
import connector from './connector/index.js';
import credentialReport from './iam-credential-report/index.js';
import accountSummary from './iam-account-summary/index.js';
import authorization from './iam-authorization/index.js';
import identityProviders from './iam-identity-providers/index.js';
import mfaDevices from './iam-mfa-devices/index.js';
import serverCertificates from './iam-server-certificates/index.js';
import passwordPolicy from './iam-password-policy/index.js';
import { one, type AssetModule, type AssetType, type Relation } from './module.js';
import regions from './regions/index.js';
import ebsEncryption from './ebs-encryption/index.js';
import ec2Instances from './ec2-instances/index.js';
import networkAcls from './network-acls/index.js';
import securityGroups from './security-groups/index.js';
import vpcs from './vpcs/index.js';
import cloudtrail from './cloudtrail/index.js';
import cloudwatchLogs from './cloudwatch-logs/index.js';
import cloudwatchAlarms from './cloudwatch-alarms/index.js';
import sns from './sns/index.js';
import configRecorders from './config-recorders/index.js';
import kms from './kms/index.js';
import securityHub from './securityhub/index.js';
// Storage (issue 15).
import efsFileSystems from './efs-file-systems/index.js';
import rdsDatabases from './rds-databases/index.js';
import s3Buckets from './s3-buckets/index.js';

/** The asset families assetql ships, in the order their root fields are listed. */
export const MODULES: readonly AssetModule[] = [connector, credentialReport, accountSummary, passwordPolicy, regions, authorization, mfaDevices, serverCertificates, identityProviders, accessAnalyzer,
  cloudtrail, cloudwatchLogs, cloudwatchAlarms, sns, configRecorders, kms, securityHub,
  ebsEncryption, securityGroups, networkAcls, vpcs, ec2Instances,
  s3Buckets, rdsDatabases, efsFileSystems];

/** An asset type with the module that defines it. */
export interface RegisteredType extends AssetType {
  readonly name: string;
  readonly module: string;
}

/**
 * Everything derived from a list of modules: asset types, value types,
 * relations (declared ones, plus `connector` on every asset), sources.
 * Built once per engine; a name defined twice is an error naming both.
 */
export class Registry {
  readonly types = new Map<string, RegisteredType>();
  readonly values = new Map<string, readonly string[]>();
  readonly relations = new Map<string, Map<string, Relation>>();
  readonly sources: readonly SourceSpec[];
  readonly sdl: readonly string[];

  constructor(readonly modules: readonly AssetModule[] = MODULES) {
    const sources = new Map<string, SourceSpec>();
    const roots = new Map<string, string>();
    for (const module of modules) {
      for (const source of module.sources) {
        const known = sources.get(source.id);
        if (known && known !== source) throw new Error(`source ${source.id} is declared twice (module ${module.name})`);
        sources.set(source.id, source);
      }
      for (const [name, type] of Object.entries(module.types ?? {})) {
        if (this.types.has(name) || this.values.has(name)) throw new Error(`type ${name} is defined twice (module ${module.name})`);
        const root = roots.get(type.root);
        if (root) throw new Error(`root field ${type.root} is defined by ${root} and ${name}`);
        roots.set(type.root, name);
        this.types.set(name, { ...type, name, module: module.name });
        for (const need of type.needs) if (!sources.has(need.id)) sources.set(need.id, need);
      }
      for (const [name, fields] of Object.entries(module.values ?? {})) {
        if (this.types.has(name) || this.values.has(name)) throw new Error(`type ${name} is defined twice (module ${module.name})`);
        this.values.set(name, fields);
      }
    }
    for (const name of this.types.keys()) this.relation(name, 'connector', one('Connector', (_row, graph) => graph.connector()));
    for (const module of modules) {
      for (const [type, fields] of Object.entries(module.relations ?? {})) {
        for (const [field, relation] of Object.entries(fields)) this.relation(type, field, relation, module.name);
      }
    }
    // A per-resource source loads its parent first: both are the family's.
    for (const source of [...sources.values()]) if (source.perResource && !sources.has(source.perResource.parent.id)) sources.set(source.perResource.parent.id, source.perResource.parent);
    this.sources = [...sources.values()];
    this.sdl = modules.map((module) => module.sdl);
  }

  type(name: string): RegisteredType | undefined {
    return this.types.get(name);
  }

  /** The relation behind a field, if the field is one. */
  relationOf(type: string, field: string): Relation | undefined {
    return this.relations.get(type)?.get(field);
  }

  private relation(type: string, field: string, relation: Relation, module?: string): void {
    let fields = this.relations.get(type);
    if (!fields) this.relations.set(type, (fields = new Map()));
    if (fields.has(field) && module) throw new Error(`relation ${type}.${field} is defined twice (module ${module})`);
    fields.set(field, relation);
  }
}
