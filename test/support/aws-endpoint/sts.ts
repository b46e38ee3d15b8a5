import { AwsFault } from './aws-fault.js';
import type { CustomOperations } from './handler.js';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(.+)$/;

/** STS: who am I, and sessions bound to another account. */
export const STS_OPERATIONS: CustomOperations = {
  sdk: { load: () => import('@aws-sdk/client-sts'), client: 'STSClient' },
  handlers: {
    GetCallerIdentity(request) {
      return { Arn: request.caller.arn, UserId: request.caller.userId, Account: request.caller.accountId };
    },

    AssumeRole(request, world) {
      const roleArn = String(request.input.RoleArn ?? '');
      const sessionName = String(request.input.RoleSessionName ?? '');
      const match = ROLE_ARN.exec(roleArn);
      const target = match ? world.accounts.get(match[1]) : undefined;
      const denied = `User: ${request.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`;
      if (!match || !target || target.roleName !== match[2]) throw new AwsFault('AccessDenied', 403, denied);
      if (target.externalId !== undefined && request.input.ExternalId !== target.externalId) throw new AwsFault('AccessDenied', 403, denied);
      if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
        throw new AwsFault('ValidationError', 400, `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint`);
      }
      const { accessKeyId, holder } = world.issueSession(target.id, match[2], sessionName);
      return {
        Credentials: { AccessKeyId: accessKeyId, SecretAccessKey: holder.secretAccessKey, SessionToken: holder.sessionToken, Expiration: new Date(Date.now() + 3600_000) },
        AssumedRoleUser: { Arn: holder.arn, AssumedRoleId: holder.userId },
      };
    },
  },
};
