import { defineModule, many, one, type GraphView } from '../module.js';
import { listVirtualMfaDevices, type VirtualMfaDevicesValue } from './sources.js';

const ROOT_ARN = /^arn:[^:]+:iam::\d{12}:root$/;
const byUser = (device: Record<string, unknown>) => (device.userArn as string | null) ?? undefined;
const devicesOf = (graph: GraphView, arn: string) => graph.index('IAMVirtualMFADevice', byUser).get(arn) ?? [];

/**
 * Virtual MFA devices (ListVirtualMFADevices): which users, and whether the
 * root user, sign in with one. Hardware and FIDO devices are not listed by
 * this call (ListMFADevices per user has them), so a user's `mfaDevices`
 * are its virtual devices only; `mfaActive` of the credential report says
 * whether it has any MFA at all.
 */
export default defineModule({
  name: 'iam-mfa-devices',
  sdl: /* GraphQL */ `
    "A virtual (authenticator app) MFA device."
    type IAMVirtualMFADevice implements Asset {
      "The device's serial number, an ARN (\`arn:aws:iam::<account id>:mfa/<name>\`)."
      id: ID!
      name: String
      serialNumber: String!
      "The ARN of the user (or root, \`arn:aws:iam::<account id>:root\`) it is assigned to; null when unassigned."
      userArn: String
      "Assigned to the root user."
      assignedToRoot: Boolean!
      enableDate: DateTime
      "The IAM user it is assigned to (null when unassigned, or assigned to root)."
      user: IAMUser
      accountId: String!
      provider: String!
      cloudProvider: String!
      connector: Connector!
    }

    extend type IAMUser {
      "The user's virtual MFA devices (hardware and FIDO devices are not listed: see \`hasIAMUserCredentials { mfaActive }\`)."
      mfaDevices: [IAMVirtualMFADevice!]!
      "Their serial numbers."
      mfaSerialNumbers: [String!]!
    }

    extend type RootUser {
      "The root user's virtual MFA device; null when it has none (no MFA, or a hardware or FIDO device: CIS 1.6)."
      virtualMFADevice: IAMVirtualMFADevice
    }

    extend type Connector {
      iamVirtualMFADevices: [IAMVirtualMFADevice!]!
    }
  `,
  sources: [listVirtualMfaDevices],
  types: {
    IAMVirtualMFADevice: {
      root: 'iamVirtualMFADevices',
      description: 'Virtual MFA devices, assigned or not.',
      needs: [listVirtualMfaDevices],
      fields: ['id', 'name', 'serialNumber', 'userArn', 'assignedToRoot', 'enableDate'],
      rows: (view) =>
        (view.value(listVirtualMfaDevices) as VirtualMfaDevicesValue).VirtualMFADevices.map((device) => ({
          id: device.SerialNumber,
          name: device.SerialNumber.slice(device.SerialNumber.lastIndexOf('/') + 1),
          serialNumber: device.SerialNumber,
          userArn: device.User?.Arn ?? null,
          assignedToRoot: ROOT_ARN.test(device.User?.Arn ?? ''),
          enableDate: device.EnableDate ?? null,
        })),
    },
  },
  relations: {
    IAMVirtualMFADevice: {
      user: one('IAMUser', (device, graph) => {
        if (device.userArn === null || device.assignedToRoot) return null;
        return graph.index('IAMUser', (user) => user.arn as string).get(device.userArn as string)?.[0] ?? graph.dangling(`virtual MFA device ${String(device.serialNumber).slice(0, 200)} is assigned to ${String(device.userArn).slice(0, 200)}, which is not a user of the credential report`);
      }),
    },
    IAMUser: {
      mfaDevices: many('IAMVirtualMFADevice', (user, graph) => devicesOf(graph, user.arn as string)),
      mfaSerialNumbers: { to: 'String', many: true, via: ['IAMVirtualMFADevice'], resolve: (user, graph) => devicesOf(graph, user.arn as string).map((device) => device.serialNumber) },
    },
    RootUser: {
      virtualMFADevice: one('IAMVirtualMFADevice', (root, graph) => devicesOf(graph, root.arn as string)[0] ?? null),
    },
    Connector: {
      iamVirtualMFADevices: many('IAMVirtualMFADevice', (_connector, graph) => graph.rows('IAMVirtualMFADevice')),
    },
  },
});
