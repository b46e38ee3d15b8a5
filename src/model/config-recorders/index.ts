import { cut } from '../iam-authorization/authorization.js';
import { defineModule, many } from '../module.js';
import { describeConfigurationRecorders, describeConfigurationRecorderStatus, type RecorderStatusValue, type RecorderValue } from './sources.js';

const byRegion = (recorder: Record<string, unknown>) => recorder.region as string;

/**
 * AWS Config recorders, per region in scope: the recorder (what it records)
 * joined on its name with its status (whether it records). A recorder with
 * no status, or a status of no recorder, is a reference inside the
 * account's own data that points at nothing: the account's ERROR.
 */
export default defineModule({
  name: 'config-recorders',
  sdl: /* GraphQL */ `
    "An AWS Config configuration recorder of one region, with its status."
    type ConfigurationRecorder implements Asset {
      "\`<account id>/<region>/configuration-recorder/<name>\`."
      id: ID!
      name: String
      roleARN: String
      "Records every supported resource type of the region."
      allSupported: Boolean!
      "Also records global resource types (IAM); one region is enough."
      includeGlobalResourceTypes: Boolean!
      resourceTypes: [String!]!
      "The recording strategy (\`ALL_SUPPORTED_RESOURCE_TYPES\`, \`INCLUSION_BY_RESOURCE_TYPES\`, ...), when given."
      recordingStrategy: String
      "The recorder is on."
      recording: Boolean!
      "\`SUCCESS\`, \`PENDING\` or \`FAILURE\` of the latest recording."
      lastStatus: String
      lastStatusChangeTime: DateTime
      lastErrorCode: String
      region: String!
      accountId: String!
      provider: String!
      cloudProvider: String!
      connector: Connector!
    }

    extend type AWSRegion {
      configurationRecorders: [ConfigurationRecorder!]!
    }

    extend type Connector {
      configurationRecorders: [ConfigurationRecorder!]!
    }
  `,
  sources: [describeConfigurationRecorders, describeConfigurationRecorderStatus],
  types: {
    ConfigurationRecorder: {
      root: 'configurationRecorders',
      description: 'AWS Config configuration recorders with their status, per region in scope.',
      regional: true,
      needs: [describeConfigurationRecorders, describeConfigurationRecorderStatus],
      fields: ['id', 'name', 'roleARN', 'allSupported', 'includeGlobalResourceTypes', 'resourceTypes', 'recordingStrategy', 'recording', 'lastStatus', 'lastStatusChangeTime', 'lastErrorCode'],
      rows: (view) => {
        const recorders = (view.value(describeConfigurationRecorders) as { ConfigurationRecorders: RecorderValue[] }).ConfigurationRecorders;
        const statuses = (view.value(describeConfigurationRecorderStatus) as { ConfigurationRecordersStatus: RecorderStatusValue[] }).ConfigurationRecordersStatus;
        const statusByName = new Map(statuses.map((status) => [status.name, status]));
        const names = new Set(recorders.map((recorder) => recorder.name));
        for (const status of statuses) {
          if (!names.has(status.name)) view.fail('DanglingReference', `${view.origin(describeConfigurationRecorderStatus)}: status of recorder ${cut(status.name)}, which ${view.origin(describeConfigurationRecorders)} does not list`);
        }
        return recorders.map((recorder) => {
          const status = statusByName.get(recorder.name) ?? view.fail('DanglingReference', `${view.origin(describeConfigurationRecorders)}: recorder ${cut(recorder.name)} has no status in ${view.origin(describeConfigurationRecorderStatus)}`);
          const group = recorder.recordingGroup ?? {};
          return {
            id: `${view.accountId}/${view.region}/configuration-recorder/${recorder.name}`,
            name: recorder.name,
            roleARN: recorder.roleARN ?? null,
            allSupported: group.allSupported ?? false,
            includeGlobalResourceTypes: group.includeGlobalResourceTypes ?? false,
            resourceTypes: group.resourceTypes ?? [],
            recordingStrategy: group.recordingStrategy?.useOnly ?? null,
            recording: status.recording ?? false,
            lastStatus: status.lastStatus ?? null,
            lastStatusChangeTime: status.lastStatusChangeTime ?? null,
            lastErrorCode: status.lastErrorCode ?? null,
          };
        });
      },
    },
  },
  relations: {
    AWSRegion: { configurationRecorders: many('ConfigurationRecorder', (region, graph) => graph.index('ConfigurationRecorder', byRegion).get(region.name as string) ?? []) },
    Connector: { configurationRecorders: many('ConfigurationRecorder', (_connector, graph) => graph.rows('ConfigurationRecorder')) },
  },
});
