import { kmsKeyRelation } from '../kms/key-reference.js';
import { defineModule, many } from '../module.js';
import { describeFileSystems, type FileSystemValue } from './sources.js';

/** EFS file systems, per region in scope. */
export default defineModule({
  name: 'efs-file-systems',
  sdl: /* GraphQL */ `
    "An EFS file system."
    type EFSFileSystem implements Asset {
      "The file system's ARN."
      id: ID!
      "The Name tag, or null."
      name: String
      fileSystemID: String!
      "\`creating\`, \`available\`, \`updating\`, \`deleting\`, \`deleted\` or \`error\`."
      lifeCycleState: String
      "The data is encrypted at rest (chosen at creation; it cannot change)."
      encrypted: Boolean!
      "The KMS key as EFS names it (the key ARN), kept as a value: the key may be another account's."
      kmsKeyID: String
      """
      The KMS key that encrypts it, from this account's keys of its region. Null when the
      file system is not encrypted, or when the key is another account's (it is judged in that
      account, not here). The account's ERROR, never a null: a key of this account that
      ListKeys of the region does not list, or of another region (RDS and EFS only encrypt with
      a key of the resource's own region), both DanglingReference; an alias, which is not
      resolved (KmsKeyAliasUnresolved); a KmsKeyId that names no key (KmsKeyIdMalformed).
      """
      kmsKey: KMSKey
      region: String!
      accountId: String!
      provider: String!
      cloudProvider: String!
      connector: Connector!
    }

    extend type Connector {
      "The EFS file systems of every region in scope."
      efsFileSystems: [EFSFileSystem!]!
    }
  `,
  sources: [describeFileSystems],
  types: {
    EFSFileSystem: {
      root: 'efsFileSystems',
      description: 'EFS file systems, per region in scope.',
      regional: true,
      needs: [describeFileSystems],
      fields: ['id', 'name', 'fileSystemID', 'lifeCycleState', 'encrypted', 'kmsKeyID'],
      rows: (view) =>
        (view.value(describeFileSystems) as { FileSystems: FileSystemValue[] }).FileSystems.map((fs) => ({
          id: fs.FileSystemArn ?? `arn:aws:elasticfilesystem:${view.region}:${fs.OwnerId ?? view.accountId}:file-system/${fs.FileSystemId}`,
          name: fs.Name ?? null,
          fileSystemID: fs.FileSystemId,
          lifeCycleState: fs.LifeCycleState ?? null,
          encrypted: fs.Encrypted === true,
          kmsKeyID: fs.KmsKeyId ?? null,
        })),
    },
  },
  relations: {
    EFSFileSystem: { kmsKey: kmsKeyRelation('EFS file system', describeFileSystems) },
    Connector: { efsFileSystems: many('EFSFileSystem', (_connector, graph) => graph.rows('EFSFileSystem')) },
  },
});
